// Comment analysis through the API: GET /api/v1/insights/comments, and each
// organisation's text settings: its own vocabulary (themes and terms) and a
// sentiment model learned from its own scored comments (/api/v1/text/...).
//
// The tenant-scoped comments of a period (newest first, at most `limit`) run
// through the text analyzer; the answer has the sentiment, the themes with
// their polarity, the themes that separate detractors from promoters (with a
// 95% interval, text/comment_insights.h), and the same per group: a
// touchpoint, a team, or a period (day, week, month in the organisation's
// time zone, labelled as the engine's trends) for trends.
//
// Query: from, to (date or RFC 3339), touchpoint, team (one key each),
// group_by (touchpoint, team, day, week, month), limit (1..50000, default
// 10000).
#include <functional>
#include <map>

#include "api/app.h"
#include "core/time_format.h"
#include "engine/engine.h"
#include "engine/query.h"
#include "store/dashboard_store.h"
#include "store/dimension_store.h"
#include "store/text_store.h"
#include "text/comment_insights.h"

namespace beleving::api {
namespace {

constexpr int kDefaultLimit = 10'000;

constexpr size_t kVocabularyBodyLimit = 256 * 1024;
constexpr long kMinTrainingComments = 20;  // per class

// The analyzer for the caller's organisation: its vocabulary and model.
Result<std::shared_ptr<const text::TextAnalyzer>> OrgAnalyzer(Call& call) {
  std::optional<store::TextSettings> s;
  RETURN_IF_ERROR(call.app.db().Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(s, store::TextStore::Get(c, call.tenant()));
    return Status::Ok();
  }));
  if (!s) return call.app.analyzers().Builtin();
  return call.app.analyzers().For(call.tenant().org_id(), s->vocabulary.value_or(""),
                                  s->learned_model.value_or(""));
}

json::value SettingsJson(const std::optional<store::TextSettings>& s) {
  json::object o{{"vocabulary", nullptr}, {"model", nullptr}, {"updated_at", nullptr}};
  if (!s) return o;
  if (s->vocabulary) {
    auto v = ParseJson(*s->vocabulary);
    if (v.ok()) o["vocabulary"] = *v;
  }
  if (s->learned_model) {
    auto m = text::LearnedSentiment::FromJson(*s->learned_model);
    if (m.ok()) {
      o["model"] = json::object{{"language", text::LanguageCode(m->language())},
                                {"positive", m->positives()},
                                {"negative", m->negatives()},
                                {"features", static_cast<int64_t>(m->feature_count())}};
    }
  }
  o["updated_at"] = FormatRfc3339(s->updated_at);
  return o;
}

// Reads, changes and stores the settings in one write; answers with them.
http::Response ChangeSettings(Call& call, const std::function<Status(store::TextSettings&)>& change,
                              int status = 200) {
  std::optional<store::TextSettings> out;
  Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto s, store::TextStore::Get(c, call.tenant()));
    store::TextSettings next = s.value_or(store::TextSettings{});
    RETURN_IF_ERROR(change(next));
    next.updated_at = call.app.clock().Now();
    RETURN_IF_ERROR(store::TextStore::Put(c, call.tenant(), next));
    out = next;
    return Status::Ok();
  });
  if (!st.ok()) return http::ProblemFromStatus(st);
  return JsonOk(SettingsJson(out), status);
}

