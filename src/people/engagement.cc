#include "people/engagement.h"

#include <array>
#include <limits>
#include <map>

#include "people/pulse_anonymity.h"
#include "store/people_store.h"

namespace beleving::people {

Result<EngagementView> Engagement::BesideExperience(const security::Principal& who,
                                                    const PulsePeriod& period) {
  ASSIGN_OR_RETURN(PulseResults pulse, pulse_.Results(who, period));
  EngagementView out;
  out.from_month = pulse.from_month;
  out.to_month = pulse.to_month;
  const UnixSeconds from = pulse.from_month ? store::MonthStart(*pulse.from_month) : 0;
  const UnixSeconds to =
      pulse.to_month ? store::MonthEnd(*pulse.to_month) : std::numeric_limits<UnixSeconds>::max();
  std::vector<std::pair<int64_t, int>> scores;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(scores, store::PeopleStore::TeamNpsScores(c, who.tenant, from, to));
    return Status::Ok();
  }));
  std::map<int64_t, std::array<int64_t, 3>> bands;  // promoters, passives, detractors
  for (const auto& [team, s] : scores) ++bands[team][s >= 9 ? 0 : s >= 7 ? 1 : 2];
  std::vector<double> x, y;
  for (const PulseTeamResult& t : pulse.groups) {
    auto b = bands.find(t.team_id);
    if (b == bands.end()) continue;
    PulseScore customers = ScoreOf(b->second[0], b->second[1], b->second[2]);
    if (t.score.n < kMinPulseGroup || customers.n < kMinPulseGroup) continue;
    out.teams.push_back({t.team_id, t.team, t.score, customers});
    x.push_back(t.score.enps);
    y.push_back(customers.enps);
  }
  out.correlation = Pearson(x, y);
  return out;
}

}  // namespace beleving::people
