// The settings page (users, API keys and the loop's sections) and the API key forms.
#include <algorithm>
#include <map>

#include "core/json.h"
#include "security/authenticator.h"
#include "store/access_store.h"
#include "store/survey_store.h"
#include "survey/starter.h"
#include "web/page.h"
#include "web/pages.h"
#include "web/work_pages.h"

namespace beleving::web {

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::multimap<std::string, std::string> FormFields(const Ctx& c) {
  std::multimap<std::string, std::string> f;
  http::ParseQueryString(c.req.body, &f);
  return f;
}

http::Response SettingsRejected(Ctx& c, const char* nl, const char* en) {
  c.form_error = c.L(nl, en);
  return SettingsPage(c, "");
}

http::Response SettingsFailed(Ctx& c, const Status& st, const char* nl, const char* en) {
  if (FormErrorFrom(&c, st, c.L(nl, en))) return SettingsPage(c, "");
  return StatusPage(c, st);
}
http::Response SettingsPage(Ctx& c, const std::string& new_key, const std::string& new_secret) {
  std::vector<std::pair<store::User, store::Membership>> users;
  std::vector<store::ApiKeyRecord> keys;
  Status st = c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(users, store::AccessStore::UsersOf(conn, c.tenant().org_id()));
    ASSIGN_OR_RETURN(keys, store::AccessStore::ApiKeysOf(conn, c.tenant().org_id()));
    return Status::Ok();
  });
  if (!st.ok()) return StatusPage(c, st);
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  std::string csrf = CsrfField(c);
  std::string h;
  if (!new_secret.empty()) {
    h += "<div class=\"notice ok\" role=\"status\"><p>" +
         std::string(c.L("Webhook toegevoegd. Het geheim waarmee berichten worden ondertekend "
                         "(alleen nu zichtbaar):",
                         "Webhook added. The secret that signs its messages (shown only now):")) +
         "</p><code class=\"key\">" + Esc(new_secret) + "</code></div>";
  }
  if (!new_key.empty()) {
    h += "<div class=\"notice ok\" role=\"status\"><p>" +
         std::string(c.L("Nieuwe API-sleutel (alleen nu zichtbaar, bewaar hem veilig):",
                         "New API key (shown only now, keep it safe):")) +
         "</p><code class=\"key\">" + Esc(new_key) + "</code></div>";
  }
  h += "<section class=\"panel\" id=\"users\"><h2>" +
       std::string(c.L("Gebruikers en rollen", "Users and roles")) +
       "</h2><table class=\"data\"><thead><tr><th scope=\"col\">" + c.L("Naam", "Name") +
       "</th><th scope=\"col\">" + c.L("E-mail", "E-mail") + "</th><th scope=\"col\">" +
       c.L("Rol", "Role") + "</th></tr></thead><tbody>";
  for (const auto& [u, m] : users) {
    h += "<tr><th scope=\"row\">" + Esc(u.name) + "</th><td>" + Esc(u.email) + "</td><td>" +
         Esc(m.role) +
         (u.disabled ? std::string(" (") + c.L("uitgeschakeld", "disabled") + ")" : "") +
         "</td></tr>";
  }
  h += "</tbody></table>" + NewUserForm(c, *names) + "</section>";
  h += "<section class=\"panel\"><h2>" + std::string(c.L("API-sleutels", "API keys")) +
       "</h2><table class=\"data\"><thead><tr><th scope=\"col\">" + c.L("Naam", "Name") +
       "</th><th scope=\"col\">" + c.L("Begin", "Prefix") + "</th><th scope=\"col\">" +
       c.L("Rechten", "Scopes") + "</th><th scope=\"col\">" + c.L("Gemaakt", "Created") +
       "</th><th scope=\"col\"><span class=\"sr\">" + c.L("Actie", "Action") +
       "</span></th></tr></thead><tbody>";
  for (const auto& k : keys) {
    h += "<tr><th scope=\"row\">" + Esc(k.name.empty() ? "—" : k.name) + "</th><td><code>" +
         Esc(k.prefix) + "</code></td><td>" + Esc(k.scopes) + "</td><td>" + Date(c, k.created_at) +
         "</td><td>";
    if (k.revoked_at) {
      h += std::string(c.L("ingetrokken ", "revoked ")) + Date(c, *k.revoked_at);
    } else {
      h += "<form method=\"post\" action=\"/settings/api-keys/" + std::to_string(k.id) +
           "/revoke\" class=\"inline\">" + csrf +
           "<button type=\"submit\" class=\"small danger\">" + c.L("Intrekken", "Revoke") +
           "</button></form>";
    }
    h += "</td></tr>";
  }
  h += "</tbody></table><form method=\"post\" action=\"/settings/api-keys\" class=\"filters\">" +
       csrf + "<div class=\"field\"><label for=\"k-name\">" + c.L("Naam", "Name") +
       "</label><input id=\"k-name\" name=\"name\" maxlength=\"100\" required></div><fieldset "
       "class=\"checks\"><legend>" +
       c.L("Rechten", "Scopes") + "</legend>";
  for (const char* s : {"ingest", "read", "admin"}) {
    h += "<label><input type=\"checkbox\" name=\"scope\" value=\"" + std::string(s) + "\"" +
         (std::string_view(s) == "read" ? " checked" : "") + "> " + s + "</label>";
  }
  h += "</fieldset><button type=\"submit\">" + std::string(c.L("Sleutel maken", "Create key")) +
       "</button></form></section>";
  auto loop_sections = LoopSettingsSections(c);
  if (!loop_sections.ok()) return StatusPage(c, loop_sections.status());
  h += *loop_sections;
  return Page(c, 200, "settings", c.L("Instellingen", "Settings"), h);
}

