// Who is asking, and what they may see. A Principal is made only by the
// Authenticator (security/authenticator.h) from an API key or a session; the
// TenantScope it carries is the one place where tenant isolation and
// role-based visibility are decided. Stores take a TenantScope, never a bare
// org id from a URL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace beleving::security {

enum class Role { kAdmin, kManager, kEmployee, kConsultant };
const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);

// API key scopes.
enum Scope : unsigned { kScopeIngest = 1, kScopeRead = 2, kScopeAdmin = 4 };

// What part of one organisation a caller sees.
class TenantScope {
 public:
  int64_t org_id() const { return org_id_; }
  // Managers: the teams and locations they manage (empty vectors = none).
  const std::optional<std::vector<int64_t>>& teams() const { return teams_; }
  const std::optional<std::vector<int64_t>>& locations() const { return locations_; }
  // Employees: only their own feedback.
  const std::optional<int64_t>& employee() const { return employee_; }
  bool unrestricted() const { return !teams_ && !locations_ && !employee_; }

  // The whole organisation, for trusted system code: the CLI run by an
  // operator, the demo builder, background jobs. Never from a request.
  static TenantScope System(int64_t org_id) { return TenantScope(org_id); }

 private:
  friend class Authenticator;
  explicit TenantScope(int64_t org_id) : org_id_(org_id) {}
  int64_t org_id_;
  std::optional<std::vector<int64_t>> teams_;
  std::optional<std::vector<int64_t>> locations_;
  std::optional<int64_t> employee_;
};

struct Principal {
  enum class Kind { kApiKey, kSession };
  Principal(Kind k, TenantScope t) : kind(k), tenant(std::move(t)) {}
  Kind kind;
  TenantScope tenant;
  Role role = Role::kEmployee;  // for sessions
  unsigned scopes = 0;          // for API keys
  int64_t user_id = 0;          // sessions
  int64_t api_key_id = 0;       // API keys
  std::string csrf_token;       // sessions
  std::string session_hash;     // sessions
  std::string actor() const;    // "user:7" or "apikey:3", for the audit log

  bool CanIngest() const;
  bool CanRead() const;
  bool IsAdmin() const;
  bool CanManage() const;  // admin, manager or consultant
};

}  // namespace beleving::security
