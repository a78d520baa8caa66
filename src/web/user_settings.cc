// The settings forms for users: a new user with a role, an initial password, an
// employee link and a manager's teams.
#include <algorithm>
#include <array>
#include <map>

#include "core/time_format.h"
#include "loop/sla.h"
#include "security/secrets.h"
#include "store/access_store.h"
#include "store/org_store.h"
#include "web/work_pages.h"
#include "workspace/workspace.h"

namespace beleving::web {
namespace {

constexpr std::array<const char*, 4> kRoles = {"admin", "manager", "employee", "consultant"};

const char* RoleLabel(const Ctx& c, std::string_view r) {
  if (r == "admin") return c.L("beheerder", "admin");
  if (r == "manager") return c.L("manager", "manager");
  if (r == "employee") return c.L("medewerker", "employee");
  return c.L("consultant", "consultant");
}

http::Response CreateUser(Ctx& c) {
  auto f = FormFields(c);
  auto one = [&](const char* k) {
    auto it = f.find(k);
    return it == f.end() ? std::string() : Trim(it->second);
  };
  workspace::NewUser u;
  u.email = one("email");
  u.name = one("name");
  u.role = one("role");
  auto pw = f.find("password");
  u.password = pw == f.end() ? "" : pw->second;
  std::string employee = one("employee");
  if (u.email.size() < 3 || u.email.size() > 254 || u.email.find('@') == std::string::npos) {
    return SettingsRejected(c, "Vul een geldig e-mailadres in.", "Enter a valid e-mail address.");
  }
  if (u.name.empty() || u.name.size() > 200) {
    return SettingsRejected(c, "Vul een naam in (max. 200 tekens).",
                            "Enter a name (at most 200 characters).");
  }
  if (std::find(kRoles.begin(), kRoles.end(), u.role) == kRoles.end()) {
    return SettingsRejected(c, "Kies een rol.", "Choose a role.");
  }
  if (u.password.size() < 10 || u.password.size() > 1024) {
    return SettingsRejected(c, "Het wachtwoord moet minstens 10 tekens hebben.",
                            "The password must have at least 10 characters.");
  }
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  if (!employee.empty()) {
    char* end = nullptr;
    long long id = std::strtoll(employee.c_str(), &end, 10);
    auto it = names->employees.find(id);
    if (*end != '\0' || it == names->employees.end()) {
      return SettingsRejected(c, "Kies een medewerker uit de lijst.",
                              "Choose an employee from the list.");
    }
    u.employee_key = it->second.key;
  }
  if (u.role == "employee" && !u.employee_key) {
    return SettingsRejected(c, "Een medewerker-gebruiker hoort bij een medewerker: kies die.",
                            "An employee user belongs to an employee record: choose one.");
  }
  if (u.role == "manager") {
    for (auto it = f.lower_bound("team"); it != f.upper_bound("team"); ++it) {
      char* end = nullptr;
      long long id = std::strtoll(it->second.c_str(), &end, 10);
      auto t = names->teams.find(id);
      if (*end != '\0' || t == names->teams.end()) {
        return SettingsRejected(c, "Kies teams uit de lijst.", "Choose teams from the list.");
      }
      u.team_keys.push_back(t->second.key);
    }
  }
  if (Status st = workspace::ValidateNewUser(u); !st.ok()) {
    return SettingsFailed(c, st, "De gebruiker is niet aangemaakt", "The user was not created");
  }
  auto hash = security::HashPassword(u.password);
  if (!hash.ok()) return StatusPage(c, hash.status());
  UnixSeconds now = c.app.clock().Now();
  Status st = c.app.db().Write([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(auto existing, store::AccessStore::UserByEmail(conn, u.email));
    if (existing) {
      ASSIGN_OR_RETURN(auto ms, store::AccessStore::MembershipsOf(conn, existing->id));
      for (const auto& m : ms) {
        if (m.org_id == c.tenant().org_id()) return AlreadyExists(u.email, "/email");
      }
    }
    ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(conn, c.tenant().org_id()));
    if (!org) return NotFound("no such organisation");
    ASSIGN_OR_RETURN(int64_t user_id, workspace::AddUser(conn, *org, u, *hash, now));
    return store::AccessStore::Audit(conn, org->id, c.who.actor(), "create",
                                     "user:" + std::to_string(user_id), now);
  });
  if (st.code() == StatusCode::kAlreadyExists) {
    return SettingsRejected(
        c, "Er is al een gebruiker met dit e-mailadres in deze organisatie.",
        "There already is a user with this e-mail address in this organisation.");
  }
  if (!st.ok())
    return SettingsFailed(c, st, "De gebruiker is niet aangemaakt", "The user was not created");
  return Redirect("/settings#users");
}

// --- webhooks

}  // namespace

