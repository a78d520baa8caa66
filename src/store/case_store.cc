#include "store/case_store.h"

namespace beleving::store {
namespace {

const char* kCaseCols =
    "id, org_id, case_type, source_key, status, severity, title, description, customer_id, "
    "response_id, interaction_id, complaint_id, promise_id, team_id, location_id, "
    "owner_employee_id, escalated_to_employee_id, escalation_level, opened_at, acknowledged_at, "
    "first_contact_at, responded_at, closed_at, waiting_since, pauses, sla_flags, resolution, "
    "customer_satisfied, updated_at";

CaseRecord CaseFromRow(const SqlRow& r) {
  CaseRecord k;
  k.id = r[0].as_int();
  k.org_id = r[1].as_int();
  k.case_type = r[2].as_text();
  k.source_key = r[3].as_opt_text();
  k.status = r[4].as_text();
  k.severity = r[5].as_text();
  k.title = r[6].as_text();
  k.description = r[7].as_opt_text();
  k.customer_id = r[8].as_opt_int();
  k.response_id = r[9].as_opt_int();
  k.interaction_id = r[10].as_opt_int();
  k.complaint_id = r[11].as_opt_int();
  k.promise_id = r[12].as_opt_int();
  k.team_id = r[13].as_opt_int();
  k.location_id = r[14].as_opt_int();
  k.owner_employee_id = r[15].as_opt_int();
  k.escalated_to_employee_id = r[16].as_opt_int();
  k.escalation_level = static_cast<int>(r[17].as_int());
  k.opened_at = r[18].as_int();
  k.acknowledged_at = r[19].as_opt_int();
  k.first_contact_at = r[20].as_opt_int();
  k.responded_at = r[21].as_opt_int();
  k.closed_at = r[22].as_opt_int();
  k.waiting_since = r[23].as_opt_int();
  k.pauses = r[24].as_text();
  k.sla_flags = r[25].as_int();
  k.resolution = r[26].as_opt_text();
  if (!r[27].is_null()) k.customer_satisfied = r[27].as_int() != 0;
  k.updated_at = r[28].as_int();
  return k;
}

Result<std::vector<CaseRecord>> CaseRows(SqlConn& c, const std::string& sql, const SqlParams& p) {
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<CaseRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(CaseFromRow(r));
  return out;
}

Result<std::optional<int64_t>> OptIdQuery(SqlConn& c, const char* sql, const SqlParams& p) {
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  if (rows.empty()) return std::optional<int64_t>();
  return rows[0][0].as_opt_int();
}

}  // namespace

Result<std::optional<int64_t>> CaseStore::InsertCase(SqlConn& c, const CaseRecord& r) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query(
          "INSERT INTO cases (org_id, case_type, source_key, status, severity, title, "
          "description, customer_id, response_id, interaction_id, complaint_id, promise_id, "
          "team_id, location_id, owner_employee_id, escalation_level, opened_at, updated_at) "
          "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) "
          "ON CONFLICT (org_id, source_key) DO NOTHING RETURNING id",
          {r.org_id, r.case_type, r.source_key, r.status, r.severity, r.title, r.description,
           r.customer_id, r.response_id, r.interaction_id, r.complaint_id, r.promise_id, r.team_id,
           r.location_id, r.owner_employee_id, r.escalation_level, r.opened_at, r.opened_at}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0][0].as_int());
}

Result<std::optional<CaseRecord>> CaseStore::GetCase(SqlConn& c, const TenantScope& t, int64_t id) {
  SqlParams p{t.org_id(), id};
  std::string sql =
      std::string("SELECT ") + kCaseCols + " FROM cases WHERE org_id = $1 AND id = $2";
  t.AppendSql("", "owner_employee_id", &sql, &p);
  ASSIGN_OR_RETURN(auto rows, CaseRows(c, sql, p));
  if (rows.empty()) return std::optional<CaseRecord>();
  return std::optional<CaseRecord>(std::move(rows[0]));
}

