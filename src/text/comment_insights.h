// CommentInsights: what a set of comments says, summed up.
//
// Runs the TextAnalyzer over comments (each with its NPS score, when there is
// one, and a group key such as a touchpoint, a team or a month) and adds up:
//   - sentiment: mean and the positive / negative / neutral counts;
//   - per theme: how often it is named, with which polarity, its mean
//     sentiment;
//   - which themes separate detractors from promoters: the share of
//     detractors' comments naming a theme minus the share of promoters'
//     comments naming it, with a 95% interval for that difference, so a
//     theme named by 2 of 3 detractors does not look like a finding;
//   - the same sentiment and theme counts per group (trends when the group
//     is a period).
// Pure computation: the caller reads the comments (tenant-scoped) and says
// how they are grouped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "text/text_analyzer.h"

namespace beleving::text {

struct ScoredComment {
  std::string text;
  std::optional<int> nps;  // 0..10
  std::string group;       // "" when not grouped
};

struct ThemeSummary {
  std::string theme;
  long mentions = 0;  // comments naming it
  long positive = 0, negative = 0, neutral = 0;
  double sentiment = 0;  // mean over the comments naming it
  // Among comments with an NPS score: the share of detractors' (0-6) and of
  // promoters' (9-10) comments that name the theme, their difference
  // (detractor - promoter) and its 95% interval (Agresti-Caffo, which stays
  // wide on few comments instead of collapsing at 0/n or n/n).
  double detractor_share = 0, promoter_share = 0;
  double difference = 0, difference_low = 0, difference_high = 0;
};

struct GroupSummary {
  std::string group;
  long comments = 0;
  double sentiment = 0;  // mean
  long positive = 0, negative = 0, neutral = 0;
  std::vector<ThemeSummary> themes;  // mentions and sentiment only, most named first
};

struct CommentInsights {
  long comments = 0;
  long detractor_comments = 0, promoter_comments = 0;
  double sentiment = 0;
  long positive = 0, negative = 0, neutral = 0;
  std::vector<ThemeSummary> themes;  // most named first
  // Themes whose 95% interval of the difference lies wholly above zero
  // (named more by detractors) or wholly below it (more by promoters),
  // strongest first.
  std::vector<std::string> detractor_themes, promoter_themes;
  std::vector<GroupSummary> groups;  // in the order groups first appear
};

CommentInsights SummariseComments(const TextAnalyzer& analyzer,
                                  const std::vector<ScoredComment>& comments,
                                  const AnalyzeOptions& options = {});

}  // namespace beleving::text
