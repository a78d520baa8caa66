#include "store/loop_store.h"

#include "store/tenant_scope.h"

namespace beleving::store {
namespace {

// The role part of the scope (store/tenant_scope.h) as a string to append.
std::string ScopeClause(const TenantScope& t, SqlParams& params, const std::string& alias,
                        const char* emp_col, bool location_via_team = false) {
  std::string sql;
  t.AppendSql(alias, emp_col, &sql, &params, !location_via_team);
  return sql;
}

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

const char* kComplaintCols =
    "c.id, c.org_id, c.source, c.source_ref, c.received_at, c.customer_id, c.name, c.email, "
    "c.product, c.issue, c.subject, c.narrative, c.case_id, c.created_at";

ComplaintRecord ComplaintFromRow(const SqlRow& r) {
  ComplaintRecord x;
  x.id = r[0].as_int();
  x.org_id = r[1].as_int();
  x.source = r[2].as_text();
  x.source_ref = r[3].as_text();
  x.received_at = r[4].as_int();
  x.customer_id = r[5].as_opt_int();
  x.name = r[6].as_opt_text();
  x.email = r[7].as_opt_text();
  x.product = r[8].as_opt_text();
  x.issue = r[9].as_opt_text();
  x.subject = r[10].as_opt_text();
  x.narrative = r[11].as_opt_text();
  x.case_id = r[12].as_opt_int();
  x.created_at = r[13].as_int();
  return x;
}

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

const char* kDeliveryCols =
    "id, org_id, webhook_id, rule_id, event, body, state, attempts, last_status, last_error, "
    "created_at, delivered_at";

DeliveryRecord DeliveryFromRow(const SqlRow& r) {
  DeliveryRecord d;
  d.id = r[0].as_int();
  d.org_id = r[1].as_int();
  d.webhook_id = r[2].as_int();
  d.rule_id = r[3].as_opt_int();
  d.event = r[4].as_text();
  d.body = r[5].as_text();
  d.state = r[6].as_text();
  d.attempts = static_cast<int>(r[7].as_int());
  if (!r[8].is_null()) d.last_status = static_cast<int>(r[8].as_int());
  d.last_error = r[9].as_opt_text();
  d.created_at = r[10].as_int();
  d.delivered_at = r[11].as_opt_int();
  return d;
}

const char* kWebhookCols =
    "id, org_id, url, secret, format, retry_base_seconds, max_attempts, active";

WebhookRecord WebhookFromRow(const SqlRow& r) {
  WebhookRecord w;
  w.id = r[0].as_int();
  w.org_id = r[1].as_int();
  w.url = r[2].as_text();
  w.secret = r[3].as_text();
  w.format = r[4].as_text();
  w.retry_base_seconds = r[5].as_int();
  w.max_attempts = static_cast<int>(r[6].as_int());
  w.active = r[7].as_int() != 0;
  return w;
}

std::optional<int64_t> Opt(const SqlValue& v) { return v.as_opt_int(); }

}  // namespace

// --- calendar and policies

Result<std::optional<CalendarRecord>> LoopStore::Calendar(SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT hours, holidays FROM loop_calendars WHERE org_id = $1", {org_id}));
  if (rows.empty()) return std::optional<CalendarRecord>();
  return std::optional<CalendarRecord>(CalendarRecord{rows[0][0].as_text(), rows[0][1].as_text()});
}

Status LoopStore::PutCalendar(SqlConn& c, const TenantScope& t, const CalendarRecord& r,
                              UnixSeconds now) {
  return c
      .Exec(
          "INSERT INTO loop_calendars (org_id, hours, holidays, updated_at) VALUES ($1,$2,$3,$4) "
          "ON CONFLICT (org_id) DO UPDATE SET hours = excluded.hours, holidays = "
          "excluded.holidays, updated_at = excluded.updated_at",
          {t.org_id(), r.hours, r.holidays, now})
      .status();
}

Result<std::vector<SlaPolicyRecord>> LoopStore::Policies(SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT id, case_type, acknowledge_minutes, first_contact_minutes, "
                           "resolve_minutes, at_risk_percent, business_hours FROM sla_policies "
                           "WHERE org_id = $1 ORDER BY case_type",
                           {org_id}));
  std::vector<SlaPolicyRecord> out;
  for (const auto& r : rows) {
    SlaPolicyRecord p;
    p.id = r[0].as_int();
    p.case_type = r[1].as_text();
    p.acknowledge_minutes = Opt(r[2]);
    p.first_contact_minutes = Opt(r[3]);
    p.resolve_minutes = Opt(r[4]);
    p.at_risk_percent = static_cast<int>(r[5].as_int());
    p.business_hours = r[6].as_int() != 0;
    out.push_back(std::move(p));
  }
  return out;
}

