#include "web/insight_parts.h"

#include <gtest/gtest.h>

#include "i18n/catalogue.h"
#include "outcomes/outcomes.h"

namespace beleving::web {
namespace {

// Every code a page turns into words has its text in the catalogue, so no
// raw code ("face_to_face", "low_priority") reaches a person.
TEST(InsightLabelsTest, EveryEngineCodeHasItsCatalogueText) {
  for (int ch = 0; ch < engine::kChannelCount; ++ch) {
    const std::string key = ChannelKey(static_cast<engine::Channel>(ch));
    EXPECT_TRUE(i18n::Has(key)) << key;
  }
  for (auto d : engine::kDriverNames) EXPECT_TRUE(i18n::Has(DriverKey(d))) << d;
  for (const char* q : {"fix", "keep", "maintain", "low_priority", ""}) {
    EXPECT_TRUE(i18n::Has(QuadrantKey(q))) << q;
  }
  EXPECT_EQ(i18n::Text(i18n::Lang::kNl, ChannelKey(engine::Channel::kFaceToFace)), "Persoonlijk");
  EXPECT_EQ(i18n::Text(i18n::Lang::kEn, QuadrantKey("low_priority")), "Low priority");
  for (auto o : outcomes::kBuiltInOutcomes) EXPECT_TRUE(i18n::Has(OutcomeKey(o))) << o;
  EXPECT_EQ(i18n::Text(i18n::Lang::kNl, OutcomeKey("not_bought")), "niet gekocht");
}

TEST(InsightLabelsTest, PagesNameEveryCaseTypeBandPeriodAndNavigationItem) {
  for (const char* t : {"detractor", "disappointment", "complaint", "broken_promise", "manual"}) {
    EXPECT_TRUE(i18n::Has(std::string("insight.overview.case_type.") + t)) << t;
  }
  EXPECT_TRUE(i18n::Has("insight.overview.case_any"));
  for (const char* b : {"all", "detractor", "passive", "promoter"}) {
    EXPECT_TRUE(i18n::Has(std::string("insight.explorer.band.") + b)) << b;
  }
  for (const char* d : {"7", "30", "90", "365"}) {
    EXPECT_TRUE(i18n::Has(std::string("insight.explorer.days.") + d)) << d;
  }
  for (auto p : insight::kPeriods) {
    EXPECT_TRUE(i18n::Has("insight.period." + std::string(p))) << p;
  }
  for (const char* s : {"pos", "neg", "neu"}) {
    EXPECT_TRUE(i18n::Has(std::string("insight.sentiment.") + s)) << s;
  }
  for (const char* n :
       {"overview", "moments", "teams", "comments", "cases", "promises", "surveys", "settings"}) {
    EXPECT_TRUE(i18n::Has(std::string("nav.") + n)) << n;
  }
}

TEST(InsightLabelsTest, DutchSaysCriticasterAndCountsInThePlural) {
  EXPECT_EQ(i18n::Plural(i18n::Lang::kNl, "insight.detractors", 1), "1 criticaster");
  EXPECT_EQ(i18n::Plural(i18n::Lang::kNl, "insight.detractors", 3611), "3.611 criticasters");
  EXPECT_EQ(i18n::Plural(i18n::Lang::kEn, "insight.detractors", 1), "1 detractor");
  EXPECT_EQ(i18n::Plural(i18n::Lang::kEn, "insight.detractors", 2), "2 detractors");
}

}  // namespace
}  // namespace beleving::web
