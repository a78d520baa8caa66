#include "store/survey_store.h"

namespace beleving::store {
namespace {
constexpr const char* kCols = "id, key, name, definition, created_at, updated_at, version";
SurveyRecord FromRow(const SqlRow& r) {
  return SurveyRecord{r[0].as_int(),
                      r[1].as_text(),
                      r[2].as_text(),
                      r[3].as_text(),
                      r[4].as_int(),
                      r[5].as_int(),
                      static_cast<int>(r[6].as_int())};
}
}  // namespace

Result<int64_t> SurveyStore::Create(SqlConn& c, const TenantScope& t, const SurveyRecord& s,
                                    UnixSeconds now) {
  auto rows = c.Query(
      "INSERT INTO surveys (org_id, key, name, definition, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
      {t.org_id(), s.key, s.name, s.definition, now});
  if (!rows.ok()) {
    if (rows.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExists("a survey with key '" + s.key + "' exists", "/key");
    }
    return rows.status();
  }
  return rows->front()[0].as_int();
}

Result<std::optional<SurveyRecord>> SurveyStore::ByKey(SqlConn& c, const TenantScope& t,
                                                       const std::string& key) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kCols +
                                          " FROM surveys WHERE org_id = $1 AND key = $2",
                                      {t.org_id(), key}));
  if (rows.empty()) return std::optional<SurveyRecord>();
  return std::optional<SurveyRecord>(FromRow(rows.front()));
}

Result<std::optional<SurveyRecord>> SurveyStore::ById(SqlConn& c, const TenantScope& t,
                                                      int64_t id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kCols +
                                          " FROM surveys WHERE org_id = $1 AND id = $2",
                                      {t.org_id(), id}));
  if (rows.empty()) return std::optional<SurveyRecord>();
  return std::optional<SurveyRecord>(FromRow(rows.front()));
}

Result<std::vector<SurveyRecord>> SurveyStore::List(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kCols +
                                          " FROM surveys WHERE org_id = $1 ORDER BY id",
                                      {t.org_id()}));
  std::vector<SurveyRecord> out;
  for (auto& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<bool> SurveyStore::Update(SqlConn& c, const TenantScope& t, int64_t id,
                                 const std::string& name, const std::string& definition,
                                 UnixSeconds now) {
  ASSIGN_OR_RETURN(int64_t n, c.Exec("UPDATE surveys SET version = version + CASE WHEN "
                                     "definition = $4 THEN 0 ELSE 1 END, name = $3, "
                                     "definition = $4, updated_at = $5 WHERE org_id = $1 AND "
                                     "id = $2",
                                     {t.org_id(), id, name, definition, now}));
  return n > 0;
}

Result<bool> SurveyStore::Delete(SqlConn& c, const TenantScope& t, int64_t id) {
  auto n = c.Exec("DELETE FROM surveys WHERE org_id = $1 AND id = $2", {t.org_id(), id});
  if (!n.ok()) {
    if (n.status().code() == StatusCode::kAlreadyExists) {
      return Conflict("responses, invitations, triggers or QR codes refer to this survey");
    }
    return n.status();
  }
  return *n > 0;
}

}  // namespace beleving::store
