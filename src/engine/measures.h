// Score measures and the arithmetic behind them: pure functions of answer
// counts, shared by every engine query (and usable on their own).
//
// NPS = 100 * (promoters - detractors) / n over the NPS answers (promoter
// 9-10, passive 7-8, detractor 0-6). Its 95% interval is NpsInterval95: a
// Wald interval after adding one pseudo-answer to each of the three
// categories, chosen by an exact coverage study for n = 1..100
// (docs/ranking.md, "Intervals for small groups"; the plain Wald interval
// has zero width at n = 1). Every NPS interval the engine reports (metrics,
// fair ranking, pages) comes from this one function.
// Measures that are undefined for a group (no answers) are std::nullopt.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace beleving::engine {

// Answer counts of one group: the 0..10 distribution plus CSAT (1..5) and
// CES (1..7) distributions. Index 0 of csat/ces is unused.
struct AnswerCounts {
  int64_t responses = 0;          // all responses in the group
  std::array<int64_t, 11> nps{};  // nps[s] = answers with score s
  std::array<int64_t, 6> csat{};
  std::array<int64_t, 8> ces{};

  void Add(const AnswerCounts& o);
};

struct NpsEstimate {
  double nps = 0, ci_low = 0, ci_high = 0;
};

// The 95% interval of NPS from (promoter, passive, detractor) counts, which
// may be fractional (the fair ranking passes posterior pseudo-counts):
//   p = (P + 1) / (n + 3), d = (D + 1) / (n + 3),
//   NPS~ = 100 (p - d),  Var = 100^2 [p + d - (p - d)^2] / (n + 3),
//   [NPS~ -/+ 1.96 sqrt(Var)], widened to hold 100 (P - D) / n and clamped
//   to [-100, 100]. Never zero width; defined for n = 0 (then [-92, 92]).
struct NpsInterval {
  double low = 0, high = 0;
};
NpsInterval NpsInterval95(double promoters, double passives, double detractors);

// From promoter/passive/detractor counts: the observed NPS and its
// NpsInterval95; nullopt when their sum is 0.
std::optional<NpsEstimate> NpsWithCi(int64_t promoters, int64_t passives, int64_t detractors);

struct ScoreMeasures {
  int64_t count = 0;  // responses in the group
  int64_t nps_answers = 0, promoters = 0, passives = 0, detractors = 0, tens = 0;
  std::array<int64_t, 11> distribution{};  // 0..10 score counts
  std::optional<double> nps, nps_ci_low, nps_ci_high;
  std::optional<double> share_tens;  // % of NPS answers that are 10
  std::optional<double> mean_score;  // mean 0..10 score
  int64_t csat_answers = 0, csat_satisfied = 0;
  std::optional<double> csat;  // % of CSAT answers that are 4-5
  int64_t ces_answers = 0;
  // CES runs 1 = very difficult (a lot of effort) .. 7 = very easy (little
  // effort); survey/starter.cc labels its scale the same way.
  std::optional<double> ces_mean;        // mean 1..7, higher is easier
  std::optional<double> ces_easy_share;  // % of CES answers that are 5-7 (easy)
  // Exact integer sums of the 0..10 score (for variance etc.).
  int64_t score_sum = 0, score_sum_sq = 0;
};

ScoreMeasures ComputeScoreMeasures(const AnswerCounts& counts);

// Spread of the 0..10 scores given their distribution.
struct ScoreSpread {
  double stddev = 0;       // population standard deviation
  double q1 = 0, q3 = 0;   // quartiles, linear interpolation between order
  double iqr = 0;          //   statistics at h = (n-1)p ("type 7")
  double share_below = 0;  // fraction of scores < standard
};
std::optional<ScoreSpread> ComputeScoreSpread(const std::array<int64_t, 11>& distribution,
                                              int standard);

// The p-quantile (0..1) of the scores, type 7; requires at least one score.
double ScoreQuantile(const std::array<int64_t, 11>& distribution, double p);

}  // namespace beleving::engine