namespace {

http::Response CreateKey(Ctx& c) {
  std::multimap<std::string, std::string> f;
  http::ParseQueryString(c.req.body, &f);
  std::string name;
  std::string scopes_text;
  for (const auto& [k, v] : f) {
    if (k == "name") name = v;
    if (k == "scope" && (v == "ingest" || v == "read" || v == "admin")) {
      scopes_text += (scopes_text.empty() ? "" : ",") + v;
    }
  }
  if (name.empty() || name.size() > 100) {
    return ErrorPage(c, 400,
                     c.L("Geef de sleutel een naam (max. 100 tekens).",
                         "Give the key a name (at most 100 characters)."));
  }
  auto scopes = security::ParseScopes(scopes_text);
  if (!scopes.ok() || *scopes == 0) {
    return ErrorPage(c, 400, c.L("Kies minstens één recht.", "Choose at least one scope."));
  }
  security::IssuedApiKey issued;
  UnixSeconds now = c.app.clock().Now();
  Status st = c.app.db().Write([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(issued, security::Authenticator::CreateApiKey(conn, c.tenant().org_id(),
                                                                   *scopes, name, now));
    return store::AccessStore::Audit(conn, c.tenant().org_id(), c.who.actor(), "create",
                                     "api_key:" + std::to_string(issued.id), now);
  });
  if (!st.ok()) return StatusPage(c, st);
  return SettingsPage(c, issued.key);
}

http::Response RevokeKey(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  UnixSeconds now = c.app.clock().Now();
  bool found = false;
  Status st = c.app.db().Write([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(found, store::AccessStore::RevokeApiKey(conn, c.tenant().org_id(), *id, now));
    if (!found) return NotFound("no such API key");
    return store::AccessStore::Audit(conn, c.tenant().org_id(), c.who.actor(), "revoke",
                                     "api_key:" + std::to_string(*id), now);
  });
  if (!st.ok()) return StatusPage(c, st);
  return Redirect("/settings");
}

}  // namespace

void RegisterSettingsPage(api::App& app) {
  AddPage(app, "GET", "/settings", PageAccess::kAdmin, [](Ctx& c) { return SettingsPage(c, ""); });
  AddPage(app, "POST", "/settings/api-keys", PageAccess::kAdmin, CreateKey);
  AddPage(app, "POST", "/settings/api-keys/{id}/revoke", PageAccess::kAdmin, RevokeKey);
}

}  // namespace beleving::web
