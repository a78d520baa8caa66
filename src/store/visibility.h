// The role-based part of tenant scoping in SQL: the one clause every store
// appends so a manager sees the rows of their teams or locations and an
// employee only rows where they are the employee.
#pragma once

#include <string>

#include "security/principal.h"
#include "store/sql.h"

namespace beleving::store {

// Appends " AND ..." on `alias`.team_id / .location_id / .`employee_col`
// (no alias: the bare column names) for a restricted scope (nothing for an
// unrestricted one), binding the ids as the next $n parameters. A manager
// with no teams or locations sees nothing. `location_via_team`: the table has
// no location_id; a location reaches the rows of its teams.
void AddVisibility(const security::TenantScope& t, const std::string& alias,
                   const std::string& employee_col, std::string* sql, SqlParams* params,
                   bool location_via_team = false);

}  // namespace beleving::store
