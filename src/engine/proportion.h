// The 95% interval of a proportion (k successes in n trials): the Wilson
// score interval,
//   centre = (p + z^2 / 2n) / (1 + z^2 / n),
//   half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2),
// with p = k / n and z = 1.96. Unlike the Wald interval it stays inside
// [0, 1] and has width at k = 0 and k = n, so small groups (a team with 4
// promises) read honestly. Used for kept rates (loop/promise_ledger.h).
#pragma once

#include <cstdint>
#include <optional>

namespace beleving::engine {

struct ProportionInterval {
  double low = 0, high = 0;  // 0..1
};
// nullopt for n <= 0; requires 0 <= k <= n.
std::optional<ProportionInterval> WilsonInterval95(int64_t k, int64_t n);

}  // namespace beleving::engine
