// The users section of the settings page and its form: a new user with a
// role, an initial password, an employee link and a manager's teams, created
// by security::AccessService::CreateUser (the same rules as the API's).
#include <algorithm>
#include <map>

#include "api/declare.h"
#include "capture/dimensions.h"
#include "web/settings_sections.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

// The catalogue text for a refused new user, by the field the service named.
std::string_view UserErrorKey(const Status& st) {
  if (st.code() == StatusCode::kAlreadyExists) return "users.error.exists";
  const std::string& f = st.field();
  if (f == "/email") return "users.error.email";
  if (f == "/name") return "users.error.name";
  if (f == "/password") return "users.error.password";
  if (f == "/role") return "users.error.role";
  if (f == "/employee") return "users.error.employee";
  if (f == "/teams" || f == "/locations") return "users.error.teams";
  return "";
}

http::Response CreateUser(Ctx& c) {
  auto f = FormFields(c);
  auto one = [&](const char* k) {
    auto it = f.find(k);
    return it == f.end() ? std::string() : Trim(it->second);
  };
  security::NewUser u;
  u.email = one("email");
  u.name = one("name");
  u.role = one("role");
  auto pw = f.find("password");
  u.password = pw == f.end() ? "" : pw->second;
  if (std::string e = one("employee"); !e.empty()) u.employee_key = e;
  if (u.role == "manager") {
    for (auto it = f.lower_bound("team"); it != f.upper_bound("team"); ++it) {
      u.team_keys.push_back(it->second);
    }
  }
  auto created = c.app.services().access().CreateUser(c.who, u);
  if (created.ok()) return Redirect("/settings#users");
  std::string_view key = UserErrorKey(created.status());
  if (key.empty() && !FormErrorFrom(&c, created.status(), c.T("users.error.prefix"))) {
    return StatusPage(c, created.status());
  }
  if (!key.empty()) c.form_error = c.T(key);
  return SettingsPage(c, "");
}

api::Operation CreateUserForm() {
  return api::Declare("settingsCreateUser", "Settings form: add a user with a role", "dashboard")
      .Form(api::Schema::Object(
          {{"email", api::Schema::String(0, security::kMaxEmailBytes), api::kRequired},
           {"name", api::Schema::String(0, security::kMaxUserNameBytes), api::kRequired},
           {"role", api::Schema::Enum(security::RoleNames()), api::kRequired},
           {"password", api::Schema::String(0, security::kMaxPasswordBytes), api::kRequired},
           {"employee", api::Schema::String(0, 200).Describe("An employee's key, or empty")},
           {"team", api::Schema::String(1, 200)
                        .Pattern(capture::kKeyPattern)
                        .Describe("A team's key (repeatable)")}}))
      .Replies({api::Answer(303, "Created: to /settings#users"),
                api::HtmlAnswer(422, "Refused: the settings page with the reason")});
}

// Edit (role, disabled) and remove, one user: the rules are the service's;
// a refused change shows the page again with the catalogue's reason.
http::Response RefusedChange(Ctx& c, const Status& st, const char* key) {
  if (st.code() != StatusCode::kInvalidArgument && st.code() != StatusCode::kConflict) {
    return StatusPage(c, st);
  }
  c.form_error = c.T(key);
  return SettingsPage(c, "");
}

http::Response UpdateUser(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  security::UserUpdate in;
  in.role = c.Form("role");
  in.disabled = c.Form("disabled").value_or("") == "1";
  auto r = c.app.services().access().UpdateUser(c.who, *id, in);
  if (r.ok()) return Redirect("/settings#users");
  return RefusedChange(
      c, r.status(),
      r.status().field() == "/disabled" ? "users.error.disable" : "users.error.change_role");
}

http::Response RemoveUser(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  Status st = c.app.services().access().RemoveUser(c.who, *id);
  if (st.ok()) return Redirect("/settings#users");
  return RefusedChange(c, st, "users.error.remove");
}

// The row's forms: role and disabled, and remove.
std::string UserActions(const Ctx& c, const security::UserView& u) {
  const std::string id = std::to_string(u.id);
  std::string h = "<form method=\"post\" action=\"/settings/users/" + id + "\" class=\"inline\">" +
                  CsrfField(c) + "<label class=\"sr\" for=\"ur-" + id + "\">" +
                  Esc(c.T("users.role")) + "</label><select id=\"ur-" + id + "\" name=\"role\">";
  for (const auto& r : security::RoleNames()) {
    h += "<option value=\"" + r + "\"" + (r == u.role ? " selected" : "") + ">" +
         Esc(i18n::Text(c.lang, "role." + r)) + "</option>";
  }
  h += "</select> <label><input type=\"checkbox\" name=\"disabled\" value=\"1\"" +
       std::string(u.disabled ? " checked" : "") + "> " + Esc(c.T("users.disabled")) +
       "</label> <button type=\"submit\">" + Esc(c.T("users.save")) +
       "</button></form> <form method=\"post\" action=\"/settings/users/" + id +
       "/remove\" class=\"inline\">" + CsrfField(c) + "<button type=\"submit\" class=\"danger\">" +
       Esc(c.T("users.remove")) + "</button></form>";
  return h;
}

