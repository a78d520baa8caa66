#include "store/access_store.h"

namespace beleving::store {
namespace {
User UserFromRow(const SqlRow& r) {
  return User{r[0].as_int(), r[1].as_text(), r[2].as_text(), r[3].as_text(), r[4].as_int() != 0};
}
Membership MembershipFromRow(const SqlRow& r, size_t o) {
  return Membership{r[o].as_int(), r[o + 1].as_int(), r[o + 2].as_text(), r[o + 3].as_opt_int(),
                    r[o + 4].as_text()};
}
ApiKeyRecord KeyFromRow(const SqlRow& r) {
  ApiKeyRecord k;
  k.id = r[0].as_int();
  k.org_id = r[1].as_int();
  k.prefix = r[2].as_text();
  k.key_hash = r[3].as_text();
  k.scopes = r[4].as_text();
  k.name = r[5].as_text();
  k.created_at = r[6].as_int();
  k.revoked_at = r[7].as_opt_int();
  return k;
}
constexpr const char* kUserCols = "id, email, name, password_hash, disabled";
constexpr const char* kMemberCols = "m.user_id, m.org_id, m.role, m.employee_id, m.scope";
constexpr const char* kKeyCols =
    "id, org_id, prefix, key_hash, scopes, name, created_at, revoked_at";
}  // namespace

Result<int64_t> AccessStore::CreateUser(SqlConn& c, const User& u, UnixSeconds now) {
  auto rows = c.Query(
      "INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) "
      "RETURNING id",
      {u.email, u.name, u.password_hash, now});
  if (!rows.ok()) {
    if (rows.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExists("a user with this e-mail exists", "/email");
    }
    return rows.status();
  }
  return rows->front()[0].as_int();
}

Result<std::optional<User>> AccessStore::UserByEmail(SqlConn& c, const std::string& email) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query(std::string("SELECT ") + kUserCols + " FROM users WHERE email = $1", {email}));
  if (rows.empty()) return std::optional<User>();
  return std::optional<User>(UserFromRow(rows.front()));
}

Result<std::optional<User>> AccessStore::UserById(SqlConn& c, int64_t id) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query(std::string("SELECT ") + kUserCols + " FROM users WHERE id = $1", {id}));
  if (rows.empty()) return std::optional<User>();
  return std::optional<User>(UserFromRow(rows.front()));
}

Status AccessStore::PutMembership(SqlConn& c, const Membership& m, UnixSeconds now) {
  auto r = c.Exec(
      "INSERT INTO memberships (user_id, org_id, role, employee_id, scope, created_at) VALUES "
      "($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, org_id) DO UPDATE SET role = "
      "excluded.role, employee_id = excluded.employee_id, scope = excluded.scope",
      {m.user_id, m.org_id, m.role, m.employee_id, m.scope, now});
  return r.ok() ? Status::Ok() : r.status();
}

namespace {
Result<bool> Changed(Result<int64_t> r) {
  if (!r.ok()) return r.status();
  return *r > 0;
}
}  // namespace

Result<bool> AccessStore::SetUserName(SqlConn& c, int64_t user_id, const std::string& name) {
  return Changed(c.Exec("UPDATE users SET name = $2 WHERE id = $1", {user_id, name}));
}

Result<bool> AccessStore::SetUserDisabled(SqlConn& c, int64_t user_id, bool disabled) {
  return Changed(
      c.Exec("UPDATE users SET disabled = $2 WHERE id = $1", {user_id, disabled ? 1 : 0}));
}

Result<bool> AccessStore::SetPasswordHash(SqlConn& c, int64_t user_id, const std::string& hash) {
  return Changed(c.Exec("UPDATE users SET password_hash = $2 WHERE id = $1", {user_id, hash}));
}

Result<bool> AccessStore::SetMembershipRole(SqlConn& c, int64_t user_id, int64_t org_id,
                                            const std::string& role) {
  return Changed(c.Exec("UPDATE memberships SET role = $3 WHERE user_id = $1 AND org_id = $2",
                        {user_id, org_id, role}));
}

Result<bool> AccessStore::DeleteMembership(SqlConn& c, int64_t user_id, int64_t org_id) {
  return Changed(
      c.Exec("DELETE FROM memberships WHERE user_id = $1 AND org_id = $2", {user_id, org_id}));
}

Status AccessStore::DeleteSessionsOf(SqlConn& c, int64_t user_id, std::optional<int64_t> org_id,
                                     const std::string& keep_hash) {
  SqlParams p{user_id, keep_hash};
  std::string sql = "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2";
  if (org_id) {
    p.push_back(*org_id);
    sql += " AND org_id = $3";
  }
  return c.Exec(sql, p).status();
}