Status LoopStore::PutPolicy(SqlConn& c, const TenantScope& t, const SlaPolicyRecord& p,
                            UnixSeconds now) {
  return c
      .Exec(
          "INSERT INTO sla_policies (org_id, case_type, acknowledge_minutes, "
          "first_contact_minutes, resolve_minutes, at_risk_percent, business_hours, created_at) "
          "VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (org_id, case_type) DO UPDATE SET "
          "acknowledge_minutes = excluded.acknowledge_minutes, first_contact_minutes = "
          "excluded.first_contact_minutes, resolve_minutes = excluded.resolve_minutes, "
          "at_risk_percent = excluded.at_risk_percent, business_hours = excluded.business_hours",
          {t.org_id(), p.case_type, p.acknowledge_minutes, p.first_contact_minutes,
           p.resolve_minutes, p.at_risk_percent, p.business_hours, now})
      .status();
}

// --- cases

Result<std::optional<int64_t>> LoopStore::InsertCase(SqlConn& c, const CaseRecord& r) {
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

Result<std::optional<CaseRecord>> LoopStore::GetCase(SqlConn& c, const TenantScope& t, int64_t id) {
  SqlParams p{t.org_id(), id};
  std::string sql = std::string("SELECT ") + kCaseCols +
                    " FROM cases WHERE org_id = $1 AND id = $2" +
                    ScopeClause(t, p, "", "owner_employee_id");
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  if (rows.empty()) return std::optional<CaseRecord>();
  return std::optional<CaseRecord>(CaseFromRow(rows[0]));
}

Result<std::vector<CaseRecord>> LoopStore::ListCases(SqlConn& c, const TenantScope& t,
                                                     const CaseFilter& f, int64_t after,
                                                     int limit) {
  SqlParams p{t.org_id(), after};
  std::string sql =
      std::string("SELECT ") + kCaseCols + " FROM cases WHERE org_id = $1 AND id > $2";
  auto add = [&](const std::string& cond, SqlValue v) {
    p.push_back(std::move(v));
    sql += " AND " + cond + " $" + std::to_string(p.size());
  };
  if (f.status) add("status =", *f.status);
  if (f.case_type) add("case_type =", *f.case_type);
  if (f.opened_from) add("opened_at >=", *f.opened_from);
  if (f.opened_to) add("opened_at <", *f.opened_to);
  if (f.open_only) sql += " AND closed_at IS NULL";
  sql += ScopeClause(t, p, "", "owner_employee_id");
  p.push_back(limit);
  sql += " ORDER BY id LIMIT $" + std::to_string(p.size());
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<CaseRecord> out;
  for (const auto& r : rows) out.push_back(CaseFromRow(r));
  return out;
}

Status LoopStore::UpdateCase(SqlConn& c, const CaseRecord& r) {
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

Status LoopStore::AddCaseEvent(SqlConn& c, int64_t org_id, const CaseEvent& e) {
  return c
      .Exec(
          "INSERT INTO case_events (org_id, case_id, kind, actor, body, at) VALUES "
          "($1,$2,$3,$4,$5,$6)",
          {org_id, e.case_id, e.kind, e.actor, e.body, e.at})
      .status();
}

Result<std::vector<CaseEvent>> LoopStore::CaseEvents(SqlConn& c, int64_t org_id, int64_t case_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, case_id, kind, actor, body, at FROM case_events "
                                      "WHERE org_id = $1 AND case_id = $2 ORDER BY id LIMIT 1000",
                                      {org_id, case_id}));
  std::vector<CaseEvent> out;
  for (const auto& r : rows) {
    out.push_back({r[0].as_int(), r[1].as_int(), r[2].as_text(), r[3].as_text(), r[4].as_text(),
                   r[5].as_int()});
  }
  return out;
}

