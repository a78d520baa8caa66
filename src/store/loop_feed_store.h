// What the loop's background tick reads (loop/loop_tick.h): responses and
// interactions committed since its watermarks (loop_cursors), across
// organisations, with the facts the tick decides on (the customer's best
// earlier score, whether a response was imported).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

// A response as the loop's tick sees it.
struct LoopResponse {
  int64_t id = 0, org_id = 0;
  std::optional<int64_t> survey_id, interaction_id, customer_id, team_id, location_id, employee_id;
  std::optional<int> nps;
  std::optional<std::string> comment;
  UnixSeconds submitted_at = 0;
  std::optional<int> best_previous_nps;  // the customer's best earlier score
  UnixSeconds created_at = 0;            // when it was stored
  bool imported = false;                 // from a file import (capture/history.h)
};

struct LoopInteraction {
  int64_t id = 0, org_id = 0;
  std::optional<int64_t> customer_id, touchpoint_id, employee_id, team_id, location_id;
  UnixSeconds occurred_at = 0;
  UnixSeconds created_at = 0;  // when it was stored
  std::optional<std::string> touchpoint_key;
  std::optional<std::string> channel;  // its own, else its touchpoint's
};

class LoopFeedStore {
 public:
  // The last id the tick handled of `name` ("responses", "interactions").
  static Result<int64_t> Cursor(SqlConn& c, const SystemScope& all, const std::string& name);
  static Status SetCursor(SqlConn& c, const SystemScope& all, const std::string& name,
                          int64_t last_id);
  static Result<int64_t> MaxResponseId(SqlConn& c, const SystemScope& all);
  static Result<int64_t> MaxInteractionId(SqlConn& c, const SystemScope& all);
  // Ascending ids after `after`.
  static Result<std::vector<LoopResponse>> SysResponsesAfter(SqlConn& c, const SystemScope& all,
                                                             int64_t after, int limit);
  static Result<std::vector<LoopInteraction>> SysInteractionsAfter(SqlConn& c,
                                                                   const SystemScope& all,
                                                                   int64_t after, int limit);
  // The survey's definition JSON, if the org has that survey.
  static Result<std::optional<std::string>> SurveyDefinition(SqlConn& c, const TenantScope& t,
                                                             int64_t survey_id);
};

}  // namespace beleving::store
