#include "people/correlation.h"

#include <algorithm>
#include <cmath>

namespace beleving::people {

std::optional<Correlation> Pearson(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size() || x.size() < 3) return std::nullopt;
  const double k = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= k;
  my /= k;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return std::nullopt;
  Correlation c;
  c.r = std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
  c.teams = static_cast<int>(x.size());
  if (x.size() >= 4) {
    if (std::abs(c.r) >= 1.0) {
      c.ci_low = c.ci_high = c.r;
    } else {
      const double z = std::atanh(c.r);
      const double half = 1.959963984540054 / std::sqrt(k - 3);
      c.ci_low = std::tanh(z - half);
      c.ci_high = std::tanh(z + half);
    }
  }
  return c;
}

}  // namespace beleving::people
