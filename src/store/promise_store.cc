#include "store/promise_store.h"

namespace beleving::store {
namespace {

const char* kPromiseCols =
    "id, org_id, promise_type, source_key, employee_id, team_id, customer_id, interaction_id, "
    "case_id, text, made_at, due_at, status, settled_at, broken_case_id, due_soon_alerted";

PromiseRecord PromiseFromRow(const SqlRow& r) {
  PromiseRecord p;
  p.id = r[0].as_int();
  p.org_id = r[1].as_int();
  p.promise_type = r[2].as_text();
  p.source_key = r[3].as_opt_text();
  p.employee_id = r[4].as_opt_int();
  p.team_id = r[5].as_opt_int();
  p.customer_id = r[6].as_opt_int();
  p.interaction_id = r[7].as_opt_int();
  p.case_id = r[8].as_opt_int();
  p.text = r[9].as_text();
  p.made_at = r[10].as_int();
  p.due_at = r[11].as_int();
  p.status = r[12].as_text();
  p.settled_at = r[13].as_opt_int();
  p.broken_case_id = r[14].as_opt_int();
  p.due_soon_alerted = r[15].as_int() != 0;
  return p;
}

Result<std::vector<PromiseRecord>> PromiseRows(SqlConn& c, const std::string& sql,
                                               const SqlParams& p) {
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<PromiseRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(PromiseFromRow(r));
  return out;
}

Result<std::vector<StandardPromiseRecord>> StandardRows(SqlConn& c, std::string_view sql,
                                                        const SqlParams& p) {
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<StandardPromiseRecord> out;
  for (const auto& r : rows) {
    StandardPromiseRecord s;
    s.id = r[0].as_int();
    s.org_id = r[1].as_int();
    s.key = r[2].as_text();
    s.touchpoint_key = r[3].as_text();
    s.text = r[4].as_text();
    s.due_after_seconds = r[5].as_int();
    s.business_hours = r[6].as_int() != 0;
    s.active = r[7].as_int() != 0;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Result<int64_t> PromiseStore::InsertStandard(SqlConn& c, const TenantScope& t,
                                             const StandardPromiseRecord& r, UnixSeconds now) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("INSERT INTO standard_promises (org_id, key, touchpoint_key, text, "
                           "due_after_seconds, business_hours, active, created_at) VALUES "
                           "($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (org_id, key) DO NOTHING "
                           "RETURNING id",
                           {t.org_id(), r.key, r.touchpoint_key, r.text, r.due_after_seconds,
                            r.business_hours, r.active, now}));
  if (rows.empty()) return AlreadyExists("a standard promise with this key exists", "/key");
  return rows[0][0].as_int();
}

Result<std::vector<StandardPromiseRecord>> PromiseStore::Standards(SqlConn& c,
                                                                   const TenantScope& t) {
  return StandardRows(c,
                      "SELECT id, org_id, key, touchpoint_key, text, due_after_seconds, "
                      "business_hours, active FROM standard_promises WHERE org_id = $1 ORDER BY id",
                      {t.org_id()});
}

Result<std::vector<StandardPromiseRecord>> PromiseStore::StandardsForTouchpoint(
    SqlConn& c, const TenantScope& t, int64_t touchpoint_id) {
  return StandardRows(
      c,
      "SELECT s.id, s.org_id, s.key, s.touchpoint_key, s.text, s.due_after_seconds, "
      "s.business_hours, s.active FROM standard_promises s JOIN touchpoints t ON t.org_id = "
      "s.org_id AND t.key = s.touchpoint_key WHERE s.org_id = $1 AND t.id = $2 AND s.active = 1 "
      "ORDER BY s.id",
      {t.org_id(), touchpoint_id});
}

Result<std::optional<int64_t>> PromiseStore::InsertPromise(SqlConn& c, const PromiseRecord& r,
                                                           UnixSeconds now) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("INSERT INTO promises (org_id, promise_type, source_key, employee_id, team_id, "
              "customer_id, interaction_id, case_id, text, made_at, due_at, status, created_at) "
              "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT (org_id, "
              "source_key) DO NOTHING RETURNING id",
              {r.org_id, r.promise_type, r.source_key, r.employee_id, r.team_id, r.customer_id,
               r.interaction_id, r.case_id, r.text, r.made_at, r.due_at, r.status, now}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0][0].as_int());
}

