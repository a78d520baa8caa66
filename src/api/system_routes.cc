// Health and the OpenAPI document.
#include "api/app.h"
#include "api/declare.h"
#include "api/openapi.h"

namespace beleving::api {

void RegisterSystemRoutes(App& app) {
  app.Add("GET", "/healthz", Access::kPublic,
          Declare("getHealth", "Liveness: the server runs and its database answers", "system")
              .Replies({Answer(200, "Healthy",
                               Schema::Object({{"status", Schema::Enum({"ok"}), kRequired}})),
                        Answer(503, "The database does not answer")}),
          [](Call& call) {
            if (!call.services().CheckHealth().ok()) {
              return http::Problem(503, "", "database unavailable");
            }
            return JsonOk(json::object{{"status", "ok"}});
          });
  app.Add(
      "GET", "/api/v1/openapi.json", Access::kPublic,
      Declare("getOpenApiDocument", "This document (OpenAPI 3.1)", "system")
          .Replies({Answer(200, "The OpenAPI document", Schema::Map(Schema::Any(), "^.+$", 100))}),
      [](Call& call) {
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
