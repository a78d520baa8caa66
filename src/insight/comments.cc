// InsightService's comments: read within the caller's view, analysed with
// the organisation's own analyzer (vocabulary and learned model).
#include <algorithm>
#include <map>

#include "engine/query.h"
#include "insight/insight_service.h"
#include "store/dimension_store.h"
#include "text/compliments.h"
#include "text/employees.h"

namespace beleving::insight {
namespace {

CommentView Analysed(const text::TextAnalyzer& an, store::CommentRow row) {
  CommentView v;
  text::CommentAnalysis a = an.Analyze(row.comment, {});
  v.text = an.Redact(row.comment, a.language);
  v.polarity = a.polarity;
  v.sentiment = a.sentiment;
  for (const auto& t : a.themes) {
    ThemeLabel l{std::string(t.theme), std::string(t.theme), std::string(t.theme), t.polarity};
    for (const auto& info : an.themes()) {
      if (info.key == t.theme) {
        if (!info.label_nl.empty()) l.label_nl = info.label_nl;
        if (!info.label_en.empty()) l.label_en = info.label_en;
      }
    }
    v.themes.push_back(std::move(l));
  }
  v.row = std::move(row);
  return v;
}

}  // namespace

Result<std::vector<CommentView>> InsightService::Comments(const security::Principal& who,
                                                          const store::CommentQuery& q) {
  ASSIGN_OR_RETURN(auto analyzer, AnalyzerOf(who));
  std::vector<store::CommentRow> rows;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(rows, store::DashboardStore::RecentComments(c, who.tenant, q));
    return Status::Ok();
  }));
  std::vector<CommentView> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(Analysed(*analyzer, std::move(r)));
  return out;
}

Result<std::vector<CommentView>> InsightService::Compliments(const security::Principal& who,
                                                             const Names& names, int64_t id,
                                                             size_t max) {
  auto person = names.employees.find(id);
  if (person == names.employees.end()) return NotFound("no such employee");
  ASSIGN_OR_RETURN(auto analyzer, AnalyzerOf(who));
  // Compliments: comments that credit them by text/compliments.h (named
  // unambiguously among all the org's employees, or on their own contact;
  // never a 0-6), from the comments naming their first name and their own.
  std::vector<text::Employee> everyone;
  for (const auto& [eid, item] : names.employees)
    everyone.push_back({std::to_string(eid), item.name});
  const text::EmployeeDirectory org(std::move(everyone));
  const std::string me = std::to_string(id);
  auto credits = [&](const store::CommentRow& r) {
    std::optional<std::string> contact;
    if (r.employee_id) contact = std::to_string(*r.employee_id);
    return text::IsComplimentFor(*analyzer, org, me, {r.comment, r.nps, contact});
  };
  const std::string& name = person->second.name;
  store::CommentQuery named_q;
  named_q.search = name.substr(0, name.find(' '));
  named_q.limit = 300;
  store::CommentQuery own_q;
  own_q.employee_id = id;
  own_q.limit = 15;
  std::vector<store::CommentRow> named, own;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(named, store::DashboardStore::RecentComments(c, who.tenant, named_q));
    ASSIGN_OR_RETURN(own, store::DashboardStore::RecentComments(c, who.tenant, own_q));
    return Status::Ok();
  }));
  std::vector<store::CommentRow> found;
  for (auto& r : named) {
    if (found.size() >= max) break;
    if (credits(r)) found.push_back(std::move(r));
  }
  for (auto& r : own) {
    if (found.size() >= max) break;
    bool dup = std::any_of(found.begin(), found.end(),
                           [&](const store::CommentRow& x) { return x.id == r.id; });
    if (!dup && credits(r)) found.push_back(std::move(r));
  }
  std::vector<CommentView> out;
  for (auto& r : found) out.push_back(Analysed(*analyzer, std::move(r)));
  return out;
}

Result<CommentSelection> InsightService::SelectComments(const security::Principal& who,
                                                        const CommentSelectionQuery& q) {
  constexpr int64_t kMax = store::DashboardStore::kMaxCommentsForAnalysis;
  if (q.offset < 0 || q.offset > kMax)
    return InvalidArgument("offset out of range", "/query/offset");
  if (q.limit < 1 || q.limit > kMax) return InvalidArgument("limit out of range", "/query/limit");
  ASSIGN_OR_RETURN(auto analyzer, AnalyzerOf(who));
  std::vector<store::CommentRow> rows;
  store::CommentQuery base = q.base;
  base.limit = static_cast<int>(kMax);
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(rows, store::DashboardStore::CommentsForAnalysis(c, who.tenant, base));
    return Status::Ok();
  }));
  CommentSelection out;
  out.capped = static_cast<int64_t>(rows.size()) >= kMax;
  std::vector<CommentView> selected;
  for (auto& r : rows) {
    CommentView v = Analysed(*analyzer, std::move(r));
    if (q.polarity && v.polarity != *q.polarity) continue;
    if (q.theme && std::none_of(v.themes.begin(), v.themes.end(),
                                [&](const ThemeLabel& t) { return t.key == *q.theme; })) {
      continue;
    }
    ++out.total;
    out.negative += v.polarity == text::Polarity::kNegative;
    out.neutral += v.polarity == text::Polarity::kNeutral;
    out.positive += v.polarity == text::Polarity::kPositive;
    selected.push_back(std::move(v));
  }
  out.themes = CountThemes(selected);
  const auto from = static_cast<size_t>(std::min<int64_t>(q.offset, out.total));
  const auto to = static_cast<size_t>(std::min<int64_t>(q.offset + q.limit, out.total));
  out.more = to < selected.size();
  for (size_t i = from; i < to; ++i) out.page.push_back(std::move(selected[i]));
  return out;
}

