// The application: the composition root that owns the database, the insight
// engine, the services and the HTTP routes, and the request filter chain
// every API call passes (security headers -> authentication -> role and
// scope check -> CSRF for cookie-authenticated writes -> handler).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "capture/ingest.h"
#include "core/clock.h"
#include "http/message.h"
#include "http/router.h"
#include "jobs/job_runner.h"
#include "security/authenticator.h"
#include "security/principal.h"
#include "store/sql.h"
#include "survey/page_cache.h"
#include "text/analyzer_cache.h"

namespace beleving::engine {
class Engine;
}

namespace beleving::api {

struct AppOptions {
  std::string data_dir;          // holds beleving.db
  const Clock* clock = nullptr;  // default: the system clock
  std::string public_url;        // e.g. "http://127.0.0.1:8080" for links in e-mails
  bool secure_cookies = false;   // behind TLS
  // How long a survey link's rendered first view is reused; 0 disables.
  int64_t survey_page_cache_seconds = survey::PageCache::kDefaultTtlSeconds;
};

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

class App;

// One API call as a handler sees it.
struct Call {
  http::Request& req;
  const security::Principal* who;  // null on public routes
  App& app;
  const security::TenantScope& tenant() const { return who->tenant; }
};

using ApiHandler = std::function<http::Response(Call&)>;

struct RouteInfo {
  std::string method, pattern;
  Access access;
};

class App {
 public:
  static Result<std::unique_ptr<App>> Open(const AppOptions& options);
  ~App();

  http::Response Handle(http::Request& req);
  // The non-blocking answers (http::ServerOptions::fast_handler): a survey
  // link's cached first view. Nothing else; never touches the database.
  std::optional<http::Response> HandleFast(http::Request& req);
  size_t BodyLimit(const http::Request& head) const { return router_.BodyLimit(head); }

  // Registers a route behind the filter chain.
  void Add(std::string method, std::string pattern, Access access, ApiHandler handler,
           size_t body_limit = 64 * 1024);
  const std::vector<RouteInfo>& routes() const { return route_info_; }

  store::Database& db() { return *db_; }
  engine::Engine& engine() { return *engine_; }
  security::Authenticator& auth() { return *auth_; }
  capture::Ingest& ingest() { return *ingest_; }
  // The durable job runner (jobs/job_runner.h); `serve` runs its thread.
  jobs::JobRunner& jobs() { return *jobs_; }
  // Rendered first views of survey links (survey/page_cache.h).
  survey::PageCache& survey_pages() { return survey_pages_; }
  // One text analyzer per organisation's vocabulary and model (text_routes.cc).
  text::AnalyzerCache& analyzers() { return analyzers_; }
  const Clock& clock() const { return *clock_; }
  const AppOptions& options() const { return options_; }
  // Background services started by `serve` (job runner, timers), each
  // registered by its room; stopped in reverse order at shutdown.
  void AddService(std::function<void()> start, std::function<void()> stop);
  void StartServices();
  void StopServices();
  // Records who read or changed personal data.
  void Audit(const Call& call, const std::string& action, const std::string& subject);

 private:
  App() = default;
  Status LoadEngine();
  void RegisterRoutes();

  AppOptions options_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<security::Authenticator> auth_;
  std::unique_ptr<capture::Ingest> ingest_;
  std::unique_ptr<jobs::JobRunner> jobs_;
  survey::PageCache survey_pages_;
  text::AnalyzerCache analyzers_;
  http::Router router_;
  std::vector<RouteInfo> route_info_;
  std::vector<std::pair<std::function<void()>, std::function<void()>>> services_;
};

// Route groups, each in its own file.
void RegisterSystemRoutes(App& app);
void RegisterSessionRoutes(App& app);
void RegisterDimensionRoutes(App& app);
void RegisterMomentRoutes(App& app);
void RegisterSurveyRoutes(App& app);
void RegisterAdminRoutes(App& app);
void RegisterInsightRoutes(App& app);  // api/insight_routes.cc (engine)
void RegisterTextRoutes(App& app);     // api/text_routes.cc (comment analysis)
void RegisterAskRoutes(App& app);      // api/ask_routes.cc: surveys sent, /s/ pages, QR (issue 4)
// The cached first view of the survey link `req` views (IsSurveyLinkView must
// hold), if there is one (ask_routes.cc).
std::optional<http::Response> CachedSurveyPage(App& app, const http::Request& req);
// Whether `req` is a plain view of a survey link: GET /s/{token}, no query.
bool IsSurveyLinkView(const http::Request& req);
void RegisterLoopRoutes(
    App& app);  // api/loop_routes.cc: cases, complaints, promises, alerts (issue 5)
void RegisterDashboardRoutes(App& app);  // web/: the dashboard pages (issue 6)
void RegisterPrivacyRoutes(App& app);    // api/privacy_routes.cc: export, erase, audit (issue 8)

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