Result<std::vector<CaseRecord>> LoopStore::SysOpenCases(SqlConn& c, int64_t after, int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kCaseCols +
                                          " FROM cases WHERE closed_at IS NULL AND id > $1 AND "
                                          "EXISTS (SELECT 1 FROM sla_policies p WHERE p.org_id "
                                          "= cases.org_id AND p.case_type = cases.case_type) "
                                          "ORDER BY id LIMIT $2",
                                      {after, limit}));
  std::vector<CaseRecord> out;
  for (const auto& r : rows) out.push_back(CaseFromRow(r));
  return out;
}

Result<std::optional<int64_t>> LoopStore::TeamLead(SqlConn& c, int64_t org_id, int64_t team_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT lead_employee_id FROM teams WHERE org_id = $1 AND "
                                      "id = $2",
                                      {org_id, team_id}));
  if (rows.empty()) return std::optional<int64_t>();
  return rows[0][0].as_opt_int();
}

Result<std::optional<int64_t>> LoopStore::TeamLocation(SqlConn& c, int64_t org_id,
                                                       int64_t team_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT location_id FROM teams WHERE org_id = $1 AND id = $2",
                                      {org_id, team_id}));
  if (rows.empty()) return std::optional<int64_t>();
  return rows[0][0].as_opt_int();
}

Result<std::optional<int64_t>> LoopStore::LocationManager(SqlConn& c, int64_t org_id,
                                                          int64_t location_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT manager_employee_id FROM locations WHERE org_id = $1 "
                                      "AND id = $2",
                                      {org_id, location_id}));
  if (rows.empty()) return std::optional<int64_t>();
  return rows[0][0].as_opt_int();
}

Result<std::vector<std::string>> LoopStore::AdminEmails(SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id "
                           "WHERE m.org_id = $1 AND m.role = 'admin' AND u.disabled = 0 "
                           "ORDER BY u.id LIMIT 50",
                           {org_id}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r[0].as_text());
  return out;
}

// --- complaints

Result<std::optional<int64_t>> LoopStore::InsertComplaint(SqlConn& c, const ComplaintRecord& r) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("INSERT INTO complaints (org_id, source, source_ref, received_at, customer_id, name, "
              "email, product, issue, subject, narrative, created_at) VALUES "
              "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (org_id, source_ref) DO "
              "NOTHING RETURNING id",
              {r.org_id, r.source, r.source_ref, r.received_at, r.customer_id, r.name, r.email,
               r.product, r.issue, r.subject, r.narrative, r.created_at}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0][0].as_int());
}

Status LoopStore::SetComplaintCase(SqlConn& c, int64_t org_id, int64_t complaint_id,
                                   int64_t case_id) {
  return c
      .Exec("UPDATE complaints SET case_id = $3 WHERE org_id = $1 AND id = $2",
            {org_id, complaint_id, case_id})
      .status();
}

Result<std::optional<ComplaintRecord>> LoopStore::GetComplaint(SqlConn& c, const TenantScope& t,
                                                               int64_t id) {
  SqlParams p{t.org_id(), id};
  std::string sql = std::string("SELECT ") + kComplaintCols +
                    " FROM complaints c LEFT JOIN cases k ON k.id = c.case_id WHERE c.org_id = $1 "
                    "AND c.id = $2" +
                    ScopeClause(t, p, "k", "owner_employee_id");
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  if (rows.empty()) return std::optional<ComplaintRecord>();
  return std::optional<ComplaintRecord>(ComplaintFromRow(rows[0]));
}

Result<std::vector<ComplaintRecord>> LoopStore::ListComplaints(SqlConn& c, const TenantScope& t,
                                                               int64_t after, int limit) {
  SqlParams p{t.org_id(), after};
  std::string sql = std::string("SELECT ") + kComplaintCols +
                    " FROM complaints c LEFT JOIN cases k ON k.id = c.case_id WHERE c.org_id = $1 "
                    "AND c.id > $2" +
                    ScopeClause(t, p, "k", "owner_employee_id");
  p.push_back(limit);
  sql += " ORDER BY c.id LIMIT $" + std::to_string(p.size());
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<ComplaintRecord> out;
  for (const auto& r : rows) out.push_back(ComplaintFromRow(r));
  return out;
}

