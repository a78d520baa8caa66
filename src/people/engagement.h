// Engagement beside experience: per team, the pulse's eNPS next to the NPS
// of the team's customers in the same period, and how closely the two move
// together across teams (Pearson r with its Fisher-z interval,
// people/correlation.h).
//
// Rules
// - The caller needs CanRead; a manager sees their teams.
// - The period is widened to whole months (the pulse's unit, so eNPS and NPS
//   cover the same months); without from/to, all time.
// - A team takes part when it has at least kMinPulseGroup published pulse
//   answers (people/pulse_anonymity.h) AND at least kMinPulseGroup customer
//   NPS answers in the period; the correlation is over those teams.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "people/correlation.h"
#include "people/pulse.h"

namespace beleving::people {

struct TeamEngagement {
  int64_t team_id = 0;
  std::string team;
  PulseScore pulse;
  PulseScore customers;  // the customers' NPS (same formula, same interval)
};

struct EngagementView {
  std::optional<int> from_month, to_month;
  std::vector<TeamEngagement> teams;       // by team key
  std::optional<Correlation> correlation;  // eNPS vs NPS; nullopt below 3 teams
};

class Engagement {
 public:
  Engagement(store::Database& db, Pulse& pulse) : db_(db), pulse_(pulse) {}
  Result<EngagementView> BesideExperience(const security::Principal& who,
                                          const PulsePeriod& period);

 private:
  store::Database& db_;
  Pulse& pulse_;
};

}  // namespace beleving::people
