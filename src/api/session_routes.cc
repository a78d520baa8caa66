// Log in and out; who am I; switch organisation (consultants).
#include "api/app.h"
#include "store/access_store.h"
#include "store/org_store.h"

namespace beleving::api {
namespace {

json::object PrincipalJson(App& app, const security::Principal& p) {
  json::object o;
  o["role"] = security::RoleName(p.role);
  o["csrf_token"] = p.csrf_token;
  json::array orgs;
  (void)app.db().Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto user, store::AccessStore::UserById(c, p.user_id));
    if (user) {
      o["user"] = json::object{{"id", user->id}, {"email", user->email}, {"name", user->name}};
    }
    ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, p.tenant.org_id()));
    if (org) o["org"] = json::object{{"id", org->id}, {"slug", org->slug}, {"name", org->name}};
    ASSIGN_OR_RETURN(auto members, store::AccessStore::MembershipsOf(c, p.user_id));
    for (const auto& m : members) {
      ASSIGN_OR_RETURN(auto mo, store::OrgStore::ById(c, m.org_id));
      if (mo)
        orgs.push_back(json::object{{"slug", mo->slug}, {"name", mo->name}, {"role", m.role}});
    }
    if (p.tenant.employee()) o["employee_id"] = *p.tenant.employee();
    return Status::Ok();
  });
  o["orgs"] = orgs;
  return o;
}

std::string SessionCookie(const App& app, const std::string& value, int64_t max_age) {
  std::string c = std::string(security::Authenticator::kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (app.options().secure_cookies) c += "; Secure";
  return c;
}

}  // namespace

void RegisterSessionRoutes(App& app) {
  app.Add("POST", "/api/v1/session", Access::kPublic, [](Call& call) {
    auto body = ReadJsonBody(call.req);
    if (!body.ok()) return http::ProblemFromStatus(body.status());
    if (!body->is_object()) return http::Problem(400, "", "the body must be a JSON object");
    JsonFields f(body->get_object(), "");
    auto email = f.String("email", 254);
    if (!email.ok()) return http::ProblemFromStatus(email.status());
    auto password = f.String("password", 1024);
    if (!password.ok()) return http::ProblemFromStatus(password.status());
    auto org = f.OptString("org", 63);
    if (!org.ok()) return http::ProblemFromStatus(org.status());
    if (Status st = f.RejectUnknown(); !st.ok()) return http::ProblemFromStatus(st);
    auto s = call.app.auth().Login(*email, *password, *org, call.req.remote_ip);
    if (!s.ok()) {
      if (s.status().code() == StatusCode::kResourceExhausted) {
        auto r = http::Problem(429, "", s.status().message());
        r.Set("Retry-After", "900");
        return r;
      }
      return http::ProblemFromStatus(s.status());
    }
    auto r = JsonOk(PrincipalJson(call.app, s->principal), 201);
    r.Set("Set-Cookie",
          SessionCookie(call.app, s->token, security::Authenticator::kSessionSeconds));
    return r;
  });
  app.Add("GET", "/api/v1/session", Access::kAuthenticated, [](Call& call) {
    if (call.who->kind != security::Principal::Kind::kSession) {
      return JsonOk(json::object{{"api_key_id", call.who->api_key_id},
                                 {"org_id", call.who->tenant.org_id()},
                                 {"scopes", security::ScopesText(call.who->scopes)}});
    }
    return JsonOk(PrincipalJson(call.app, *call.who));
  });
  app.Add("DELETE", "/api/v1/session", Access::kAuthenticated, [](Call& call) {
    if (auto token = call.req.Cookie(security::Authenticator::kSessionCookie)) {
      (void)call.app.auth().Logout(*token);
    }
    http::Response r;
    r.status = 204;
    r.content_type.clear();
    r.Set("Set-Cookie", SessionCookie(call.app, "", 0));
    return r;
  });
  app.Add("PUT", "/api/v1/session/org", Access::kAuthenticated, [](Call& call) {
    auto body = ReadJsonBody(call.req);
    if (!body.ok()) return http::ProblemFromStatus(body.status());
    if (!body->is_object()) return http::Problem(400, "", "the body must be a JSON object");
    JsonFields f(body->get_object(), "");
    auto slug = f.String("org", 63);
    if (!slug.ok()) return http::ProblemFromStatus(slug.status());
    if (Status st = f.RejectUnknown(); !st.ok()) return http::ProblemFromStatus(st);
    auto next = call.app.auth().SwitchOrg(*call.who, *slug);
    if (!next.ok()) return http::ProblemFromStatus(next.status());
    return JsonOk(PrincipalJson(call.app, *next));
  });
}

}  // namespace beleving::api
