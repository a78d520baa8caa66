#include "insight/benchmarks.h"

#include <map>

namespace beleving::insight {

std::optional<engine::GroupKey> PeerKey(const std::vector<engine::GroupKey>& group_by) {
  for (auto peer :
       {engine::GroupKey::kLocation, engine::GroupKey::kTeam, engine::GroupKey::kEmployee}) {
    for (auto k : group_by) {
      if (k == peer) return peer;
    }
  }
  return std::nullopt;
}

Benchmarks CompareWithinOrg(const engine::MeasureResult& grouped, const engine::ScoreMeasures& org,
                            int64_t min_answers) {
  Benchmarks b;
  b.org = org;
  b.min_answers = min_answers;
  b.peer = PeerKey(grouped.group_by);
  b.best.assign(grouped.rows.size(), std::nullopt);
  b.top.assign(grouped.rows.size(), std::nullopt);
  if (!b.peer) return b;
  size_t peer_at = 0;
  while (grouped.group_by[peer_at] != *b.peer) ++peer_at;

  // Rows by the values of every other group key; per bucket the two best
  // eligible rows (a row's best is the first unless that is the row itself).
  struct Top {
    std::optional<size_t> first, second;
  };
  std::map<std::vector<int64_t>, Top> buckets;
  auto better = [&](size_t a, std::optional<size_t> than) {
    if (!than) return true;
    return *grouped.rows[a].measures.nps > *grouped.rows[*than].measures.nps;
  };
  for (size_t i = 0; i < grouped.rows.size(); ++i) {
    const auto& m = grouped.rows[i].measures;
    if (!m.nps || m.nps_answers < min_answers) continue;
    std::vector<int64_t> rest = grouped.rows[i].key;
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(peer_at));
    Top& t = buckets[rest];
    if (better(i, t.first)) {
      t.second = t.first;
      t.first = i;
    } else if (better(i, t.second)) {
      t.second = i;
    }
  }
  for (size_t i = 0; i < grouped.rows.size(); ++i) {
    std::vector<int64_t> rest = grouped.rows[i].key;
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(peer_at));
    auto it = buckets.find(rest);
    if (it == buckets.end()) continue;
    b.best[i] = it->second.first == i ? it->second.second : it->second.first;
    b.top[i] = it->second.first;
  }
  return b;
}

}  // namespace beleving::insight
