#include "survey/starter.h"

#include <gtest/gtest.h>

#include "engine/measures.h"

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

TEST(StarterSurveyTest, CesAnchorsRunTheWayTheEngineReadsThem) {
  auto d = StarterSurvey("ces", "balie", "Balie");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const Question& q = d->questions[0];
  ASSERT_EQ(q.type, QuestionType::kCes);
  // The scale runs 1..7 with the low anchor at 1 and the high one at 7.
  EXPECT_EQ(q.low_anchor.at("nl"), "Heel moeilijk, veel moeite");
  EXPECT_EQ(q.high_anchor.at("nl"), "Heel makkelijk, weinig moeite");
  EXPECT_EQ(q.low_anchor.at("en"), "Very difficult, a lot of effort");
  EXPECT_EQ(q.high_anchor.at("en"), "Very easy, little effort");
  EXPECT_NE(q.text.at("nl").find("makkelijk"), std::string::npos);
  // The engine counts 5-7 as easy: a respondent who found it very easy
  // (ticks 7, the high anchor) lands in the easy share, one who found it
  // very difficult (ticks 1) does not.
  engine::AnswerCounts easy, hard;
  easy.ces[7] = 1;
  hard.ces[1] = 1;
  EXPECT_EQ(*engine::ComputeScoreMeasures(easy).ces_easy_share, 100);
  EXPECT_EQ(*engine::ComputeScoreMeasures(hard).ces_easy_share, 0);
  // The scale the page renders runs the same way (web/public/survey_page_test.cc).
  EXPECT_EQ(ScaleRange(QuestionType::kCes), (std::pair{1, 7}));
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
