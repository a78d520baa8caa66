#include "text/comment_insights.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace beleving::text {

namespace {

struct ThemeCounts {
  long mentions = 0, positive = 0, negative = 0, neutral = 0;
  double sentiment_sum = 0;
  long detractor_mentions = 0, promoter_mentions = 0;
};

struct Counts {
  long comments = 0, positive = 0, negative = 0, neutral = 0;
  double sentiment_sum = 0;
  std::map<std::string, ThemeCounts, std::less<>> themes;
};

void Count(Polarity p, long* pos, long* neg, long* neu) {
  (p == Polarity::kPositive ? *pos : p == Polarity::kNegative ? *neg : *neu) += 1;
}

double Mean(double sum, long n) { return n > 0 ? sum / static_cast<double>(n) : 0; }

std::vector<ThemeSummary> Themes(const Counts& c) {
  std::vector<ThemeSummary> out;
  for (const auto& [key, t] : c.themes) {
    ThemeSummary s;
    s.theme = key;
    s.mentions = t.mentions;
    s.positive = t.positive;
    s.negative = t.negative;
    s.neutral = t.neutral;
    s.sentiment = Mean(t.sentiment_sum, t.mentions);
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const ThemeSummary& a, const ThemeSummary& b) {
    return a.mentions != b.mentions ? a.mentions > b.mentions : a.theme < b.theme;
  });
  return out;
}

}  // namespace

CommentInsights SummariseComments(const TextAnalyzer& analyzer,
                                  const std::vector<ScoredComment>& comments,
                                  const AnalyzeOptions& options) {
  Counts all;
  std::vector<std::string> group_order;
  std::map<std::string, Counts, std::less<>> groups;
  long detractors = 0, promoters = 0;
  CommentAnalysis a;
  for (const ScoredComment& sc : comments) {
    analyzer.Analyze(sc.text, options, &a);
    const bool detractor = sc.nps && *sc.nps <= 6;
    const bool promoter = sc.nps && *sc.nps >= 9;
    detractors += detractor;
    promoters += promoter;
    auto [git, inserted] = groups.try_emplace(sc.group);
    if (inserted) group_order.push_back(sc.group);
    for (Counts* c : {&all, &git->second}) {
      ++c->comments;
      c->sentiment_sum += a.sentiment;
      Count(a.polarity, &c->positive, &c->negative, &c->neutral);
      for (const ThemeMention& m : a.themes) {
        ThemeCounts& t = c->themes[std::string(m.theme)];
        ++t.mentions;
        t.sentiment_sum += m.sentiment;
        Count(m.polarity, &t.positive, &t.negative, &t.neutral);
        t.detractor_mentions += detractor;
        t.promoter_mentions += promoter;
      }
    }
  }

  CommentInsights out;
  out.comments = all.comments;
  out.detractor_comments = detractors;
  out.promoter_comments = promoters;
  out.sentiment = Mean(all.sentiment_sum, all.comments);
  out.positive = all.positive;
  out.negative = all.negative;
  out.neutral = all.neutral;
  out.themes = Themes(all);
  std::vector<std::pair<double, std::string>> up, down;
  for (ThemeSummary& s : out.themes) {
    const ThemeCounts& t = all.themes.find(s.theme)->second;
    if (detractors == 0 || promoters == 0) continue;
    const double nd = static_cast<double>(detractors), np = static_cast<double>(promoters);
    const double pd = static_cast<double>(t.detractor_mentions) / nd;
    const double pp = static_cast<double>(t.promoter_mentions) / np;
    // Agresti-Caffo: one success and one failure added to each group keeps
    // the interval honest at 0/n and n/n, where Wald's collapses to a point.
    const double ad = (static_cast<double>(t.detractor_mentions) + 1) / (nd + 2);
    const double ap = (static_cast<double>(t.promoter_mentions) + 1) / (np + 2);
    const double se = std::sqrt(ad * (1 - ad) / (nd + 2) + ap * (1 - ap) / (np + 2));
    s.detractor_share = pd;
    s.promoter_share = pp;
    s.difference = pd - pp;
    s.difference_low = (ad - ap) - 1.96 * se;
    s.difference_high = (ad - ap) + 1.96 * se;
    if (s.difference_low > 0) up.emplace_back(s.difference_low, s.theme);
    if (s.difference_high < 0) down.emplace_back(-s.difference_high, s.theme);
  }
  auto strongest_first = [](auto& v, std::vector<std::string>* names) {
    std::stable_sort(v.begin(), v.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    for (auto& [score, name] : v) names->push_back(std::move(name));
  };
  strongest_first(up, &out.detractor_themes);
  strongest_first(down, &out.promoter_themes);

  for (const std::string& g : group_order) {
    const Counts& c = groups.find(g)->second;
    GroupSummary gs;
    gs.group = g;
    gs.comments = c.comments;
    gs.sentiment = Mean(c.sentiment_sum, c.comments);
    gs.positive = c.positive;
    gs.negative = c.negative;
    gs.neutral = c.neutral;
    gs.themes = Themes(c);
    out.groups.push_back(std::move(gs));
  }
  return out;
}

}  // namespace beleving::text