std::string NewUserForm(const Ctx& c, const Names& names) {
  std::string h =
      "<form method=\"post\" action=\"/settings/users\" class=\"stack\" "
      "id=\"user-form\">" +
      CsrfField(c) + "<h3>" + c.L("Nieuwe gebruiker", "New user") +
      "</h3><div class=\"field\"><label for=\"u-email\">" + c.L("E-mail", "E-mail") +
      "</label><input id=\"u-email\" name=\"email\" type=\"email\" maxlength=\"254\" "
      "required autocomplete=\"off\"></div><div class=\"field\"><label "
      "for=\"u-name\">" +
      c.L("Naam", "Name") +
      "</label><input id=\"u-name\" name=\"name\" maxlength=\"200\" required></div>"
      "<div class=\"field\"><label for=\"u-role\">" +
      c.L("Rol", "Role") + "</label><select id=\"u-role\" name=\"role\">";
  for (const char* r : kRoles) {
    h += "<option value=\"" + std::string(r) + "\"" +
         (std::string_view(r) == "manager" ? " selected" : "") + ">" + RoleLabel(c, r) +
         "</option>";
  }
  h += "</select></div><div class=\"field\"><label for=\"u-password\">" +
       std::string(
           c.L("Eerste wachtwoord (min. 10 tekens)", "Initial password (at least 10 characters)")) +
       "</label><input id=\"u-password\" name=\"password\" type=\"password\" minlength=\"10\" "
       "maxlength=\"1024\" required autocomplete=\"new-password\"></div><div "
       "class=\"field\"><label for=\"u-employee\">" +
       c.L("Medewerker (voor de rol medewerker)", "Employee (for the employee role)") +
       "</label><select id=\"u-employee\" name=\"employee\"><option value=\"\">" +
       c.L("— geen —", "— none —") + "</option>";
  std::vector<const store::NamedItem*> people, teams;
  for (const auto& [id, e] : names.employees) people.push_back(&e);
  for (const auto& [id, t] : names.teams) teams.push_back(&t);
  auto by_name = [](const auto* a, const auto* b) { return a->name < b->name; };
  std::sort(people.begin(), people.end(), by_name);
  std::sort(teams.begin(), teams.end(), by_name);
  for (const auto* e : people) {
    h += "<option value=\"" + std::to_string(e->id) + "\">" + Esc(e->name) + "</option>";
  }
  h += "</select></div>";
  if (!teams.empty()) {
    h += "<fieldset class=\"checks wrap\"><legend>" +
         std::string(c.L("Teams (voor de rol manager)", "Teams (for the manager role)")) +
         "</legend>";
    for (const auto* t : teams) {
      h += "<label><input type=\"checkbox\" name=\"team\" value=\"" + std::to_string(t->id) +
           "\"> " + Esc(t->name) + "</label>";
    }
    h += "</fieldset>";
  }
  h += "<div class=\"buttons\"><button type=\"submit\">" +
       std::string(c.L("Gebruiker aanmaken", "Create user")) + "</button></div></form>";
  return h;
}

void RegisterUserSettings(api::App& app) {
  AddPage(app, "POST", "/settings/users", PageAccess::kAdmin, CreateUser);
}

}  // namespace beleving::web
