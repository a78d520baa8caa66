// Who may log in to an organisation and with which rights: its users (with a
// role, a manager's teams and locations, an employee's own record) and its
// API keys. The one place these rules live: the API (api/admin_routes.cc),
// the settings pages (web/settings_page.cc, web/user_settings.cc), the CLI
// (cli/admin_commands.cc) and the demo builder call these functions, so each
// door validates the same way, fails with the same Status (naming the field
// as a JSON pointer, "/email") and leaves the same audit entry.
//
// Every write is one transaction that also writes its audit entry with the
// caller's actor (Principal::actor(): "user:7", "apikey:3", "cli:NAME"):
//   create user:ID · create api_key:ID · revoke api_key:ID
// Only administrators (an admin session, an admin-scoped key, an operator)
// manage users and keys; anyone else gets PermissionDenied. Ids of another
// organisation look like missing ones (NotFound).
//
// Thread safety: the service holds no state of its own; call it from any
// thread (the Database serialises the writes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "security/principal.h"
#include "store/sql.h"

namespace beleving::security {

// The limits of a user and a key, used by the service and by the request
// schemas that publish them (api/admin_routes.cc).
inline constexpr size_t kMaxEmailBytes = 254;
inline constexpr size_t kMaxUserNameBytes = 200;
inline constexpr size_t kMinPasswordBytes = 10;
inline constexpr size_t kMaxPasswordBytes = 1024;
inline constexpr size_t kMaxApiKeyNameBytes = 200;
inline constexpr size_t kMaxManagedItems = 200;  // teams or locations of one manager
// The roles and API key scopes by name, in the order forms list them.
const std::vector<std::string>& RoleNames();
const std::vector<std::string>& ScopeNames();

struct NewUser {
  std::string email;
  std::string name;
  std::string password;                     // kMinPasswordBytes..kMaxPasswordBytes
  std::string role;                         // one of RoleNames()
  std::optional<std::string> employee_key;  // required for the employee role
  std::vector<std::string> team_keys;       // manager: the teams they manage
  std::vector<std::string> location_keys;   // manager: the locations they manage
};

// A user as a member of one organisation; references as keys and names.
struct UserView {
  int64_t id = 0;
  std::string email, name, role;
  bool disabled = false;
  std::optional<std::string> employee_key, employee_name;
};

struct NewApiKey {
  std::string name;                 // 0..kMaxApiKeyNameBytes (what the key is for)
  std::vector<std::string> scopes;  // at least one of ScopeNames()
};

struct ApiKeyView {
  int64_t id = 0;
  std::string prefix;  // "blv_xxxxxxxxxxxx": how a person recognises the key
  std::string name;
  std::vector<std::string> scopes;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> revoked_at;
};

struct CreatedApiKey {
  ApiKeyView key;
  std::string secret;  // the whole key, shown once; only its hash is stored
};

// Who a signed-in person is, for the page header and GET /session.
struct Identity {
  struct Org {
    int64_t id = 0;
    std::string slug, name, role;
  };
  int64_t user_id = 0;
  std::string email, name;
  Org org;                // the organisation of the session
  std::vector<Org> orgs;  // every organisation the user belongs to
};

// Checks a new user's fields (not yet the references). InvalidArgument
// naming the field.
Status ValidateNewUser(const NewUser& u);

// The building block inside a Database::Write, without permission check or
// audit entry (the service and trusted set-up code use it): creates the
// user, or reuses the one with this e-mail (a consultant joining a second
// organisation), and makes them a member of `org_id`. Employee, team and
// location keys are created on first sight. AlreadyExists ("/email") when
// they already are a member.
Result<int64_t> AddUser(store::SqlConn& c, int64_t org_id, const NewUser& u,
                        const std::string& password_hash, UnixSeconds now);

// A change to a member of the caller's organisation; absent fields stay.
struct UserUpdate {
  std::optional<std::string> name;  // 1..kMaxUserNameBytes after trimming
  std::optional<std::string> role;  // one of RoleNames()
  // A disabled user cannot sign in anywhere; only for a user who belongs to
  // this organisation alone (others are removed from it instead).
  std::optional<bool> disabled;
};

class AccessService {
 public:
  AccessService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The members of the caller's organisation, by name.
  Result<std::vector<UserView>> Users(const Principal& who);
  // Validates, hashes the password (outside the transaction), adds the user
  // and audits "create user:ID".
  Result<UserView> CreateUser(const Principal& who, const NewUser& u);

  // People and access (security/user_admin.cc). Admins only. An admin
  // cannot change their own role, disable or remove themselves, and the
  // organisation always keeps one active admin (Conflict naming the field).
  // A role change to employee needs the user's employee record, to manager
  // their teams or locations (InvalidArgument "/role": add them again).
  // Disabling or removing ends the user's sessions. Audits "update user:ID"
  // / "remove user:ID". NotFound for a user who is no member.
  Result<UserView> UpdateUser(const Principal& who, int64_t user_id, const UserUpdate& in);
  Status RemoveUser(const Principal& who, int64_t user_id);
  // A signed-in person changes their own password: InvalidArgument
  // "/current_password" when the current one is wrong, "/new_password" out
  // of kMinPasswordBytes..kMaxPasswordBytes. Ends their other sessions.
  // Audits "password user:ID". PermissionDenied for keys and operators.
  Status ChangePassword(const Principal& who, const std::string& current, const std::string& next);

  // The organisation's keys, in the order they were made.
  Result<std::vector<ApiKeyView>> ApiKeys(const Principal& who);
  // An admin-scoped key only for an admin (a key never holds more than its
  // creator). Audits "create api_key:ID".
  Result<CreatedApiKey> CreateApiKey(const Principal& who, const NewApiKey& k);
  // NotFound when the organisation has no such key that is still active
  // (a key of another organisation looks missing). Audits "revoke api_key:ID".
  Status RevokeApiKey(const Principal& who, int64_t key_id);

  // The session's person and organisations, in one read. NotFound for a
  // principal without a user (API keys, operators).
  Result<Identity> IdentityOf(const Principal& who);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace beleving::security
