#include "store/outcome_store.h"

#include <algorithm>

namespace beleving::store {

bool IsValidOutcome(std::string_view outcome) {
  if (outcome.empty() || outcome.size() > 32) return false;
  return std::all_of(outcome.begin(), outcome.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

Result<bool> OutcomeStore::Set(SqlConn& c, const TenantScope& t, int64_t interaction_id,
                               const std::string& outcome, std::optional<int64_t> value_cents,
                               std::optional<UnixSeconds> at) {
  if (!IsValidOutcome(outcome)) {
    return InvalidArgument("an outcome is 1-32 of a-z, 0-9 and _", "/outcome");
  }
  std::string sql =
      "UPDATE interactions SET outcome = $3, outcome_value_cents = $4, outcome_at = $5 "
      "WHERE org_id = $1 AND id = $2";
  SqlParams params = {t.org_id(), interaction_id, outcome, value_cents, at};
  t.AppendSql("", "employee_id", &sql, &params);
  ASSIGN_OR_RETURN(int64_t n, c.Exec(sql, params));
  return n > 0;
}

Status OutcomeStore::SetByExternalId(SqlConn& c, const TenantScope& t,
                                     const std::vector<OutcomeEvent>& events) {
  for (size_t i = 0; i < events.size(); ++i) {
    const OutcomeEvent& e = events[i];
    const std::string ptr = "/outcomes/" + std::to_string(i);
    if (!IsValidOutcome(e.outcome)) {
      return InvalidArgument("an outcome is 1-32 of a-z, 0-9 and _", ptr + "/outcome");
    }
    ASSIGN_OR_RETURN(auto id, c.QueryInt("SELECT id FROM interactions WHERE org_id = $1 AND "
                                         "external_id = $2",
                                         {t.org_id(), e.interaction}));
    if (!id) {
      return InvalidArgument(
          "no interaction with external id '" + e.interaction.substr(0, 200) + "'",
          ptr + "/interaction");
    }
    ASSIGN_OR_RETURN(bool set, Set(c, t, *id, e.outcome, e.value_cents, e.at));
    if (!set) return InvalidArgument("no such interaction in your scope", ptr + "/interaction");
  }
  return Status::Ok();
}

Result<std::vector<OutcomeRow>> OutcomeStore::Rows(SqlConn& c, const TenantScope& t,
                                                   const OutcomeRowsQuery& q) {
  SqlParams params = {t.org_id()};
  std::string group, joins;
  auto dimension = [&](const char* table, const char* column) {
    group = "g.key";
    joins = std::string(" LEFT JOIN ") + table + " g ON g.id = i." + column;
  };
  switch (q.group_by) {
    case OutcomeGrouping::kTouchpoint:
      dimension("touchpoints", "touchpoint_id");
      break;
    case OutcomeGrouping::kTeam:
      dimension("teams", "team_id");
      break;
    case OutcomeGrouping::kLocation:
      dimension("locations", "location_id");
      break;
    case OutcomeGrouping::kEmployee:
      dimension("employees", "employee_id");
      break;
    case OutcomeGrouping::kChannel:
      group = "i.channel";
      break;
    case OutcomeGrouping::kSurvey:
      group =
          "(SELECT s.key FROM responses r JOIN surveys s ON s.id = r.survey_id WHERE "
          "r.interaction_id = i.id ORDER BY r.id DESC LIMIT 1)";
      break;
    case OutcomeGrouping::kCustomerAttribute:
      params.push_back(q.attribute_slot);
      group = "v.value";
      joins =
          " LEFT JOIN customer_attributes ca ON ca.customer_id = i.customer_id AND ca.key_id = "
          "(SELECT k.id FROM attribute_keys k WHERE k.org_id = $1 AND k.slot = $2) "
          "LEFT JOIN attribute_values v ON v.id = ca.value_id";
      break;
  }
  std::string sql = "SELECT " + group +
                    ", i.outcome, i.outcome_value_cents, (SELECT r.nps FROM responses r WHERE "
                    "r.interaction_id = i.id AND r.nps IS NOT NULL ORDER BY r.id DESC LIMIT 1) "
                    "FROM interactions i" +
                    joins + " WHERE i.org_id = $1";
  if (q.from) {
    params.push_back(*q.from);
    sql += " AND i.occurred_at >= $" + std::to_string(params.size());
  }
  if (q.to) {
    params.push_back(*q.to);
    sql += " AND i.occurred_at < $" + std::to_string(params.size());
  }
  t.AppendSql("i", "employee_id", &sql, &params);
  sql += " ORDER BY i.id";
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<OutcomeRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    OutcomeRow o;
    o.group = r[0].as_text();
    o.outcome = r[1].as_opt_text();
    o.value_cents = r[2].as_opt_int();
    if (!r[3].is_null()) o.nps = static_cast<int>(r[3].as_int());
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace beleving::store
