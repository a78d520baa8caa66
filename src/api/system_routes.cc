// Health and the OpenAPI document.
#include "api/app.h"
#include "core/resources.h"

namespace beleving::api {

void RegisterSystemRoutes(App& app) {
  app.Add("GET", "/healthz", Access::kPublic, [](Call& call) {
    Status st = call.app.db().Read(
        [](store::SqlConn& c) -> Status { return c.QueryInt("SELECT 1").status(); });
    if (!st.ok()) return http::Problem(503, "", "database unavailable");
    return JsonOk(json::object{{"status", "ok"}});
  });
  app.Add("GET", "/api/v1/openapi.json", Access::kPublic, [](Call&) {
    auto doc = resources::Find("openapi.json");
    if (!doc) return http::Problem(500, "", "OpenAPI document missing from the build");
    return http::Json(200, std::string(*doc));
  });
}

}  // namespace beleving::api
