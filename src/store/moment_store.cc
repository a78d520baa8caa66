#include "store/moment_store.h"

#include "store/tenant_scope.h"

namespace beleving::store {
namespace {

constexpr const char* kResponseCols =
    "r.id, r.org_id, r.external_id, r.survey_id, r.interaction_id, r.customer_id, "
    "r.touchpoint_id, r.employee_id, r.team_id, r.location_id, r.channel, r.submitted_at, r.nps, "
    "r.csat, r.ces, r.d_certainty, r.d_flexibility, r.d_reliability, r.d_customisation, "
    "r.d_complaint_speed, r.d_trust, r.d_respect, r.d_attention, r.comment, r.answers, "
    "r.created_at, r.survey_version, r.attr_0, r.attr_1, r.attr_2, r.attr_3, r.attr_4, r.attr_5, "
    "r.attr_6, r.attr_7";
constexpr int kResponseColCount = 35;

constexpr const char* kKeyJoins =
    ", c.key, tp.key, l.key, t.key, e.key, s.key FROM responses r "
    "LEFT JOIN customers c ON c.id = r.customer_id "
    "LEFT JOIN touchpoints tp ON tp.id = r.touchpoint_id "
    "LEFT JOIN locations l ON l.id = r.location_id "
    "LEFT JOIN teams t ON t.id = r.team_id "
    "LEFT JOIN employees e ON e.id = r.employee_id "
    "LEFT JOIN surveys s ON s.id = r.survey_id ";

std::optional<int> OptInt(const SqlValue& v) {
  if (v.is_null()) return std::nullopt;
  return static_cast<int>(v.as_int());
}

ResponseRecord ResponseFromRow(const SqlRow& r) {
  ResponseRecord x;
  x.id = r[0].as_int();
  x.org_id = r[1].as_int();
  x.external_id = r[2].as_text();
  x.survey_id = r[3].as_opt_int();
  x.interaction_id = r[4].as_opt_int();
  x.customer_id = r[5].as_opt_int();
  x.touchpoint_id = r[6].as_opt_int();
  x.employee_id = r[7].as_opt_int();
  x.team_id = r[8].as_opt_int();
  x.location_id = r[9].as_opt_int();
  x.channel = r[10].as_opt_text();
  x.submitted_at = r[11].as_int();
  x.nps = OptInt(r[12]);
  x.csat = OptInt(r[13]);
  x.ces = OptInt(r[14]);
  for (int i = 0; i < kStoredDrivers; ++i)
    x.drivers[static_cast<size_t>(i)] = OptInt(r[static_cast<size_t>(15 + i)]);
  x.comment = r[23].as_opt_text();
  x.answers = r[24].as_text();
  x.created_at = r[25].as_int();
  x.survey_version = OptInt(r[26]);
  for (size_t s = 0; s < x.attributes.size(); ++s) {
    x.attributes[s] = static_cast<int>(r[27 + s].as_int());
  }
  if (r.size() >= kResponseColCount + 6) {
    x.customer_key = r[35].as_text();
    x.touchpoint_key = r[36].as_text();
    x.location_key = r[37].as_text();
    x.team_key = r[38].as_text();
    x.employee_key = r[39].as_text();
    x.survey_key = r[40].as_text();
  }
  return x;
}

InteractionRecord InteractionFromRow(const SqlRow& r) {
  InteractionRecord x;
  x.id = r[0].as_int();
  x.org_id = r[1].as_int();
  x.external_id = r[2].as_text();
  x.customer_id = r[3].as_opt_int();
  x.touchpoint_id = r[4].as_opt_int();
  x.employee_id = r[5].as_opt_int();
  x.team_id = r[6].as_opt_int();
  x.location_id = r[7].as_opt_int();
  x.channel = r[8].as_opt_text();
  x.occurred_at = r[9].as_int();
  x.created_at = r[10].as_int();
  return x;
}
constexpr const char* kInteractionCols =
    "i.id, i.org_id, i.external_id, i.customer_id, i.touchpoint_id, i.employee_id, i.team_id, "
    "i.location_id, i.channel, i.occurred_at, i.created_at";

}  // namespace

Result<std::optional<int64_t>> MomentStore::InsertInteraction(SqlConn& c,
                                                              const InteractionRecord& r) {
  ASSIGN_OR_RETURN(
      auto rows, c.Query("INSERT INTO interactions (org_id, external_id, customer_id, "
                         "touchpoint_id, channel, employee_id, team_id, location_id, occurred_at, "
                         "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                         "ON CONFLICT (org_id, external_id) DO NOTHING RETURNING id",
                         {r.org_id, r.external_id, r.customer_id, r.touchpoint_id, r.channel,
                          r.employee_id, r.team_id, r.location_id, r.occurred_at, r.created_at}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows.front()[0].as_int());
}

Result<std::optional<int64_t>> MomentStore::InsertResponse(SqlConn& c, const ResponseRecord& r) {
  SqlParams p = {
      r.org_id,  r.external_id, r.survey_id, r.interaction_id, r.customer_id,  r.touchpoint_id,
      r.channel, r.employee_id, r.team_id,   r.location_id,    r.submitted_at, r.nps,
      r.csat,    r.ces};
  for (const auto& d : r.drivers) p.push_back(d);
  p.push_back(r.comment);
  p.push_back(r.answers);
  p.push_back(r.created_at);
  p.push_back(r.import_source_id);
  p.push_back(r.survey_version);
  for (int a : r.attributes) p.push_back(a);
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query(
          "INSERT INTO responses (org_id, external_id, survey_id, interaction_id, customer_id, "
          "touchpoint_id, channel, employee_id, team_id, location_id, submitted_at, nps, csat, "
          "ces, d_certainty, d_flexibility, d_reliability, d_customisation, d_complaint_speed, "
          "d_trust, d_respect, d_attention, comment, answers, created_at, import_source_id, "
          "survey_version, attr_0, attr_1, attr_2, attr_3, attr_4, attr_5, attr_6, attr_7) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
          "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, "
          "$35) ON CONFLICT (org_id, external_id) DO "
          "NOTHING RETURNING id",
          p));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows.front()[0].as_int());
}

