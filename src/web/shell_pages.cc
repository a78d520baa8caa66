// Login, logout, organisation switch, the start page and static assets.
#include "core/resources.h"
#include "security/authenticator.h"
#include "web/page.h"
#include "web/pages.h"

namespace beleving::web {
namespace {

std::string SessionCookie(const api::App& app, const std::string& value, int64_t max_age) {
  std::string c = std::string(security::Authenticator::kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (app.options().secure_cookies) c += "; Secure";
  return c;
}

// Only local paths: never an open redirect.
std::string SafeNext(const std::optional<std::string>& next) {
  if (!next || next->empty() || (*next)[0] != '/' || next->size() > 512) return "";
  if (next->size() > 1 && ((*next)[1] == '/' || (*next)[1] == '\\')) return "";
  if (next->rfind("/login", 0) == 0 || next->rfind("/logout", 0) == 0) return "";
  return *next;
}

Lang RequestLang(const http::Request& req) {
  if (auto q = req.Query("lang")) return *q == "en" ? Lang::kEn : Lang::kNl;
  if (auto c = req.Cookie("lang")) return *c == "en" ? Lang::kEn : Lang::kNl;
  return Lang::kNl;
}

http::Response LoginPage(const http::Request& req, int status, const std::string& error,
                         const std::string& email, const std::string& next) {
  Lang lang = RequestLang(req);
  auto L = [&](const char* nl, const char* en) { return lang == Lang::kNl ? nl : en; };
  std::string h = "<!doctype html>\n<html lang=\"";
  h += lang == Lang::kNl ? "nl" : "en";
  h += "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
       "content=\"width=device-width, initial-scale=1\"><title>";
  h += L("Inloggen", "Log in");
  h += " · Beleving</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head>"
       "<body class=\"login\"><main id=\"main\"><div class=\"login-card\"><h1>Beleving</h1><p "
       "class=\"tagline\">";
  h += L("Klantbeleving die je ziet en waar je op handelt.",
         "Customer experience you can see and act on.");
  h += "</p>";
  if (!error.empty()) h += "<p class=\"error\" role=\"alert\">" + Esc(error) + "</p>";
  h += "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\" value=\"" +
       Esc(next) + "\"><label for=\"email\">";
  h += L("E-mailadres", "E-mail address");
  h += "</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" "
       "required value=\"" +
       Esc(email) + "\"><label for=\"password\">";
  h += L("Wachtwoord", "Password");
  h += "</label><input id=\"password\" name=\"password\" type=\"password\" "
       "autocomplete=\"current-password\" required><button type=\"submit\">";
  h += L("Inloggen", "Log in");
  h += "</button></form><p class=\"switch\"><a href=\"/login?lang=";
  h += lang == Lang::kNl ? "en\" lang=\"en\">English" : "nl\" lang=\"nl\">Nederlands";
  h += "</a></p></div></main></body></html>\n";
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

}  // namespace

void RegisterShellPages(api::App& app) {
  app.Add("GET", "/", api::Access::kPublic, [](api::Call& call) {
    auto who = call.app.auth().Authenticate(
        std::nullopt, call.req.Cookie(security::Authenticator::kSessionCookie));
    if (!who.ok()) return Redirect("/login");
    return Redirect(who->role == security::Role::kEmployee ? "/me" : "/overview");
  });
  app.Add("GET", "/login", api::Access::kPublic, [](api::Call& call) {
    return LoginPage(call.req, 200, "", "", SafeNext(call.req.Query("next")));
  });
  app.Add("POST", "/login", api::Access::kPublic, [](api::Call& call) {
    std::multimap<std::string, std::string> f;
    http::ParseQueryString(call.req.body, &f);
    auto get = [&](const char* k) {
      auto it = f.find(k);
      return it == f.end() ? std::string() : it->second;
    };
    std::string email = get("email"), password = get("password");
    std::string next = SafeNext(get("next"));
    bool nl = RequestLang(call.req) == Lang::kNl;
    if (email.empty() || password.empty() || email.size() > 254 || password.size() > 1024) {
      return LoginPage(
          call.req, 400,
          nl ? "Vul je e-mailadres en wachtwoord in." : "Enter your e-mail and password.",
          email.substr(0, 254), next);
    }
    auto s = call.app.auth().Login(email, password, std::nullopt, call.req.remote_ip);
    if (!s.ok()) {
      if (s.status().code() == StatusCode::kResourceExhausted) {
        auto r = LoginPage(call.req, 429,
                           nl ? "Te veel pogingen; probeer het over een kwartier opnieuw."
                              : "Too many attempts; try again in fifteen minutes.",
                           email, next);
        r.Set("Retry-After", "900");
        return r;
      }
      return LoginPage(call.req, 401,
                       nl ? "Dit e-mailadres en wachtwoord horen niet bij elkaar."
                          : "That e-mail address and password do not match.",
                       email, next);
    }
    bool employee = s->principal.role == security::Role::kEmployee;
    auto r = Redirect(!next.empty() && !employee ? next : employee ? "/me" : "/overview");
    r.Set("Set-Cookie",
          SessionCookie(call.app, s->token, security::Authenticator::kSessionSeconds));
    return r;
  });
  AddPage(app, "POST", "/logout", PageAccess::kAny, [](Ctx& c) {
    if (auto token = c.req.Cookie(security::Authenticator::kSessionCookie)) {
      (void)c.app.auth().Logout(*token);
    }
    auto r = Redirect("/login");
    r.Set("Set-Cookie", SessionCookie(c.app, "", 0));
    return r;
  });
  AddPage(app, "POST", "/switch-org", PageAccess::kAny, [](Ctx& c) {
    auto slug = c.Form("org");
    if (!slug || slug->size() > 63) return Redirect("/");
    auto next = c.app.auth().SwitchOrg(c.who, *slug);
    if (!next.ok()) return StatusPage(c, next.status());
    return Redirect(next->role == security::Role::kEmployee ? "/me" : "/overview");
  });
  app.Add("GET", "/assets/app.css", api::Access::kPublic,
          [](api::Call&) { return Asset("web/app.css", "text/css; charset=utf-8"); });
  app.Add("GET", "/assets/app.js", api::Access::kPublic,
          [](api::Call&) { return Asset("web/app.js", "text/javascript; charset=utf-8"); });
  app.Add("GET", "/assets/uplot.css", api::Access::kPublic,
          [](api::Call&) { return Asset("web/vendor/uplot.css", "text/css; charset=utf-8"); });
  app.Add("GET", "/assets/uplot.js", api::Access::kPublic, [](api::Call&) {
    return Asset("web/vendor/uplot.js", "text/javascript; charset=utf-8");
  });
}

}  // namespace beleving::web
