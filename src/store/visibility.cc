#include "store/visibility.h"

namespace beleving::store {

void AddVisibility(const security::TenantScope& t, const std::string& alias,
                   const std::string& employee_col, std::string* sql, SqlParams* params) {
  auto next = [&] { return "$" + std::to_string(params->size()); };
  if (t.employee()) {
    params->push_back(*t.employee());
    *sql += " AND " + alias + "." + employee_col + " = " + next();
  }
  if (t.teams() || t.locations()) {
    std::string any;
    auto add = [&](const std::optional<std::vector<int64_t>>& ids, const char* col) {
      if (!ids) return;
      for (int64_t id : *ids) {
        params->push_back(id);
        if (!any.empty()) any += " OR ";
        any += alias + "." + col + " = " + next();
      }
    };
    add(t.teams(), "team_id");
    add(t.locations(), "location_id");
    *sql += any.empty() ? " AND 1 = 0" : " AND (" + any + ")";
  }
}

}  // namespace beleving::store