// --- promises

Result<int64_t> LoopStore::InsertStandard(SqlConn& c, const TenantScope& t,
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

namespace {
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

Result<std::vector<StandardPromiseRecord>> LoopStore::Standards(SqlConn& c, int64_t org_id) {
  return StandardRows(c,
                      "SELECT id, org_id, key, touchpoint_key, text, due_after_seconds, "
                      "business_hours, active FROM standard_promises WHERE org_id = $1 ORDER BY id",
                      {org_id});
}

Result<std::vector<StandardPromiseRecord>> LoopStore::StandardsForTouchpoint(
    SqlConn& c, int64_t org_id, int64_t touchpoint_id) {
  return StandardRows(
      c,
      "SELECT s.id, s.org_id, s.key, s.touchpoint_key, s.text, s.due_after_seconds, "
      "s.business_hours, s.active FROM standard_promises s JOIN touchpoints t ON t.org_id = "
      "s.org_id AND t.key = s.touchpoint_key WHERE s.org_id = $1 AND t.id = $2 AND s.active = 1 "
      "ORDER BY s.id",
      {org_id, touchpoint_id});
}

Result<std::optional<int64_t>> LoopStore::InsertPromise(SqlConn& c, const PromiseRecord& r,
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

Result<std::optional<PromiseRecord>> LoopStore::GetPromise(SqlConn& c, const TenantScope& t,
                                                           int64_t id) {
  SqlParams p{t.org_id(), id};
  std::string sql = std::string("SELECT ") + kPromiseCols +
                    " FROM promises WHERE org_id = $1 AND id = $2" +
                    ScopeClause(t, p, "", "employee_id", true);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  if (rows.empty()) return std::optional<PromiseRecord>();
  return std::optional<PromiseRecord>(PromiseFromRow(rows[0]));
}

Result<std::vector<PromiseRecord>> LoopStore::ListPromises(SqlConn& c, const TenantScope& t,
                                                           const std::optional<std::string>& status,
                                                           int64_t after, int limit) {
  SqlParams p{t.org_id(), after};
  std::string sql =
      std::string("SELECT ") + kPromiseCols + " FROM promises WHERE org_id = $1 AND id > $2";
  if (status) {
    p.push_back(*status);
    sql += " AND status = $" + std::to_string(p.size());
  }
  sql += ScopeClause(t, p, "", "employee_id", true);
  p.push_back(limit);
  sql += " ORDER BY id LIMIT $" + std::to_string(p.size());
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<PromiseRecord> out;
  for (const auto& r : rows) out.push_back(PromiseFromRow(r));
  return out;
}

Status LoopStore::UpdatePromise(SqlConn& c, const PromiseRecord& r) {
  return c
      .Exec(
          "UPDATE promises SET due_at=$3, status=$4, settled_at=$5, broken_case_id=$6, "
          "due_soon_alerted=$7, case_id=$8 WHERE org_id=$1 AND id=$2",
          {r.org_id, r.id, r.due_at, r.status, r.settled_at, r.broken_case_id, r.due_soon_alerted,
           r.case_id})
      .status();
}

Status LoopStore::AddPromiseChange(SqlConn& c, int64_t org_id, int64_t promise_id,
                                   const PromiseChange& ch) {
  return c
      .Exec(
          "INSERT INTO promise_history (org_id, promise_id, old_due_at, new_due_at, note, actor, "
          "at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
          {org_id, promise_id, ch.old_due_at, ch.new_due_at, ch.note, ch.actor, ch.at})
      .status();
}

Result<std::vector<PromiseChange>> LoopStore::PromiseChanges(SqlConn& c, int64_t org_id,
                                                             int64_t promise_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT old_due_at, new_due_at, note, actor, at FROM "
                                      "promise_history WHERE org_id = $1 AND promise_id = $2 "
                                      "ORDER BY id LIMIT 1000",
                                      {org_id, promise_id}));
  std::vector<PromiseChange> out;
  for (const auto& r : rows) {
    out.push_back(
        {r[0].as_int(), r[1].as_int(), r[2].as_opt_text(), r[3].as_text(), r[4].as_int()});
  }
  return out;
}

Result<std::vector<PromiseRecord>> LoopStore::SysPromisesDueBefore(SqlConn& c,
                                                                   UnixSeconds due_before,
                                                                   int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kPromiseCols +
                                          " FROM promises WHERE status IN ('open', "
                                          "'renegotiated') AND due_at < $1 ORDER BY due_at, id "
                                          "LIMIT $2",
                                      {due_before, limit}));
  std::vector<PromiseRecord> out;
  for (const auto& r : rows) out.push_back(PromiseFromRow(r));
  return out;
}

