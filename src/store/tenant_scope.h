// Who sees what: the one tenant-scope type. Every store read and every engine
// query of a caller takes a TenantScope; it turns into the SQL clause
// (AppendSql) and into the engine filter (Restrict) in this file and nowhere
// else, so the API, the dashboard and the CLI cannot disagree about what a
// manager sees.
//
// Kinds
// - Organisation: the whole organisation (admins, consultants, API keys, and
//   trusted code acting for one organisation: the CLI run by an operator, the
//   demo builder, a job of that organisation).
// - Manager: the rows of the teams they manage, of the teams at the locations
//   they manage, and every row recorded at those locations. The teams at the
//   locations are resolved when the scope is made (security::Authenticator),
//   so SQL and engine use the same sets.
// - Own feedback: an employee sees the rows where they are the employee.
//
// Reads across organisations (the job runner, retention, loading the engine)
// take a SystemScope instead: a separate type, so a request handler cannot
// pass one by accident.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/query.h"
#include "store/sql.h"

namespace beleving::store {

class TenantScope {
 public:
  enum class Kind { kOrganisation, kManager, kOwnFeedback };

  // The whole organisation `org_id`.
  static TenantScope Organisation(int64_t org_id);
  // Trusted code acting for one organisation; the same as Organisation.
  static TenantScope System(int64_t org_id) { return Organisation(org_id); }
  // A manager of `teams` and `locations`; `location_teams` are the teams at
  // those locations (the caller resolves them). Duplicates are removed.
  static TenantScope Manager(int64_t org_id, std::vector<int64_t> teams,
                             std::vector<int64_t> locations, std::vector<int64_t> location_teams);
  // An employee's own feedback; without a linked employee, nothing.
  static TenantScope OwnFeedback(int64_t org_id, std::optional<int64_t> employee_id);

  int64_t org_id() const { return org_id_; }
  Kind kind() const { return kind_; }
  bool unrestricted() const { return kind_ == Kind::kOrganisation; }
  // Manager: the teams managed directly (for labels: "your teams").
  const std::vector<int64_t>& managed_teams() const { return managed_teams_; }
  // Manager: every visible team (managed and at managed locations), sorted.
  const std::vector<int64_t>& teams() const { return teams_; }
  // Manager: the managed locations, sorted.
  const std::vector<int64_t>& locations() const { return locations_; }
  // Own feedback: the employee (-1 when the user has no linked employee).
  std::optional<int64_t> employee() const {
    return kind_ == Kind::kOwnFeedback ? std::optional<int64_t>(employee_) : std::nullopt;
  }

  // Whether rows of team `team_id` (with no other information) are visible.
  bool SeesTeam(int64_t team_id) const;
  // Whether a row with these dimensions is visible (ids 0 / nullopt: none).
  bool SeesRow(std::optional<int64_t> team_id, std::optional<int64_t> location_id,
               std::optional<int64_t> employee_id) const;

  // Appends " AND ..." restricting `alias`.team_id / .location_id /
  // .`employee_col` (no alias: bare column names) to this scope, binding ids
  // as the next $n parameters; nothing for the whole organisation. The org
  // condition itself (org_id = $1) is the store's. `has_location`: the table
  // has a location_id column (else teams alone decide).
  void AppendSql(const std::string& alias, const std::string& employee_col, std::string* sql,
                 SqlParams* params, bool has_location = true) const;

  // The engine's view: this organisation's partition, and `f` narrowed to
  // the visible rows (other conditions of `f` stay).
  engine::Scope EngineScope() const;
  void Restrict(engine::Filter* f) const;
  engine::Filter EngineFilter() const {
    engine::Filter f;
    Restrict(&f);
    return f;
  }

 private:
  TenantScope(Kind kind, int64_t org_id) : kind_(kind), org_id_(org_id) {}
  Kind kind_;
  int64_t org_id_;
  std::vector<int64_t> managed_teams_, teams_, locations_;
  int64_t employee_ = -1;
};

// Reads and writes across organisations, for system work only: the job
// runner, the loop's background tick, retention, loading the engine at
// start, the benchmark. Made explicitly, with the reason written at the call.
class SystemScope {
 public:
  static SystemScope AllOrganisations() { return SystemScope(); }

 private:
  SystemScope() = default;
};

}  // namespace beleving::store
