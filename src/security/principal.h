// Who is asking, and what they may see. A Principal is made only by the
// Authenticator (security/authenticator.h) from an API key or a session; the
// store::TenantScope it carries (store/tenant_scope.h) decides tenant
// isolation and role-based visibility. Stores take a TenantScope, never a
// bare org id from a URL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/tenant_scope.h"

namespace beleving::security {

enum class Role { kAdmin, kManager, kEmployee, kConsultant };
const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);

// API key scopes.
enum Scope : unsigned { kScopeIngest = 1, kScopeRead = 2, kScopeAdmin = 4 };

struct Principal {
  // kOperator: a person running the CLI on the server (trusted, whole
  // organisation, audited as "cli:NAME").
  enum class Kind { kApiKey, kSession, kOperator };
  static Principal Operator(int64_t org_id, std::string name);
  Principal(Kind k, store::TenantScope t) : kind(k), tenant(std::move(t)) {}
  Kind kind;
  store::TenantScope tenant;
  Role role = Role::kEmployee;  // for sessions
  unsigned scopes = 0;          // for API keys
  int64_t user_id = 0;          // sessions
  int64_t api_key_id = 0;       // API keys
  std::string csrf_token;       // sessions
  std::string session_hash;     // sessions
  std::string operator_name;    // operators
  std::string actor() const;    // "user:7", "apikey:3" or "cli:NAME", for the audit log

  bool CanIngest() const;
  bool CanRead() const;
  bool IsAdmin() const;
  bool CanManage() const;  // admin, manager or consultant
};

}  // namespace beleving::security
