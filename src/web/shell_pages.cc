// Login, logout, organisation switch, the start page and static assets.
// Sessions are security::Authenticator's; texts come from the catalogue
// (resources/i18n/admin.tsv).
#include "api/declare.h"
#include "core/resources.h"
#include "security/access_service.h"
#include "security/authenticator.h"
#include "web/page.h"
#include "web/pages.h"
#include "workspace/workspace.h"

namespace beleving::web {
namespace {

// What a `next` may be at most; longer ones are ignored, not refused.
constexpr size_t kMaxNextBytes = 512;

std::string SessionCookie(const api::App& app, const std::string& value, int64_t max_age) {
  std::string c = std::string(security::Authenticator::kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (app.options().secure_cookies) c += "; Secure";
  return c;
}

// Only local paths: never an open redirect.
std::string SafeNext(const std::optional<std::string>& next) {
  if (!next || next->empty() || (*next)[0] != '/' || next->size() > kMaxNextBytes) return "";
  if (next->size() > 1 && ((*next)[1] == '/' || (*next)[1] == '\\')) return "";
  if (next->rfind("/login", 0) == 0 || next->rfind("/logout", 0) == 0) return "";
  return *next;
}

// The log-in page is Dutch first, like the dashboard: ?lang=, the lang
// cookie, else Dutch (the browser's language is not asked).
Lang RequestLang(const http::Request& req) {
  if (auto q = req.Query("lang")) return *q == "en" ? Lang::kEn : Lang::kNl;
  if (auto c = req.Cookie("lang")) return *c == "en" ? Lang::kEn : Lang::kNl;
  return Lang::kNl;
}

http::Response LoginPage(const http::Request& req, int status, std::string_view error_key,
                         const std::string& email, const std::string& next) {
  Lang lang = RequestLang(req);
  auto T = [&](std::string_view key) { return Esc(i18n::Text(lang, key)); };
  std::string h = "<!doctype html>\n<html lang=\"" + std::string(i18n::Code(lang)) +
                  "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\"><title>" +
                  T("login.title") +
                  " · Beleving</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head>"
                  "<body class=\"login\"><main id=\"main\"><div class=\"login-card\"><h1>Beleving"
                  "</h1><p class=\"tagline\">" +
                  T("login.tagline") + "</p>";
  if (!error_key.empty()) h += "<p class=\"error\" role=\"alert\">" + T(error_key) + "</p>";
  h += "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\" value=\"" +
       Esc(next) + "\"><label for=\"email\">" + T("login.email") +
       "</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" "
       "required value=\"" +
       Esc(email) + "\"><label for=\"password\">" + T("login.password") +
       "</label><input id=\"password\" name=\"password\" type=\"password\" "
       "autocomplete=\"current-password\" required><button type=\"submit\">" +
       T("login.submit") + "</button></form><p class=\"switch\"><a href=\"/login?lang=";
  // The link to the other language, named in that language.
  h += lang == Lang::kNl ? "en\" lang=\"en\">" : "nl\" lang=\"nl\">";
  h += T("login.other_language") + "</a></p></div></main></body></html>\n";
  auto r = http::Html(status, std::move(h));
  if (auto q = req.Query("lang"); q && (*q == "en" || *q == "nl")) {
    r.Set("Set-Cookie", "lang=" + *q + "; Path=/; SameSite=Lax; Max-Age=31536000");
  }
  return r;
}

http::Response Asset(std::string_view path, const char* type) {
  auto data = resources::Find(path);
  if (!data) return http::Problem(404, "", "no such asset");
  http::Response r;
  r.status = 200;
  r.content_type = type;
  r.body = std::string(*data);
  return r;
}

api::Schema Next() {
  return api::Schema::String(0, 64 * 1024)
      .Describe("A local path to go to after logging in (others are ignored)");
}

api::Operation AssetOp(const char* id, const char* what) {
  return api::Declare(id, what, "dashboard")
      .Replies({api::HtmlAnswer(200, "The file"), api::Answer(404, "No such asset")});
}

}  // namespace

void RegisterShellPages(api::App& app) {
  app.Add("GET", "/", api::Access::kPublic,
          api::Declare("startPage", "The start page: to the overview, /me or /login", "dashboard")
              .Replies({api::Answer(303, "To /overview (staff), /me (employees) or /login")}),
          [](api::Call& call) {
            auto who = call.app.auth().Authenticate(
                std::nullopt, call.req.Cookie(security::Authenticator::kSessionCookie));
            if (!who.ok()) return Redirect("/login");
            return Redirect(who->role == security::Role::kEmployee ? "/me" : "/overview");
          });
  app.Add("GET", "/login", api::Access::kPublic,
          api::Declare("loginPage", "The log-in page", "dashboard")
              .Query({{"next", Next(), false, "Where to go after logging in"}})
              .Replies({api::HtmlAnswer(200, "The page")}),
          [](api::Call& call) {
            return LoginPage(call.req, 200, "", "", SafeNext(call.req.Query("next")));
          });
  app.Add(
      "POST", "/login", api::Access::kPublic,
      api::Declare("login", "Log in from the log-in page (sets the session cookie)", "dashboard")
          .Form(api::Schema::Object(
              {{"email", api::Schema::String(0, security::kMaxEmailBytes), api::kRequired},
               {"password", api::Schema::String(0, security::kMaxPasswordBytes), api::kRequired},
               {"next", Next()}}))
          .Replies({api::Answer(303, "Logged in: to `next`, /overview or /me"),
                    api::HtmlAnswer(400, "E-mail or password missing: the page again"),
                    api::HtmlAnswer(401, "E-mail and password do not match: the page again"),
                    api::HtmlAnswer(429, "Too many attempts: the page again (Retry-After)")}),
      [](api::Call& call) {
        std::multimap<std::string, std::string> f;
        http::ParseQueryString(call.req.body, &f);
        auto get = [&](const char* k) {
          auto it = f.find(k);
          return it == f.end() ? std::string() : it->second;
        };
        std::string email = get("email"), password = get("password");
        std::string next = SafeNext(get("next"));
        if (email.empty() || password.empty()) {
          return LoginPage(call.req, 400, "login.error.missing", email, next);
        }
        auto s = call.app.auth().Login(email, password, std::nullopt, call.req.remote_ip);
        if (!s.ok()) {
          if (s.status().code() == StatusCode::kResourceExhausted) {
            auto r = LoginPage(call.req, 429, "login.error.throttled", email, next);
            r.Set("Retry-After", "900");
            return r;
          }
          return LoginPage(call.req, 401, "login.error.wrong", email, next);
        }
        bool employee = s->principal.role == security::Role::kEmployee;
        auto r = Redirect(!next.empty() && !employee ? next : employee ? "/me" : "/overview");
        r.Set("Set-Cookie",
              SessionCookie(call.app, s->token, security::Authenticator::kSessionSeconds));
        return r;
      });
  AddPage(app, "POST", "/logout", PageAccess::kAny,
          api::Declare("logout", "Log out from the dashboard", "dashboard")
              .Form(api::Schema::Object({}))
              .Replies({api::Answer(303, "Logged out: to /login")}),
          [](Ctx& c) {
            if (auto token = c.req.Cookie(security::Authenticator::kSessionCookie)) {
              (void)c.app.auth().Logout(*token);
            }
            auto r = Redirect("/login");
            r.Set("Set-Cookie", SessionCookie(c.app, "", 0));
            return r;
          });
  AddPage(app, "POST", "/switch-org", PageAccess::kAny,
          api::Declare("switchOrg", "Switch to another of the user's organisations", "dashboard")
              .Form(api::Schema::Object(
                  {{"org", api::Schema::String(2, 63).Pattern(workspace::kSlugPattern),
                    api::kRequired}}))
              .Replies({api::Answer(303, "Switched: to /overview or /me"),
                        api::HtmlAnswer(404, "Not one of the user's organisations")}),
          [](Ctx& c) {
            auto next = c.app.auth().SwitchOrg(c.who, c.Form("org").value_or(""));
            if (!next.ok()) return StatusPage(c, next.status());
            return Redirect(next->role == security::Role::kEmployee ? "/me" : "/overview");
          });
  app.Add("GET", "/assets/app.css", api::Access::kPublic, AssetOp("assetAppCss", "The style sheet"),
          [](api::Call&) { return Asset("web/app.css", "text/css; charset=utf-8"); });
  app.Add("GET", "/assets/app.js", api::Access::kPublic,
          AssetOp("assetAppJs", "The dashboard's script"),
          [](api::Call&) { return Asset("web/app.js", "text/javascript; charset=utf-8"); });
  app.Add("GET", "/assets/uplot.css", api::Access::kPublic,
          AssetOp("assetUplotCss", "The chart library's style sheet"),
          [](api::Call&) { return Asset("web/vendor/uplot.css", "text/css; charset=utf-8"); });
  app.Add(
      "GET", "/assets/uplot.js", api::Access::kPublic, AssetOp("assetUplotJs", "The chart library"),
      [](api::Call&) { return Asset("web/vendor/uplot.js", "text/javascript; charset=utf-8"); });
}

}  // namespace beleving::web
