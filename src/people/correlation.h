// Pearson's correlation across teams with its Fisher-z 95% interval: how
// closely a team's engagement (eNPS) moves with its customers' NPS.
//
//   r = S_xy / sqrt(S_xx S_yy)            (sums of centred products)
//   z = atanh(r), se = 1 / sqrt(k - 3),   [tanh(z - 1.96 se), tanh(z + 1.96 se)]
//
// k is the number of teams (pairs). The interval needs k >= 4; r needs
// k >= 3 and spread in both series.
#pragma once

#include <optional>
#include <span>

namespace beleving::people {

struct Correlation {
  double r = 0;
  int teams = 0;
  std::optional<double> ci_low, ci_high;  // k >= 4
};

// nullopt when the spans differ in size, hold fewer than 3 pairs, or one
// series has no spread (r undefined).
std::optional<Correlation> Pearson(std::span<const double> x, std::span<const double> y);

}  // namespace beleving::people
