#include "store/dashboard_store.h"

#include <algorithm>

#include "store/catalog.h"
#include "store/tenant_scope.h"

namespace beleving::store {
namespace {

std::string P(const SqlParams& params) { return "$" + std::to_string(params.size()); }

std::string LikePattern(const std::string& s) {
  std::string out = "%";
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out + "%";
}

CaseRow CaseFromRow(const SqlRow& r) {
  CaseRow x;
  x.id = r[0].as_int();
  x.case_type = r[1].as_text();
  x.status = r[2].as_text();
  x.severity = r[3].as_text();
  x.title = r[4].as_text();
  x.description = r[5].as_text();
  x.team_id = r[6].as_opt_int();
  x.owner_employee_id = r[7].as_opt_int();
  x.response_id = r[8].as_opt_int();
  x.opened_at = r[9].as_int();
  x.closed_at = r[10].as_opt_int();
  x.sla_flags = r[11].as_int();
  return x;
}

constexpr const char* kCaseCols =
    "c.id, c.case_type, c.status, c.severity, c.title, c.description, c.team_id, "
    "c.owner_employee_id, c.response_id, c.opened_at, c.closed_at, c.sla_flags";

}  // namespace

namespace {
Result<std::vector<CommentRow>> QueryComments(SqlConn& c, const TenantScope& t,
                                              const CommentQuery& q, int max_rows);
}

Result<std::vector<CommentRow>> DashboardStore::RecentComments(SqlConn& c, const TenantScope& t,
                                                               const CommentQuery& q) {
  return QueryComments(c, t, q, 500);
}

Result<std::vector<CommentRow>> DashboardStore::CommentsForAnalysis(SqlConn& c,
                                                                    const TenantScope& t,
                                                                    const CommentQuery& q) {
  return QueryComments(c, t, q, kMaxCommentsForAnalysis);
}

namespace {
Result<std::vector<CommentRow>> QueryComments(SqlConn& c, const TenantScope& t,
                                              const CommentQuery& q, int max_rows) {
  SqlParams params{t.org_id()};
  std::string sql =
      "SELECT r.id, r.submitted_at, r.nps, r.comment, r.touchpoint_id, r.team_id, r.employee_id, "
      "r.channel FROM responses r WHERE r.org_id = $1 AND r.comment IS NOT NULL AND "
      "r.comment <> ''";
  t.AppendSql("r", "employee_id", &sql, &params);
  auto eq = [&](const std::optional<int64_t>& v, const char* col) {
    if (!v) return;
    params.push_back(*v);
    sql += std::string(" AND r.") + col + " = " + P(params);
  };
  eq(q.touchpoint_id, "touchpoint_id");
  eq(q.team_id, "team_id");
  eq(q.employee_id, "employee_id");
  if (q.from) {
    params.push_back(*q.from);
    sql += " AND r.submitted_at >= " + P(params);
  }
  if (q.to) {
    params.push_back(*q.to);
    sql += " AND r.submitted_at < " + P(params);
  }
  if (q.min_nps) {
    params.push_back(*q.min_nps);
    sql += " AND r.nps >= " + P(params);
  }
  if (q.max_nps) {
    params.push_back(*q.max_nps);
    sql += " AND r.nps <= " + P(params);
  }
  if (!q.search.empty()) {
    params.push_back(LikePattern(q.search));
    sql += " AND lower(r.comment) LIKE " + P(params) + " ESCAPE '\\'";
  }
  params.push_back(static_cast<int64_t>(std::clamp(q.limit, 1, max_rows)));
  sql += " ORDER BY r.submitted_at DESC, r.id DESC LIMIT " + P(params);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<CommentRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    CommentRow x;
    x.id = r[0].as_int();
    x.submitted_at = r[1].as_int();
    if (!r[2].is_null()) x.nps = static_cast<int>(r[2].as_int());
    x.comment = r[3].as_text();
    x.touchpoint_id = r[4].as_opt_int();
    x.team_id = r[5].as_opt_int();
    x.employee_id = r[6].as_opt_int();
    x.channel = r[7].as_opt_text();
    out.push_back(std::move(x));
  }
  return out;
}
}  // namespace

Result<int64_t> DashboardStore::CountInteractions(SqlConn& c, const TenantScope& t,
                                                  UnixSeconds from, UnixSeconds to) {
  SqlParams params{t.org_id(), from, to};
  std::string sql =
      "SELECT count(*) FROM interactions i WHERE i.org_id = $1 AND i.occurred_at >= $2 AND "
      "i.occurred_at < $3";
  t.AppendSql("i", "employee_id", &sql, &params);
  ASSIGN_OR_RETURN(auto n, c.QueryInt(sql, params));
  return n.value_or(0);
}