namespace {

// The sla_flags bits (loop/sla_watch.h): per timer (acknowledge, first
// contact, resolve) an even bit "at risk" and an odd bit "breached".
constexpr const char* kBreachedSql = "(sla_flags & 42) != 0";
constexpr const char* kAtRiskSql = "((sla_flags & 21) != 0 AND (sla_flags & 42) = 0)";
constexpr const char* kHighSql = "severity IN ('high', 'critical')";

// 1 when `cond` holds, else 0 (portable across SQLite and PostgreSQL).
std::string OneIf(const char* cond) {
  return std::string("(CASE WHEN ") + cond + " THEN 1 ELSE 0 END)";
}

// " FROM cases WHERE ..." for `f` within `t`; p starts with the org id.
std::string CaseWhere(const TenantScope& t, const CaseFilter& f, SqlParams* p) {
  std::string sql = " FROM cases WHERE org_id = $1";
  auto add = [&](const std::string& cond, SqlValue v) {
    p->push_back(std::move(v));
    sql += " AND " + cond + " $" + std::to_string(p->size());
  };
  if (f.status) add("status =", *f.status);
  if (f.case_type) add("case_type =", *f.case_type);
  if (f.opened_from) add("opened_at >=", *f.opened_from);
  if (f.opened_to) add("opened_at <", *f.opened_to);
  if (f.owner_employee_id) add("owner_employee_id =", *f.owner_employee_id);
  if (f.team_id) add("team_id =", *f.team_id);
  if (f.open_only) sql += " AND closed_at IS NULL";
  switch (f.sla) {
    case CaseFilter::Sla::kAny:
      break;
    case CaseFilter::Sla::kBreached:
      sql += std::string(" AND ") + kBreachedSql;
      break;
    case CaseFilter::Sla::kAtRisk:
      sql += std::string(" AND ") + kAtRiskSql;
      break;
    case CaseFilter::Sla::kOk:
      sql += " AND (sla_flags & 63) = 0";
      break;
  }
  t.AppendSql("", "owner_employee_id", &sql, p);
  return sql;
}

}  // namespace

Result<std::vector<CaseRecord>> CaseStore::ListCases(SqlConn& c, const TenantScope& t,
                                                     const CaseFilter& f, int64_t after,
                                                     int limit) {
  SqlParams p{t.org_id()};
  std::string sql = std::string("SELECT ") + kCaseCols + CaseWhere(t, f, &p);
  p.push_back(after);
  sql += " AND id > $" + std::to_string(p.size());
  p.push_back(limit);
  sql += " ORDER BY id LIMIT $" + std::to_string(p.size());
  return CaseRows(c, sql, p);
}

Result<std::vector<CaseRecord>> CaseStore::QueueCases(SqlConn& c, const TenantScope& t,
                                                      const CaseFilter& f, CaseOrder order,
                                                      int64_t offset, int limit) {
  SqlParams p{t.org_id()};
  std::string sql = std::string("SELECT ") + kCaseCols + CaseWhere(t, f, &p);
  switch (order) {
    case CaseOrder::kUrgency:
      sql += " ORDER BY " + OneIf(kBreachedSql) + " * 4 + " + OneIf(kAtRiskSql) + " * 2 + " +
             OneIf(kHighSql) + " DESC, opened_at, id";
      break;
    case CaseOrder::kOldest:
      sql += " ORDER BY opened_at, id";
      break;
    case CaseOrder::kNewest:
      sql += " ORDER BY opened_at DESC, id DESC";
      break;
  }
  p.push_back(limit);
  sql += " LIMIT $" + std::to_string(p.size());
  p.push_back(offset);
  sql += " OFFSET $" + std::to_string(p.size());
  return CaseRows(c, sql, p);
}

Result<CaseCounts> CaseStore::CountCases(SqlConn& c, const TenantScope& t, const CaseFilter& f) {
  SqlParams p{t.org_id()};
  std::string sql = "SELECT case_type, COUNT(*), SUM(" + OneIf(kBreachedSql) + "), SUM(" +
                    OneIf(kAtRiskSql) + "), SUM(" + OneIf(kHighSql) + ")" + CaseWhere(t, f, &p) +
                    " GROUP BY case_type";
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  CaseCounts out;
  for (const auto& r : rows) {
    out.by_type[r[0].as_text()] = r[1].as_int();
    out.total += r[1].as_int();
    out.breached += r[2].as_int();
    out.at_risk += r[3].as_int();
    out.high += r[4].as_int();
  }
  return out;
}

Status CaseStore::UpdateCase(SqlConn& c, const CaseRecord& r) {
  std::optional<int64_t> sat;
  if (r.customer_satisfied) sat = *r.customer_satisfied ? 1 : 0;
  return c
      .Exec(
          "UPDATE cases SET status=$3, severity=$4, title=$5, description=$6, team_id=$7, "
          "location_id=$8, owner_employee_id=$9, escalated_to_employee_id=$10, "
          "escalation_level=$11, acknowledged_at=$12, first_contact_at=$13, responded_at=$14, "
          "closed_at=$15, waiting_since=$16, pauses=$17, sla_flags=$18, resolution=$19, "
          "customer_satisfied=$20, updated_at=$21, customer_id=$22 WHERE org_id=$1 AND id=$2",
          {r.org_id,
           r.id,
           r.status,
           r.severity,
           r.title,
           r.description,
           r.team_id,
           r.location_id,
           r.owner_employee_id,
           r.escalated_to_employee_id,
           r.escalation_level,
           r.acknowledged_at,
           r.first_contact_at,
           r.responded_at,
           r.closed_at,
           r.waiting_since,
           r.pauses,
           r.sla_flags,
           r.resolution,
           sat,
           r.updated_at,
           r.customer_id})
      .status();
}