Result<std::optional<PromiseRecord>> PromiseStore::GetPromise(SqlConn& c, const TenantScope& t,
                                                              int64_t id) {
  SqlParams p{t.org_id(), id};
  std::string sql =
      std::string("SELECT ") + kPromiseCols + " FROM promises WHERE org_id = $1 AND id = $2";
  t.AppendSql("", "employee_id", &sql, &p, /*has_location=*/false);
  ASSIGN_OR_RETURN(auto rows, PromiseRows(c, sql, p));
  if (rows.empty()) return std::optional<PromiseRecord>();
  return std::optional<PromiseRecord>(std::move(rows[0]));
}

Result<std::vector<PromiseRecord>> PromiseStore::ListPromises(
    SqlConn& c, const TenantScope& t, const std::optional<std::string>& status, int64_t after,
    int limit) {
  SqlParams p{t.org_id(), after};
  std::string sql =
      std::string("SELECT ") + kPromiseCols + " FROM promises WHERE org_id = $1 AND id > $2";
  if (status) {
    p.push_back(*status);
    sql += " AND status = $" + std::to_string(p.size());
  }
  t.AppendSql("", "employee_id", &sql, &p, /*has_location=*/false);
  p.push_back(limit);
  sql += " ORDER BY id LIMIT $" + std::to_string(p.size());
  return PromiseRows(c, sql, p);
}

Result<std::vector<PromiseRecord>> PromiseStore::UnsettledPromises(SqlConn& c, const TenantScope& t,
                                                                   int limit) {
  SqlParams p{t.org_id()};
  std::string sql = std::string("SELECT ") + kPromiseCols +
                    " FROM promises WHERE org_id = $1 AND settled_at IS NULL";
  t.AppendSql("", "employee_id", &sql, &p, /*has_location=*/false);
  p.push_back(limit);
  sql += " ORDER BY due_at, id LIMIT $" + std::to_string(p.size());
  return PromiseRows(c, sql, p);
}

Status PromiseStore::UpdatePromise(SqlConn& c, const PromiseRecord& r) {
  return c
      .Exec(
          "UPDATE promises SET due_at=$3, status=$4, settled_at=$5, broken_case_id=$6, "
          "due_soon_alerted=$7, case_id=$8 WHERE org_id=$1 AND id=$2",
          {r.org_id, r.id, r.due_at, r.status, r.settled_at, r.broken_case_id, r.due_soon_alerted,
           r.case_id})
      .status();
}

Status PromiseStore::AddPromiseChange(SqlConn& c, const TenantScope& t, int64_t promise_id,
                                      const PromiseChange& ch) {
  return c
      .Exec(
          "INSERT INTO promise_history (org_id, promise_id, old_due_at, new_due_at, note, actor, "
          "at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
          {t.org_id(), promise_id, ch.old_due_at, ch.new_due_at, ch.note, ch.actor, ch.at})
      .status();
}

Result<std::vector<PromiseChange>> PromiseStore::PromiseChanges(SqlConn& c, const TenantScope& t,
                                                                int64_t promise_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT old_due_at, new_due_at, note, actor, at FROM "
                                      "promise_history WHERE org_id = $1 AND promise_id = $2 "
                                      "ORDER BY id LIMIT 1000",
                                      {t.org_id(), promise_id}));
  std::vector<PromiseChange> out;
  for (const auto& r : rows) {
    out.push_back(
        {r[0].as_int(), r[1].as_int(), r[2].as_opt_text(), r[3].as_text(), r[4].as_int()});
  }
  return out;
}

Result<std::vector<PromiseRecord>> PromiseStore::SysPromisesDueBefore(SqlConn& c,
                                                                      const SystemScope&,
                                                                      UnixSeconds due_before,
                                                                      int limit) {
  return PromiseRows(c,
                     std::string("SELECT ") + kPromiseCols +
                         " FROM promises WHERE status IN ('open', 'renegotiated') AND due_at < $1 "
                         "ORDER BY due_at, id LIMIT $2",
                     {due_before, limit});
}

Result<std::vector<SettledPromiseResponse>> PromiseStore::ResponsesAfterSettled(
    SqlConn& c, const TenantScope& t) {
  SqlParams p{t.org_id()};
  std::string sql =
      "SELECT DISTINCT p.status, r.id, r.nps FROM promises p JOIN responses r ON r.org_id = "
      "p.org_id AND r.customer_id = p.customer_id AND r.submitted_at >= p.settled_at WHERE "
      "p.org_id = $1 AND p.status IN ('kept', 'broken') AND r.nps IS NOT NULL";
  t.AppendSql("p", "employee_id", &sql, &p, /*has_location=*/false);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<SettledPromiseResponse> out;
  for (const auto& r : rows) out.push_back({r[0].as_text(), static_cast<int>(r[2].as_int())});
  return out;
}

}  // namespace beleving::store
