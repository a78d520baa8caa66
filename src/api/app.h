// The HTTP application: the route table and the one request chain every
// route passes, API call and dashboard page alike:
//
//   security headers -> language -> authentication (API key or session
//   cookie) -> permission (the route's Access against the role or key
//   scopes) -> CSRF (a cookie-authenticated write carries the session's
//   token, as X-CSRF-Token or the form field _csrf) -> the handler
//
// Failures are answered in the route's Surface: problem+json for the API,
// a redirect to /login or an HTML error page for dashboard pages (the page
// renderer is web/'s, given with SetPageErrors). Handlers adapt HTTP to a
// service call (app::Services, reached through Call::services) and the
// result to JSON or HTML; they never open a transaction, name a store or
// write SQL. The services it serves are built by the composition root
// (app/services.h); the route groups are registered by the caller
// (cli/server_commands.cc), so api/ never calls into web/.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api/operation.h"
#include "app/services.h"
#include "core/clock.h"
#include "core/json.h"
#include "http/message.h"
#include "http/route_stats.h"
#include "http/router.h"
#include "i18n/catalogue.h"
#include "security/principal.h"

namespace beleving::api {

// Who may call a route.
enum class Access {
  kPublic,         // anyone (health, OpenAPI, survey pages)
  kAuthenticated,  // any valid session or API key
  kRead,           // API key scope read, or any session (within its TenantScope)
  kIngest,         // API key scope ingest, or an admin/consultant session
  kManage,         // admin, manager or consultant session, or API key scope admin
  kAdmin,          // admin session or API key scope admin
};
const char* AccessName(Access a);

// How a route answers and who may call it in which way.
enum class Surface {
  kApi,   // JSON; API keys and sessions; failures as problem+json
  kPage,  // HTML for a signed-in person (sessions only); failures as pages
};

class App;

// One request as a handler sees it.
struct Call {
  http::Request& req;
  const security::Principal* who;  // null on public routes
  App& app;
  // ?lang=, the lang cookie, Accept-Language (public routes), else Dutch.
  i18n::Lang lang = i18n::Lang::kNl;
  // The JSON body, checked against the operation's body schema (null when
  // the operation declares none).
  json::value body;
  const store::TenantScope& tenant() const { return who->tenant; }
  app::Services& services() const;
};

using ApiHandler = std::function<http::Response(Call&)>;

// The operation's families of query parameters (Parameter::name_pattern),
// compiled once when the route is declared (app.cc).
struct NamePatterns;

struct RouteInfo {
  std::string method, pattern;
  Access access;
  Surface surface;
  std::shared_ptr<const Operation> op;  // null: not yet declared (legacy document)
  size_t body_limit = 0;
  std::shared_ptr<const NamePatterns> name_patterns;  // null when `op` declares none
  std::shared_ptr<http::RouteStats> stats = nullptr;  // requests answered (GET /metrics)
};

// The page renderer for failures of kPage routes: an HTML page in
// `call.lang` with `status` and the catalogue text `message_key`.
using PageErrorRenderer =
    std::function<http::Response(Call& call, int status, std::string_view message_key)>;

class App {
 public:
  explicit App(app::Services& services) : services_(services) {}
  ~App();

  http::Response Handle(http::Request& req);
  // The non-blocking answers (http::ServerOptions::fast_handler): a survey
  // link's cached first view. Nothing else; never touches the database.
  std::optional<http::Response> HandleFast(http::Request& req);
  size_t BodyLimit(const http::Request& head) const { return router_.BodyLimit(head); }

  // Registers a route behind the request chain.
  void Add(std::string method, std::string pattern, Access access, ApiHandler handler,
           size_t body_limit = 64 * 1024, Surface surface = Surface::kApi);
  // The same with its declaration: the chain checks the request against
  // `op` before `handler` runs, and the OpenAPI document publishes it.
  void Add(std::string method, std::string pattern, Access access, Operation op, ApiHandler handler,
           size_t body_limit = 64 * 1024, Surface surface = Surface::kApi);
  const std::vector<RouteInfo>& routes() const { return route_info_; }
  void SetPageErrors(PageErrorRenderer renderer) { page_errors_ = std::move(renderer); }
  // The I/O-thread path (HandleFast), given by the survey pages: `applies`
  // says whether a request may be answered there (a plain view of a survey
  // link), `cached` gives its cached answer if there is one; an applicable
  // request without one is handled at once on the I/O thread (one short
  // read).
  struct FastPath {
    std::function<bool(const http::Request&)> applies;
    std::function<std::optional<http::Response>(const http::Request&)> cached;
  };
  void SetFastPath(FastPath f) { fast_path_ = std::move(f); }

  app::Services& services() { return services_; }
  const app::Config& options() const { return services_.config(); }
  const Clock& clock() const { return services_.clock(); }
  // Sign-in, sign-out and the organisation switch (the session routes and
  // the log-in page); the job runner, woken after a re-send is queued.
  security::Authenticator& auth() { return services_.auth(); }
  jobs::JobRunner& jobs() { return services_.jobs(); }

 private:
  void AddRoute(RouteInfo info, ApiHandler handler);
  http::Response Chain(const RouteInfo& route, const ApiHandler& h, http::Request& req);

  app::Services& services_;
  http::Router router_;
  std::vector<RouteInfo> route_info_;
  PageErrorRenderer page_errors_;
  FastPath fast_path_;
};

// Route groups, each in its own file; registered by RegisterApiRoutes.
void RegisterApiRoutes(App& app);
void RegisterSystemRoutes(App& app);
void RegisterSessionRoutes(App& app);
void RegisterDimensionRoutes(App& app);
void RegisterMomentRoutes(App& app);
void RegisterSurveyRoutes(App& app);
void RegisterAdminRoutes(App& app);
void RegisterInsightRoutes(App& app);  // api/insight_routes.cc (engine)
void RegisterTextRoutes(App& app);     // api/text_routes.cc (comment analysis)
void RegisterAskRoutes(App& app);      // api/ask_routes.cc: surveys sent, /s/ pages, QR
void RegisterLoopRoutes(App& app);     // api/loop_routes.cc: cases, complaints, promises, alerts
void RegisterPrivacyRoutes(App& app);  // api/privacy_routes.cc: export, erase, audit
void RegisterOutcomeRoutes(App& app);  // api/outcome_routes.cc: moment outcomes
void RegisterMetricsRoute(App& app);   // api/metrics_route.cc: GET /metrics (operators)
void RegisterPeopleRoutes(App& app);   // api/people_routes.cc: team pulse, engagement

// Shared helpers for handlers.
http::Response JsonOk(const json::value& v, int status = 200);
Result<json::value> ReadJsonBody(const http::Request& req);
// Cursor pagination: an opaque cursor holds the last id of the previous page.
std::string EncodeCursor(int64_t last_id);
Result<int64_t> DecodeCursor(const std::optional<std::string>& cursor);
Result<int> PageLimit(const http::Request& req, int dflt = 100, int max = 1000);
// The query's period: `from` and `to` as a date or RFC 3339 time, from before
// to; an error names the parameter ("/query/from").
Status ParsePeriod(const http::Request& req, std::optional<UnixSeconds>* from,
                   std::optional<UnixSeconds>* to);
Result<int64_t> PathId(const http::Request& req, const std::string& name = "id");

}  // namespace beleving::api