Result<std::optional<InteractionRecord>> MomentStore::GetInteraction(SqlConn& c,
                                                                     const TenantScope& t,
                                                                     int64_t id) {
  std::string sql = std::string("SELECT ") + kInteractionCols +
                    " FROM interactions i WHERE i.org_id = $1 AND i.id = $2";
  SqlParams params = {t.org_id(), id};
  t.AppendSql("i", "employee_id", &sql, &params);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  if (rows.empty()) return std::optional<InteractionRecord>();
  return std::optional<InteractionRecord>(InteractionFromRow(rows.front()));
}

Result<std::optional<InteractionRecord>> MomentStore::InteractionByExternalId(
    SqlConn& c, const TenantScope& t, const std::string& external_id) {
  std::string sql = std::string("SELECT ") + kInteractionCols +
                    " FROM interactions i WHERE i.org_id = $1 AND i.external_id = $2";
  SqlParams params = {t.org_id(), external_id};
  t.AppendSql("i", "employee_id", &sql, &params);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  if (rows.empty()) return std::optional<InteractionRecord>();
  return std::optional<InteractionRecord>(InteractionFromRow(rows.front()));
}

Result<std::vector<InteractionRecord>> MomentStore::ListInteractions(SqlConn& c,
                                                                     const TenantScope& t,
                                                                     int64_t after, int limit) {
  std::string sql = std::string("SELECT ") + kInteractionCols +
                    " FROM interactions i WHERE i.org_id = $1 AND i.id > $2";
  SqlParams params = {t.org_id(), after};
  t.AppendSql("i", "employee_id", &sql, &params);
  params.push_back(static_cast<int64_t>(limit));
  sql += " ORDER BY i.id LIMIT $" + std::to_string(params.size());
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<InteractionRecord> out;
  for (auto& r : rows) out.push_back(InteractionFromRow(r));
  return out;
}

