// /api/v1/charter: the organisation's service charter (its active standard
// promises with their kept rate over the last 90 days) and whether its
// public page /charter/SLUG is published.
#include "api/loop_routes.h"

namespace beleving::api {

namespace {

json::object CharterJson(const loop::CharterView& v) {
  json::array items;
  for (const auto& i : v.items) {
    items.push_back(json::object{
        {"standard", StandardPromiseJson(i.standard)},
        {"made", i.made},
        {"kept", i.kept},
        {"broken", i.broken},
        {"kept_rate", i.kept_rate ? json::value(*i.kept_rate) : json::value(nullptr)}});
  }
  return {{"published", v.published}, {"days", loop::kCharterDays}, {"items", std::move(items)}};
}

}  // namespace

void RegisterCharterRoutes(App& app) {
  app.Add("GET", "/api/v1/charter", Access::kRead,
          Operation{"getCharter",
                    "The service charter: each active standard promise with its figures over the "
                    "last 90 days",
                    "Promises",
                    {},
                    {},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "The charter", "Charter")}},
          [](Call& call) {
            return JsonOrProblem(LoopOf(call).promises().Charter(*call.who), CharterJson);
          });
  app.Add(
      "PUT", "/api/v1/charter/published", Access::kAdmin,
      Operation{"publishCharter",
                "Publish (true) or unpublish (false) the public charter page /charter/SLUG",
                "Promises",
                {},
                {},
                Schema::Object({{"published", Schema::Boolean(), kRequired}})
                    .Named("CharterPublication")
                    .Example(json::object{{"published", true}}),
                std::nullopt,
                {Answer(200, "The charter", "Charter"),
                 Answer(400, "published is missing or not a boolean"), Answer(403, "Admins only")}},
      [](Call& call) {
        auto& ledger = LoopOf(call).promises();
        Status st = ledger.PublishCharter(*call.who, OptBool(call.body, "published").value());
        if (!st.ok()) return http::ProblemFromStatus(st);
        return JsonOrProblem(ledger.Charter(*call.who), CharterJson);
      });
}

}  // namespace beleving::api
