#include "store/promise_store.h"

namespace beleving::store {
namespace {

const char* kPromiseCols =
    "id, org_id, promise_type, source_key, employee_id, team_id, customer_id, interaction_id, "
    "case_id, text, made_at, due_at, status, settled_at, broken_case_id, due_soon_alerted, "
    "kept_by_touchpoint, kept_by_channel, grace_seconds, kept_evidence, kept_interaction_id, "
    "overdue_alerted, compensation, compensated_at";

const char* kStandardCols =
    "id, org_id, key, touchpoint_key, text, due_after_seconds, business_hours, active, "
    "kept_by_touchpoint, kept_by_channel, grace_seconds, compensation";

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
  p.kept_by_touchpoint = r[16].as_opt_text();
  p.kept_by_channel = r[17].as_opt_text();
  p.grace_seconds = r[18].as_int();
  p.kept_evidence = r[19].as_opt_text();
  p.kept_interaction_id = r[20].as_opt_int();
  p.overdue_alerted = r[21].as_int() != 0;
  p.compensation = r[22].as_opt_text();
  p.compensated_at = r[23].as_opt_int();
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
    s.kept_by_touchpoint = r[8].as_opt_text();
    s.kept_by_channel = r[9].as_opt_text();
    s.grace_seconds = r[10].as_int();
    s.compensation = r[11].as_opt_text();
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Result<int64_t> PromiseStore::InsertStandard(SqlConn& c, const TenantScope& t,
                                             const StandardPromiseRecord& r, UnixSeconds now) {
  ASSIGN_OR_RETURN(
      auto rows, c.Query("INSERT INTO standard_promises (org_id, key, touchpoint_key, text, "
                         "due_after_seconds, business_hours, active, created_at, "
                         "kept_by_touchpoint, kept_by_channel, grace_seconds, compensation) "
                         "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (org_id, "
                         "key) DO NOTHING RETURNING id",
                         {t.org_id(), r.key, r.touchpoint_key, r.text, r.due_after_seconds,
                          r.business_hours, r.active, now, r.kept_by_touchpoint, r.kept_by_channel,
                          r.grace_seconds, r.compensation}));
  if (rows.empty()) return AlreadyExists("a standard promise with this key exists", "/key");
  return rows[0][0].as_int();
}

Result<std::vector<StandardPromiseRecord>> PromiseStore::Standards(SqlConn& c,
                                                                   const TenantScope& t) {
  return StandardRows(c,
                      std::string("SELECT ") + kStandardCols +
                          " FROM standard_promises WHERE org_id = $1 ORDER BY id",
                      {t.org_id()});
}

Result<std::optional<StandardPromiseRecord>> PromiseStore::GetStandard(SqlConn& c,
                                                                       const TenantScope& t,
                                                                       int64_t id) {
  ASSIGN_OR_RETURN(auto rows,
                   StandardRows(c,
                                std::string("SELECT ") + kStandardCols +
                                    " FROM standard_promises WHERE org_id = $1 AND id = $2",
                                {t.org_id(), id}));
  if (rows.empty()) return std::optional<StandardPromiseRecord>();
  return std::optional<StandardPromiseRecord>(std::move(rows[0]));
}

Status PromiseStore::UpdateStandard(SqlConn& c, const TenantScope& t,
                                    const StandardPromiseRecord& r) {
  ASSIGN_OR_RETURN(
      int64_t n,
      c.Exec("UPDATE standard_promises SET touchpoint_key=$3, text=$4, due_after_seconds=$5, "
             "business_hours=$6, active=$7, kept_by_touchpoint=$8, kept_by_channel=$9, "
             "grace_seconds=$10, compensation=$11 WHERE org_id=$1 AND id=$2",
             {t.org_id(), r.id, r.touchpoint_key, r.text, r.due_after_seconds, r.business_hours,
              r.active, r.kept_by_touchpoint, r.kept_by_channel, r.grace_seconds, r.compensation}));
  if (n == 0) return NotFound("no such standard promise");
  return Status::Ok();
}

Result<std::vector<StandardPromiseRecord>> PromiseStore::StandardsForTouchpoint(
    SqlConn& c, const TenantScope& t, int64_t touchpoint_id) {
  return StandardRows(
      c,
      "SELECT s.id, s.org_id, s.key, s.touchpoint_key, s.text, s.due_after_seconds, "
      "s.business_hours, s.active, s.kept_by_touchpoint, s.kept_by_channel, s.grace_seconds, "
      "s.compensation FROM standard_promises s JOIN touchpoints t ON t.org_id = "
      "s.org_id AND t.key = s.touchpoint_key WHERE s.org_id = $1 AND t.id = $2 AND s.active = 1 "
      "ORDER BY s.id",
      {t.org_id(), touchpoint_id});
}

Result<std::optional<int64_t>> PromiseStore::InsertPromise(SqlConn& c, const PromiseRecord& r,
                                                           UnixSeconds now) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("INSERT INTO promises (org_id, promise_type, source_key, employee_id, team_id, "
              "customer_id, interaction_id, case_id, text, made_at, due_at, status, created_at, "
              "kept_by_touchpoint, kept_by_channel, grace_seconds) VALUES "
              "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) ON CONFLICT (org_id, "
              "source_key) DO NOTHING RETURNING id",
              {r.org_id, r.promise_type, r.source_key, r.employee_id, r.team_id, r.customer_id,
               r.interaction_id, r.case_id, r.text, r.made_at, r.due_at, r.status, now,
               r.kept_by_touchpoint, r.kept_by_channel, r.grace_seconds}));
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
          "due_soon_alerted=$7, case_id=$8, kept_evidence=$9, kept_interaction_id=$10, "
          "overdue_alerted=$11, compensation=$12, compensated_at=$13 WHERE org_id=$1 AND id=$2",
          {r.org_id, r.id, r.due_at, r.status, r.settled_at, r.broken_case_id, r.due_soon_alerted,
           r.case_id, r.kept_evidence, r.kept_interaction_id, r.overdue_alerted, r.compensation,
           r.compensated_at})
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

