// Setting up an organisation's workspace: the organisation with its default
// NPS survey, its users and roles, and its API keys. Used by the CLI, the
// demo builder and the admin API alike, so every path creates the same thing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "security/authenticator.h"
#include "store/org_store.h"
#include "store/sql.h"

namespace beleving::workspace {

// Creates the organisation and its default "nps" survey in one write.
Result<store::Org> CreateOrg(store::SqlConn& c, const std::string& slug, const std::string& name,
                             const std::string& time_zone, UnixSeconds now);

struct NewUser {
  std::string email;
  std::string name;
  std::string password;                     // at least 10 characters
  std::string role;                         // admin, manager, employee, consultant
  std::optional<std::string> employee_key;  // employee: their own feedback
  std::vector<std::string> team_keys;       // manager: the teams they manage
  std::vector<std::string> location_keys;   // manager: the locations they manage
};

// Creates the user (or reuses an existing one with the same e-mail, for
// consultants joining another organisation) and gives them `role` in `org`.
// The password is hashed before the write; pass its hash via `password_hash`.
Result<int64_t> AddUser(store::SqlConn& c, const store::Org& org, const NewUser& u,
                        const std::string& password_hash, UnixSeconds now);
Status ValidateNewUser(const NewUser& u);

}  // namespace beleving::workspace