http::Response PutVocabulary(Call& call) {
  auto body = ReadJsonBody(call.req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::string text = json::serialize(*body);
  // Compiled once here, so a bad document is refused with the field named.
  text::TextAnalyzerConfig config;
  config.org_vocabulary_json = text;
  auto check = text::TextAnalyzer::Create(config);
  if (!check.ok()) return http::ProblemFromStatus(check.status());
  return ChangeSettings(call, [&](store::TextSettings& s) {
    s.vocabulary = text;
    return Status::Ok();
  });
}

// Learns the organisation's model from its scored comments in one language:
// promoters' (9-10) as positive, detractors' (0-6) as negative.
http::Response TrainModel(Call& call) {
  auto body = ReadJsonBody(call.req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  if (!body->is_object()) {
    return http::ProblemFromStatus(InvalidArgument("send a JSON object", ""));
  }
  const json::object& o = body->as_object();
  std::optional<text::Language> lang;
  if (auto* l = o.if_contains("language"); l && l->is_string()) {
    lang = text::ParseLanguage(l->get_string());
  }
  if (!lang || *lang == text::Language::kUnknown) {
    return http::ProblemFromStatus(InvalidArgument("language must be nl or en", "/language"));
  }
  store::CommentQuery q;
  q.limit = store::DashboardStore::kMaxCommentsForAnalysis;
  for (auto [name, slot] : {std::pair{"from", &q.from}, {"to", &q.to}}) {
    if (auto* v = o.if_contains(name)) {
      if (!v->is_string()) {
        return http::ProblemFromStatus(
            InvalidArgument("a date or RFC 3339 time", std::string("/") + name));
      }
      auto t = ParseDateOrDateTime(v->get_string(), std::string("/") + name);
      if (!t.ok()) return http::ProblemFromStatus(t.status());
      *slot = *t;
    }
  }
  auto builtin = call.app.analyzers().Builtin();
  if (!builtin.ok()) return http::ProblemFromStatus(builtin.status());
  std::vector<store::CommentRow> rows;
  Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(rows, store::DashboardStore::CommentsForAnalysis(c, call.tenant(), q));
    return Status::Ok();
  });
  if (!st.ok()) return http::ProblemFromStatus(st);
  std::vector<text::LabelledComment> labelled;
  long pos = 0, neg = 0;
  for (auto& r : rows) {
    if (!r.nps || *r.nps == 7 || *r.nps == 8) continue;
    if ((*builtin)->DetectLanguage(r.comment, *lang) != *lang) continue;
    const bool positive = *r.nps >= 9;
    (positive ? pos : neg) += 1;
    // Redacted first: no e-mail address, phone or account number becomes a
    // word of the model.
    labelled.push_back({positive, (*builtin)->Redact(r.comment, *lang)});
  }
  if (pos < kMinTrainingComments || neg < kMinTrainingComments) {
    return http::Problem(
        422, "Too few comments to learn from",
        "too few scored comments in this language to learn from: " + std::to_string(pos) +
            " from promoters and " + std::to_string(neg) + " from detractors; at least " +
            std::to_string(kMinTrainingComments) + " of each are needed",
        "/language");
  }
  auto model = text::LearnedSentiment::Train(*lang, labelled);
  if (!model.ok()) return http::ProblemFromStatus(model.status());
  std::string model_json = model->ToJson();
  return ChangeSettings(
      call,
      [&](store::TextSettings& s) {
        s.learned_model = model_json;
        return Status::Ok();
      },
      201);
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
  auto analyzer = OrgAnalyzer(call);
  if (!analyzer.ok()) return http::ProblemFromStatus(analyzer.status());
  store::CommentQuery q;
  q.limit = kDefaultLimit;
  if (Status st = ParsePeriod(call.req, &q.from, &q.to); !st.ok()) {
    return http::ProblemFromStatus(st);
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
  const bool by_dimension = group_by == "touchpoint" || group_by == "team";
  std::map<int64_t, std::string> group_keys;  // touchpoint or team id -> key
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
    if (by_dimension) {
      ASSIGN_OR_RETURN(auto items, store::DashboardStore::Names(c, t, group_by + "s"));
      for (const auto& it : items) group_keys[it.id] = it.key;
    }
    return Status::Ok();
  });
  if (!st.ok()) return http::ProblemFromStatus(st);

  std::vector<text::ScoredComment> comments;
  comments.reserve(rows.size());
  // Periods in the organisation's time zone, labelled as the engine's trends.
  std::optional<engine::GroupKey> period;
  if (!group_by.empty() && !by_dimension) period = *engine::ParseGroupKey(group_by);
  const TimeZone zone = call.app.engine().OrgTimeZone(static_cast<uint32_t>(t.org_id()));
  for (auto& r : rows) {
    text::ScoredComment sc{std::move(r.comment), r.nps, ""};
    if (by_dimension) {
      const auto& id = group_by == "team" ? r.team_id : r.touchpoint_id;
      auto it = id ? group_keys.find(*id) : group_keys.end();
      sc.group = it == group_keys.end() ? "(none)" : it->second;
    } else if (period) {
      sc.group = engine::TimeBucketLabel(*period, r.submitted_at, zone);
    }
    comments.push_back(std::move(sc));
  }
  text::CommentInsights in = text::SummariseComments(**analyzer, comments);

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
    if (period) {
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
  app.Add("GET", "/api/v1/text/settings", Access::kRead, [](Call& call) {
    std::optional<store::TextSettings> s;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(s, store::TextStore::Get(c, call.tenant()));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    return JsonOk(SettingsJson(s));
  });
  app.Add("PUT", "/api/v1/text/vocabulary", Access::kAdmin, PutVocabulary, kVocabularyBodyLimit);
  app.Add("DELETE", "/api/v1/text/vocabulary", Access::kAdmin, [](Call& call) {
    return ChangeSettings(call, [](store::TextSettings& s) {
      s.vocabulary.reset();
      return Status::Ok();
    });
  });
  app.Add("POST", "/api/v1/text/model", Access::kAdmin, TrainModel);
  app.Add("DELETE", "/api/v1/text/model", Access::kAdmin, [](Call& call) {
    return ChangeSettings(call, [](store::TextSettings& s) {
      s.learned_model.reset();
      return Status::Ok();
    });
  });
}

}  // namespace beleving::api
