// The demo's deterministic random source: splitmix64, the same stream on
// every platform, so a seed always builds the same workspace.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace beleving::demo {

class DemoRng {
 public:
  // `state` is splitmix64's state as given (callers mix their seed first
  // when they want to).
  explicit DemoRng(uint64_t state) : s_(state) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  int Int(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  // Standard normal (Box-Muller).
  double Normal() {
    double u1 = Uniform(), u2 = Uniform();
    if (u1 < 1e-12) u1 = 1e-12;
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Int(static_cast<int>(v.size())))];
  }

 private:
  uint64_t s_;
};

}  // namespace beleving::demo
