// /api/v1/alert-rules: who hears of what (admins).
#include "api/loop_routes.h"

namespace beleving::api {
namespace {

const char* kTag = "Alerts";

Schema AlertRuleCreate() {
  return Schema::Object({
                            {"event", Schema::Enum(loop::kAlertEvents), kRequired},
                            {"keyword", Schema::String(1, loop::kMaxAlertKeyword)
                                            .Describe("required for event keyword; matched in "
                                                      "the comment, case-insensitive")},
                            {"webhook_id", Schema::Integer(1, INT64_MAX)},
                            {"email", Schema::String(3, loop::kMaxEmailAddress).Format("email")},
                        })
      .Named("AlertRuleCreate")
      .Example(json::object{{"event", "detractor"}, {"email", "teamleider@example.org"}});
}

}  // namespace

void RegisterAlertRoutes(App& app) {
  app.Add("GET", "/api/v1/alert-rules", Access::kAdmin,
          Operation{"listAlertRules",
                    "The organisation's alert rules",
                    kTag,
                    {},
                    {},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "The rules", "AlertRuleList")}},
          [](Call& call) {
            return JsonOrProblem(LoopOf(call).alerts().Rules(*call.who),
                                 [](const std::vector<store::AlertRuleRecord>& v) {
                                   json::array items;
                                   for (const auto& r : v) items.push_back(AlertRuleJson(r));
                                   return json::object{{"alert_rules", std::move(items)}};
                                 });
          });

  app.Add("POST", "/api/v1/alert-rules", Access::kAdmin,
          Operation{"createAlertRule",
                    "Send an event to a webhook, an e-mail address or both",
                    kTag,
                    {},
                    {},
                    AlertRuleCreate(),
                    std::nullopt,
                    {Answer(201, "The rule", "AlertRule"),
                     Answer(400,
                            "No target, a keyword rule without a keyword, or an unknown "
                            "webhook")}},
          [](Call& call) {
            loop::NewAlertRule in;
            in.event = OptString(call.body, "event");
            in.keyword = OptString(call.body, "keyword");
            in.webhook_id = OptInt(call.body, "webhook_id");
            in.email = OptString(call.body, "email");
            return JsonOrProblem(LoopOf(call).alerts().CreateRule(*call.who, in), AlertRuleJson,
                                 201);
          });

  app.Add("DELETE", "/api/v1/alert-rules/{id}", Access::kAdmin,
          Operation{"deleteAlertRule",
                    "Remove an alert rule",
                    kTag,
                    {IdParameter("id", "The rule")},
                    {},
                    std::nullopt,
                    std::nullopt,
                    {Answer(204, "Removed"), Answer(404, "No such alert rule")}},
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            Status st = LoopOf(call).alerts().DeleteRule(*call.who, *id);
            if (!st.ok()) return http::ProblemFromStatus(st);
            http::Response r;
            r.status = 204;
            return r;
          });
}

}  // namespace beleving::api
