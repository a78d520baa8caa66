#include "text/learned_sentiment.h"

#include <gtest/gtest.h>

#include "text/text_analyzer.h"

namespace beleving::text {
namespace {

std::vector<LabelledComment> SmallTrainingSet() {
  return {
      {true, "The community is great"},
      {true, "Great community and packages"},
      {true, "The community, the plots"},
      {false, "Package management is painful"},
      {false, "Package management and memory use"},
      {false, "Memory use with big data"},
  };
}

double LogOddsOf(const LearnedSentiment& m, std::string_view comment,
                 std::vector<LearnedWord>* top = nullptr) {
  std::vector<Span> spans;
  std::string norm;
  std::vector<Token> tokens;
  std::vector<uint32_t> begins;
  TokeniseComment(comment, &spans, &norm, &tokens, &begins);
  return m.LogOdds(tokens, begins, top);
}

TEST(LearnedSentimentTest, LearnsTopicWordsFromLabelledComments) {
  auto m = LearnedSentiment::Train(Language::kEnglish, SmallTrainingSet());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->positives(), 3);
  EXPECT_EQ(m->negatives(), 3);
  EXPECT_GT(LogOddsOf(*m, "Community"), 0);
  EXPECT_LT(LogOddsOf(*m, "Package management"), 0);
  std::vector<LearnedWord> top;
  EXPECT_LT(LogOddsOf(*m, "Package management!", &top), 0);
  ASSERT_FALSE(top.empty());
  EXPECT_LE(top.size(), 3u);
  for (const auto& w : top) EXPECT_LT(w.weight, 0) << w.feature;
  bool pair = false;
  for (const auto& w : top) pair = pair || w.feature == "package management";
  EXPECT_TRUE(pair) << "word pairs are features too";
}

TEST(LearnedSentimentTest, CountsAWordOncePerCommentAndNoPairAcrossACommaOrSentence) {
  std::vector<Span> spans;
  std::string norm;
  std::vector<Token> tokens;
  std::vector<uint32_t> begins;
  TokeniseComment("Slow, slow. Really slow", &spans, &norm, &tokens, &begins);
  std::vector<std::string> features;
  ForEachLearnedFeature(tokens, begins, [&](std::string_view f) { features.emplace_back(f); });
  EXPECT_EQ(features, (std::vector<std::string>{"slow", "really", "really slow"}));
}

TEST(LearnedSentimentTest, JsonRoundTripGivesTheSameScores) {
  auto m = LearnedSentiment::Train(Language::kEnglish, SmallTrainingSet());
  ASSERT_TRUE(m.ok());
  auto again = LearnedSentiment::FromJson(m->ToJson());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->language(), Language::kEnglish);
  EXPECT_EQ(again->feature_count(), m->feature_count());
  EXPECT_NEAR(LogOddsOf(*again, "great community"), LogOddsOf(*m, "great community"), 1e-5);
  EXPECT_EQ(again->ToJson(), m->ToJson()) << "the file is deterministic";
}

TEST(LearnedSentimentTest, RejectsBadModelsNamingTheField) {
  auto field_of = [](std::string_view json) {
    auto m = LearnedSentiment::FromJson(json);
    return m.ok() ? std::string("ok") : m.status().field();
  };
  EXPECT_EQ(field_of("[]"), "");
  EXPECT_EQ(field_of(R"({"format":"x","version":1})"), "/format");
  EXPECT_EQ(field_of(R"({"format":"beleving-learned-sentiment","version":2})"), "/version");
  EXPECT_EQ(field_of(R"({"format":"beleving-learned-sentiment","version":1,"language":"fr"})"),
            "/language");
  EXPECT_EQ(field_of(R"({"format":"beleving-learned-sentiment","version":1,"language":"en",)"
                     R"("prior":0,"weights":{"slow":"x"}})"),
            "/weights/slow");
  EXPECT_EQ(field_of(R"({"format":"beleving-learned-sentiment","version":1,"language":"en",)"
                     R"("prior":0,"weights":{}})"),
            "ok");
}

TEST(LearnedSentimentTest, TrainingNeedsBothClassesAndALanguage) {
  EXPECT_FALSE(LearnedSentiment::Train(Language::kEnglish, {{true, "good"}}).ok());
  EXPECT_FALSE(LearnedSentiment::Train(Language::kUnknown, SmallTrainingSet()).ok());
}

TextAnalyzerConfig ModelConfig(std::string json) {
  TextAnalyzerConfig c;
  c.learned_sentiment_json = std::move(json);
  return c;
}

TEST(LearnedSentimentTest, TheAnalyzerAddsTheModelOnlyForItsLanguage) {
  auto m = LearnedSentiment::Train(Language::kEnglish, SmallTrainingSet());
  ASSERT_TRUE(m.ok());
  auto plain = TextAnalyzer::Create();
  auto learned = TextAnalyzer::Create(ModelConfig(m->ToJson()));
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE(learned.ok()) << learned.status().ToString();
  AnalyzeOptions en;
  en.language = Language::kEnglish;
  // A bare topic: no evaluative word for the lexicon, the model knows it.
  EXPECT_EQ(plain->Analyze("Package management", en).polarity, Polarity::kNeutral);
  CommentAnalysis a = learned->Analyze("Package management", en);
  EXPECT_EQ(a.polarity, Polarity::kNegative);
  EXPECT_TRUE(a.learned.applied);
  EXPECT_FALSE(a.learned.evidence.empty());
  // A Dutch comment is not touched by an English model.
  AnalyzeOptions nl;
  nl.language = Language::kDutch;
  CommentAnalysis d = learned->Analyze("Heel vriendelijk geholpen", nl);
  EXPECT_FALSE(d.learned.applied);
  EXPECT_EQ(d.polarity, plain->Analyze("Heel vriendelijk geholpen", nl).polarity);
  // A bad model is an error at construction, naming the field.
  auto bad = TextAnalyzer::Create(ModelConfig(R"({"format":"nope"})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "/format");
}

}  // namespace
}  // namespace beleving::text