Result<std::optional<ResponseRecord>> MomentStore::GetResponse(SqlConn& c, const TenantScope& t,
                                                               int64_t id) {
  std::string sql =
      std::string("SELECT ") + kResponseCols + kKeyJoins + "WHERE r.org_id = $1 AND r.id = $2";
  SqlParams params = {t.org_id(), id};
  t.AppendSql("r", "employee_id", &sql, &params);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  if (rows.empty()) return std::optional<ResponseRecord>();
  return std::optional<ResponseRecord>(ResponseFromRow(rows.front()));
}

Result<std::vector<ResponseRecord>> MomentStore::ListResponses(SqlConn& c, const TenantScope& t,
                                                               const ResponseFilter& f,
                                                               int64_t after, int limit) {
  std::string sql =
      std::string("SELECT ") + kResponseCols + kKeyJoins + "WHERE r.org_id = $1 AND r.id > $2";
  SqlParams params = {t.org_id(), after};
  auto add = [&](const char* cond, SqlValue v) {
    params.push_back(std::move(v));
    sql += std::string(" AND ") + cond + " $" + std::to_string(params.size());
  };
  if (f.from) add("r.submitted_at >=", *f.from);
  if (f.to) add("r.submitted_at <", *f.to);
  if (f.customer_id) add("r.customer_id =", *f.customer_id);
  if (f.touchpoint_id) add("r.touchpoint_id =", *f.touchpoint_id);
  if (f.employee_id) add("r.employee_id =", *f.employee_id);
  if (f.team_id) add("r.team_id =", *f.team_id);
  if (f.location_id) add("r.location_id =", *f.location_id);
  if (f.min_nps) add("r.nps >=", *f.min_nps);
  if (f.max_nps) add("r.nps <=", *f.max_nps);
  t.AppendSql("r", "employee_id", &sql, &params);
  params.push_back(static_cast<int64_t>(limit));
  sql += " ORDER BY r.id LIMIT $" + std::to_string(params.size());
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<ResponseRecord> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(ResponseFromRow(r));
  return out;
}

Result<int64_t> MomentStore::CountResponses(SqlConn& c, const TenantScope& t) {
  std::string sql = "SELECT COUNT(*) FROM responses r WHERE r.org_id = $1";
  SqlParams params = {t.org_id()};
  t.AppendSql("r", "employee_id", &sql, &params);
  ASSIGN_OR_RETURN(auto n, c.QueryInt(sql, params));
  return n.value_or(0);
}

Status MomentStore::ScanAllResponses(SqlConn& c, const SystemScope& all,
                                     const std::function<void(const ResponseRecord&)>& fn) {
  return ScanResponsesAfter(c, all, 0, fn);
}

Status MomentStore::ScanResponsesAfter(SqlConn& c, const SystemScope&, int64_t after_id,
                                       const std::function<void(const ResponseRecord&)>& fn) {
  int64_t after = after_id;
  for (;;) {
    ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kResponseCols +
                                            " FROM responses r WHERE r.id > $1 ORDER BY r.id "
                                            "LIMIT 50000",
                                        {after}));
    if (rows.empty()) return Status::Ok();
    for (auto& row : rows) {
      ResponseRecord rec = ResponseFromRow(row);
      after = rec.id;
      fn(rec);
    }
  }
}

Status MomentStore::ScanOrgResponses(SqlConn& c, const TenantScope& t,
                                     const std::function<void(const ResponseRecord&)>& fn) {
  int64_t after = 0;
  for (;;) {
    ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kResponseCols +
                                            " FROM responses r WHERE r.org_id = $1 AND r.id > $2 "
                                            "ORDER BY r.id LIMIT 50000",
                                        {t.org_id(), after}));
    if (rows.empty()) return Status::Ok();
    for (auto& row : rows) {
      ResponseRecord rec = ResponseFromRow(row);
      after = rec.id;
      fn(rec);
    }
  }
}

Result<int64_t> MomentStore::LastResponseId(SqlConn& c, const SystemScope&) {
  ASSIGN_OR_RETURN(auto id, c.QueryInt("SELECT MAX(id) FROM responses"));
  return id.value_or(0);
}

}  // namespace beleving::store
