// The team pulse (eNPS): anonymous answers of employees about their team,
// collected through the product's own links (people/pulse_rounds.h) or
// elsewhere and sent in (Ingest), and their results per team, published
// under the rule of people/pulse_anonymity.h.
//
// Rules
// - Ingest needs a caller who may ingest (Principal::CanIngest). Each answer
//   names a team of the organisation by key (else InvalidArgument naming
//   "/answers/N/team"), an eNPS 0..10 ("/answers/N/enps") and at most
//   kMaxPulseComment bytes of comment ("/answers/N/comment"). All or nothing,
//   one transaction with one audit entry ("ingest pulse_answers:N"); no
//   answer carries an employee.
// - Results need a caller who may read (Principal::CanRead); a manager sees
//   the teams in their scope, an employee none. The period is widened to
//   whole months; `to` must be after `from` ("/to"). Reading may publish new
//   blocks (a write), so two callers see the same blocks.
// - eNPS is NPS over the answers (promoters 9-10 minus detractors 0-6, in
//   points), with the engine's interval (engine::NpsWithCi).
//
// Thread safety: stateless over a thread-safe Database.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "security/principal.h"
#include "store/sql.h"

namespace beleving::people {

inline constexpr size_t kMaxPulseComment = 2000;
inline constexpr size_t kMaxPulseBatch = 10'000;

struct PulseAnswerInput {
  std::string team;  // the team's key
  UnixSeconds answered_at = 0;
  int enps = 0;  // 0..10
  std::optional<std::string> comment;
};

struct PulsePeriod {
  std::optional<UnixSeconds> from, to;  // [from, to), widened to whole months
};

// eNPS of a set of answers.
struct PulseScore {
  int64_t n = 0, promoters = 0, passives = 0, detractors = 0;
  double enps = 0, ci_low = 0, ci_high = 0;
};

struct PulseMonth {
  int month = 0;  // YYYYMM
  PulseScore score;
};

struct PulseTeamResult {
  int64_t team_id = 0;
  std::string team;  // key
  PulseScore score;
  std::vector<PulseMonth> trend;  // the published months, ascending
};

struct PulseResults {
  std::optional<int> from_month, to_month;  // the widened period (none: all)
  std::vector<PulseTeamResult> groups;      // by team key
  int64_t suppressed = 0;  // teams with answers in the period but no published block
};

class Pulse {
 public:
  Pulse(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Stores the answers; returns how many.
  Result<int64_t> Ingest(const security::Principal& who, std::span<const PulseAnswerInput> answers);
  Result<PulseResults> Results(const security::Principal& who, const PulsePeriod& period);

 private:
  store::Database& db_;
  const Clock& clock_;
};

// The score of counts (n = promoters + passives + detractors > 0).
PulseScore ScoreOf(int64_t promoters, int64_t passives, int64_t detractors);

}  // namespace beleving::people
