#include "api/app.h"

#include <chrono>
#include <filesystem>
#include <regex>

#include "core/log.h"
#include "core/time_format.h"
#include "core/timezone.h"
#include "engine/engine.h"
#include "security/secrets.h"

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

app::Services& Call::services() const { return app.services(); }

App::~App() = default;

void RegisterApiRoutes(App& app) {
  RegisterSystemRoutes(app);
  RegisterSessionRoutes(app);
  RegisterDimensionRoutes(app);
  RegisterMomentRoutes(app);
  RegisterSurveyRoutes(app);
  RegisterAdminRoutes(app);
  RegisterInsightRoutes(app);
  RegisterTextRoutes(app);
  RegisterAskRoutes(app);
  RegisterLoopRoutes(app);
  RegisterPrivacyRoutes(app);
  RegisterOutcomeRoutes(app);
  RegisterMetricsRoute(app);
  RegisterPeopleRoutes(app);
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
              size_t body_limit, Surface surface) {
  AddRoute({method, pattern, access, surface, nullptr, body_limit, nullptr}, std::move(handler));
}

struct NamePatterns {
  // Each family's declaration (in the route's Operation) and its pattern.
  std::vector<std::pair<const Parameter*, std::regex>> families;
};

void App::Add(std::string method, std::string pattern, Access access, Operation op,
              ApiHandler handler, size_t body_limit, Surface surface) {
  auto declared = std::make_shared<const Operation>(std::move(op));
  std::shared_ptr<NamePatterns> families;
  for (const auto& q : declared->query) {
    if (q.name_pattern.empty()) continue;
    if (!families) families = std::make_shared<NamePatterns>();
    families->families.emplace_back(&q, std::regex(q.name_pattern, std::regex::ECMAScript));
  }
  AddRoute({method, pattern, access, surface, std::move(declared), body_limit, std::move(families)},
           std::move(handler));
}

