#include "store/tenant_scope.h"

#include <algorithm>

namespace beleving::store {
namespace {

std::vector<int64_t> SortedUnique(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

bool Has(const std::vector<int64_t>& sorted, int64_t id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

std::vector<uint32_t> Ids32(const std::vector<int64_t>& ids) {
  std::vector<uint32_t> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    if (id > 0 && id <= 0xffffffffLL) out.push_back(static_cast<uint32_t>(id));
  }
  return out;
}

}  // namespace

TenantScope TenantScope::Organisation(int64_t org_id) {
  return TenantScope(Kind::kOrganisation, org_id);
}

TenantScope TenantScope::Manager(int64_t org_id, std::vector<int64_t> teams,
                                 std::vector<int64_t> locations,
                                 std::vector<int64_t> location_teams) {
  TenantScope t(Kind::kManager, org_id);
  t.managed_teams_ = SortedUnique(teams);
  teams.insert(teams.end(), location_teams.begin(), location_teams.end());
  t.teams_ = SortedUnique(std::move(teams));
  t.locations_ = SortedUnique(std::move(locations));
  return t;
}

TenantScope TenantScope::OwnFeedback(int64_t org_id, std::optional<int64_t> employee_id) {
  TenantScope t(Kind::kOwnFeedback, org_id);
  t.employee_ = employee_id.value_or(-1);
  return t;
}

bool TenantScope::SeesTeam(int64_t team_id) const {
  switch (kind_) {
    case Kind::kOrganisation:
      return true;
    case Kind::kManager:
      return Has(teams_, team_id);
    case Kind::kOwnFeedback:
      return false;
  }
  return false;
}

bool TenantScope::SeesRow(std::optional<int64_t> team_id, std::optional<int64_t> location_id,
                          std::optional<int64_t> employee_id) const {
  switch (kind_) {
    case Kind::kOrganisation:
      return true;
    case Kind::kManager:
      return (team_id && Has(teams_, *team_id)) || (location_id && Has(locations_, *location_id));
    case Kind::kOwnFeedback:
      return employee_id && *employee_id == employee_;
  }
  return false;
}

void TenantScope::AppendSql(const std::string& alias, const std::string& employee_col,
                            std::string* sql, SqlParams* params, bool has_location) const {
  const std::string prefix = alias.empty() ? "" : alias + ".";
  auto next = [&] { return "$" + std::to_string(params->size()); };
  switch (kind_) {
    case Kind::kOrganisation:
      return;
    case Kind::kOwnFeedback:
      params->push_back(employee_);
      *sql += " AND " + prefix + employee_col + " = " + next();
      return;
    case Kind::kManager: {
      std::string any;
      auto add = [&](const std::vector<int64_t>& ids, const char* col) {
        if (ids.empty()) return;
        std::string in;
        for (int64_t id : ids) {
          params->push_back(id);
          in += (in.empty() ? "" : ", ") + next();
        }
        any += (any.empty() ? "" : " OR ") + prefix + col + " IN (" + in + ")";
      };
      add(teams_, "team_id");
      if (has_location) add(locations_, "location_id");
      *sql += any.empty() ? " AND 1 = 0" : " AND (" + any + ")";
      return;
    }
  }
}

engine::Scope TenantScope::EngineScope() const {
  return engine::Scope::Org(static_cast<uint32_t>(org_id_));
}

void TenantScope::Restrict(engine::Filter* f) const {
  switch (kind_) {
    case Kind::kOrganisation:
      return;
    case Kind::kOwnFeedback: {
      // Keep a requested employee only when it is this one; else nothing.
      const bool asked_other = !f->employees.empty() &&
                               std::find(f->employees.begin(), f->employees.end(),
                                         static_cast<uint32_t>(employee_)) == f->employees.end();
      f->employees = {employee_ > 0 && !asked_other ? static_cast<uint32_t>(employee_)
                                                    : 0xffffffffu};
      return;
    }
    case Kind::kManager:
      f->visible = engine::Filter::AnyOf{Ids32(teams_), Ids32(locations_)};
      return;
  }
}

}  // namespace beleving::store
