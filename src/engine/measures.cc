#include "engine/measures.h"

#include <algorithm>
#include <cmath>

namespace beleving::engine {

void AnswerCounts::Add(const AnswerCounts& o) {
  responses += o.responses;
  for (size_t i = 0; i < nps.size(); ++i) nps[i] += o.nps[i];
  for (size_t i = 0; i < csat.size(); ++i) csat[i] += o.csat[i];
  for (size_t i = 0; i < ces.size(); ++i) ces[i] += o.ces[i];
}

NpsInterval NpsInterval95(double promoters, double passives, double detractors) {
  constexpr double kZ95 = 1.959963984540054;
  constexpr double kPseudo = 1;  // per category; see docs/ranking.md
  const double n = std::max(0.0, promoters + passives + detractors);
  const double a = n + 3 * kPseudo;
  const double p = (std::max(0.0, promoters) + kPseudo) / a;
  const double d = (std::max(0.0, detractors) + kPseudo) / a;
  const double centre = 100 * (p - d);
  const double half = kZ95 * 100 * std::sqrt(std::max(0.0, p + d - (p - d) * (p - d)) / a);
  NpsInterval ci{centre - half, centre + half};
  if (n > 0) {
    const double observed = 100 * (promoters - detractors) / n;
    ci.low = std::min(ci.low, observed);
    ci.high = std::max(ci.high, observed);
  }
  ci.low = std::clamp(ci.low, -100.0, 100.0);
  ci.high = std::clamp(ci.high, -100.0, 100.0);
  return ci;
}

std::optional<NpsEstimate> NpsWithCi(int64_t promoters, int64_t passives, int64_t detractors) {
  const int64_t n = promoters + passives + detractors;
  if (n <= 0) return std::nullopt;
  NpsEstimate e;
  // Same expression as the SQL peers: exact integer difference, then doubles.
  e.nps = static_cast<double>(promoters - detractors) * 100 / static_cast<double>(n);
  const NpsInterval ci =
      NpsInterval95(static_cast<double>(promoters), static_cast<double>(passives),
                    static_cast<double>(detractors));
  e.ci_low = ci.low;
  e.ci_high = ci.high;
  return e;
}

ScoreMeasures ComputeScoreMeasures(const AnswerCounts& c) {
  ScoreMeasures m;
  m.count = c.responses;
  m.distribution = c.nps;
  for (int s = 0; s <= 10; ++s) {
    const int64_t k = c.nps[static_cast<size_t>(s)];
    m.nps_answers += k;
    m.score_sum += k * s;
    m.score_sum_sq += k * s * s;
    if (s >= 9) {
      m.promoters += k;
    } else if (s >= 7) {
      m.passives += k;
    } else {
      m.detractors += k;
    }
  }
  m.tens = c.nps[10];
  if (auto e = NpsWithCi(m.promoters, m.passives, m.detractors)) {
    m.nps = e->nps;
    m.nps_ci_low = e->ci_low;
    m.nps_ci_high = e->ci_high;
    const auto n = static_cast<double>(m.nps_answers);
    m.share_tens = static_cast<double>(m.tens) * 100 / n;
    m.mean_score = static_cast<double>(m.score_sum) / n;
  }
  for (int s = 1; s <= 5; ++s) {
    m.csat_answers += c.csat[static_cast<size_t>(s)];
    if (s >= 4) m.csat_satisfied += c.csat[static_cast<size_t>(s)];
  }
  if (m.csat_answers > 0) {
    m.csat = static_cast<double>(m.csat_satisfied) * 100 / static_cast<double>(m.csat_answers);
  }
  int64_t ces_sum = 0, ces_easy = 0;
  for (int s = 1; s <= 7; ++s) {
    const int64_t k = c.ces[static_cast<size_t>(s)];
    m.ces_answers += k;
    ces_sum += k * s;
    if (s >= 5) ces_easy += k;
  }
  if (m.ces_answers > 0) {
    m.ces_mean = static_cast<double>(ces_sum) / static_cast<double>(m.ces_answers);
    m.ces_easy_share = static_cast<double>(ces_easy) * 100 / static_cast<double>(m.ces_answers);
  }
  return m;
}

double ScoreQuantile(const std::array<int64_t, 11>& dist, double p) {
  int64_t n = 0;
  for (int64_t k : dist) n += k;
  const double h = static_cast<double>(n - 1) * p;
  const auto lo = static_cast<int64_t>(std::floor(h));
  const double frac = h - static_cast<double>(lo);
  // Value of the order statistic with 0-based index i.
  auto at = [&](int64_t i) {
    int64_t seen = 0;
    for (int s = 0; s <= 10; ++s) {
      seen += dist[static_cast<size_t>(s)];
      if (i < seen) return static_cast<double>(s);
    }
    return 10.0;
  };
  const double a = at(lo);
  if (frac == 0) return a;
  return a + frac * (at(std::min(lo + 1, n - 1)) - a);
}

std::optional<ScoreSpread> ComputeScoreSpread(const std::array<int64_t, 11>& dist, int standard) {
  int64_t n = 0, sum = 0, sum_sq = 0, below = 0;
  for (int s = 0; s <= 10; ++s) {
    const int64_t k = dist[static_cast<size_t>(s)];
    n += k;
    sum += k * s;
    sum_sq += k * s * s;
    if (s < standard) below += k;
  }
  if (n == 0) return std::nullopt;
  ScoreSpread r;
  const auto nd = static_cast<double>(n);
  r.stddev = std::sqrt(std::max(0.0, static_cast<double>(n * sum_sq - sum * sum)) / (nd * nd));
  r.q1 = ScoreQuantile(dist, 0.25);
  r.q3 = ScoreQuantile(dist, 0.75);
  r.iqr = r.q3 - r.q1;
  r.share_below = static_cast<double>(below) / nd;
  return r;
}

}  // namespace beleving::engine
