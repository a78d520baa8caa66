#include "api/app.h"

#include <filesystem>

#include "core/log.h"
#include "core/time_format.h"
#include "core/timezone.h"
#include "engine/engine.h"
#include "security/secrets.h"
#include "store/access_store.h"
#include "store/moment_store.h"
#include "store/org_store.h"
#include "store/sqlite/sqlite_database.h"

namespace beleving::api {

const char* AccessName(Access a) {
  switch (a) {
    case Access::kPublic:
      return "public";
    case Access::kAuthenticated:
      return "authenticated";
    case Access::kRead:
      return "read";
    case Access::kIngest:
      return "ingest";
    case Access::kManage:
      return "manage";
    case Access::kAdmin:
      return "admin";
  }
  return "public";
}

Result<std::unique_ptr<App>> App::Open(const AppOptions& options) {
  std::unique_ptr<App> app(new App());
  app->options_ = options;
  app->survey_pages_.set_ttl(options.survey_page_cache_seconds);
  app->clock_ = options.clock ? options.clock : SystemClock::Get();
  RETURN_IF_ERROR(security::InitCrypto());
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) return Internal("cannot create data directory " + options.data_dir + ": " + ec.message());
  store::SqliteDatabase::Options db_opts;
  db_opts.path = (std::filesystem::path(options.data_dir) / "beleving.db").string();
  ASSIGN_OR_RETURN(app->db_, store::SqliteDatabase::Open(db_opts));
  app->engine_ = std::make_unique<engine::Engine>();
  app->auth_ = std::make_unique<security::Authenticator>(*app->db_, *app->clock_);
  app->ingest_ = std::make_unique<capture::Ingest>(*app->db_, *app->clock_);
  app->jobs_ = std::make_unique<jobs::JobRunner>(*app->db_, *app->clock_);
  jobs::JobRunner* runner = app->jobs_.get();
  app->AddService([runner] { runner->Start(); }, [runner] { runner->Stop(); });
  engine::Engine* eng = app->engine_.get();
  app->ingest_->OnResponses([eng](std::span<const store::ResponseRecord> rs) {
    std::vector<engine::ResponseFacts> facts;
    facts.reserve(rs.size());
    for (const auto& r : rs) facts.push_back(capture::ToFacts(r));
    Status st = eng->Append(facts);
    if (!st.ok()) log::Error("engine append failed: {}", st.ToString());
  });
  RETURN_IF_ERROR(app->LoadEngine());
  app->RegisterRoutes();
  return app;
}

App::~App() { StopServices(); }

Status App::LoadEngine() {
  std::vector<store::Org> orgs;
  RETURN_IF_ERROR(db_->Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(orgs, store::OrgStore::All(c));
    return Status::Ok();
  }));
  for (const auto& o : orgs) {
    auto tz = TimeZone::Load(o.time_zone);
    if (tz.ok()) engine_->SetOrgTimeZone(static_cast<uint32_t>(o.id), std::move(*tz));
  }
  std::vector<engine::ResponseFacts> batch;
  batch.reserve(50000);
  RETURN_IF_ERROR(db_->Read([&](store::SqlConn& c) {
    return store::MomentStore::ScanAllResponses(c, [&](const store::ResponseRecord& r) {
      batch.push_back(capture::ToFacts(r));
      if (batch.size() == 50000) {
        Status st = engine_->Append(batch);
        if (!st.ok()) log::Error("engine load: {}", st.ToString());
        batch.clear();
      }
    });
  }));
  if (!batch.empty()) return engine_->Append(batch);
  return Status::Ok();
}

void App::RegisterRoutes() {
  RegisterSystemRoutes(*this);
  RegisterSessionRoutes(*this);
  RegisterDimensionRoutes(*this);
  RegisterMomentRoutes(*this);
  RegisterSurveyRoutes(*this);
  RegisterAdminRoutes(*this);
  RegisterInsightRoutes(*this);
  RegisterTextRoutes(*this);
  RegisterAskRoutes(*this);
  RegisterLoopRoutes(*this);
  RegisterDashboardRoutes(*this);
  RegisterPrivacyRoutes(*this);
}

void App::AddService(std::function<void()> start, std::function<void()> stop) {
  services_.emplace_back(std::move(start), std::move(stop));
}

void App::StartServices() {
  for (auto& [start, stop] : services_) {
    if (start) start();
  }
}

void App::StopServices() {
  for (auto it = services_.rbegin(); it != services_.rend(); ++it) {
    if (it->second) it->second();
  }
}