void App::AddRoute(RouteInfo info, ApiHandler handler) {
  info.stats = std::make_shared<http::RouteStats>();
  http::Route route{info.method, info.pattern, nullptr, info.body_limit};
  route_info_.push_back(std::move(info));
  route.handler = [this, i = route_info_.size() - 1, h = std::move(handler)](http::Request& req) {
    const auto start = std::chrono::steady_clock::now();
    http::Response r = Chain(route_info_[i], h, req);
    route_info_[i].stats->Observe(
        r.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return r;
  };
  router_.Add(std::move(route));
}

namespace {

// The request against the operation's declaration: query parameters, then
// the body. Fills `body` with the parsed JSON body.
Status CheckRequest(const Operation& op, const NamePatterns* families, const http::Request& req,
                    json::value* body) {
  for (const auto& [name, value] : req.query) {
    if (name == "lang") continue;  // the chain's own
    const Parameter* p = nullptr;
    for (const auto& q : op.query) {
      if (q.name == name) p = &q;
    }
    if (!p && families) {
      for (const auto& [family, re] : families->families) {
        if (std::regex_match(name, re)) {
          p = family;
          break;
        }
      }
    }
    if (!p) return InvalidArgument("unknown query parameter", "/query/" + name);
    RETURN_IF_ERROR(p->schema.ValidateText(value, "/query/" + name));
  }
  for (const auto& q : op.query) {
    if (q.required && q.name_pattern.empty() && !req.Query(q.name))
      return InvalidArgument("is required", "/query/" + q.name);
  }
  if (op.body) {
    ASSIGN_OR_RETURN(*body, ReadJsonBody(req));
    RETURN_IF_ERROR(op.body->Validate(*body, ""));
  }
  if (op.form) {
    // Form fields, checked one by one against the form's properties.
    std::multimap<std::string, std::string> fields;
    http::ParseQueryString(req.body, &fields);
    for (const auto& [name, value] : fields) {
      if (name == "_csrf") continue;
      const Property* p = nullptr;
      for (const auto& f : op.form->properties()) {
        if (f.name == name) p = &f;
      }
      if (!p) return InvalidArgument("unknown form field", "/form/" + name);
      RETURN_IF_ERROR(p->schema->ValidateText(value, "/form/" + name));
    }
    for (const auto& f : op.form->properties()) {
      if (f.required && fields.find(f.name) == fields.end()) {
        return InvalidArgument("is required", "/form/" + f.name);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

http::Response App::Chain(const RouteInfo& route, const ApiHandler& h, http::Request& req) {
  const Access access = route.access;
  const Surface surface = route.surface;
  // Language: ?lang= (remembered in a cookie), the lang cookie, then, on
  // public routes only, the browser's Accept-Language; Dutch by default (the
  // dashboard is Dutch first whatever the browser says).
  bool lang_from_query = false;
  i18n::Lang lang = i18n::Lang::kNl;
  if (auto q = req.Query("lang"); q && i18n::ParseLang(*q) && q->size() == 2) {
    lang = *i18n::ParseLang(*q);
    lang_from_query = true;
  } else if (auto c = req.Cookie("lang"); c && i18n::ParseLang(*c)) {
    lang = *i18n::ParseLang(*c);
  } else if (auto al = req.Header("accept-language"); al && access == Access::kPublic) {
    lang = i18n::FromAcceptLanguage(*al, i18n::Lang::kNl);
  }
  auto finish = [&](http::Response r) {
    if (lang_from_query && surface == Surface::kPage) {
      r.Set("Set-Cookie", std::string("lang=") + std::string(i18n::Code(lang)) +
                              "; Path=/; SameSite=Lax; Max-Age=31536000");
    }
    return r;
  };
  Call call{req, nullptr, *this, lang, nullptr};
  auto page_error = [&](int status, std::string_view key) {
    if (page_errors_) return page_errors_(call, status, key);
    return http::Problem(status, "", std::string(i18n::Text(i18n::Lang::kEn, key)));
  };
  // The declaration, then the handler.
  auto run = [&]() -> http::Response {
    if (route.op) {
      Status st = CheckRequest(*route.op, route.name_patterns.get(), req, &call.body);
      if (!st.ok()) {
        if (surface == Surface::kPage) return page_error(400, "error.bad_request.title");
        return http::ProblemFromStatus(st);
      }
    }
    return h(call);
  };
  if (access == Access::kPublic) return finish(run());
  // Authentication: an API key (API routes only) or the session cookie.
  std::optional<std::string> bearer;
  if (auto a = req.Header("authorization"); a && surface == Surface::kApi) {
    if (a->rfind("Bearer ", 0) != 0) {
      return http::Problem(401, "", "the Authorization header must be 'Bearer KEY'");
    }
    bearer = a->substr(7);
  }
  auto who = auth().Authenticate(bearer, req.Cookie(security::Authenticator::kSessionCookie));
  if (surface == Surface::kPage &&
      (!who.ok() || who->kind != security::Principal::Kind::kSession)) {
    std::string next = req.method == "GET" ? req.target : "/";
    return finish(http::Redirect(303, "/login?next=" + http::UrlEncode(next)));
  }
  if (!who.ok()) {
    auto r = http::ProblemFromStatus(who.status());
    r.Set("WWW-Authenticate", "Bearer realm=\"beleving\"");
    return r;
  }
  call.who = &*who;
  if (!Allowed(access, *who)) {
    if (surface == Surface::kPage) return finish(page_error(403, "error.forbidden.role"));
    return http::Problem(403, "",
                         std::string("this needs the '") + AccessName(access) + "' permission");
  }
  // CSRF: a cookie-authenticated write carries the session's token.
  if (who->kind == security::Principal::Kind::kSession && IsWrite(req.method)) {
    std::optional<std::string> token = req.Header("x-csrf-token");
    if (!token) token = http::FormField(req, "_csrf");
    if (!token || !security::SecureEquals(*token, who->csrf_token)) {
      if (surface == Surface::kPage) return finish(page_error(403, "error.form_expired"));
      return http::Problem(403, "", "missing or wrong X-CSRF-Token header",
                           "/headers/x-csrf-token");
    }
  }
  return finish(run());
}

http::Response App::Handle(http::Request& req) {
  http::Response r = router_.Handle(req);
  AddSecurityHeaders(r);
  if (req.method == "HEAD") r.body.clear();
  return r;
}

std::optional<http::Response> App::HandleFast(http::Request& req) {
  if (!fast_path_.applies || !fast_path_.applies(req)) return std::nullopt;
  if (auto r = fast_path_.cached(req)) {
    AddSecurityHeaders(*r);
    return r;
  }
  // Not cached: one indexed read and a render, short enough for this thread.
  return Handle(req);
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
