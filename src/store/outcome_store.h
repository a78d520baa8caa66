// The outcome of a moment of truth: what the customer decided after an
// interaction (bought, stayed, left), with a value, set when the interaction
// is stored or later by an event from the organisation's systems.
//
// An outcome is one of kBuiltInOutcomes or an organisation's own key
// ([a-z0-9_]{1,32}); the value is an amount in hundredths of the currency
// unit (125.50 -> 12550); `at` is when it happened (unix seconds).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

inline constexpr std::array<std::string_view, 6> kBuiltInOutcomes = {
    "bought", "not_bought", "cancelled", "returned", "renewed", "churned"};

// [a-z0-9_]{1,32}: a built-in outcome or an organisation's own.
bool IsValidOutcome(std::string_view outcome);

struct OutcomeEvent {
  std::string interaction;  // the interaction's external id
  std::string outcome;
  std::optional<int64_t> value_cents;
  std::optional<UnixSeconds> at;
};

// What interactions are grouped by. kSurvey: the survey of the latest
// linked response; kCustomerAttribute: the customer's current value of the
// attribute in `attribute_slot` (store/attribute_store.h).
enum class OutcomeGrouping {
  kTouchpoint,
  kTeam,
  kLocation,
  kEmployee,
  kChannel,
  kSurvey,
  kCustomerAttribute
};

struct OutcomeRowsQuery {
  OutcomeGrouping group_by = OutcomeGrouping::kTouchpoint;
  int attribute_slot = 0;               // kCustomerAttribute
  std::optional<UnixSeconds> from, to;  // occurred_at in [from, to)
};

// One interaction as the outcome analysis sees it.
struct OutcomeRow {
  std::string
      group;  // the group's key (dimension or survey key, channel, attribute value); "" none
  std::optional<std::string> outcome;
  std::optional<int64_t> value_cents;
  std::optional<int> nps;  // of the latest linked response that has a score
};

class OutcomeStore {
 public:
  // Sets (or replaces) an interaction's outcome. Returns false when the
  // interaction is not in this scope. The outcome must be valid
  // (InvalidArgument naming "/outcome").
  static Result<bool> Set(SqlConn& c, const TenantScope& t, int64_t interaction_id,
                          const std::string& outcome, std::optional<int64_t> value_cents,
                          std::optional<UnixSeconds> at);
  // Sets outcomes by external id, all or nothing: an unknown interaction is
  // InvalidArgument naming "/outcomes/N/interaction", a bad outcome
  // "/outcomes/N/outcome".
  static Status SetByExternalId(SqlConn& c, const TenantScope& t,
                                const std::vector<OutcomeEvent>& events);
  // The interactions of the scope, grouped as asked, in id order.
  static Result<std::vector<OutcomeRow>> Rows(SqlConn& c, const TenantScope& t,
                                              const OutcomeRowsQuery& q);
};

}  // namespace beleving::store
