#include "people/pulse_anonymity.h"

#include <algorithm>

namespace beleving::people {

MonthBlock PublishableBlock(std::span<const int64_t> ids, std::optional<int64_t> published) {
  if (ids.empty()) return {};
  const int64_t newest = ids.back();
  if (!published) {
    if (static_cast<int64_t>(ids.size()) >= kMinPulseGroup) return {newest, true};
    return {};
  }
  const auto newer = std::upper_bound(ids.begin(), ids.end(), *published);
  if (ids.end() - newer >= kMinPulseGroup) return {newest, true};
  return {*published, false};
}

}  // namespace beleving::people