Status CaseStore::AddCaseEvent(SqlConn& c, const TenantScope& t, const CaseEvent& e) {
  return c
      .Exec(
          "INSERT INTO case_events (org_id, case_id, kind, actor, body, at) VALUES "
          "($1,$2,$3,$4,$5,$6)",
          {t.org_id(), e.case_id, e.kind, e.actor, e.body, e.at})
      .status();
}

Result<std::vector<CaseEvent>> CaseStore::CaseEvents(SqlConn& c, const TenantScope& t,
                                                     int64_t case_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, case_id, kind, actor, body, at FROM case_events "
                                      "WHERE org_id = $1 AND case_id = $2 ORDER BY id LIMIT 1000",
                                      {t.org_id(), case_id}));
  std::vector<CaseEvent> out;
  for (const auto& r : rows) {
    out.push_back({r[0].as_int(), r[1].as_int(), r[2].as_text(), r[3].as_text(), r[4].as_text(),
                   r[5].as_int()});
  }
  return out;
}

Result<std::map<int64_t, CaseTitleFacts>> CaseStore::TitleFacts(SqlConn& c, const TenantScope& t,
                                                                const std::vector<int64_t>& ids) {
  std::map<int64_t, CaseTitleFacts> out;
  if (ids.empty()) return out;
  if (ids.size() > 1000) return InvalidArgument("at most 1000 cases at a time");
  SqlParams p{t.org_id()};
  std::string in;
  for (int64_t id : ids) {
    p.push_back(id);
    in += (in.empty() ? "$" : ",$") + std::to_string(p.size());
  }
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT k.id, r.nps, CASE WHEN k.case_type = 'disappointment' THEN (SELECT "
              "MAX(b.nps) FROM responses b WHERE b.org_id = r.org_id AND b.customer_id = "
              "r.customer_id AND (b.submitted_at < r.submitted_at OR (b.submitted_at = "
              "r.submitted_at AND b.id < r.id))) END, r.employee_id, COALESCE(x.subject, "
              "x.issue, x.product), pr.text FROM cases k LEFT JOIN responses r ON r.id = "
              "k.response_id AND r.org_id = k.org_id LEFT JOIN complaints x ON x.id = "
              "k.complaint_id AND x.org_id = k.org_id LEFT JOIN promises pr ON pr.id = "
              "k.promise_id AND pr.org_id = k.org_id WHERE k.org_id = $1 AND k.id IN (" +
                  in + ")",
              p));
  for (const auto& r : rows) {
    CaseTitleFacts f;
    if (!r[1].is_null()) f.nps = static_cast<int>(r[1].as_int());
    if (!r[2].is_null()) f.best_previous_nps = static_cast<int>(r[2].as_int());
    f.employee_id = r[3].as_opt_int();
    f.complaint_subject = r[4].as_opt_text();
    f.promise_text = r[5].as_opt_text();
    out.emplace(r[0].as_int(), std::move(f));
  }
  return out;
}

Result<std::vector<CaseRecord>> CaseStore::SysOpenCases(SqlConn& c, const SystemScope&,
                                                        int64_t after, int limit) {
  return CaseRows(c,
                  std::string("SELECT ") + kCaseCols +
                      " FROM cases WHERE closed_at IS NULL AND id > $1 AND EXISTS (SELECT 1 FROM "
                      "sla_policies p WHERE p.org_id = cases.org_id AND p.case_type = "
                      "cases.case_type) ORDER BY id LIMIT $2",
                  {after, limit});
}

Result<std::optional<int64_t>> CaseStore::TeamLead(SqlConn& c, const TenantScope& t,
                                                   int64_t team_id) {
  return OptIdQuery(c, "SELECT lead_employee_id FROM teams WHERE org_id = $1 AND id = $2",
                    {t.org_id(), team_id});
}

Result<std::optional<int64_t>> CaseStore::TeamLocation(SqlConn& c, const TenantScope& t,
                                                       int64_t team_id) {
  return OptIdQuery(c, "SELECT location_id FROM teams WHERE org_id = $1 AND id = $2",
                    {t.org_id(), team_id});
}

Result<std::optional<int64_t>> CaseStore::LocationManager(SqlConn& c, const TenantScope& t,
                                                          int64_t location_id) {
  return OptIdQuery(c, "SELECT manager_employee_id FROM locations WHERE org_id = $1 AND id = $2",
                    {t.org_id(), location_id});
}

Result<std::vector<std::string>> CaseStore::AdminEmails(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id "
                           "WHERE m.org_id = $1 AND m.role = 'admin' AND u.disabled = 0 "
                           "ORDER BY u.id LIMIT 50",
                           {t.org_id()}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r[0].as_text());
  return out;
}

}  // namespace beleving::store
