// Organisation administration: users and roles, API keys. Each route adapts
// HTTP to security::AccessService (security/access_service.h), which owns the
// rules and the audit entries.
#include "api/app.h"
#include "api/declare.h"
#include "capture/dimensions.h"
#include "core/time_format.h"
#include "security/access_service.h"

namespace beleving::api {
namespace {

using security::kMaxApiKeyNameBytes;
using security::kMaxEmailBytes;
using security::kMaxManagedItems;
using security::kMaxPasswordBytes;
using security::kMaxUserNameBytes;

json::value OptText(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::object UserJson(const security::UserView& u) {
  return json::object{
      {"id", u.id},     {"email", u.email},       {"name", u.name},
      {"role", u.role}, {"disabled", u.disabled}, {"employee", OptText(u.employee_key)}};
}

json::object KeyJson(const security::ApiKeyView& k) {
  std::string text;
  for (const auto& s : k.scopes) text += (text.empty() ? "" : ",") + s;
  return json::object{
      {"id", k.id},
      {"prefix", k.prefix},
      {"name", k.name},
      {"scopes", text},
      {"created_at", FormatRfc3339(k.created_at)},
      {"revoked_at", k.revoked_at ? json::value(FormatRfc3339(*k.revoked_at)) : nullptr}};
}

http::Response NoContent() {
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

// Keys of a manager's teams or locations.
Schema KeyList() {
  return Schema::Array(Schema::String(1, 200).Pattern(capture::kKeyPattern), kMaxManagedItems);
}

Schema UserCreate() {
  return Schema::Object(
             {{"email", Schema::String(3, kMaxEmailBytes).Format("email"), kRequired},
              {"name", Schema::String(1, kMaxUserNameBytes), kRequired},
              {"password", Schema::String(security::kMinPasswordBytes, kMaxPasswordBytes),
               kRequired},
              {"role", Schema::Enum(security::RoleNames()), kRequired},
              {"employee", Schema::String(1, 200)
                               .Pattern(capture::kKeyPattern)
                               .Describe("The key of the user's employee record (required for "
                                         "the employee role; created on first sight)")},
              {"teams", KeyList().Describe("Manager: keys of the teams they manage")},
              {"locations", KeyList().Describe("Manager: keys of the locations they manage")}})
      .Named("UserCreate")
      .Example(json::object{{"email", "hanna@example.nl"},
                            {"name", "Hanna de Vries"},
                            {"password", "a long secret phrase"},
                            {"role", "manager"},
                            {"teams", json::array{"verhuur"}}});
}

Schema ApiKeyCreate() {
  return Schema::Object(
             {{"scopes",
               Schema::OneOf(
                   {Schema::Array(Schema::Enum(security::ScopeNames()), 3, 1),
                    Schema::String(4, 64).Pattern("^(ingest|read|admin)(,(ingest|read|admin))*$")})
                   .Describe("The key's rights: a list, or the same comma-separated"),
               kRequired},
              {"name", Schema::String(0, kMaxApiKeyNameBytes).Describe("What the key is for")}})
      .Named("ApiKeyCreate")
      .Example(json::object{{"scopes", json::array{"ingest", "read"}}, {"name", "Kassasysteem"}});
}

std::vector<std::string> ScopesOf(const json::value& v) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const auto& s : v.get_array()) out.emplace_back(s.get_string());
    return out;
  }
  std::string_view text = v.get_string();
  while (!text.empty()) {
    size_t comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<std::string> Keys(const json::object& o, const char* name) {
  std::vector<std::string> out;
  if (auto* v = o.if_contains(name)) {
    for (const auto& k : v->get_array()) out.emplace_back(k.get_string());
  }
  return out;
}

Parameter IdParam(const char* what) {
  return Parameter{"id", Schema::Integer(1, INT64_MAX), true, what};
}

}  // namespace

void RegisterAdminRoutes(App& app) {
  app.Add("GET", "/api/v1/api-keys", Access::kAdmin,
          Declare("listApiKeys", "List API keys (never the secrets)", "admin")
              .Replies({Answer(200, "The organisation's keys", "ApiKeyList")}),
          [](Call& call) {
            auto keys = call.services().access().ApiKeys(*call.who);
            if (!keys.ok()) return http::ProblemFromStatus(keys.status());
            json::array items;
            for (const auto& k : *keys) items.push_back(KeyJson(k));
            return JsonOk(json::object{{"api_keys", items}, {"next_cursor", nullptr}});
          });

  app.Add(
      "POST", "/api/v1/api-keys", Access::kAdmin,
      Declare("createApiKey", "Create an API key; the key is shown once", "admin")
          .Body(ApiKeyCreate())
          .Replies({Answer(201, "Created: `key` is the secret, shown only now", "ApiKeyCreated")}),
      [](Call& call) {
        const json::object& b = call.body.get_object();
        security::NewApiKey k;
        k.scopes = ScopesOf(b.at("scopes"));
        if (auto* n = b.if_contains("name")) k.name = std::string(n->get_string());
        auto created = call.services().access().CreateApiKey(*call.who, k);
        if (!created.ok()) return http::ProblemFromStatus(created.status());
        json::object o = KeyJson(created->key);
        o["key"] = created->secret;
        return JsonOk(o, 201);
      });

  app.Add("DELETE", "/api/v1/api-keys/{id}", Access::kAdmin,
          Declare("revokeApiKey", "Revoke an API key (it stops working at once)", "admin")
              .Path(IdParam("The key's id"))
              .Replies(
                  {Answer(204, "Revoked"), Answer(404, "No such active key in this organisation")}),
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            Status st = call.services().access().RevokeApiKey(*call.who, *id);
            if (!st.ok()) return http::ProblemFromStatus(st);
            return NoContent();
          });

