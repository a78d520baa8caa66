#include "store/loop_feed_store.h"

namespace beleving::store {

Result<int64_t> LoopFeedStore::Cursor(SqlConn& c, const SystemScope&, const std::string& name) {
  ASSIGN_OR_RETURN(auto v, c.QueryInt("SELECT last_id FROM loop_cursors WHERE name = $1", {name}));
  return v.value_or(0);
}

Status LoopFeedStore::SetCursor(SqlConn& c, const SystemScope&, const std::string& name,
                                int64_t last_id) {
  return c
      .Exec(
          "INSERT INTO loop_cursors (name, last_id) VALUES ($1, $2) ON CONFLICT (name) DO "
          "UPDATE SET last_id = excluded.last_id",
          {name, last_id})
      .status();
}

Result<int64_t> LoopFeedStore::MaxResponseId(SqlConn& c, const SystemScope&) {
  ASSIGN_OR_RETURN(auto v, c.QueryInt("SELECT MAX(id) FROM responses"));
  return v.value_or(0);
}

Result<int64_t> LoopFeedStore::MaxInteractionId(SqlConn& c, const SystemScope&) {
  ASSIGN_OR_RETURN(auto v, c.QueryInt("SELECT MAX(id) FROM interactions"));
  return v.value_or(0);
}

Result<std::vector<LoopResponse>> LoopFeedStore::SysResponsesAfter(SqlConn& c, const SystemScope&,
                                                                   int64_t after, int limit) {
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

Result<std::vector<LoopInteraction>> LoopFeedStore::SysInteractionsAfter(SqlConn& c,
                                                                         const SystemScope&,
                                                                         int64_t after, int limit) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT i.id, i.org_id, i.customer_id, i.touchpoint_id, i.employee_id, "
                           "i.team_id, i.location_id, i.occurred_at, i.created_at, t.key, "
                           "COALESCE(i.channel, t.channel) FROM interactions i LEFT JOIN "
                           "touchpoints t ON t.id = i.touchpoint_id WHERE i.id > $1 ORDER BY i.id "
                           "LIMIT $2",
                           {after, limit}));
  std::vector<LoopInteraction> out;
  for (const auto& r : rows) {
    out.push_back({r[0].as_int(), r[1].as_int(), r[2].as_opt_int(), r[3].as_opt_int(),
                   r[4].as_opt_int(), r[5].as_opt_int(), r[6].as_opt_int(), r[7].as_int(),
                   r[8].as_int(), r[9].as_opt_text(), r[10].as_opt_text()});
  }
  return out;
}

Result<std::optional<std::string>> LoopFeedStore::SurveyDefinition(SqlConn& c, const TenantScope& t,
                                                                   int64_t survey_id) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT definition FROM surveys WHERE org_id = $1 AND id = $2",
                           {t.org_id(), survey_id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0][0].as_text());
}

}  // namespace beleving::store