std::vector<ThemeCount> InsightService::CountThemes(const std::vector<CommentView>& comments) {
  std::map<std::string, ThemeCount> by_key;
  for (const auto& c : comments) {
    for (const auto& t : c.themes) {
      ThemeCount& n = by_key[t.key];
      n.theme = t;
      if (t.polarity == text::Polarity::kNegative) n.negative++;
      if (t.polarity == text::Polarity::kPositive) n.positive++;
    }
  }
  std::vector<ThemeCount> out;
  for (auto& [key, n] : by_key) out.push_back(std::move(n));
  std::stable_sort(out.begin(), out.end(), [](const ThemeCount& a, const ThemeCount& b) {
    return a.negative > b.negative;
  });
  return out;
}

Result<CommentInsightsView> InsightService::CommentInsights(const security::Principal& who,
                                                            const CommentInsightsInput& in) {
  const auto& g = in.group_by;
  if (!g.empty() &&
      std::find(kCommentGroupings.begin(), kCommentGroupings.end(), g) == kCommentGroupings.end()) {
    return InvalidArgument("group_by must be touchpoint, team, day, week or month",
                           "/query/group_by");
  }
  if (in.limit < kCommentLimit.min || in.limit > kCommentLimit.max) {
    return InvalidArgument("limit must be between 1 and 50000", "/query/limit");
  }
  ASSIGN_OR_RETURN(auto analyzer, AnalyzerOf(who));
  const bool by_dimension = g == "touchpoint" || g == "team";
  store::CommentQuery q;
  q.from = in.from;
  q.to = in.to;
  q.limit = static_cast<int>(in.limit);
  std::vector<store::CommentRow> rows;
  std::map<int64_t, std::string> group_keys;  // touchpoint or team id -> key
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    bool unknown_key = false;
    for (auto [key, resource, slot] : {std::tuple{&in.touchpoint, "touchpoints", &q.touchpoint_id},
                                       std::tuple{&in.team, "teams", &q.team_id}}) {
      if (!*key) continue;
      ASSIGN_OR_RETURN(auto id, store::DimensionStore::IdByKey(
                                    c, who.tenant, *store::FindDimension(resource), **key));
      if (!id) unknown_key = true;
      *slot = id.value_or(-1);
    }
    if (unknown_key) return Status::Ok();
    ASSIGN_OR_RETURN(rows, store::DashboardStore::CommentsForAnalysis(c, who.tenant, q));
    if (by_dimension) {
      ASSIGN_OR_RETURN(auto items, store::DashboardStore::Names(c, who.tenant, g + "s"));
      for (const auto& it : items) group_keys[it.id] = it.key;
    }
    return Status::Ok();
  }));
  CommentInsightsView v;
  v.group_by = g;
  v.truncated = static_cast<int64_t>(rows.size()) >= in.limit;
  std::optional<engine::GroupKey> period;
  if (!g.empty() && !by_dimension) period = *engine::ParseGroupKey(g);
  v.by_period = period.has_value();
  // Periods in the organisation's time zone, labelled as the engine's trends.
  const TimeZone zone = Zone(who);
  std::vector<text::ScoredComment> comments;
  comments.reserve(rows.size());
  for (auto& r : rows) {
    text::ScoredComment sc{std::move(r.comment), r.nps, ""};
    if (by_dimension) {
      const auto& id = g == "team" ? r.team_id : r.touchpoint_id;
      auto it = id ? group_keys.find(*id) : group_keys.end();
      sc.group = it == group_keys.end() ? "(none)" : it->second;
    } else if (period) {
      sc.group = engine::TimeBucketLabel(*period, r.submitted_at, zone);
    }
    comments.push_back(std::move(sc));
  }
  v.insights = text::SummariseComments(*analyzer, comments);
  if (period) {
    // Periods oldest first, as a trend reads.
    std::sort(v.insights.groups.begin(), v.insights.groups.end(),
              [](const auto& a, const auto& b) { return a.group < b.group; });
  }
  return v;
}

}  // namespace beleving::insight