Result<std::vector<PromiseRecord>> PromiseStore::Keepable(SqlConn& c, const TenantScope& t,
                                                          int64_t customer_id,
                                                          UnixSeconds occurred_at) {
  return PromiseRows(
      c,
      std::string("SELECT ") + kPromiseCols +
          " FROM promises WHERE org_id = $1 AND customer_id = $2 AND status IN ('open', "
          "'renegotiated') AND made_at < $3 AND due_at + grace_seconds >= $3 AND "
          "(kept_by_touchpoint IS NOT NULL OR kept_by_channel IS NOT NULL) ORDER BY made_at, id "
          "LIMIT 100",
      {t.org_id(), customer_id, occurred_at});
}

Result<std::vector<PromiseTypeCount>> PromiseStore::CountsByType(SqlConn& c, const TenantScope& t,
                                                                 UnixSeconds since) {
  SqlParams p{t.org_id(), since};
  std::string sql =
      "SELECT promise_type, COUNT(*), SUM(CASE WHEN status = 'kept' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN status = 'broken' THEN 1 ELSE 0 END) FROM promises WHERE org_id = $1 AND "
      "made_at >= $2";
  t.AppendSql("", "employee_id", &sql, &p, /*has_location=*/false);
  sql += " GROUP BY promise_type ORDER BY promise_type";
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<PromiseTypeCount> out;
  for (const auto& r : rows) {
    out.push_back({r[0].as_text(), r[1].as_int(), r[2].as_int(), r[3].as_int()});
  }
  return out;
}

Result<std::vector<SettledPromise>> PromiseStore::Settled(SqlConn& c, const TenantScope& t) {
  SqlParams p{t.org_id()};
  std::string sql =
      "SELECT p.promise_type, p.status, p.made_at, p.due_at, p.settled_at, (SELECT r.nps FROM "
      "responses r WHERE r.org_id = p.org_id AND r.customer_id = p.customer_id AND "
      "r.submitted_at >= p.settled_at AND r.nps IS NOT NULL ORDER BY r.submitted_at, r.id LIMIT "
      "1) FROM promises p WHERE p.org_id = $1 AND p.status IN ('kept', 'broken') AND "
      "p.settled_at IS NOT NULL";
  t.AppendSql("p", "employee_id", &sql, &p, /*has_location=*/false);
  sql += " ORDER BY p.id";
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<SettledPromise> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    SettledPromise s{r[0].as_text(), r[1].as_text(), r[2].as_int(),
                     r[3].as_int(),  r[4].as_int(),  std::nullopt};
    if (auto n = r[5].as_opt_int()) s.next_nps = static_cast<int>(*n);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::optional<CharterOrg>> PromiseStore::CharterBySlug(SqlConn& c, const std::string& slug) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, name, language, charter_public FROM orgs WHERE "
                                      "slug = $1",
                                      {slug}));
  if (rows.empty()) return std::optional<CharterOrg>();
  return std::optional<CharterOrg>(CharterOrg{rows[0][0].as_int(), rows[0][1].as_text(),
                                              rows[0][2].as_text(), rows[0][3].as_int() != 0});
}

