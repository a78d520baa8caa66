// Comment analysis through the API: GET /api/v1/insights/comments.
//
// The tenant-scoped comments of a period (newest first, at most `limit`) run
// through the text analyzer; the answer has the sentiment, the themes with
// their polarity, the themes that separate detractors from promoters (with a
// 95% interval, text/comment_insights.h), and the same per group: a
// touchpoint, a team, or a period (day, week, month in UTC) for trends.
//
// Query: from, to (date or RFC 3339), touchpoint, team (one key each),
// group_by (touchpoint, team, day, week, month), limit (1..50000, default
// 10000).
#include <ctime>
#include <map>

#include "api/app.h"
#include "core/time_format.h"
#include "store/dashboard_store.h"
#include "store/dimension_store.h"
#include "text/comment_insights.h"

namespace beleving::api {
namespace {

constexpr int kDefaultLimit = 10'000;

const text::TextAnalyzer* SharedAnalyzer() {
  static const Result<text::TextAnalyzer> analyzer = text::TextAnalyzer::Create();
  return analyzer.ok() ? &*analyzer : nullptr;
}

std::string PeriodKey(UnixSeconds t, const std::string& unit) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  if (unit == "day") {
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  } else if (unit == "week") {
    std::strftime(buf, sizeof buf, "%G-W%V", &tm);
  } else {
    std::strftime(buf, sizeof buf, "%Y-%m", &tm);
  }
  return buf;
}

json::object ThemeJson(const text::ThemeSummary& t, bool with_separation) {
  auto r3 = [](double v) { return std::round(v * 1000) / 1000; };
  json::object o{{"theme", t.theme},       {"mentions", t.mentions},
                 {"positive", t.positive}, {"negative", t.negative},
                 {"neutral", t.neutral},   {"sentiment", r3(t.sentiment)}};
  if (with_separation) {
    o["detractor_share"] = r3(t.detractor_share);
    o["promoter_share"] = r3(t.promoter_share);
    o["difference"] = r3(t.difference);
    o["difference_ci"] = json::array{r3(t.difference_low), r3(t.difference_high)};
  }
  return o;
}

http::Response CommentInsights(Call& call) {
  const text::TextAnalyzer* analyzer = SharedAnalyzer();
  if (analyzer == nullptr) return http::Problem(503, "", "text analysis is not available");
  store::CommentQuery q;
  q.limit = kDefaultLimit;
  for (auto [param, slot] : {std::pair{"from", &q.from}, {"to", &q.to}}) {
    if (auto v = call.req.Query(param)) {
      auto t = ParseDateOrDateTime(*v, std::string("/query/") + param);
      if (!t.ok()) return http::ProblemFromStatus(t.status());
      *slot = *t;
    }
  }
  if (q.from && q.to && *q.from >= *q.to) {
    return http::ProblemFromStatus(InvalidArgument("from must be before to", "/query/from"));
  }
  std::string group_by = call.req.Query("group_by").value_or("");
  if (!group_by.empty() && group_by != "touchpoint" && group_by != "team" && group_by != "day" &&
      group_by != "week" && group_by != "month") {
    return http::ProblemFromStatus(InvalidArgument(
        "group_by must be touchpoint, team, day, week or month", "/query/group_by"));
  }
  if (auto v = call.req.Query("limit")) {
    auto n = PageLimit(call.req, kDefaultLimit, store::DashboardStore::kMaxCommentsForAnalysis);
    if (!n.ok()) return http::ProblemFromStatus(n.status());
    q.limit = *n;
  }
  const auto& t = call.tenant();
  std::vector<store::CommentRow> rows;
  std::map<int64_t, std::string> touchpoint_keys, team_keys;
  bool unknown_key = false;
  Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
    for (auto [param, resource, slot] : {std::tuple{"touchpoint", "touchpoints", &q.touchpoint_id},
                                         std::tuple{"team", "teams", &q.team_id}}) {
      auto key = call.req.Query(param);
      if (!key) continue;
      ASSIGN_OR_RETURN(auto id,
                       store::DimensionStore::IdByKey(c, t, *store::FindDimension(resource), *key));
      if (!id) unknown_key = true;
      *slot = id.value_or(-1);
    }
    if (unknown_key) return Status::Ok();
    ASSIGN_OR_RETURN(rows, store::DashboardStore::CommentsForAnalysis(c, t, q));
    for (auto [table, keys] :
         {std::pair{"touchpoints", &touchpoint_keys}, std::pair{"teams", &team_keys}}) {
      if (group_by != (std::string(table) == "teams" ? "team" : "touchpoint")) continue;
      ASSIGN_OR_RETURN(auto items, store::DashboardStore::Names(c, t, table));
      for (const auto& it : items) (*keys)[it.id] = it.key;
    }
    return Status::Ok();
  });
  if (!st.ok()) return http::ProblemFromStatus(st);

  std::vector<text::ScoredComment> comments;
  comments.reserve(rows.size());
  for (auto& r : rows) {
    text::ScoredComment sc{std::move(r.comment), r.nps, ""};
    if (group_by == "touchpoint" || group_by == "team") {
      const auto& keys = group_by == "team" ? team_keys : touchpoint_keys;
      const auto& id = group_by == "team" ? r.team_id : r.touchpoint_id;
      auto it = id ? keys.find(*id) : keys.end();
      sc.group = it == keys.end() ? "(none)" : it->second;
    } else if (!group_by.empty()) {
      sc.group = PeriodKey(r.submitted_at, group_by);
    }
    comments.push_back(std::move(sc));
  }
  text::CommentInsights in = text::SummariseComments(*analyzer, comments);

  auto r3 = [](double v) { return std::round(v * 1000) / 1000; };
  json::array themes, groups, detractor_themes, promoter_themes;
  for (const auto& th : in.themes) themes.push_back(ThemeJson(th, true));
  for (const auto& name : in.detractor_themes) detractor_themes.emplace_back(name);
  for (const auto& name : in.promoter_themes) promoter_themes.emplace_back(name);
  if (!group_by.empty()) {
    for (const auto& g : in.groups) {
      json::array gt;
      for (const auto& th : g.themes) gt.push_back(ThemeJson(th, false));
      groups.push_back(json::object{{"group", g.group},
                                    {"comments", g.comments},
                                    {"sentiment", r3(g.sentiment)},
                                    {"positive", g.positive},
                                    {"negative", g.negative},
                                    {"neutral", g.neutral},
                                    {"themes", std::move(gt)}});
    }
    if (group_by == "day" || group_by == "week" || group_by == "month") {
      // Periods oldest first, as a trend reads.
      std::sort(groups.begin(), groups.end(), [](const json::value& a, const json::value& b) {
        return a.at("group").as_string() < b.at("group").as_string();
      });
    }
  }
  json::object o{{"comments", in.comments},
                 {"truncated", static_cast<int64_t>(rows.size()) >= q.limit},
                 {"detractor_comments", in.detractor_comments},
                 {"promoter_comments", in.promoter_comments},
                 {"sentiment", json::object{{"mean", r3(in.sentiment)},
                                            {"positive", in.positive},
                                            {"negative", in.negative},
                                            {"neutral", in.neutral}}},
                 {"themes", std::move(themes)},
                 {"separating", json::object{{"detractors", std::move(detractor_themes)},
                                             {"promoters", std::move(promoter_themes)}}},
                 {"group_by", group_by.empty() ? json::value(nullptr) : json::value(group_by)},
                 {"groups", std::move(groups)}};
  return JsonOk(o);
}

}  // namespace

void RegisterTextRoutes(App& app) {
  app.Add("GET", "/api/v1/insights/comments", Access::kRead, CommentInsights);
}

}  // namespace beleving::api
