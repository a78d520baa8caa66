// GET /metrics: the Prometheus text format for operators (docs/operations.md).
// Served only when the configuration sets a metrics token, and only to
// requests that carry it ("Authorization: Bearer TOKEN", compared in constant
// time); the token is not an API key and opens nothing else.
#include "api/app.h"
#include "api/declare.h"
#include "http/prometheus.h"
#include "security/secrets.h"

namespace beleving::api {

void RegisterMetricsRoute(App& app) {
  if (app.options().metrics_token.empty()) return;
  app.Add("GET", "/metrics", Access::kPublic,
          Declare("getOperatorMetrics",
                  "Prometheus metrics: requests and latency per route, ingest counts, the job "
                  "queue, the engine, the database pool (only when a metrics token is configured)",
                  "system")
              .Replies({[] {
                          Reply r = Answer(200, "The Prometheus text exposition format 0.0.4");
                          r.content_type = "text/plain";
                          return r;
                        }(),
                        Answer(401, "No or another token than the configured metrics token")}),
          [](Call& call) {
            const std::string& token = call.services().config().metrics_token;
            auto auth = call.req.Header("authorization");
            if (!auth || auth->rfind("Bearer ", 0) != 0 ||
                !security::SecureEquals(std::string_view(*auth).substr(7), token)) {
              auto r = http::Problem(401, "",
                                     "GET /metrics needs 'Authorization: Bearer <metrics token>'");
              r.Set("WWW-Authenticate", "Bearer realm=\"beleving-metrics\"");
              return r;
            }
            std::vector<http::RouteSample> routes;
            for (const auto& info : call.app.routes()) {
              routes.push_back({info.method, info.pattern, info.stats.get()});
            }
            http::Response r;
            r.status = 200;
            r.content_type = std::string(http::kPrometheusContentType);
            http::AppendRouteMetrics(&r.body, routes);
            call.services().AppendOperatorMetrics(&r.body);
            r.Set("Cache-Control", "no-store");
            return r;
          });
}

}  // namespace beleving::api