Result<std::vector<NamedItem>> DashboardStore::Names(SqlConn& c, const TenantScope& t,
                                                     const std::string& table) {
  std::string parent;
  if (table == "employees") {
    parent = "team_id";
  } else if (table == "teams") {
    parent = "location_id";
  } else if (table == "locations" || table == "touchpoints" || table == "surveys") {
    parent = "NULL";
  } else {
    return InvalidArgument("unknown dimension table " + table);
  }
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, key, name, " + parent + " FROM " + table +
                                          " WHERE org_id = $1 ORDER BY id LIMIT 5000",
                                      {t.org_id()}));
  std::vector<NamedItem> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r[0].as_int(), r[1].as_text(), r[2].as_text(), r[3].as_opt_int()});
  }
  return out;
}

Result<bool> DashboardStore::TableExists(SqlConn& c, const std::string& table) {
  return store::TableExists(c, table);
}

Result<std::vector<CaseRow>> DashboardStore::Cases(SqlConn& c, const TenantScope& t, bool open_only,
                                                   int limit) {
  SqlParams params{t.org_id()};
  std::string sql = std::string("SELECT ") + kCaseCols + " FROM cases c WHERE c.org_id = $1";
  if (open_only) sql += " AND c.closed_at IS NULL";
  t.AppendSql("c", "owner_employee_id", &sql, &params);
  params.push_back(static_cast<int64_t>(std::clamp(limit, 1, 1000)));
  sql += " ORDER BY c.opened_at DESC, c.id DESC LIMIT " + P(params);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<CaseRow> out;
  for (const auto& r : rows) out.push_back(CaseFromRow(r));
  return out;
}

Result<std::optional<CaseRow>> DashboardStore::CaseById(SqlConn& c, const TenantScope& t,
                                                        int64_t id) {
  SqlParams params{t.org_id(), id};
  std::string sql =
      std::string("SELECT ") + kCaseCols + " FROM cases c WHERE c.org_id = $1 AND c.id = $2";
  t.AppendSql("c", "owner_employee_id", &sql, &params);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  if (rows.empty()) return std::optional<CaseRow>();
  return std::optional<CaseRow>(CaseFromRow(rows[0]));
}

Result<std::vector<CaseEventRow>> DashboardStore::CaseEvents(SqlConn& c, const TenantScope& t,
                                                             int64_t case_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT kind, actor, body, at FROM case_events WHERE "
                                      "org_id = $1 AND case_id = $2 ORDER BY id LIMIT 500",
                                      {t.org_id(), case_id}));
  std::vector<CaseEventRow> out;
  for (const auto& r : rows) {
    out.push_back({r[0].as_text(), r[1].as_text(), r[2].as_text(), r[3].as_int()});
  }
  return out;
}

Result<std::vector<PromiseRow>> DashboardStore::OpenPromises(SqlConn& c, const TenantScope& t,
                                                             int limit) {
  SqlParams params{t.org_id()};
  std::string sql =
      "SELECT p.id, p.promise_type, p.text, p.status, p.employee_id, p.team_id, p.made_at, "
      "p.due_at FROM promises p WHERE p.org_id = $1 AND p.settled_at IS NULL";
  t.AppendSql("p", "employee_id", &sql, &params, /*has_location=*/false);
  params.push_back(static_cast<int64_t>(std::clamp(limit, 1, 1000)));
  sql += " ORDER BY p.due_at, p.id LIMIT " + P(params);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<PromiseRow> out;
  for (const auto& r : rows) {
    PromiseRow x;
    x.id = r[0].as_int();
    x.promise_type = r[1].as_text();
    x.text = r[2].as_text();
    x.status = r[3].as_text();
    x.employee_id = r[4].as_opt_int();
    x.team_id = r[5].as_opt_int();
    x.made_at = r[6].as_int();
    x.due_at = r[7].as_int();
    out.push_back(std::move(x));
  }
  return out;
}

Result<std::vector<std::pair<int64_t, std::string>>> DashboardStore::Webhooks(
    SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, url FROM webhooks WHERE org_id = $1 ORDER BY id "
                                      "LIMIT 200",
                                      {t.org_id()}));
  std::vector<std::pair<int64_t, std::string>> out;
  for (const auto& r : rows) out.emplace_back(r[0].as_int(), r[1].as_text());
  return out;
}

Result<bool> DashboardStore::DeactivateWebhook(SqlConn& c, const TenantScope& t, int64_t id) {
  ASSIGN_OR_RETURN(int64_t n, c.Exec("UPDATE webhooks SET active = 0 WHERE org_id = $1 AND id = $2 "
                                     "AND active = 1",
                                     {t.org_id(), id}));
  return n > 0;
}

Result<std::optional<std::string>> DashboardStore::CalendarHours(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT hours FROM loop_calendars WHERE org_id = $1", {t.org_id()}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0][0].as_text());
}

}  // namespace beleving::store
