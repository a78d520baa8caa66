// rwg and a team's alignment on hand-computed ratings.
#include "people/alignment.h"

#include <gtest/gtest.h>

#include <vector>

namespace beleving::people {
namespace {

TEST(Rwg, HandComputed) {
  // 4,4,5,5,4: mean 4.4; squared deviations .16,.16,.36,.36,.16 = 1.2;
  // s^2 = 1.2 / 4 = 0.3; rwg = 1 - 0.3 / 2 = 0.85.
  const std::vector<int> close = {4, 4, 5, 5, 4};
  EXPECT_NEAR(*Rwg(close), 0.85, 1e-12);
  // 3,3,3: no spread, full agreement.
  EXPECT_DOUBLE_EQ(*Rwg(std::vector<int>{3, 3, 3}), 1.0);
  // 1,5,1,5: s^2 = 16 / 3 = 5.33 > 2: truncated to 0.
  EXPECT_DOUBLE_EQ(*Rwg(std::vector<int>{1, 5, 1, 5}), 0.0);
  // 2,3,4: s^2 = 1; rwg = 0.5.
  EXPECT_DOUBLE_EQ(*Rwg(std::vector<int>{2, 3, 4}), 0.5);
  // One rater: undefined; out-of-scale ratings are not counted.
  EXPECT_FALSE(Rwg(std::vector<int>{4}).has_value());
  EXPECT_FALSE(Rwg(std::vector<int>{4, 0, 9}).has_value());
}

TEST(Alignment, MeanRwgAndWhereTheTeamDisagreesMost) {
  const std::vector<StandardRatings> s = {{1, {4, 4, 5, 5, 4}},  // 0.85
                                          {2, {2, 3, 4}},        // 0.5
                                          {3, {3, 3, 3}},        // 1.0
                                          {4, {5}}};             // one rater: left out
  const TeamAlignment a = AlignmentOf(s);
  ASSERT_TRUE(a.alignment.has_value());
  EXPECT_NEAR(*a.alignment, (0.85 + 0.5 + 1.0) / 3, 1e-12);
  ASSERT_EQ(a.standards.size(), 3u);
  EXPECT_EQ(a.standards[0].standard_id, 2);  // disagrees most
  EXPECT_DOUBLE_EQ(a.standards[0].mean, 3.0);
  EXPECT_EQ(a.standards[0].raters, 3);
  EXPECT_EQ(a.standards[2].standard_id, 3);
  EXPECT_FALSE(AlignmentOf({}).alignment.has_value());
}

}  // namespace
}  // namespace beleving::people