Result<std::vector<SettledPromiseResponse>> LoopStore::ResponsesAfterSettled(SqlConn& c,
                                                                             const TenantScope& t) {
  SqlParams p{t.org_id()};
  std::string scope = ScopeClause(t, p, "p", "employee_id", true);
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT DISTINCT p.status, r.id, r.nps FROM promises p JOIN responses r ON "
              "r.org_id = p.org_id AND r.customer_id = p.customer_id AND r.submitted_at >= "
              "p.settled_at WHERE p.org_id = $1 AND p.status IN ('kept', 'broken') AND r.nps IS "
              "NOT NULL" +
                  scope,
              p));
  std::vector<SettledPromiseResponse> out;
  for (const auto& r : rows) out.push_back({r[0].as_text(), static_cast<int>(r[2].as_int())});
  return out;
}

// --- alerts

Result<int64_t> LoopStore::InsertWebhook(SqlConn& c, const TenantScope& t, const WebhookRecord& r,
                                         UnixSeconds now) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("INSERT INTO webhooks (org_id, url, secret, format, "
                           "retry_base_seconds, max_attempts, active, created_at) VALUES "
                           "($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
                           {t.org_id(), r.url, r.secret, r.format, r.retry_base_seconds,
                            r.max_attempts, r.active, now}));
  return rows[0][0].as_int();
}

Result<std::vector<WebhookRecord>> LoopStore::Webhooks(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kWebhookCols +
                                          " FROM webhooks WHERE org_id = $1 ORDER BY id LIMIT 1000",
                                      {t.org_id()}));
  std::vector<WebhookRecord> out;
  for (const auto& r : rows) out.push_back(WebhookFromRow(r));
  return out;
}

Result<std::optional<WebhookRecord>> LoopStore::SysWebhook(SqlConn& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query(std::string("SELECT ") + kWebhookCols + " FROM webhooks WHERE id = $1", {id}));
  if (rows.empty()) return std::optional<WebhookRecord>();
  return std::optional<WebhookRecord>(WebhookFromRow(rows[0]));
}

Result<int64_t> LoopStore::InsertRule(SqlConn& c, const TenantScope& t, const AlertRuleRecord& r,
                                      UnixSeconds now) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("INSERT INTO alert_rules (org_id, event, keyword, "
                           "webhook_id, email, active, created_at) VALUES "
                           "($1,$2,$3,$4,$5,$6,$7) RETURNING id",
                           {t.org_id(), r.event, r.keyword, r.webhook_id, r.email, r.active, now}));
  return rows[0][0].as_int();
}

Result<std::vector<AlertRuleRecord>> LoopStore::Rules(SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, org_id, event, keyword, webhook_id, email, "
                                      "active FROM alert_rules WHERE org_id = $1 ORDER BY id "
                                      "LIMIT 1000",
                                      {org_id}));
  std::vector<AlertRuleRecord> out;
  for (const auto& r : rows) {
    out.push_back({r[0].as_int(), r[1].as_int(), r[2].as_text(), r[3].as_opt_text(),
                   r[4].as_opt_int(), r[5].as_opt_text(), r[6].as_int() != 0});
  }
  return out;
}

Result<bool> LoopStore::DeleteRule(SqlConn& c, const TenantScope& t, int64_t id) {
  ASSIGN_OR_RETURN(
      auto n, c.Exec("DELETE FROM alert_rules WHERE org_id = $1 AND id = $2", {t.org_id(), id}));
  return n > 0;
}

