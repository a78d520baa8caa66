// Users, memberships (a user's role per organisation), sessions, API keys
// and the audit log. Secrets are stored only as hashes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"

namespace beleving::store {

struct User {
  int64_t id = 0;
  std::string email;
  std::string name;
  std::string password_hash;
  bool disabled = false;
};

struct Membership {
  int64_t user_id = 0;
  int64_t org_id = 0;
  std::string role;  // admin, manager, employee, consultant
  std::optional<int64_t> employee_id;
  std::string scope = "{}";  // {"teams":[ids],"locations":[ids]}
};

struct SessionRecord {
  std::string token_hash;
  int64_t user_id = 0;
  int64_t org_id = 0;
  std::string csrf_token;
  UnixSeconds created_at = 0;
  UnixSeconds expires_at = 0;
};

struct ApiKeyRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string prefix;
  std::string key_hash;
  std::string scopes;  // "ingest,read"
  std::string name;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> revoked_at;
};

class AccessStore {
 public:
  static Result<int64_t> CreateUser(SqlConn& c, const User& u, UnixSeconds now);
  static Result<std::optional<User>> UserByEmail(SqlConn& c, const std::string& email);
  static Result<std::optional<User>> UserById(SqlConn& c, int64_t id);
  static Status PutMembership(SqlConn& c, const Membership& m, UnixSeconds now);
  // issue 13: people and access. Each answers false when no such row.
  static Result<bool> SetUserName(SqlConn& c, int64_t user_id, const std::string& name);
  static Result<bool> SetUserDisabled(SqlConn& c, int64_t user_id, bool disabled);
  static Result<bool> SetPasswordHash(SqlConn& c, int64_t user_id, const std::string& hash);
  static Result<bool> SetMembershipRole(SqlConn& c, int64_t user_id, int64_t org_id,
                                        const std::string& role);
  static Result<bool> DeleteMembership(SqlConn& c, int64_t user_id, int64_t org_id);
  // Every session of the user (in `org_id` only, when given) except the one
  // with `keep_hash`.
  static Status DeleteSessionsOf(SqlConn& c, int64_t user_id, std::optional<int64_t> org_id,
                                 const std::string& keep_hash = "");
  static Result<std::vector<Membership>> MembershipsOf(SqlConn& c, int64_t user_id);
  static Result<std::vector<std::pair<User, Membership>>> UsersOf(SqlConn& c, int64_t org_id);

  static Status CreateSession(SqlConn& c, const SessionRecord& s);
  static Result<std::optional<SessionRecord>> SessionByHash(SqlConn& c, const std::string& hash);
  static Status DeleteSession(SqlConn& c, const std::string& hash);
  // Removes `user_id`'s sessions that expired at or before `now`.
  static Status DeleteExpiredSessions(SqlConn& c, int64_t user_id, UnixSeconds now);
  // The teams of organisation `org_id` at any of `locations` (a manager's
  // scope, store/tenant_scope.h).
  static Result<std::vector<int64_t>> TeamsAtLocations(SqlConn& c, int64_t org_id,
                                                       const std::vector<int64_t>& locations);
  static Status SwitchSessionOrg(SqlConn& c, const std::string& hash, int64_t org_id);

  static Result<int64_t> CreateApiKey(SqlConn& c, const ApiKeyRecord& k);
  static Result<std::optional<ApiKeyRecord>> ApiKeyByPrefix(SqlConn& c, const std::string& prefix);
  static Result<std::vector<ApiKeyRecord>> ApiKeysOf(SqlConn& c, int64_t org_id);
  static Result<bool> RevokeApiKey(SqlConn& c, int64_t org_id, int64_t id, UnixSeconds now);

  static Status Audit(SqlConn& c, std::optional<int64_t> org_id, const std::string& actor,
                      const std::string& action, const std::string& subject, UnixSeconds now);
};

}  // namespace beleving::store