  app.Add("GET", "/api/v1/users", Access::kAdmin,
          Declare("listUsers", "Users of this organisation with their roles", "admin")
              .Replies({Answer(200, "The organisation's users", "UserList")}),
          [](Call& call) {
            auto users = call.services().access().Users(*call.who);
            if (!users.ok()) return http::ProblemFromStatus(users.status());
            json::array items;
            for (const auto& u : *users) items.push_back(UserJson(u));
            return JsonOk(json::object{{"users", items}, {"next_cursor", nullptr}});
          });

  app.Add("POST", "/api/v1/users", Access::kAdmin,
          Declare("createUser", "Add a user with a role", "admin")
              .Body(UserCreate())
              .Replies({Answer(201, "Created", "User"),
                        Answer(409, "This organisation already has a user with this e-mail")}),
          [](Call& call) {
            const json::object& b = call.body.get_object();
            security::NewUser u;
            u.email = std::string(b.at("email").get_string());
            u.name = std::string(b.at("name").get_string());
            u.password = std::string(b.at("password").get_string());
            u.role = std::string(b.at("role").get_string());
            if (auto* e = b.if_contains("employee")) u.employee_key = std::string(e->get_string());
            u.team_keys = Keys(b, "teams");
            u.location_keys = Keys(b, "locations");
            auto created = call.services().access().CreateUser(*call.who, u);
            if (!created.ok()) return http::ProblemFromStatus(created.status());
            return JsonOk(UserJson(*created), 201);
          });

  // issue 13: edit, disable and remove users.
  app.Add("PATCH", "/api/v1/users/{id}", Access::kAdmin,
          Declare("updateUser", "Rename a user, change their role, disable or enable them", "admin")
              .Path(IdParam("The user's id"))
              .Body(Schema::Object({{"name", Schema::String(1, kMaxUserNameBytes)},
                                    {"role", Schema::Enum(security::RoleNames())},
                                    {"disabled", Schema::Boolean()}})
                        .Named("UserUpdate")
                        .Example(json::object{{"role", "consultant"}}))
              .Replies({Answer(200, "Updated", "User"),
                        Answer(404, "No such user in this organisation"),
                        Answer(409,
                               "Your own role or account, the last administrator, or a "
                               "user of other organisations too (remove them instead)"),
                        Answer(400, "A role the user lacks the records for")}),
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            const json::object& b = call.body.get_object();
            security::UserUpdate in;
            if (auto* v = b.if_contains("name")) in.name = std::string(v->get_string());
            if (auto* v = b.if_contains("role")) in.role = std::string(v->get_string());
            if (auto* v = b.if_contains("disabled")) in.disabled = v->get_bool();
            auto updated = call.services().access().UpdateUser(*call.who, *id, in);
            if (!updated.ok()) return http::ProblemFromStatus(updated.status());
            return JsonOk(UserJson(*updated));
          });
  app.Add(
      "DELETE", "/api/v1/users/{id}", Access::kAdmin,
      Declare("removeUser", "Remove a user from this organisation (their sessions end)", "admin")
          .Path(IdParam("The user's id"))
          .Replies({Answer(204, "Removed"), Answer(404, "No such user in this organisation"),
                    Answer(409, "Yourself, or the last administrator")}),
      [](Call& call) {
        auto id = PathId(call.req);
        if (!id.ok()) return http::ProblemFromStatus(id.status());
        Status st = call.services().access().RemoveUser(*call.who, *id);
        if (!st.ok()) return http::ProblemFromStatus(st);
        return NoContent();
      });
}

}  // namespace beleving::api
