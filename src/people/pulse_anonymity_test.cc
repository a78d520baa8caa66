// The publication rule: blocks of at least 5, later answers only in blocks
// of at least 5 more.
#include "people/pulse_anonymity.h"

#include <gtest/gtest.h>

#include <vector>

namespace beleving::people {
namespace {

TEST(PublishableBlock, FewerThanFiveShowNothing) {
  const std::vector<int64_t> four = {1, 2, 3, 4};
  EXPECT_EQ(PublishableBlock(four, std::nullopt).upto, 0);
  EXPECT_FALSE(PublishableBlock(four, std::nullopt).record);
  EXPECT_EQ(PublishableBlock({}, std::nullopt).upto, 0);
}

TEST(PublishableBlock, FiveArePublishedAndRecorded) {
  const std::vector<int64_t> five = {3, 4, 7, 9, 12};
  const MonthBlock b = PublishableBlock(five, std::nullopt);
  EXPECT_EQ(b.upto, 12);
  EXPECT_TRUE(b.record);
}

TEST(PublishableBlock, LateAnswersWaitForFiveMore) {
  std::vector<int64_t> ids = {1, 2, 3, 4, 5, 6};  // 6 published up to id 6
  ids.push_back(20);                              // one late answer
  MonthBlock b = PublishableBlock(ids, 6);
  EXPECT_EQ(b.upto, 6);  // still the published block
  EXPECT_FALSE(b.record);
  for (int64_t id : {21, 22, 23}) ids.push_back(id);
  EXPECT_EQ(PublishableBlock(ids, 6).upto, 6);  // four late ones
  ids.push_back(24);                            // the fifth
  b = PublishableBlock(ids, 6);
  EXPECT_EQ(b.upto, 24);
  EXPECT_TRUE(b.record);
}

}  // namespace
}  // namespace beleving::people
