// Moment outcomes: which moments win or lose the sale. Per group of
// interactions (touchpoint, team, location, employee, channel, survey or a
// customer attribute): how many interactions, the share with a given
// outcome ("bought" by default), that share per NPS band of the linked
// response (does a 10 buy more than a 7?), and the value of the outcomes.
//
// Outcomes are stored with the interaction (store/outcome_store.h), at
// ingest or later through RecordOutcomes.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/outcome_store.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::outcomes {

// The interactions of one band (or of the whole group) and how many of them
// have the outcome; rate = with_outcome / interactions, nullopt when there
// are no interactions.
struct Share {
  int64_t interactions = 0;
  int64_t with_outcome = 0;
  std::optional<double> rate() const {
    if (interactions == 0) return std::nullopt;
    return static_cast<double>(with_outcome) / static_cast<double>(interactions);
  }
};

struct OutcomeGroupRow {
  std::string group;  // the group's key; "" = interactions without one
  Share all;
  // By the NPS of the linked response: detractor 0-6, passive 7-8,
  // promoter 9-10. Interactions without a scored response are in no band.
  Share detractor, passive, promoter;
  int64_t value_cents = 0;  // sum of the values of the interactions with the outcome
};

// Groups `rows` (as OutcomeStore::Rows gives them) by their group key,
// sorted by key, counting `outcome`.
std::vector<OutcomeGroupRow> ComputeOutcomes(std::span<const store::OutcomeRow> rows,
                                             std::string_view outcome);

struct OutcomesQuery {
  // "touchpoint", "team", "location", "employee", "channel", "survey" or
  // "customer.KEY".
  std::string group_by = "touchpoint";
  std::string outcome = "bought";
  std::optional<UnixSeconds> from, to;
};

// Reads the scope's interactions and computes the rows. InvalidArgument
// naming "/group_by" or "/outcome" for a bad query; a customer.KEY the
// organisation never used gives one group "" holding every interaction.
Result<std::vector<OutcomeGroupRow>> OutcomesBy(store::Database& db, const store::TenantScope& t,
                                                const OutcomesQuery& q);

// Sets outcomes later, by the interactions' external ids, in one durable
// write: all or nothing (errors as OutcomeStore::SetByExternalId).
Status RecordOutcomes(store::Database& db, const store::TenantScope& t,
                      const std::vector<store::OutcomeEvent>& events);

}  // namespace beleving::outcomes