Status PromiseStore::SetCharterPublished(SqlConn& c, const TenantScope& t, bool published) {
  return c.Exec("UPDATE orgs SET charter_public = $2 WHERE id = $1", {t.org_id(), published})
      .status();
}

Result<bool> PromiseStore::CharterPublished(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT charter_public FROM orgs WHERE id = $1", {t.org_id()}));
  return !rows.empty() && rows[0][0].as_int() != 0;
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

// --- issue 16: the board, the kept-rate report, the charter's week

namespace {

// A promise's location: its interaction's, else its team's.
const char* kPromiseLocation =
    "COALESCE((SELECT i.location_id FROM interactions i WHERE i.org_id = p.org_id AND i.id = "
    "p.interaction_id), (SELECT tm.location_id FROM teams tm WHERE tm.org_id = p.org_id AND "
    "tm.id = p.team_id))";

void AppendFilter(const PromiseFilterIds& f, std::string* sql, SqlParams* p) {
  if (f.team_id) {
    p->push_back(*f.team_id);
    *sql += " AND p.team_id = $" + std::to_string(p->size());
  }
  if (f.location_id) {
    p->push_back(*f.location_id);
    *sql += std::string(" AND ") + kPromiseLocation + " = $" + std::to_string(p->size());
  }
  if (f.promise_type) {
    p->push_back(*f.promise_type);
    *sql += " AND p.promise_type = $" + std::to_string(p->size());
  }
}

}  // namespace

Result<std::vector<PromiseRecord>> PromiseStore::BoardUnsettled(SqlConn& c, const TenantScope& t,
                                                                const PromiseFilterIds& f,
                                                                UnixSeconds due_before, int limit) {
  SqlParams p{t.org_id(), due_before};
  std::string sql = std::string("SELECT ") + kPromiseCols +
                    " FROM promises p WHERE p.org_id = $1 AND p.settled_at IS NULL AND "
                    "p.due_at < $2";
  AppendFilter(f, &sql, &p);
  t.AppendSql("p", "employee_id", &sql, &p, /*has_location=*/false);
  p.push_back(limit);
  sql += " ORDER BY p.due_at, p.id LIMIT $" + std::to_string(p.size());
  return PromiseRows(c, sql, p);
}

Result<std::vector<PromiseRecord>> PromiseStore::BoardBroken(SqlConn& c, const TenantScope& t,
                                                             const PromiseFilterIds& f,
                                                             UnixSeconds since, int limit) {
  SqlParams p{t.org_id(), since};
  std::string sql = std::string("SELECT ") + kPromiseCols +
                    " FROM promises p WHERE p.org_id = $1 AND p.status = 'broken' AND "
                    "p.settled_at >= $2";
  AppendFilter(f, &sql, &p);
  t.AppendSql("p", "employee_id", &sql, &p, /*has_location=*/false);
  p.push_back(limit);
  sql += " ORDER BY p.settled_at DESC, p.id DESC LIMIT $" + std::to_string(p.size());
  return PromiseRows(c, sql, p);
}

Result<std::vector<PromiseFact>> PromiseStore::Facts(SqlConn& c, const TenantScope& t,
                                                     UnixSeconds since) {
  SqlParams p{t.org_id(), since};
  std::string sql =
      std::string("SELECT p.promise_type, p.status, p.made_at, p.employee_id, p.team_id, ") +
      kPromiseLocation + " FROM promises p WHERE p.org_id = $1 AND p.made_at >= $2";
  t.AppendSql("p", "employee_id", &sql, &p, /*has_location=*/false);
  sql += " ORDER BY p.id";
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<PromiseFact> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r[0].as_text(), r[1].as_text(), r[2].as_int(), r[3].as_opt_int(),
                   r[4].as_opt_int(), r[5].as_opt_int()});
  }
  return out;
}

Result<std::vector<PromiseTypeCount>> PromiseStore::BrokenByTypeSince(SqlConn& c,
                                                                      const TenantScope& t,
                                                                      UnixSeconds since) {
  SqlParams p{t.org_id(), since};
  std::string sql =
      "SELECT promise_type, COUNT(*) FROM promises WHERE org_id = $1 AND status = 'broken' AND "
      "settled_at >= $2";
  t.AppendSql("", "employee_id", &sql, &p, /*has_location=*/false);
  sql += " GROUP BY promise_type ORDER BY promise_type";
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<PromiseTypeCount> out;
  for (const auto& r : rows) out.push_back({r[0].as_text(), 0, 0, r[1].as_int()});
  return out;
}

}  // namespace beleving::store