namespace {

bool Allowed(Access a, const security::Principal& p) {
  switch (a) {
    case Access::kPublic:
    case Access::kAuthenticated:
      return true;
    case Access::kRead:
      return p.CanRead();
    case Access::kIngest:
      return p.CanIngest();
    case Access::kManage:
      return p.CanManage();
    case Access::kAdmin:
      return p.IsAdmin();
  }
  return false;
}

bool IsWrite(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

void AddSecurityHeaders(http::Response& r) {
  r.Set("X-Content-Type-Options", "nosniff");
  r.Set("Referrer-Policy", "no-referrer");
  r.Set("X-Frame-Options", "DENY");
  r.Set("Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  r.Set("Cache-Control", "no-store");
}

}  // namespace

void App::Add(std::string method, std::string pattern, Access access, ApiHandler handler,
              size_t body_limit) {
  route_info_.push_back({method, pattern, access});
  router_.Add(http::Route{
      std::move(method), std::move(pattern),
      [this, access, h = std::move(handler)](http::Request& req) -> http::Response {
        if (access == Access::kPublic) {
          Call call{req, nullptr, *this};
          return h(call);
        }
        std::optional<std::string> bearer;
        if (auto a = req.Header("authorization")) {
          if (a->rfind("Bearer ", 0) == 0) {
            bearer = a->substr(7);
          } else {
            return http::Problem(401, "", "the Authorization header must be 'Bearer KEY'");
          }
        }
        auto who = auth_->Authenticate(bearer, req.Cookie(security::Authenticator::kSessionCookie));
        if (!who.ok()) {
          auto r = http::ProblemFromStatus(who.status());
          r.Set("WWW-Authenticate", "Bearer realm=\"beleving\"");
          return r;
        }
        if (!Allowed(access, *who)) {
          return http::Problem(
              403, "", std::string("this needs the '") + AccessName(access) + "' permission");
        }
        if (who->kind == security::Principal::Kind::kSession && IsWrite(req.method)) {
          auto token = req.Header("x-csrf-token");
          if (!token || !security::SecureEquals(*token, who->csrf_token)) {
            return http::Problem(403, "", "missing or wrong X-CSRF-Token header",
                                 "/headers/x-csrf-token");
          }
        }
        Call call{req, &*who, *this};
        return h(call);
      },
      body_limit});
}

http::Response App::Handle(http::Request& req) {
  http::Response r = router_.Handle(req);
  AddSecurityHeaders(r);
  if (req.method == "HEAD") r.body.clear();
  return r;
}

std::optional<http::Response> App::HandleFast(http::Request& req) {
  if (!IsSurveyLinkView(req)) return std::nullopt;
  if (auto r = CachedSurveyPage(*this, req)) {
    AddSecurityHeaders(*r);
    return r;
  }
  // Not cached: one indexed read and a render, short enough for this thread.
  return Handle(req);
}

void App::Audit(const Call& call, const std::string& action, const std::string& subject) {
  if (!call.who) return;
  auto org = call.who->tenant.org_id();
  std::string actor = call.who->actor();
  UnixSeconds now = clock_->Now();
  Status st = db_->Write([&](store::SqlConn& c) {
    return store::AccessStore::Audit(c, org, actor, action, subject, now);
  });
  if (!st.ok()) log::Warn("audit log write failed: {}", st.ToString());
}

http::Response JsonOk(const json::value& v, int status) {
  return http::Json(status, ToJsonText(v));
}

Result<json::value> ReadJsonBody(const http::Request& req) {
  auto ct = req.Header("content-type");
  if (!ct || ct->find("json") == std::string::npos) {
    return InvalidArgument("send the body as application/json", "/headers/content-type");
  }
  return ParseJson(req.body);
}

std::string EncodeCursor(int64_t last_id) { return "c" + std::to_string(last_id); }

Result<int64_t> DecodeCursor(const std::optional<std::string>& cursor) {
  if (!cursor || cursor->empty()) return int64_t{0};
  const std::string& c = *cursor;
  if (c.size() < 2 || c.size() > 20 || c[0] != 'c' ||
      c.find_first_not_of("0123456789", 1) != std::string::npos) {
    return InvalidArgument("cursor is not one this server gave out", "/query/cursor");
  }
  return std::stoll(c.substr(1));
}

Status ParsePeriod(const http::Request& req, std::optional<UnixSeconds>* from,
                   std::optional<UnixSeconds>* to) {
  for (auto [param, slot] : {std::pair{"from", from}, {"to", to}}) {
    if (auto v = req.Query(param)) {
      ASSIGN_OR_RETURN(*slot, ParseDateOrDateTime(*v, std::string("/query/") + param));
    }
  }
  if (*from && *to && **from >= **to) {
    return InvalidArgument("from must be before to", "/query/from");
  }
  return Status::Ok();
}

Result<int> PageLimit(const http::Request& req, int dflt, int max) {
  auto l = req.Query("limit");
  if (!l) return dflt;
  if (l->empty() || l->size() > 6 || l->find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument("limit must be a number from 1 to " + std::to_string(max),
                           "/query/limit");
  }
  int n = std::stoi(*l);
  if (n < 1 || n > max) {
    return InvalidArgument("limit must be a number from 1 to " + std::to_string(max),
                           "/query/limit");
  }
  return n;
}

Result<int64_t> PathId(const http::Request& req, const std::string& name) {
  auto it = req.path_params.find(name);
  if (it == req.path_params.end() || it->second.empty() || it->second.size() > 18 ||
      it->second.find_first_not_of("0123456789") != std::string::npos) {
    return NotFound("no such resource");
  }
  return std::stoll(it->second);
}

}  // namespace beleving::api
