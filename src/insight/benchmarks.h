// Benchmarks inside the organisation (issue 20): beside every group row of
// a measure, the organisation's own figure and the best comparable group.
//
// - The organisation's own figure: the measures of the whole slice (the
//   same filters and period, no grouping) within the caller's scope. For a
//   manager that is what the manager may see, never more.
// - Comparable groups: the grouping's peer key is the first of location,
//   team, employee in group_by. A row's comparable groups are the other rows
//   with the same value for every other group key but another value for the
//   peer key: with group_by=touchpoint,location, the same touchpoint at
//   another location. Without a peer key there are none.
// - Honest best: the comparable group with the highest NPS among those with
//   at least `min_answers` NPS answers (the fair ranking's minimum,
//   insight::kRankingMinCount); on a tie, the first in key order. A group
//   with fewer answers is never named best, however high its NPS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/engine.h"

namespace beleving::insight {

struct Benchmarks {
  engine::ScoreMeasures org;                // the whole slice
  std::optional<engine::GroupKey> peer;     // none: no comparable groups
  int64_t min_answers = 0;                  // NPS answers a best group needs
  std::vector<std::optional<size_t>> best;  // per row: the index of its best comparable row
  // Per row: the best row of its comparable set, the row itself included
  // (the best location of a touchpoint, for a page's per-touchpoint table).
  std::vector<std::optional<size_t>> top;
};

// The peer key of a grouping (location, team or employee, the first given).
std::optional<engine::GroupKey> PeerKey(const std::vector<engine::GroupKey>& group_by);

// Fills `best` for every row of `grouped`; `org` is the slice's own figure.
Benchmarks CompareWithinOrg(const engine::MeasureResult& grouped, const engine::ScoreMeasures& org,
                            int64_t min_answers);

}  // namespace beleving::insight
