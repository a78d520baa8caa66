// Moment outcomes: which moments win or lose the sale. Per group of
// interactions (touchpoint, team, location, employee, channel, survey or a
// customer attribute): how many interactions, the share with a given
// outcome ("bought" by default), that share per NPS band of the linked
// response (does a 10 buy more than a 7?), and the value of the outcomes.
//
// Outcomes are stored with the interaction (store/outcome_store.h), at
// ingest or later through Outcomes::Record.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "security/principal.h"
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

// The outcomes every organisation has (an organisation may record its own
// keys too).
using store::kBuiltInOutcomes;

// The moments whose experience most changes the outcome: per group, the
// outcome rate of its promoters minus that of its detractors (a fraction,
// -1..1), with both bands' sizes. Only groups with at least `min_band`
// interactions in each band take part (a difference between two tiny bands
// says nothing); the largest difference (by absolute value) first, ties by
// group key.
struct ExperienceEffect {
  std::string group;
  double difference = 0;  // promoter rate - detractor rate
  int64_t promoters = 0, detractors = 0;
};
inline constexpr int64_t kEffectMinBand = 5;
std::vector<ExperienceEffect> RankByExperience(std::span<const OutcomeGroupRow> rows,
                                               int64_t min_band = kEffectMinBand);

struct OutcomesQuery {
  // "touchpoint", "team", "location", "employee", "channel", "survey" or
  // "customer.KEY".
  std::string group_by = "touchpoint";
  std::string outcome = "bought";
  std::optional<UnixSeconds> from, to;
};

// Moment outcomes as a service. Reading needs a caller who may read
// (Principal::CanRead) and counts the interactions in the caller's scope;
// recording needs the ingest scope (Principal::CanIngest: an ingest or
// admin key, an admin or consultant session), and is
// one transaction with its audit entry ("update outcomes:N", with the
// caller's actor). PermissionDenied otherwise.
//
// Thread safety: stateless over a thread-safe Database.
class Outcomes {
 public:
  Outcomes(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The rows of `q`. InvalidArgument naming "/group_by" or "/outcome" for a
  // bad query; a customer.KEY the organisation never used gives one group ""
  // holding every interaction.
  Result<std::vector<OutcomeGroupRow>> By(const security::Principal& who,
                                          const OutcomesQuery& q) const;

  // Sets outcomes later, by the interactions' external ids, in one durable
  // write: all or nothing (errors as OutcomeStore::SetByExternalId).
  Status Record(const security::Principal& who,
                const std::vector<store::OutcomeEvent>& events) const;

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace beleving::outcomes
