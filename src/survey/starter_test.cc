#include "survey/starter.h"

#include <gtest/gtest.h>

namespace beleving::survey {
namespace {

TEST(StarterSurveyTest, EveryKindIsAValidDefinition) {
  for (const char* kind : {"nps", "csat", "ces"}) {
    auto d = StarterSurvey(kind, "werkplaats", "Werkplaats");
    ASSERT_TRUE(d.ok()) << kind << ": " << d.status().ToString();
    EXPECT_EQ(d->key, "werkplaats");
    EXPECT_EQ(d->name, "Werkplaats");
    ASSERT_FALSE(d->questions.empty());
    EXPECT_EQ(d->questions[0].key, kind);
    EXPECT_TRUE(d->questions[0].required);
  }
}

TEST(StarterSurveyTest, RefusesUnknownKindsAndBadKeys) {
  EXPECT_EQ(StarterSurvey("quiz", "k", "Naam").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(StarterSurvey("nps", "Met Spaties", "Naam").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(StarterSurvey("nps", "k", "").status().code(), StatusCode::kInvalidArgument);
}

TEST(StarterSurveyTest, KeyFromName) {
  EXPECT_EQ(KeyFromName("Werkplaats tevredenheid"), "werkplaats_tevredenheid");
  EXPECT_EQ(KeyFromName("  Na de APK!  "), "na_de_apk");
  EXPECT_EQ(KeyFromName("Enquête 2026"), "enqu_te_2026");
  EXPECT_EQ(KeyFromName("???"), "survey");
  EXPECT_EQ(KeyFromName(std::string(100, 'a')).size(), 48u);
}

}  // namespace
}  // namespace beleving::survey
