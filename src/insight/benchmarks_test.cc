// The best comparable group on hand-made rows: same other keys, another
// peer, enough NPS answers, never the row itself.
#include "insight/benchmarks.h"

#include <gtest/gtest.h>

namespace beleving::insight {
namespace {

using engine::GroupKey;

engine::MeasureRow Row(std::vector<int64_t> key, double nps, int64_t answers) {
  engine::MeasureRow r;
  r.key = std::move(key);
  r.measures.nps = nps;
  r.measures.nps_answers = answers;
  r.measures.count = answers;
  return r;
}

TEST(BenchmarksTest, BestIsTheSameTouchpointAtAnotherLocationWithEnoughAnswers) {
  engine::MeasureResult res;
  res.group_by = {GroupKey::kTouchpoint, GroupKey::kLocation};
  res.rows = {Row({1, 10}, 20, 40),   // 0: touchpoint 1, location 10
              Row({1, 11}, 50, 12),   // 1: the best of touchpoint 1
              Row({1, 12}, 90, 3),    // 2: higher, but too few answers
              Row({2, 10}, 70, 30),   // 3: touchpoint 2: no other location
              Row({2, 11}, -10, 5)};  // 4: too few answers itself, may still compare
  engine::ScoreMeasures org;
  org.nps = 33;
  Benchmarks b = CompareWithinOrg(res, org, 10);
  ASSERT_EQ(b.peer, GroupKey::kLocation);
  EXPECT_EQ(b.org.nps, 33);
  EXPECT_EQ(b.min_answers, 10);
  ASSERT_EQ(b.best.size(), 5u);
  EXPECT_EQ(b.best[0], 1u);            // location 11 beats 10; 12 has 3 answers
  EXPECT_EQ(b.best[1], 0u);            // the best is itself: the runner-up
  EXPECT_EQ(b.best[2], 1u);            // a small group still gets a benchmark
  EXPECT_EQ(b.best[3], std::nullopt);  // touchpoint 2's only other location is too small
  EXPECT_EQ(b.best[4], 3u);
  EXPECT_EQ(b.top, (std::vector<std::optional<size_t>>{1u, 1u, 1u, 3u, 3u}));
}

TEST(BenchmarksTest, NoPeerKeyNoComparableGroups) {
  engine::MeasureResult res;
  res.group_by = {GroupKey::kTouchpoint};
  res.rows = {Row({1}, 20, 40), Row({2}, 50, 40)};
  Benchmarks b = CompareWithinOrg(res, {}, 10);
  EXPECT_EQ(b.peer, std::nullopt);
  EXPECT_EQ(b.best, (std::vector<std::optional<size_t>>{std::nullopt, std::nullopt}));
  // The first of location, team, employee is the peer.
  EXPECT_EQ(PeerKey({GroupKey::kMonth, GroupKey::kEmployee, GroupKey::kTeam}), GroupKey::kTeam);
}

}  // namespace
}  // namespace beleving::insight
