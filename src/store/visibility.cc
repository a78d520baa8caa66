#include "store/visibility.h"

namespace beleving::store {

void AddVisibility(const security::TenantScope& t, const std::string& alias,
                   const std::string& employee_col, std::string* sql, SqlParams* params,
                   bool location_via_team) {
  auto next = [&] { return "$" + std::to_string(params->size()); };
  const std::string prefix = alias.empty() ? "" : alias + ".";
  if (t.employee()) {
    params->push_back(*t.employee());
    *sql += " AND " + prefix + employee_col + " = " + next();
  }
  if (t.teams() || t.locations()) {
    std::string any;
    auto add = [&](const std::optional<std::vector<int64_t>>& ids, const char* col) {
      if (!ids) return;
      for (int64_t id : *ids) {
        params->push_back(id);
        if (!any.empty()) any += " OR ";
        any += prefix + col + " = " + next();
      }
    };
    add(t.teams(), "team_id");
    if (location_via_team && t.locations()) {
      for (int64_t id : *t.locations()) {
        params->push_back(id);
        if (!any.empty()) any += " OR ";
        any += prefix + "team_id IN (SELECT id FROM teams WHERE location_id = " + next() + ")";
      }
    } else {
      add(t.locations(), "location_id");
    }
    *sql += any.empty() ? " AND 1 = 0" : " AND (" + any + ")";
  }
}

}  // namespace beleving::store
