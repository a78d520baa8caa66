#include "text/comment_insights.h"

#include <gtest/gtest.h>

namespace beleving::text {
namespace {

const TextAnalyzer& Analyzer() {
  static const TextAnalyzer a = [] {
    auto r = TextAnalyzer::Create();
    EXPECT_TRUE(r.ok());
    return std::move(r).value();
  }();
  return a;
}

const ThemeSummary* Find(const std::vector<ThemeSummary>& v, const std::string& theme) {
  for (const auto& t : v) {
    if (t.theme == theme) return &t;
  }
  return nullptr;
}

std::vector<ScoredComment> Sample() {
  std::vector<ScoredComment> out;
  // 30 detractors, most complaining about the wait; 30 promoters praising
  // friendliness. Two groups (touchpoints).
  for (int i = 0; i < 30; ++i) {
    out.push_back(
        {i % 5 == 0 ? "Het was prima." : "Veel te lang moeten wachten aan de balie.", 3, "balie"});
    out.push_back({"Heel vriendelijk geholpen, top!", 10, i % 2 ? "balie" : "telefoon"});
  }
  out.push_back({"Geen score, wel vriendelijk.", std::nullopt, "telefoon"});
  return out;
}

TEST(CommentInsightsTest, CountsSentimentAndThemes) {
  CommentInsights r = SummariseComments(Analyzer(), Sample());
  EXPECT_EQ(r.comments, 61);
  EXPECT_EQ(r.detractor_comments, 30);
  EXPECT_EQ(r.promoter_comments, 30);
  EXPECT_EQ(r.positive + r.negative + r.neutral, 61);
  EXPECT_GE(r.negative, 24);
  EXPECT_GE(r.positive, 31);
  const ThemeSummary* wait = Find(r.themes, "waiting_time");
  ASSERT_NE(wait, nullptr);
  EXPECT_EQ(wait->mentions, 24);
  EXPECT_EQ(wait->negative, 24);
  EXPECT_LT(wait->sentiment, 0);
  const ThemeSummary* friendly = Find(r.themes, "friendliness");
  ASSERT_NE(friendly, nullptr);
  EXPECT_EQ(friendly->mentions, 31);
  EXPECT_GT(friendly->sentiment, 0);
}

TEST(CommentInsightsTest, ThemesThatSeparateDetractorsFromPromoters) {
  CommentInsights r = SummariseComments(Analyzer(), Sample());
  const ThemeSummary* wait = Find(r.themes, "waiting_time");
  ASSERT_NE(wait, nullptr);
  EXPECT_DOUBLE_EQ(wait->detractor_share, 24.0 / 30);
  EXPECT_DOUBLE_EQ(wait->promoter_share, 0);
  EXPECT_DOUBLE_EQ(wait->difference, 0.8);
  EXPECT_GT(wait->difference_low, 0);
  ASSERT_FALSE(r.detractor_themes.empty());
  EXPECT_EQ(r.detractor_themes[0], "waiting_time");
  ASSERT_FALSE(r.promoter_themes.empty());
  EXPECT_EQ(r.promoter_themes[0], "friendliness");
}

TEST(CommentInsightsTest, SmallNumbersProveNothing) {
  // One detractor and one promoter: a theme named by the detractor alone has
  // an interval that includes zero, so it is not called a separator.
  std::vector<ScoredComment> few = {{"Veel te lang moeten wachten.", 2, ""},
                                    {"Prima geholpen.", 9, ""}};
  CommentInsights r = SummariseComments(Analyzer(), few);
  EXPECT_TRUE(r.detractor_themes.empty());
  EXPECT_TRUE(r.promoter_themes.empty());
  const ThemeSummary* wait = Find(r.themes, "waiting_time");
  ASSERT_NE(wait, nullptr);
  EXPECT_DOUBLE_EQ(wait->difference, 1.0);
  EXPECT_LT(wait->difference_low, 0);
  EXPECT_GT(wait->difference_high, 0);
}

TEST(CommentInsightsTest, GroupsKeepTheirOwnCountsInFirstSeenOrder) {
  CommentInsights r = SummariseComments(Analyzer(), Sample());
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(r.groups[0].group, "balie");
  EXPECT_EQ(r.groups[1].group, "telefoon");
  EXPECT_EQ(r.groups[0].comments, 45);
  EXPECT_EQ(r.groups[1].comments, 16);
  EXPECT_EQ(r.groups[0].comments + r.groups[1].comments, r.comments);
  EXPECT_LT(r.groups[0].sentiment, r.groups[1].sentiment);
  EXPECT_EQ(Find(r.groups[1].themes, "waiting_time"), nullptr);
}

}  // namespace
}  // namespace beleving::text
