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

}  // namespace

std::string UserSection(const Ctx& c, const std::vector<security::UserView>& users,
                        const Names& names) {
  std::string h = "<section class=\"panel\" id=\"users\"><h2>" + Esc(c.T("users.title")) +
                  "</h2><table class=\"data\"><thead><tr><th scope=\"col\">" +
                  Esc(c.T("users.name")) + "</th><th scope=\"col\">" + Esc(c.T("users.email")) +
                  "</th><th scope=\"col\">" + Esc(c.T("users.role")) + "</th><th scope=\"col\">" +
                  Esc(c.T("users.employee")) + "</th></tr></thead><tbody>";
  for (const auto& u : users) {
    h += "<tr><th scope=\"row\">" + Esc(u.name) + "</th><td>" + Esc(u.email) + "</td><td>" +
         Esc(i18n::Text(c.lang, "role." + u.role)) +
         (u.disabled ? " (" + Esc(c.T("users.disabled")) + ")" : "") + "</td><td>" +
         Esc(u.employee_name.value_or("—")) + "</td></tr>";
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
}

}  // namespace beleving::web
