#include "engine/proportion.h"

#include <gtest/gtest.h>

namespace beleving::engine {
namespace {

TEST(WilsonInterval95, KnownValues) {
  // 8 of 10: p = 0.8; by hand centre 0.71674, half 0.22657.
  auto a = WilsonInterval95(8, 10);
  ASSERT_TRUE(a.has_value());
  EXPECT_NEAR(a->low, 0.4902, 1e-4);
  EXPECT_NEAR(a->high, 0.9433, 1e-4);
  // 1 of 2: symmetric around 0.5.
  auto b = WilsonInterval95(1, 2);
  ASSERT_TRUE(b.has_value());
  EXPECT_NEAR(b->low + b->high, 1.0, 1e-12);
  EXPECT_NEAR(b->low, 0.0945, 1e-4);
}

TEST(WilsonInterval95, EdgesHaveWidthAndStayInside) {
  auto all = WilsonInterval95(5, 5);
  ASSERT_TRUE(all.has_value());
  EXPECT_DOUBLE_EQ(all->high, 1.0);
  EXPECT_NEAR(all->low, 0.5655, 1e-4);
  auto none = WilsonInterval95(0, 5);
  ASSERT_TRUE(none.has_value());
  EXPECT_DOUBLE_EQ(none->low, 0.0);
  EXPECT_NEAR(none->high, 0.4345, 1e-4);
  EXPECT_FALSE(WilsonInterval95(0, 0).has_value());
  EXPECT_FALSE(WilsonInterval95(3, 2).has_value());
}

}  // namespace
}  // namespace beleving::engine