Result<int64_t> LoopStore::InsertDelivery(SqlConn& c, const DeliveryRecord& r) {
  ASSIGN_OR_RETURN(auto rows, c.Query("INSERT INTO alert_deliveries (org_id, webhook_id, rule_id, "
                                      "event, body, state, attempts, created_at) VALUES "
                                      "($1,$2,$3,$4,$5,$6,0,$7) RETURNING id",
                                      {r.org_id, r.webhook_id, r.rule_id, r.event, r.body, r.state,
                                       r.created_at}));
  return rows[0][0].as_int();
}

Result<std::optional<DeliveryRecord>> LoopStore::SysDelivery(SqlConn& c, int64_t id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kDeliveryCols +
                                          " FROM alert_deliveries WHERE id = $1",
                                      {id}));
  if (rows.empty()) return std::optional<DeliveryRecord>();
  return std::optional<DeliveryRecord>(DeliveryFromRow(rows[0]));
}

Status LoopStore::UpdateDelivery(SqlConn& c, const DeliveryRecord& r) {
  std::optional<int64_t> st;
  if (r.last_status) st = *r.last_status;
  return c
      .Exec(
          "UPDATE alert_deliveries SET state=$2, attempts=$3, last_status=$4, last_error=$5, "
          "delivered_at=$6 WHERE id=$1",
          {r.id, r.state, r.attempts, st, r.last_error, r.delivered_at})
      .status();
}

Result<std::vector<DeliveryRecord>> LoopStore::Deliveries(SqlConn& c, const TenantScope& t,
                                                          int64_t webhook_id, int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kDeliveryCols +
                                          " FROM alert_deliveries WHERE org_id = $1 AND "
                                          "webhook_id = $2 ORDER BY id DESC LIMIT $3",
                                      {t.org_id(), webhook_id, limit}));
  std::vector<DeliveryRecord> out;
  for (const auto& r : rows) out.push_back(DeliveryFromRow(r));
  return out;
}

// --- alert e-mails

namespace {
const char* kEmailDeliveryCols =
    "id, org_id, rule_id, event, recipient, subject, body, state, attempts, last_error, "
    "created_at, delivered_at";

EmailDeliveryRecord EmailDeliveryFromRow(const SqlRow& r) {
  EmailDeliveryRecord d;
  d.id = r[0].as_int();
  d.org_id = r[1].as_int();
  d.rule_id = r[2].as_opt_int();
  d.event = r[3].as_text();
  d.recipient = r[4].as_text();
  d.subject = r[5].as_text();
  d.body = r[6].as_text();
  d.state = r[7].as_text();
  d.attempts = static_cast<int>(r[8].as_int());
  d.last_error = r[9].as_opt_text();
  d.created_at = r[10].as_int();
  d.delivered_at = r[11].as_opt_int();
  return d;
}

const char* kFollowUpCols =
    "id, org_id, case_id, customer_id, email, language, token_hash, created_at, sent_at, "
    "expires_at, answered_at, satisfied, comment";

FollowUpRecord FollowUpFromRow(const SqlRow& r) {
  FollowUpRecord f;
  f.id = r[0].as_int();
  f.org_id = r[1].as_int();
  f.case_id = r[2].as_int();
  f.customer_id = r[3].as_opt_int();
  f.email = r[4].as_opt_text();
  f.language = r[5].as_text();
  f.token_hash = r[6].as_opt_text();
  f.created_at = r[7].as_int();
  f.sent_at = r[8].as_opt_int();
  f.expires_at = r[9].as_opt_int();
  f.answered_at = r[10].as_opt_int();
  if (!r[11].is_null()) f.satisfied = r[11].as_int() != 0;
  f.comment = r[12].as_opt_text();
  return f;
}
}  // namespace

Result<int64_t> LoopStore::InsertEmailDelivery(SqlConn& c, const EmailDeliveryRecord& r) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("INSERT INTO alert_email_deliveries (org_id, rule_id, event, recipient, "
                           "subject, body, state, attempts, created_at) VALUES "
                           "($1,$2,$3,$4,$5,$6,$7,0,$8) RETURNING id",
                           {r.org_id, r.rule_id, r.event, r.recipient, r.subject, r.body, r.state,
                            r.created_at}));
  return rows[0][0].as_int();
}

