// Turns credentials into a Principal: an API key ("Authorization: Bearer
// blv_...") or a session cookie. Also issues API keys and sessions, and
// throttles password guessing. The only code that builds a TenantScope from
// a request.
#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "security/principal.h"
#include "store/sql.h"

namespace beleving::security {

// Parses "ingest,read" into scope bits; fails naming the unknown scope.
Result<unsigned> ParseScopes(std::string_view text);
std::string ScopesText(unsigned scopes);

struct IssuedApiKey {
  int64_t id = 0;
  std::string key;  // shown once; only its hash is stored
};

struct IssuedSession {
  std::string token;  // the cookie value; only its hash is stored
  std::string csrf_token;
  Principal principal;
  UnixSeconds expires_at = 0;
};

class Authenticator {
 public:
  static constexpr const char* kSessionCookie = "beleving_session";
  static constexpr int64_t kSessionSeconds = 12 * 3600;

  Authenticator(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Unauthenticated when neither credential is present or valid.
  Result<Principal> Authenticate(const std::optional<std::string>& bearer,
                                 const std::optional<std::string>& session_token);

  // Creates an API key for `org_id` inside the caller's write.
  static Result<IssuedApiKey> CreateApiKey(store::SqlConn& c, int64_t org_id, unsigned scopes,
                                           const std::string& name, UnixSeconds now);

  // Checks the password and opens a fresh session (a new token every time, so
  // a planted cookie is never promoted). `org_slug` picks one of the user's
  // organisations (the first by default). ResourceExhausted when throttled.
  Result<IssuedSession> Login(const std::string& email, const std::string& password,
                              const std::optional<std::string>& org_slug,
                              const std::string& remote_ip);
  Status Logout(const std::string& session_token);
  // Moves a session to another of the user's organisations (consultants).
  Result<Principal> SwitchOrg(const Principal& p, const std::string& org_slug);

 private:
  Result<Principal> FromMembership(int64_t user_id, int64_t org_id, store::SqlConn& c);
  bool Throttled(const std::string& key, UnixSeconds now);
  void RecordFailure(const std::string& key, UnixSeconds now);

  store::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, std::deque<UnixSeconds>> failures_;  // GUARDED_BY(mu_)
};

}  // namespace beleving::security
