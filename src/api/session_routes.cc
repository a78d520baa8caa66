// Log in and out; who am I; switch organisation (consultants). Sessions are
// security::Authenticator's; who the person is comes from
// security::AccessService::IdentityOf.
#include "api/app.h"
#include "api/declare.h"
#include "security/access_service.h"
#include "store/tenant_scope.h"
#include "workspace/workspace.h"

namespace beleving::api {
namespace {

json::object PrincipalJson(Call& call, const security::Principal& p) {
  json::object o;
  o["role"] = security::RoleName(p.role);
  o["csrf_token"] = p.csrf_token;
  json::array orgs;
  if (auto id = call.services().access().IdentityOf(p); id.ok()) {
    o["user"] = json::object{{"id", id->user_id}, {"email", id->email}, {"name", id->name}};
    o["org"] = json::object{{"id", id->org.id}, {"slug", id->org.slug}, {"name", id->org.name}};
    for (const auto& m : id->orgs) {
      orgs.push_back(json::object{{"slug", m.slug}, {"name", m.name}, {"role", m.role}});
    }
  }
  if (p.tenant.employee()) o["employee_id"] = *p.tenant.employee();
  o["orgs"] = orgs;
  return o;
}

std::string SessionCookie(const App& app, const std::string& value, int64_t max_age) {
  std::string c = std::string(security::Authenticator::kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (app.options().secure_cookies) c += "; Secure";
  return c;
}

Schema OrgSlug() { return Schema::String(2, 63).Pattern(workspace::kSlugPattern); }

Schema SessionCreate() {
  return Schema::Object({{"email", Schema::String(1, security::kMaxEmailBytes), kRequired},
                         {"password", Schema::String(1, security::kMaxPasswordBytes), kRequired},
                         {"org", OrgSlug().Describe("The organisation to open (default: the "
                                                    "first of the user's)")}})
      .Named("SessionCreate")
      .Example(json::object{{"email", "hanna@example.nl"}, {"password", "a long secret phrase"}});
}

}  // namespace

void RegisterSessionRoutes(App& app) {
  app.Add(
      "POST", "/api/v1/session", Access::kPublic,
      Declare("createSession", "Log in (sets the session cookie)", "session")
          .Body(SessionCreate())
          .Replies({Answer(201, "Logged in", "Session"), Answer(401, "E-mail or password is wrong"),
                    Answer(429, "Too many failed log-ins; wait 15 minutes (Retry-After)")}),
      [](Call& call) {
        const json::object& b = call.body.get_object();
        std::optional<std::string> org;
        if (auto* o = b.if_contains("org")) org = std::string(o->get_string());
        auto s = call.app.auth().Login(std::string(b.at("email").get_string()),
                                       std::string(b.at("password").get_string()), org,
                                       call.req.remote_ip);
        if (!s.ok()) {
          if (s.status().code() == StatusCode::kResourceExhausted) {
            auto r = http::Problem(429, "", s.status().message());
            r.Set("Retry-After", "900");
            return r;
          }
          return http::ProblemFromStatus(s.status());
        }
        auto r = JsonOk(PrincipalJson(call, s->principal), 201);
        r.Set("Set-Cookie",
              SessionCookie(call.app, s->token, security::Authenticator::kSessionSeconds));
        return r;
      });
  app.Add("GET", "/api/v1/session", Access::kAuthenticated,
          Declare("getSession", "Who am I (a session, or the API key's organisation and scopes)",
                  "session")
              .Replies({Answer(200, "The caller", "Session")}),
          [](Call& call) {
            if (call.who->kind != security::Principal::Kind::kSession) {
              return JsonOk(json::object{{"api_key_id", call.who->api_key_id},
                                         {"org_id", call.who->tenant.org_id()},
                                         {"scopes", security::ScopesText(call.who->scopes)}});
            }
            return JsonOk(PrincipalJson(call, *call.who));
          });
  app.Add("DELETE", "/api/v1/session", Access::kAuthenticated,
          Declare("deleteSession", "Log out", "session")
              .Replies({Answer(204, "Logged out; the cookie is cleared")}),
          [](Call& call) {
            if (auto token = call.req.Cookie(security::Authenticator::kSessionCookie)) {
              (void)call.app.auth().Logout(*token);
            }
            http::Response r;
            r.status = 204;
            r.content_type.clear();
            r.Set("Set-Cookie", SessionCookie(call.app, "", 0));
            return r;
          });
  app.Add("PUT", "/api/v1/session/org", Access::kAuthenticated,
          Declare("switchSessionOrg", "Switch the session to another of the user's organisations",
                  "session")
              .Body(Schema::Object({{"org", OrgSlug(), kRequired}})
                        .Named("SessionOrgSwitch")
                        .Example(json::object{{"org", "acme"}}))
              .Replies({Answer(200, "Switched", "Session"),
                        Answer(404, "No such organisation among the user's")}),
          [](Call& call) {
            auto next = call.app.auth().SwitchOrg(
                *call.who, std::string(call.body.get_object().at("org").get_string()));
            if (!next.ok()) return http::ProblemFromStatus(next.status());
            return JsonOk(PrincipalJson(call, *next));
          });
  // issue 13: a person changes their own password.
  app.Add(
      "PUT", "/api/v1/session/password", Access::kAuthenticated,
      Declare("changeOwnPassword",
              "Change the signed-in person's own password (their other sessions end)", "session")
          .Body(
              Schema::Object(
                  {{"current_password", Schema::String(1, security::kMaxPasswordBytes), kRequired},
                   {"new_password",
                    Schema::String(security::kMinPasswordBytes, security::kMaxPasswordBytes),
                    kRequired}})
                  .Named("PasswordChange")
                  .Example(json::object{{"current_password", "a long secret phrase"},
                                        {"new_password", "another long phrase"}}))
          .Replies({Answer(204, "Changed"), Answer(403, "Not a signed-in person (an API key)"),
                    Answer(400, "The current password is not right")}),
      [](Call& call) {
        const auto& b = call.body.get_object();
        Status st = call.services().access().ChangePassword(
            *call.who, std::string(b.at("current_password").get_string()),
            std::string(b.at("new_password").get_string()));
        if (!st.ok()) return http::ProblemFromStatus(st);
        http::Response r;
        r.status = 204;
        r.content_type.clear();
        return r;
      });
}

}  // namespace beleving::api