Result<std::optional<EmailDeliveryRecord>> LoopStore::SysEmailDelivery(SqlConn& c, int64_t id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kEmailDeliveryCols +
                                          " FROM alert_email_deliveries WHERE id = $1",
                                      {id}));
  if (rows.empty()) return std::optional<EmailDeliveryRecord>();
  return std::optional<EmailDeliveryRecord>(EmailDeliveryFromRow(rows[0]));
}

Result<std::optional<EmailDeliveryRecord>> LoopStore::GetEmailDelivery(SqlConn& c,
                                                                       const TenantScope& t,
                                                                       int64_t id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kEmailDeliveryCols +
                                          " FROM alert_email_deliveries WHERE org_id = $1 AND "
                                          "id = $2",
                                      {t.org_id(), id}));
  if (rows.empty()) return std::optional<EmailDeliveryRecord>();
  return std::optional<EmailDeliveryRecord>(EmailDeliveryFromRow(rows[0]));
}

Status LoopStore::UpdateEmailDelivery(SqlConn& c, const EmailDeliveryRecord& r) {
  return c
      .Exec(
          "UPDATE alert_email_deliveries SET state=$3, attempts=$4, last_error=$5, "
          "delivered_at=$6 WHERE org_id=$1 AND id=$2",
          {r.org_id, r.id, r.state, r.attempts, r.last_error, r.delivered_at})
      .status();
}

Result<std::vector<EmailDeliveryRecord>> LoopStore::EmailDeliveries(SqlConn& c,
                                                                    const TenantScope& t,
                                                                    int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kEmailDeliveryCols +
                                          " FROM alert_email_deliveries WHERE org_id = $1 "
                                          "ORDER BY id DESC LIMIT $2",
                                      {t.org_id(), limit}));
  std::vector<EmailDeliveryRecord> out;
  for (const auto& r : rows) out.push_back(EmailDeliveryFromRow(r));
  return out;
}

// --- satisfaction follow-ups

Result<std::optional<int64_t>> LoopStore::InsertFollowUp(SqlConn& c, const FollowUpRecord& r) {
  ASSIGN_OR_RETURN(
      auto rows, c.Query("INSERT INTO case_followups (org_id, case_id, customer_id, email, "
                         "language, created_at) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT "
                         "(org_id, case_id) DO NOTHING RETURNING id",
                         {r.org_id, r.case_id, r.customer_id, r.email, r.language, r.created_at}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0][0].as_int());
}

Result<std::optional<FollowUpRecord>> LoopStore::SysFollowUp(SqlConn& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query(std::string("SELECT ") + kFollowUpCols + " FROM case_followups WHERE id = $1", {id}));
  if (rows.empty()) return std::optional<FollowUpRecord>();
  return std::optional<FollowUpRecord>(FollowUpFromRow(rows[0]));
}

Result<std::optional<FollowUpRecord>> LoopStore::SysFollowUpByTokenHash(SqlConn& c,
                                                                        const std::string& hash) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kFollowUpCols +
                                          " FROM case_followups WHERE token_hash = $1",
                                      {hash}));
  if (rows.empty()) return std::optional<FollowUpRecord>();
  return std::optional<FollowUpRecord>(FollowUpFromRow(rows[0]));
}

Result<bool> LoopStore::ArmFollowUp(SqlConn& c, int64_t id, const std::string& token_hash,
                                    UnixSeconds expires_at) {
  ASSIGN_OR_RETURN(auto n, c.Exec("UPDATE case_followups SET token_hash = $2, expires_at = $3 "
                                  "WHERE id = $1 AND sent_at IS NULL",
                                  {id, token_hash, expires_at}));
  return n > 0;
}

Status LoopStore::MarkFollowUpSent(SqlConn& c, int64_t id, UnixSeconds at) {
  return c.Exec("UPDATE case_followups SET sent_at = $2 WHERE id = $1", {id, at}).status();
}