api::Operation UserChangeForm(std::string id, std::string summary, bool with_fields) {
  api::Declare op(std::move(id), std::move(summary), "dashboard");
  op.Path(api::Parameter{"id", api::Schema::Integer(1, INT64_MAX), true, "The user's id"})
      .Replies({api::Answer(303, "Changed: to /settings#users"),
                api::HtmlAnswer(404, "No such user in this organisation"),
                api::HtmlAnswer(422, "Refused: the settings page with the reason")});
  if (with_fields) {
    op.Form(api::Schema::Object({{"role", api::Schema::Enum(security::RoleNames()), api::kRequired},
                                 {"disabled", api::Schema::Enum({"", "1"})}}));
  }
  return op;
}

}  // namespace

std::string UserSection(const Ctx& c, const std::vector<security::UserView>& users,
                        const Names& names) {
  std::string h = "<section class=\"panel\" id=\"users\"><h2>" + Esc(c.T("users.title")) +
                  "</h2><table class=\"data cards-on-phone\"><thead><tr><th scope=\"col\">" +
                  Esc(c.T("users.name")) + "</th><th scope=\"col\">" + Esc(c.T("users.email")) +
                  "</th><th scope=\"col\">" + Esc(c.T("users.role")) + "</th><th scope=\"col\">" +
                  Esc(c.T("users.employee")) + "</th><th scope=\"col\">" +
                  Esc(c.T("users.change")) + "</th></tr></thead><tbody>";
  for (const auto& u : users) {
    h += "<tr><th scope=\"row\">" + Esc(u.name) + "</th><td data-label=\"" +
         Esc(c.T("users.email")) + "\">" + Esc(u.email) + "</td><td data-label=\"" +
         Esc(c.T("users.role")) + "\">" + Esc(i18n::Text(c.lang, "role." + u.role)) +
         (u.disabled ? " (" + Esc(c.T("users.disabled")) + ")" : "") + "</td><td data-label=\"" +
         Esc(c.T("users.employee")) + "\">" + Esc(u.employee_name.value_or("—")) + "</td><td>" +
         UserActions(c, u) + "</td></tr>";
  }
  h += "</tbody></table>" + NewUserForm(c, names) + "</section>";
  return h;
}

std::string NewUserForm(const Ctx& c, const Names& names) {
  std::string h =
      "<form method=\"post\" action=\"/settings/users\" class=\"stack\" id=\"user-form\">" +
      CsrfField(c) + "<h3>" + Esc(c.T("users.new")) +
      "</h3><div class=\"field\"><label for=\"u-email\">" + Esc(c.T("users.email")) +
      "</label><input id=\"u-email\" name=\"email\" type=\"email\" maxlength=\"254\" "
      "required autocomplete=\"off\"></div><div class=\"field\"><label for=\"u-name\">" +
      Esc(c.T("users.name")) +
      "</label><input id=\"u-name\" name=\"name\" maxlength=\"200\" required></div>"
      "<div class=\"field\"><label for=\"u-role\">" +
      Esc(c.T("users.role")) + "</label><select id=\"u-role\" name=\"role\">";
  for (const auto& r : security::RoleNames()) {
    h += "<option value=\"" + r + "\"" + (r == "manager" ? " selected" : "") + ">" +
         Esc(i18n::Text(c.lang, "role." + r)) + "</option>";
  }
  h += "</select></div><div class=\"field\"><label for=\"u-password\">" +
       Esc(c.T("users.password")) +
       "</label><input id=\"u-password\" name=\"password\" type=\"password\" minlength=\"10\" "
       "maxlength=\"1024\" required autocomplete=\"new-password\"></div><div "
       "class=\"field\"><label for=\"u-employee\">" +
       Esc(c.T("users.employee_field")) +
       "</label><select id=\"u-employee\" name=\"employee\"><option value=\"\">" +
       Esc(c.T("users.none")) + "</option>";
  std::vector<const store::NamedItem*> people, teams;
  for (const auto& [id, e] : names.employees) people.push_back(&e);
  for (const auto& [id, t] : names.teams) teams.push_back(&t);
  auto by_name = [](const auto* a, const auto* b) { return a->name < b->name; };
  std::sort(people.begin(), people.end(), by_name);
  std::sort(teams.begin(), teams.end(), by_name);
  for (const auto* e : people) {
    h += "<option value=\"" + Esc(e->key) + "\">" + Esc(e->name) + "</option>";
  }
  h += "</select></div>";
  if (!teams.empty()) {
    h += "<fieldset class=\"checks wrap\"><legend>" + Esc(c.T("users.teams")) + "</legend>";
    for (const auto* t : teams) {
      h += "<label><input type=\"checkbox\" name=\"team\" value=\"" + Esc(t->key) + "\"> " +
           Esc(t->name) + "</label>";
    }
    h += "</fieldset>";
  }
  h += "<div class=\"buttons\"><button type=\"submit\">" + Esc(c.T("users.create")) +
       "</button></div></form>";
  return h;
}

void RegisterUserSettings(api::App& app) {
  AddPage(app, "POST", "/settings/users", PageAccess::kAdmin, CreateUserForm(), CreateUser);
  AddPage(app, "POST", "/settings/users/{id}", PageAccess::kAdmin,
          UserChangeForm("settingsUpdateUser",
                         "Settings form: change a user's role, disable or "
                         "enable them",
                         true),
          UpdateUser);
  AddPage(app, "POST", "/settings/users/{id}/remove", PageAccess::kAdmin,
          UserChangeForm("settingsRemoveUser", "Settings form: remove a user from the organisation",
                         false),
          RemoveUser);
}

}  // namespace beleving::web
