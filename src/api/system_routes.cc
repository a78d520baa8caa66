// Health and the OpenAPI document.
#include "api/app.h"
#include "api/openapi.h"

namespace beleving::api {

void RegisterSystemRoutes(App& app) {
  app.Add("GET", "/healthz", Access::kPublic, [](Call& call) {
    Status st = call.app.db().Read(
        [](store::SqlConn& c) -> Status { return c.QueryInt("SELECT 1").status(); });
    if (!st.ok()) return http::Problem(503, "", "database unavailable");
    return JsonOk(json::object{{"status", "ok"}});
  });
  app.Add("GET", "/api/v1/openapi.json", Access::kPublic, [](Call& call) {
    // Generated once, after every route is registered (api/openapi.h).
    static const Result<std::string> doc = [&]() -> Result<std::string> {
      ASSIGN_OR_RETURN(auto d, OpenApiDocument(call.app.routes()));
      return ToJsonText(d);
    }();
    if (!doc.ok()) return http::ProblemFromStatus(doc.status());
    return http::Json(200, *doc);
  });
}

}  // namespace beleving::api
