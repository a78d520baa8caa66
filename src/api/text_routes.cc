// Comment analysis through the API: GET /api/v1/insights/comments, and each
// organisation's text settings: its own vocabulary (themes and terms) and a
// sentiment model learned from its own scored comments (/api/v1/text/...).
// The rules live in the services (insight/insight_service.h,
// insight/text_settings.h); the handlers adapt HTTP to them.
//
// The tenant-scoped comments of a period (newest first, at most `limit`) run
// through the organisation's text analyzer; the answer has the sentiment,
// the themes with their polarity, the themes that separate detractors from
// promoters (with a 95% interval, text/comment_insights.h), and the same per
// group: a touchpoint, a team, or a period (day, week, month in the
// organisation's time zone, labelled as the engine's trends) for trends.
#include <cmath>

#include "api/app.h"
#include "api/insight_schema.h"
#include "core/time_format.h"

namespace beleving::api {
namespace {

double R3(double v) { return std::round(v * 1000) / 1000; }

json::value SettingsJson(const insight::TextSettingsView& s) {
  json::object o{{"vocabulary", nullptr}, {"model", nullptr}, {"updated_at", nullptr}};
  if (s.vocabulary) {
    auto v = ParseJson(*s.vocabulary);
    if (v.ok()) o["vocabulary"] = *v;
  }
  if (s.model) {
    o["model"] = json::object{{"language", s.model->language},
                              {"positive", s.model->positive},
                              {"negative", s.model->negative},
                              {"features", s.model->features}};
  }
  if (s.updated_at) o["updated_at"] = FormatRfc3339(*s.updated_at);
  return o;
}

http::Response SettingsAnswer(const Result<insight::TextSettingsView>& s, int status = 200) {
  if (!s.ok()) return http::ProblemFromStatus(s.status());
  return JsonOk(SettingsJson(*s), status);
}

json::object ThemeJson(const text::ThemeSummary& t, bool with_separation) {
  json::object o{{"theme", t.theme},       {"mentions", t.mentions},
                 {"positive", t.positive}, {"negative", t.negative},
                 {"neutral", t.neutral},   {"sentiment", R3(t.sentiment)}};
  if (with_separation) {
    o["detractor_share"] = R3(t.detractor_share);
    o["promoter_share"] = R3(t.promoter_share);
    o["difference"] = R3(t.difference);
    o["difference_ci"] = json::array{R3(t.difference_low), R3(t.difference_high)};
  }
  return o;
}

http::Response CommentInsights(Call& call) {
  insight::CommentInsightsInput in;
  if (Status st = ParsePeriod(call.req, &in.from, &in.to); !st.ok()) {
    return http::ProblemFromStatus(st);
  }
  in.touchpoint = call.req.Query("touchpoint");
  in.team = call.req.Query("team");
  in.group_by = call.req.Query("group_by").value_or("");
  in.limit = BoundedOf(call, "limit", insight::kCommentLimit);
  auto v = call.services().insight().CommentInsights(*call.who, in);
  if (!v.ok()) return http::ProblemFromStatus(v.status());
  const text::CommentInsights& ci = v->insights;
  json::array themes, groups, detractor_themes, promoter_themes;
  for (const auto& th : ci.themes) themes.push_back(ThemeJson(th, true));
  for (const auto& name : ci.detractor_themes) detractor_themes.emplace_back(name);
  for (const auto& name : ci.promoter_themes) promoter_themes.emplace_back(name);
  if (!v->group_by.empty()) {
    for (const auto& g : ci.groups) {
      json::array gt;
      for (const auto& th : g.themes) gt.push_back(ThemeJson(th, false));
      groups.push_back(json::object{{"group", g.group},
                                    {"comments", g.comments},
                                    {"sentiment", R3(g.sentiment)},
                                    {"positive", g.positive},
                                    {"negative", g.negative},
                                    {"neutral", g.neutral},
                                    {"themes", std::move(gt)}});
    }
  }
  json::object o{
      {"comments", ci.comments},
      {"truncated", v->truncated},
      {"detractor_comments", ci.detractor_comments},
      {"promoter_comments", ci.promoter_comments},
      {"sentiment", json::object{{"mean", R3(ci.sentiment)},
                                 {"positive", ci.positive},
                                 {"negative", ci.negative},
                                 {"neutral", ci.neutral}}},
      {"themes", std::move(themes)},
      {"separating", json::object{{"detractors", std::move(detractor_themes)},
                                  {"promoters", std::move(promoter_themes)}}},
      {"group_by", v->group_by.empty() ? json::value(nullptr) : json::value(v->group_by)},
      {"groups", std::move(groups)}};
  return JsonOk(o);
}

// The vocabulary document (docs/text.md), as ParseOrgVocabulary accepts it.
Schema VocabularySchema() {
  auto terms = [] { return Schema::Array(Schema::String(1, 200), 5000); };
  auto by_language = [](Schema s) { return Schema::Object({{"nl", s}, {"en", s}}); };
  Schema theme = Schema::Object({{"key", Schema::String(1, 64).Pattern("^[a-z0-9_]+$"), kRequired},
                                 {"label", by_language(Schema::String(0, 200))},
                                 {"terms", by_language(terms()), kRequired}});
  Schema lists =
      Schema::Object({{"positive", terms()},
                      {"negative", terms()},
                      {"scores", Schema::Map(Schema::Number(-1, 1), "^.{1,200}$", 5000)}});
  Schema doc = Schema::Object({{"$comment", Schema::String(0, 2000)},
                               {"themes", Schema::Array(theme, 500)},
                               {"terms", by_language(lists)}});
  doc.Named("TextVocabulary")
      .Describe(
          "An organisation's own themes and terms (docs/text.md); a theme key equal to "
          "a built-in theme adds terms to it")
      .Example(json::object{
          {"themes",
           json::array{json::object{{"key", "parking"},
                                    {"label", json::object{{"nl", "Parkeren"}, {"en", "Parking"}}},
                                    {"terms", json::object{{"nl", json::array{"parkeerplaats"}},
                                                           {"en", json::array{"car park"}}}}}}},
          {"terms",
           json::object{{"nl", json::object{{"positive", json::array{"gezellig"}},
                                            {"scores", json::object{{"wachttijd", -0.4}}}}}}}});
  return doc;
}

Schema TrainingSchema() {
  Schema date = Schema::OneOf(
      {Schema::String(10, 10).Format("date"), Schema::String(20, 40).Format("date-time")});
  Schema s =
      Schema::Object({{"language", Schema::Enum(Values(insight::kModelLanguages)), kRequired},
                      {"from", date},
                      {"to", date}});
  s.Named("TextModelTraining")
      .Describe(
          "Learn from the organisation's scored comments in `language` submitted in "
          "[from, to): promoters' (9-10) as positive, detractors' (0-6) as negative");
  return s;
}

Operation SettingsOperation(std::string id, std::string summary, int status = 200) {
  Operation op{std::move(id), std::move(summary), "insight", {}, {}, {}, {}, {}};
  op.replies = {{status, status == 201 ? "Learned" : "OK", "TextSettings", {}, "application/json"}};
  return op;
}

}  // namespace

void RegisterTextRoutes(App& app) {
  Operation comments{
      "getCommentInsights",
      "Comment analysis: sentiment, themes with polarity, the themes that "
      "separate detractors from promoters (share difference with a 95% "
      "interval), and per group (touchpoint, team, or a day/week/month in the "
      "organisation's time zone for trends); the newest `limit` comments of the "
      "caller's scope",
      "insight",
      {},
      {PeriodParameter("from"),
       PeriodParameter("to"),
       KeyParameter("touchpoint", "touchpoint"),
       KeyParameter("team", "team"),
       {"group_by", Schema::Enum(Values(insight::kCommentGroupings)), false,
        "the groups of `groups`"},
       BoundedParameter("limit", insight::kCommentLimit, "the newest comments analysed")},
      {},
      {},
      {{200, "OK", "CommentInsights", {}, "application/json"}}};
  app.Add("GET", "/api/v1/insights/comments", Access::kRead, std::move(comments), CommentInsights);

  app.Add(
      "GET", "/api/v1/text/settings", Access::kRead,
      SettingsOperation("getTextSettings",
                        "The organisation's text settings: its vocabulary and a summary of "
                        "its learned model"),
      [](Call& call) { return SettingsAnswer(call.services().text_settings().Get(*call.who)); });

  Operation put_vocabulary = SettingsOperation(
      "putTextVocabulary",
      "Replace the organisation's themes and terms; a document that does not compile is refused "
      "naming the field (audited)");
  put_vocabulary.body = VocabularySchema();
  app.Add(
      "PUT", "/api/v1/text/vocabulary", Access::kAdmin, std::move(put_vocabulary),
      [](Call& call) {
        return SettingsAnswer(
            call.services().text_settings().SetVocabulary(*call.who, json::serialize(call.body)));
      },
      insight::kMaxVocabularyBytes);
  app.Add(
      "DELETE", "/api/v1/text/vocabulary", Access::kAdmin,
      SettingsOperation("deleteTextVocabulary", "Remove the organisation's vocabulary (audited)"),
      [](Call& call) {
        return SettingsAnswer(call.services().text_settings().ClearVocabulary(*call.who));
      });

  Operation train = SettingsOperation(
      "trainTextModel",
      "Learn a sentiment model from the organisation's scored comments in one language: "
      "promoters' comments positive, detractors' negative; 422 below 20 of each (audited)",
      201);
  train.body = TrainingSchema();
  train.replies.push_back(
      {422, "Too few scored comments in this language to learn from", "", {}, "application/json"});
  app.Add("POST", "/api/v1/text/model", Access::kAdmin, std::move(train), [](Call& call) {
    insight::TrainModelInput in;
    const json::object& o = call.body.as_object();
    in.language = std::string(o.at("language").as_string());
    for (auto [name, slot] : {std::pair{"from", &in.from}, {"to", &in.to}}) {
      if (auto* v = o.if_contains(name)) {
        auto t = ParseDateOrDateTime(std::string(v->as_string()), std::string("/") + name);
        if (!t.ok()) return http::ProblemFromStatus(t.status());
        *slot = *t;
      }
    }
    auto s = call.services().text_settings().TrainModel(*call.who, in);
    if (!s.ok() && s.status().code() == StatusCode::kFailedPrecondition) {
      return http::Problem(422, "Too few comments to learn from", s.status().message(),
                           s.status().field());
    }
    return SettingsAnswer(s, 201);
  });
  app.Add("DELETE", "/api/v1/text/model", Access::kAdmin,
          SettingsOperation("deleteTextModel", "Remove the learned model (audited)"),
          [](Call& call) {
            return SettingsAnswer(call.services().text_settings().ClearModel(*call.who));
          });
}

}  // namespace beleving::api
