// The overview's figures: how the caller's part of the organisation is doing
// over the last twelve months, and what needs attention first. Computed by
// InsightService::Overview (insight/overview.cc) within the caller's view;
// web/overview_page.cc only draws them.
//
// The rules behind the figures
// - Trend: NPS per period (month or ISO week) in the organisation's time
//   zone; the running period is the last point and still filling up.
// - Movers: touchpoints and teams whose NPS changed most between the last
//   two finished periods (never the running one), with at least
//   kMoverMinAnswers answers in both; the kMaxMovers largest changes.
// - Weakest moment: the touchpoint with the lowest NPS among those with at
//   least kFewAnswers answers.
// - Least consistent team: the team (with kFewAnswers scores or more) whose
//   spread is largest, shown only when it exceeds 1.25 x the median team's
//   and there are more than two teams.
// - Disappointed returning customers: the share of scores 3 or more points
//   below the same customer's best earlier score.
// - Open cases (newest first) and open promises due within two days.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "engine/engine.h"
#include "store/dashboard_store.h"

namespace beleving::insight {

// The overview's periods (?period=).
inline constexpr std::array<std::string_view, 2> kPeriods = {"month", "week"};
inline constexpr int64_t kOverviewDays = 365;
inline constexpr int64_t kFewAnswers = 30;
inline constexpr int64_t kMoverMinAnswers = 10;
inline constexpr size_t kMaxMovers = 5;
inline constexpr int64_t kPromiseRiskSeconds = 2 * 86400;
// Open cases and promises read; more show as "1000+".
inline constexpr int kMaxListed = 1000;

struct OverviewInput {
  std::string_view period = "month";  // one of kPeriods
};

// The local day (days since 1970-01-01) on which the period (`month` or
// `week`) holding `now` began in `tz`: that period is still running.
int64_t RunningPeriod(std::string_view period, UnixSeconds now, const TimeZone& tz);

struct Mover {
  int64_t id = 0;  // touchpoint or team
  double delta = 0;
  int64_t n_prev = 0, n_last = 0;
  double last = 0;  // NPS in the last finished period
};

struct WeakestMoment {
  int64_t touchpoint = 0;
  double nps = 0;
  int64_t answers = 0, detractors = 0;
};

struct LeastConsistentTeam {
  int64_t team = 0;
  double stddev = 0, median_stddev = 0, share_below = 0;
};

struct OverviewFigures {
  UnixSeconds from = 0, now = 0;
  std::string_view period = "month";
  engine::ScoreMeasures total;
  int64_t interactions = 0;     // contact moments in the same period (response rate)
  engine::MeasureResult trend;  // by period
  engine::MeasureResult heat;   // by touchpoint, channel
  int64_t running_period = 0;   // the key of the period still filling up
  // The last two finished periods and their movers (when there are two).
  std::optional<int64_t> previous_period, last_period;
  std::vector<Mover> touchpoint_movers, team_movers;
  std::optional<WeakestMoment> weakest_moment;
  std::optional<LeastConsistentTeam> least_consistent_team;
  std::optional<engine::RatchetRow> disappointed;
  std::vector<store::CaseRow> open_cases;  // newest first, at most kMaxListed
  std::vector<store::PromiseRow> promises_at_risk;
};

}  // namespace beleving::insight
