#include "people/alignment.h"

#include <algorithm>

namespace beleving::people {

std::optional<double> Rwg(std::span<const int> ratings) {
  double sum = 0;
  int n = 0;
  for (int r : ratings) {
    if (r < 1 || r > kFrequencyPoints) continue;
    sum += r;
    ++n;
  }
  if (n < 2) return std::nullopt;
  const double mean = sum / n;
  double ss = 0;
  for (int r : ratings) {
    if (r < 1 || r > kFrequencyPoints) continue;
    ss += (r - mean) * (r - mean);
  }
  const double variance = ss / (n - 1);
  const double expected = (kFrequencyPoints * kFrequencyPoints - 1) / 12.0;
  return std::clamp(1.0 - variance / expected, 0.0, 1.0);
}

TeamAlignment AlignmentOf(std::span<const StandardRatings> standards) {
  TeamAlignment out;
  double total = 0;
  for (const StandardRatings& s : standards) {
    auto rwg = Rwg(s.ratings);
    if (!rwg) continue;
    StandardAgreement a;
    a.standard_id = s.standard_id;
    a.rwg = *rwg;
    for (int r : s.ratings) {
      if (r < 1 || r > kFrequencyPoints) continue;
      a.mean += r;
      ++a.raters;
    }
    a.mean /= a.raters;
    total += a.rwg;
    out.standards.push_back(a);
  }
  if (!out.standards.empty()) out.alignment = total / static_cast<double>(out.standards.size());
  std::stable_sort(
      out.standards.begin(), out.standards.end(),
      [](const StandardAgreement& a, const StandardAgreement& b) { return a.rwg < b.rwg; });
  return out;
}

}  // namespace beleving::people
