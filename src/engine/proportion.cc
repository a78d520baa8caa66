#include "engine/proportion.h"

#include <algorithm>
#include <cmath>

namespace beleving::engine {

std::optional<ProportionInterval> WilsonInterval95(int64_t k, int64_t n) {
  if (n <= 0 || k < 0 || k > n) return std::nullopt;
  constexpr double kZ = 1.959963984540054;
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double z2 = kZ * kZ;
  const double denom = 1 + z2 / nn;
  const double centre = (p + z2 / (2 * nn)) / denom;
  const double half = kZ / denom * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return ProportionInterval{std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace beleving::engine
