// The promise pages' texts built at run time: every grouping of the
// kept-rate report (loop::kPromiseGroupings) has its section title and
// column head; every board filter its name.
#include <gtest/gtest.h>

#include <string>

#include "i18n/catalogue.h"
#include "loop/promise_ledger.h"

namespace beleving::web {
namespace {

TEST(PromiseReportTextsTest, EveryGroupingHasItsTitleAndColumn) {
  for (const auto& g : loop::kPromiseGroupings) {
    EXPECT_TRUE(i18n::Has("promise.report.by_" + g)) << g;
    EXPECT_TRUE(i18n::Has("promise.report.group_" + g)) << g;
  }
  // The board's filter links name the filter they drop.
  for (const char* f : {"team", "location", "type"}) {
    EXPECT_TRUE(i18n::Has(std::string("promise.board.") + f)) << f;
  }
}

}  // namespace
}  // namespace beleving::web