Result<std::vector<Membership>> AccessStore::MembershipsOf(SqlConn& c, int64_t user_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kMemberCols +
                                          " FROM memberships m WHERE m.user_id = $1 ORDER BY "
                                          "m.org_id",
                                      {user_id}));
  std::vector<Membership> out;
  for (auto& r : rows) out.push_back(MembershipFromRow(r, 0));
  return out;
}

Result<std::vector<std::pair<User, Membership>>> AccessStore::UsersOf(SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query(std::string("SELECT u.id, u.email, u.name, '', u.disabled, ") + kMemberCols +
                  " FROM memberships m JOIN users u ON u.id = m.user_id WHERE "
                  "m.org_id = $1 ORDER BY u.id",
              {org_id}));
  std::vector<std::pair<User, Membership>> out;
  for (auto& r : rows) out.emplace_back(UserFromRow(r), MembershipFromRow(r, 5));
  return out;
}

Status AccessStore::CreateSession(SqlConn& c, const SessionRecord& s) {
  auto r = c.Exec(
      "INSERT INTO sessions (token_hash, user_id, org_id, csrf_token, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {s.token_hash, s.user_id, s.org_id, s.csrf_token, s.created_at, s.expires_at});
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::optional<SessionRecord>> AccessStore::SessionByHash(SqlConn& c,
                                                                const std::string& hash) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT token_hash, user_id, org_id, csrf_token, "
                                      "created_at, expires_at FROM sessions WHERE token_hash = $1",
                                      {hash}));
  if (rows.empty()) return std::optional<SessionRecord>();
  auto& r = rows.front();
  return std::optional<SessionRecord>(SessionRecord{r[0].as_text(), r[1].as_int(), r[2].as_int(),
                                                    r[3].as_text(), r[4].as_int(), r[5].as_int()});
}

Status AccessStore::DeleteSession(SqlConn& c, const std::string& hash) {
  auto r = c.Exec("DELETE FROM sessions WHERE token_hash = $1", {hash});
  return r.ok() ? Status::Ok() : r.status();
}

Status AccessStore::DeleteExpiredSessions(SqlConn& c, int64_t user_id, UnixSeconds now) {
  auto r = c.Exec("DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2", {user_id, now});
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::vector<int64_t>> AccessStore::TeamsAtLocations(SqlConn& c, int64_t org_id,
                                                           const std::vector<int64_t>& locations) {
  std::vector<int64_t> out;
  for (int64_t loc : locations) {
    ASSIGN_OR_RETURN(
        auto rows,
        c.Query("SELECT id FROM teams WHERE org_id = $1 AND location_id = $2", {org_id, loc}));
    for (const auto& r : rows) out.push_back(r[0].as_int());
  }
  return out;
}

Status AccessStore::SwitchSessionOrg(SqlConn& c, const std::string& hash, int64_t org_id) {
  auto r = c.Exec("UPDATE sessions SET org_id = $2 WHERE token_hash = $1", {hash, org_id});
  return r.ok() ? Status::Ok() : r.status();
}

Result<int64_t> AccessStore::CreateApiKey(SqlConn& c, const ApiKeyRecord& k) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("INSERT INTO api_keys (org_id, prefix, key_hash, scopes, "
                           "name, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
                           "RETURNING id",
                           {k.org_id, k.prefix, k.key_hash, k.scopes, k.name, k.created_at}));
  return rows.front()[0].as_int();
}

Result<std::optional<ApiKeyRecord>> AccessStore::ApiKeyByPrefix(SqlConn& c,
                                                                const std::string& prefix) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query(std::string("SELECT ") + kKeyCols + " FROM api_keys WHERE prefix = $1", {prefix}));
  if (rows.empty()) return std::optional<ApiKeyRecord>();
  return std::optional<ApiKeyRecord>(KeyFromRow(rows.front()));
}

Result<std::vector<ApiKeyRecord>> AccessStore::ApiKeysOf(SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kKeyCols +
                                          " FROM api_keys WHERE org_id = $1 ORDER BY id",
                                      {org_id}));
  std::vector<ApiKeyRecord> out;
  for (auto& r : rows) out.push_back(KeyFromRow(r));
  return out;
}

Result<bool> AccessStore::RevokeApiKey(SqlConn& c, int64_t org_id, int64_t id, UnixSeconds now) {
  ASSIGN_OR_RETURN(int64_t n, c.Exec("UPDATE api_keys SET revoked_at = $3 WHERE org_id = $1 AND "
                                     "id = $2 AND revoked_at IS NULL",
                                     {org_id, id, now}));
  return n > 0;
}

Status AccessStore::Audit(SqlConn& c, std::optional<int64_t> org_id, const std::string& actor,
                          const std::string& action, const std::string& subject, UnixSeconds now) {
  auto r = c.Exec(
      "INSERT INTO audit_log (org_id, actor, action, subject, at) VALUES ($1, $2, $3, "
      "$4, $5)",
      {org_id, actor, action, subject, now});
  return r.ok() ? Status::Ok() : r.status();
}

}  // namespace beleving::store
