#include <gtest/gtest.h>

#include "loop/email_import.h"

namespace beleving::loop {
namespace {

TEST(ParseMailDate, Rfc5322Dates) {
  auto t = ParseMailDate("Sat, 1 Mar 2025 11:00:00 +0100");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, 1740823200);
}

// Found by the email_import fuzzer: negative hours overflowed int.
TEST(ParseMailDate, NegativeOrHugeFieldsAreRejected) {
  EXPECT_FALSE(ParseMailDate("1 Jan 2025 -1610284772:00:00 +0000").has_value());
  EXPECT_FALSE(ParseMailDate("1 Jan 2025 10:-5:00 +0000").has_value());
  EXPECT_FALSE(ParseMailDate("1 Jan 2147483647 10:00:00 +0000").has_value());
}

}  // namespace
}  // namespace beleving::loop
