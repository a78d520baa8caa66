// InsightService::Overview: the overview's figures (rules in overview.h).
#include "insight/overview.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "insight/insight_service.h"

namespace beleving::insight {
namespace {

// Groups whose NPS changed most between periods `prev` and `last` of `r`
// (grouped by {dimension, period}).
std::vector<Mover> Movers(const engine::MeasureResult& r, int64_t prev, int64_t last) {
  std::map<int64_t, std::pair<const engine::ScoreMeasures*, const engine::ScoreMeasures*>> by;
  for (const auto& row : r.rows) {
    if (row.key[1] == prev) by[row.key[0]].first = &row.measures;
    if (row.key[1] == last) by[row.key[0]].second = &row.measures;
  }
  std::vector<Mover> out;
  for (const auto& [id, pl] : by) {
    if (!pl.first || !pl.second || !pl.first->nps || !pl.second->nps) continue;
    if (pl.first->nps_answers < kMoverMinAnswers || pl.second->nps_answers < kMoverMinAnswers) {
      continue;
    }
    out.push_back({id, *pl.second->nps - *pl.first->nps, pl.first->nps_answers,
                   pl.second->nps_answers, *pl.second->nps});
  }
  std::stable_sort(out.begin(), out.end(), [](const Mover& a, const Mover& b) {
    return std::fabs(a.delta) > std::fabs(b.delta);
  });
  if (out.size() > kMaxMovers) out.resize(kMaxMovers);
  return out;
}

std::optional<WeakestMoment> Weakest(const engine::MeasureResult& by_touchpoint) {
  const engine::MeasureRow* worst = nullptr;
  for (const auto& r : by_touchpoint.rows) {
    if (!r.measures.nps || r.measures.nps_answers < kFewAnswers) continue;
    if (!worst || *r.measures.nps < *worst->measures.nps) worst = &r;
  }
  if (!worst) return std::nullopt;
  return WeakestMoment{worst->key[0], *worst->measures.nps, worst->measures.nps_answers,
                       worst->measures.detractors};
}

std::optional<LeastConsistentTeam> LeastConsistent(const engine::ConsistencyResult& by_team) {
  if (by_team.rows.size() <= 2) return std::nullopt;
  std::vector<double> sds;
  const engine::ConsistencyRow* worst = nullptr;
  for (const auto& r : by_team.rows) {
    sds.push_back(r.stddev);
    if (r.n >= kFewAnswers && (!worst || r.stddev > worst->stddev)) worst = &r;
  }
  std::sort(sds.begin(), sds.end());
  const double median = sds[sds.size() / 2];
  if (!worst || worst->stddev <= 1.25 * median) return std::nullopt;
  return LeastConsistentTeam{worst->key[0], worst->stddev, median, worst->share_below};
}

}  // namespace

int64_t RunningPeriod(std::string_view period, UnixSeconds now, const TimeZone& tz) {
  const int64_t local = tz.ToLocal(now);
  const int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  auto k = engine::ParseGroupKey(period);
  return k.ok() ? engine::BucketStartDay(*k, day) : day;
}

Result<OverviewFigures> InsightService::Overview(const security::Principal& who,
                                                 const OverviewInput& in) {
  if (std::find(kPeriods.begin(), kPeriods.end(), in.period) == kPeriods.end()) {
    return InvalidArgument("period must be month or week", "/query/period");
  }
  OverviewFigures o;
  o.period = in.period == "week" ? kPeriods[1] : kPeriods[0];
  o.now = clock_.Now();
  o.from = o.now - kOverviewDays * 86400;
  Slice year;
  year.from = o.from;
  const std::string period(o.period);
  ASSIGN_OR_RETURN(auto total, Measures(who, year, {}));
  o.total = total.rows[0].measures;
  ASSIGN_OR_RETURN(o.trend, Measures(who, year, {period}));
  ASSIGN_OR_RETURN(o.heat, Measures(who, year, {"touchpoint", "channel"}));
  ASSIGN_OR_RETURN(auto tp_moves, Measures(who, year, {"touchpoint", period}));
  ASSIGN_OR_RETURN(auto team_moves, Measures(who, year, {"team", period}));

  // Biggest movers between the last two finished periods: the running one
  // is still filling up and never produces a mover.
  o.running_period = RunningPeriod(o.period, o.now, Zone(who));
  std::vector<int64_t> finished;
  for (const auto& row : o.trend.rows) {
    if (row.key.back() < o.running_period) finished.push_back(row.key.back());
  }
  if (finished.size() >= 2) {
    o.last_period = finished.back();
    o.previous_period = finished[finished.size() - 2];
    o.touchpoint_movers = Movers(tp_moves, *o.previous_period, *o.last_period);
    o.team_movers = Movers(team_moves, *o.previous_period, *o.last_period);
  }

  // What to act on first.
  ASSIGN_OR_RETURN(auto by_touchpoint, Measures(who, year, {"touchpoint"}));
  o.weakest_moment = Weakest(by_touchpoint);
  ASSIGN_OR_RETURN(auto by_team, Consistency(who, year, {"team"}));
  o.least_consistent_team = LeastConsistent(by_team);
  ASSIGN_OR_RETURN(auto ratchet, Ratchet(who, year, {}));
  if (!ratchet.result.rows.empty() && ratchet.result.rows[0].share) {
    o.disappointed = ratchet.result.rows[0];
  }

  // The loop: open cases, promises at risk, and the response rate's base.
  std::vector<store::PromiseRow> open_promises;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(o.interactions,
                     store::DashboardStore::CountInteractions(c, who.tenant, o.from, o.now + 1));
    ASSIGN_OR_RETURN(o.open_cases, store::DashboardStore::Cases(c, who.tenant, true, kMaxListed));
    ASSIGN_OR_RETURN(open_promises, store::DashboardStore::OpenPromises(c, who.tenant, 500));
    return Status::Ok();
  }));
  for (auto& p : open_promises) {
    if (p.due_at < o.now + kPromiseRiskSeconds) o.promises_at_risk.push_back(std::move(p));
  }
  return o;
}

}  // namespace beleving::insight
