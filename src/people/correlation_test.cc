// Pearson r and its Fisher-z interval on hand-computed data.
#include "people/correlation.h"

#include <gtest/gtest.h>

#include <vector>

namespace beleving::people {
namespace {

TEST(Pearson, HandComputed) {
  // x = 1..5, y = 2,4,5,4,5: means 3 and 4; S_xy = 4+0+0+0+2 = 6,
  // S_xx = 10, S_yy = 6; r = 6 / sqrt(60) = 0.774597.
  // z = atanh(r) = 1.031718, se = 1/sqrt(2), z -/+ 1.959964 se:
  // [-0.354186, 2.417622] -> tanh: [-0.340082, 0.984236].
  const std::vector<double> x = {1, 2, 3, 4, 5}, y = {2, 4, 5, 4, 5};
  auto c = Pearson(x, y);
  ASSERT_TRUE(c.has_value());
  EXPECT_NEAR(c->r, 0.774597, 1e-6);
  EXPECT_EQ(c->teams, 5);
  ASSERT_TRUE(c->ci_low && c->ci_high);
  EXPECT_NEAR(*c->ci_low, -0.340082, 1e-6);
  EXPECT_NEAR(*c->ci_high, 0.984236, 1e-6);
}

TEST(Pearson, NegativeAndPerfect) {
  const std::vector<double> x = {1, 2, 3, 4}, down = {8, 6, 4, 2};
  auto c = Pearson(x, down);
  ASSERT_TRUE(c.has_value());
  EXPECT_DOUBLE_EQ(c->r, -1.0);
  EXPECT_DOUBLE_EQ(*c->ci_low, -1.0);
  EXPECT_DOUBLE_EQ(*c->ci_high, -1.0);
}

TEST(Pearson, UndefinedCases) {
  const std::vector<double> two = {1, 2}, flat = {3, 3, 3}, three = {1, 2, 3};
  EXPECT_FALSE(Pearson(two, two).has_value());     // fewer than 3 teams
  EXPECT_FALSE(Pearson(three, flat).has_value());  // no spread
  EXPECT_FALSE(Pearson(three, two).has_value());   // sizes differ
  auto c = Pearson(three, std::vector<double>{1, 3, 2});
  ASSERT_TRUE(c.has_value());
  EXPECT_DOUBLE_EQ(c->r, 0.5);          // S_xy = 1, S_xx = S_yy = 2
  EXPECT_FALSE(c->ci_low.has_value());  // 3 teams: no interval
}

}  // namespace
}  // namespace beleving::people