Result<bool> LoopStore::AnswerFollowUp(SqlConn& c, int64_t org_id, int64_t id, bool satisfied,
                                       const std::optional<std::string>& comment, UnixSeconds at) {
  ASSIGN_OR_RETURN(auto n, c.Exec("UPDATE case_followups SET answered_at = $3, satisfied = $4, "
                                  "comment = $5 WHERE org_id = $1 AND id = $2 AND answered_at "
                                  "IS NULL",
                                  {org_id, id, at, satisfied, comment}));
  return n > 0;
}

// --- tick input

Result<int64_t> LoopStore::Cursor(SqlConn& c, const std::string& name) {
  ASSIGN_OR_RETURN(auto v, c.QueryInt("SELECT last_id FROM loop_cursors WHERE name = $1", {name}));
  return v.value_or(0);
}

Status LoopStore::SetCursor(SqlConn& c, const std::string& name, int64_t last_id) {
  return c
      .Exec(
          "INSERT INTO loop_cursors (name, last_id) VALUES ($1, $2) ON CONFLICT (name) DO "
          "UPDATE SET last_id = excluded.last_id",
          {name, last_id})
      .status();
}

Result<int64_t> LoopStore::MaxResponseId(SqlConn& c) {
  ASSIGN_OR_RETURN(auto v, c.QueryInt("SELECT MAX(id) FROM responses"));
  return v.value_or(0);
}

Result<int64_t> LoopStore::MaxInteractionId(SqlConn& c) {
  ASSIGN_OR_RETURN(auto v, c.QueryInt("SELECT MAX(id) FROM interactions"));
  return v.value_or(0);
}

Result<std::vector<LoopResponse>> LoopStore::SysResponsesAfter(SqlConn& c, int64_t after,
                                                               int limit) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query(
          "SELECT r.id, r.org_id, r.survey_id, r.interaction_id, r.customer_id, r.team_id, "
          "r.location_id, r.employee_id, r.nps, r.comment, r.submitted_at, "
          "(SELECT MAX(p.nps) FROM responses p WHERE p.org_id = r.org_id AND p.customer_id = "
          "r.customer_id AND (p.submitted_at < r.submitted_at OR (p.submitted_at = "
          "r.submitted_at AND p.id < r.id))), r.created_at, r.import_source_id FROM responses r "
          "WHERE r.id > $1 ORDER BY r.id LIMIT $2",
          {after, limit}));
  std::vector<LoopResponse> out;
  for (const auto& r : rows) {
    LoopResponse x;
    x.id = r[0].as_int();
    x.org_id = r[1].as_int();
    x.survey_id = r[2].as_opt_int();
    x.interaction_id = r[3].as_opt_int();
    x.customer_id = r[4].as_opt_int();
    x.team_id = r[5].as_opt_int();
    x.location_id = r[6].as_opt_int();
    x.employee_id = r[7].as_opt_int();
    if (!r[8].is_null()) x.nps = static_cast<int>(r[8].as_int());
    x.comment = r[9].as_opt_text();
    x.submitted_at = r[10].as_int();
    if (!r[11].is_null() && x.customer_id) x.best_previous_nps = static_cast<int>(r[11].as_int());
    x.created_at = r[12].as_int();
    x.imported = !r[13].is_null();
    out.push_back(std::move(x));
  }
  return out;
}

Result<std::vector<LoopInteraction>> LoopStore::SysInteractionsAfter(SqlConn& c, int64_t after,
                                                                     int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, org_id, customer_id, touchpoint_id, employee_id, "
                                      "team_id, location_id, occurred_at, created_at FROM "
                                      "interactions WHERE id > $1 ORDER BY id LIMIT $2",
                                      {after, limit}));
  std::vector<LoopInteraction> out;
  for (const auto& r : rows) {
    out.push_back({r[0].as_int(), r[1].as_int(), r[2].as_opt_int(), r[3].as_opt_int(),
                   r[4].as_opt_int(), r[5].as_opt_int(), r[6].as_opt_int(), r[7].as_int(),
                   r[8].as_int()});
  }
  return out;
}

Result<std::optional<std::string>> LoopStore::SurveyDefinition(SqlConn& c, int64_t org_id,
                                                               int64_t survey_id) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT definition FROM surveys WHERE org_id = $1 AND id = $2", {org_id, survey_id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0][0].as_text());
}

}  // namespace beleving::store
