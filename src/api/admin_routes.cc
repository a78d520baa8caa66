// Organisation administration: users and roles, API keys.
#include "api/app.h"
#include "core/time_format.h"
#include "security/secrets.h"
#include "store/access_store.h"
#include "store/org_store.h"
#include "workspace/workspace.h"

namespace beleving::api {

void RegisterAdminRoutes(App& app) {
  app.Add("GET", "/api/v1/api-keys", Access::kAdmin, [](Call& call) {
    json::array items;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto keys, store::AccessStore::ApiKeysOf(c, call.tenant().org_id()));
      for (const auto& k : keys) {
        items.push_back(json::object{
            {"id", k.id},
            {"prefix", "blv_" + k.prefix},
            {"name", k.name},
            {"scopes", k.scopes},
            {"created_at", FormatRfc3339(k.created_at)},
            {"revoked_at", k.revoked_at ? json::value(FormatRfc3339(*k.revoked_at)) : nullptr}});
      }
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    return JsonOk(json::object{{"api_keys", items}, {"next_cursor", nullptr}});
  });

  app.Add("POST", "/api/v1/api-keys", Access::kAdmin, [](Call& call) {
    auto body = ReadJsonBody(call.req);
    if (!body.ok()) return http::ProblemFromStatus(body.status());
    if (!body->is_object()) return http::Problem(400, "", "the body must be a JSON object");
    JsonFields f(body->get_object(), "");
    auto scopes_text = f.String("scopes", 64);
    if (!scopes_text.ok()) return http::ProblemFromStatus(scopes_text.status());
    auto scopes = security::ParseScopes(*scopes_text);
    if (!scopes.ok()) return http::ProblemFromStatus(scopes.status());
    auto name = f.OptString("name", 200);
    if (!name.ok()) return http::ProblemFromStatus(name.status());
    if (Status st = f.RejectUnknown(); !st.ok()) return http::ProblemFromStatus(st);
    // An API key can never hold more than its creator.
    if ((*scopes & security::kScopeAdmin) && !call.who->IsAdmin()) {
      return http::Problem(403, "", "only admins create admin keys");
    }
    security::IssuedApiKey issued;
    UnixSeconds now = call.app.clock().Now();
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(issued, security::Authenticator::CreateApiKey(
                                   c, call.tenant().org_id(), *scopes, name->value_or(""), now));
      return store::AccessStore::Audit(c, call.tenant().org_id(), call.who->actor(), "create",
                                       "api_key:" + std::to_string(issued.id), now);
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    return JsonOk(
        json::object{
            {"id", issued.id}, {"key", issued.key}, {"scopes", security::ScopesText(*scopes)}},
        201);
  });

  app.Add("DELETE", "/api/v1/api-keys/{id}", Access::kAdmin, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    bool found = false;
    UnixSeconds now = call.app.clock().Now();
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(found,
                       store::AccessStore::RevokeApiKey(c, call.tenant().org_id(), *id, now));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (!found) return http::Problem(404, "", "no such API key");
    http::Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  });

  app.Add("GET", "/api/v1/users", Access::kAdmin, [](Call& call) {
    json::array items;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto users, store::AccessStore::UsersOf(c, call.tenant().org_id()));
      for (const auto& [u, m] : users) {
        items.push_back(json::object{{"id", u.id},
                                     {"email", u.email},
                                     {"name", u.name},
                                     {"role", m.role},
                                     {"disabled", u.disabled}});
      }
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    return JsonOk(json::object{{"users", items}, {"next_cursor", nullptr}});
  });

  app.Add("POST", "/api/v1/users", Access::kAdmin, [](Call& call) {
    auto body = ReadJsonBody(call.req);
    if (!body.ok()) return http::ProblemFromStatus(body.status());
    if (!body->is_object()) return http::Problem(400, "", "the body must be a JSON object");
    JsonFields f(body->get_object(), "");
    workspace::NewUser u;
    auto read = [&]() -> Status {
      ASSIGN_OR_RETURN(u.email, f.String("email", 254));
      ASSIGN_OR_RETURN(u.name, f.String("name", 200));
      ASSIGN_OR_RETURN(u.password, f.String("password", 1024));
      ASSIGN_OR_RETURN(u.role, f.String("role", 16));
      ASSIGN_OR_RETURN(u.employee_key, f.OptString("employee", 200));
      for (auto [key, out] : {std::pair{"teams", &u.team_keys}, {"locations", &u.location_keys}}) {
        if (const json::value* v = f.Get(key)) {
          if (!v->is_array())
            return InvalidArgument(std::string(key) + " must be a list of keys", f.Pointer(key));
          for (const auto& e : v->get_array()) {
            if (!e.is_string())
              return InvalidArgument(std::string(key) + " must be a list of keys", f.Pointer(key));
            out->push_back(std::string(e.get_string()));
          }
        }
      }
      RETURN_IF_ERROR(f.RejectUnknown());
      return workspace::ValidateNewUser(u);
    };
    if (Status st = read(); !st.ok()) return http::ProblemFromStatus(st);
    auto hash = security::HashPassword(u.password);
    if (!hash.ok()) return http::ProblemFromStatus(hash.status());
    int64_t user_id = 0;
    UnixSeconds now = call.app.clock().Now();
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, call.tenant().org_id()));
      ASSIGN_OR_RETURN(user_id, workspace::AddUser(c, *org, u, *hash, now));
      return store::AccessStore::Audit(c, org->id, call.who->actor(), "create",
                                       "user:" + std::to_string(user_id), now);
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    return JsonOk(json::object{{"id", user_id}, {"email", u.email}, {"role", u.role}}, 201);
  });
}

}  // namespace beleving::api
