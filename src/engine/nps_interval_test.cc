// The coverage study behind NpsInterval95 (docs/ranking.md, "Intervals for
// small groups"). For each n in the table and each true (promoter, detractor)
// share on a grid, the exact coverage of a 95% interval method is the sum of
// the multinomial probabilities of the outcomes whose interval holds the true
// NPS: every outcome (P, passive, D) with P + passive + D = n is enumerated,
// so there is no simulation noise. Prints the table:
//   build/beleving_unit_tests --gtest_filter='NpsIntervalCoverage.*'
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "engine/measures.h"

namespace beleving::engine {
namespace {

constexpr double kZ = 1.959963984540054;
const std::vector<int> kNs = {1, 2, 3, 5, 10, 20, 30, 50, 100};

struct Ci {
  double low, high;  // NPS points, -100..100
};
using Method = std::function<Ci(int n, int p, int d)>;

Ci Clamp(double centre, double half) {
  return {std::max(-100.0, centre - half), std::min(100.0, centre + half)};
}

// Wald after adding pseudo-answers (cp, cq, cd) to the three categories;
// (0, 0, 0) is the plain Wald interval.
Ci WaldPseudo(int n, int p, int d, double cp, double cq, double cd) {
  const double a = n + cp + cq + cd;
  const double pp = (p + cp) / a, dd = (d + cd) / a;
  return Clamp(100 * (pp - dd),
               kZ * 100 * std::sqrt(std::max(0.0, pp + dd - (pp - dd) * (pp - dd)) / a));
}

// Bayesian: Dirichlet(c, c, c) prior, normal approximation of the posterior
// of P - D (posterior mean -/+ 1.96 posterior sd; Var = [m_P + m_D -
// (m_P - m_D)^2] / (A + 1)).
Ci DirichletNormal(int n, int p, int d, double c) {
  const double a = n + 3 * c;
  const double mp = (p + c) / a, md = (d + c) / a;
  return Clamp(100 * (mp - md),
               kZ * 100 * std::sqrt(std::max(0.0, mp + md - (mp - md) * (mp - md)) / (a + 1)));
}

// Score (Wilson-type) interval for the trinomial difference, as Tango's for
// paired proportions: all delta with (P/n - D/n - delta)^2 <= z^2 V(delta),
// V(delta) = [p~ + d~ - delta^2] / n at the restricted maximum-likelihood
// shares with p~ - d~ = delta.
double RestrictedVar(int n, int p, int d, double delta) {
  const int q = n - p - d;
  const double lo = std::max(0.0, delta), hi = (1 + delta) / 2;
  auto slope = [&](double x) {  // d/dx log L at P share x, D share x - delta
    double g = 0;
    if (p > 0) g += p / x;
    if (q > 0) g -= 2.0 * q / (1 - 2 * x + delta);
    if (d > 0) g += d / (x - delta);
    return g;
  };
  double a = lo, b = hi;
  for (int i = 0; i < 100; ++i) {
    const double m = (a + b) / 2;
    if (slope(m) > 0) {
      a = m;
    } else {
      b = m;
    }
  }
  const double x = (a + b) / 2;
  return std::max(0.0, x + (x - delta) - delta * delta) / n;
}

Ci Score(int n, int p, int d) {
  const double est = static_cast<double>(p - d) / n;
  auto inside = [&](double delta) {
    const double v = RestrictedVar(n, p, d, delta);
    const double diff = est - delta;
    return v <= 0 ? std::fabs(diff) < 1e-12 : diff * diff <= kZ * kZ * v;
  };
  double low = -1, high = 1;
  if (!inside(-1)) {
    double a = -1, b = est;
    for (int i = 0; i < 60; ++i) (inside((a + b) / 2) ? b : a) = (a + b) / 2;
    low = b;
  }
  if (!inside(1)) {
    double a = est, b = 1;
    for (int i = 0; i < 60; ++i) (inside((a + b) / 2) ? a : b) = (a + b) / 2;
    high = a;
  }
  return {100 * low, 100 * high};
}

// The engine's method, as every caller gets it.
Ci Engine(int n, int p, int d) {
  auto e = NpsWithCi(p, n - p - d, d);
  return {e->ci_low, e->ci_high};
}

struct Coverage {
  double mean = 0, min = 1;
  double worst_p = 0, worst_d = 0;
};

// The grid of true shares: promoters and detractors each from 0 to 1,
// extremes included, with promoters + detractors <= 1.
std::vector<std::pair<double, double>> Grid() {
  const double g[] = {0, .01, .02, .05, .1, .2, .3, .4, .5, .6, .7, .8, .9, .95, .98, .99, 1};
  std::vector<std::pair<double, double>> out;
  for (double p : g) {
    for (double d : g) {
      if (p + d <= 1 + 1e-12) out.emplace_back(p, d);
    }
  }
  return out;
}

Coverage CoverageOf(const Method& m, int n) {
  struct Outcome {
    int p, d;
    Ci ci;
    double log_coef;
  };
  std::vector<Outcome> outcomes;
  for (int p = 0; p <= n; ++p) {
    for (int d = 0; p + d <= n; ++d) {
      const int q = n - p - d;
      outcomes.push_back({p, d, m(n, p, d),
                          std::lgamma(n + 1.0) - std::lgamma(p + 1.0) - std::lgamma(d + 1.0) -
                              std::lgamma(q + 1.0)});
    }
  }
  Coverage c;
  const auto grid = Grid();
  for (const auto& [tp, td] : grid) {
    const double tq = std::max(0.0, 1 - tp - td);
    const double truth = 100 * (tp - td);
    double covered = 0;
    for (const Outcome& o : outcomes) {
      const int q = n - o.p - o.d;
      if ((tp == 0 && o.p > 0) || (td == 0 && o.d > 0) || (tq == 0 && q > 0)) continue;
      if (o.ci.low - 1e-9 > truth || truth > o.ci.high + 1e-9) continue;
      covered += std::exp(o.log_coef + (o.p ? o.p * std::log(tp) : 0) +
                          (o.d ? o.d * std::log(td) : 0) + (q ? q * std::log(tq) : 0));
    }
    c.mean += covered;
    if (covered < c.min) {
      c.min = covered;
      c.worst_p = tp;
      c.worst_d = td;
    }
  }
  c.mean /= static_cast<double>(grid.size());
  return c;
}

TEST(NpsIntervalCoverage, PrintsTheTableAndTheEngineMethodHolds) {
  const std::vector<std::pair<std::string, Method>> methods = {
      {"Wald (old engine)", [](int n, int p, int d) { return WaldPseudo(n, p, d, 0, 0, 0); }},
      {"Wald +1/2 each", [](int n, int p, int d) { return WaldPseudo(n, p, d, .5, .5, .5); }},
      {"Wald +1 each (chosen)", Engine},
      {"Agresti-Min +.5/+1/+.5",
       [](int n, int p, int d) { return WaldPseudo(n, p, d, .5, 1, .5); }},
      {"Dirichlet 1/2 normal", [](int n, int p, int d) { return DirichletNormal(n, p, d, .5); }},
      {"Dirichlet 1/3 normal",
       [](int n, int p, int d) { return DirichletNormal(n, p, d, 1.0 / 3); }},
      {"Dirichlet 1 normal", [](int n, int p, int d) { return DirichletNormal(n, p, d, 1); }},
      {"Score (Tango-type)", Score},
  };
  std::printf(
      "Exact coverage (%%) of 95%% NPS intervals over %zu true (promoter, detractor)\n"
      "shares; each cell: mean over the grid / minimum over the grid.\n",
      Grid().size());
  std::printf("%-24s", "method");
  for (int n : kNs) std::printf(" %11s", ("n=" + std::to_string(n)).c_str());
  std::printf("\n");
  std::vector<Coverage> engine;
  for (const auto& [name, m] : methods) {
    std::printf("%-24s", name.c_str());
    for (int n : kNs) {
      const Coverage c = CoverageOf(m, n);
      std::printf(" %5.1f/%5.1f", 100 * c.mean, 100 * c.min);
      if (name == "Wald +1 each (chosen)") engine.push_back(c);
    }
    std::printf("\n");
  }
  ASSERT_EQ(engine.size(), kNs.size());
  for (size_t i = 0; i < kNs.size(); ++i) {
    SCOPED_TRACE("n = " + std::to_string(kNs[i]));
    // The criterion (docs/ranking.md): mean coverage over the grid at least
    // 93% at every n; the minimum is reported and must not regress.
    EXPECT_GE(engine[i].mean, 0.95);
    EXPECT_LE(engine[i].mean, 0.975);  // honest, not wildly conservative
    EXPECT_GE(engine[i].min, kNs[i] <= 3 ? 0.70 : 0.89);
  }
  // The old Wald interval fails small groups: at n = 1 it covers almost never.
  EXPECT_LT(CoverageOf(methods[0].second, 1).mean, 0.10);
}

TEST(NpsIntervalCoverage, NeverZeroWidthAlwaysInRangeAndHoldsTheObservedNps) {
  for (int n = 1; n <= 100; ++n) {
    for (int p = 0; p <= n; ++p) {
      for (int d = 0; p + d <= n; ++d) {
        auto e = NpsWithCi(p, n - p - d, d);
        ASSERT_TRUE(e);
        EXPECT_GE(e->ci_low, -100);
        EXPECT_LE(e->ci_high, 100);
        EXPECT_LE(e->ci_low, e->nps);
        EXPECT_GE(e->ci_high, e->nps);
        EXPECT_GT(e->ci_high - e->ci_low, 0) << n << " " << p << " " << d;
      }
    }
  }
  // One detractor: NPS -100, and an interval that says how little one answer
  // tells.
  auto one = NpsWithCi(0, 0, 1);
  EXPECT_EQ(one->nps, -100);
  EXPECT_EQ(one->ci_low, -100);
  EXPECT_NEAR(one->ci_high, 56.0, 0.5);
}

}  // namespace
}  // namespace beleving::engine
