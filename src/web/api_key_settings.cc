// The API keys section of the settings page and its forms: create a key
// (shown once) and revoke one, through security::AccessService (the same
// rules and audit entries as the API's).
#include "api/declare.h"
#include "web/settings_sections.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

std::string ScopeLabels(const Ctx& c, const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) {
    out += (out.empty() ? "" : ", ") + i18n::Text(c.lang, "scope." + s);
  }
  return out;
}

http::Response CreateKey(Ctx& c) {
  auto f = FormFields(c);
  security::NewApiKey k;
  for (const auto& [name, value] : f) {
    if (name == "name") k.name = Trim(value);
    if (name == "scope") k.scopes.push_back(value);
  }
  auto created = c.app.services().access().CreateApiKey(c.who, k);
  if (created.ok()) return SettingsPage(c, created->secret);
  const Status& st = created.status();
  if (st.code() != StatusCode::kInvalidArgument) return StatusPage(c, st);
  c.form_error = c.T(st.field() == "/name" ? "keys.error.name" : "keys.error.scopes");
  return SettingsPage(c, "");
}

http::Response RevokeKey(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  Status st = c.app.services().access().RevokeApiKey(c.who, *id);
  if (!st.ok()) return StatusPage(c, st);
  return Redirect("/settings");
}

}  // namespace

std::string ApiKeySection(const Ctx& c, const std::vector<security::ApiKeyView>& keys) {
  std::string csrf = CsrfField(c);
  std::string h = "<section class=\"panel\" id=\"api-keys\"><h2>" + Esc(c.T("keys.title")) +
                  "</h2><table class=\"data\"><thead><tr><th scope=\"col\">" +
                  Esc(c.T("keys.name")) + "</th><th scope=\"col\">" + Esc(c.T("keys.prefix")) +
                  "</th><th scope=\"col\">" + Esc(c.T("keys.scopes")) + "</th><th scope=\"col\">" +
                  Esc(c.T("keys.created")) + "</th><th scope=\"col\"><span class=\"sr\">" +
                  Esc(c.T("keys.action")) + "</span></th></tr></thead><tbody>";
  for (const auto& k : keys) {
    h += "<tr><th scope=\"row\">" + Esc(k.name.empty() ? "—" : k.name) + "</th><td><code>" +
         Esc(k.prefix) + "</code></td><td>" + Esc(ScopeLabels(c, k.scopes)) + "</td><td>" +
         Date(c, k.created_at) + "</td><td>";
    if (k.revoked_at) {
      h += Esc(c.F("keys.revoked", {{"date", Date(c, *k.revoked_at)}}));
    } else {
      h += "<form method=\"post\" action=\"/settings/api-keys/" + std::to_string(k.id) +
           "/revoke\" class=\"inline\">" + csrf +
           "<button type=\"submit\" class=\"small danger\">" + Esc(c.T("keys.revoke")) +
           "</button></form>";
    }
    h += "</td></tr>";
  }
  h += "</tbody></table><form method=\"post\" action=\"/settings/api-keys\" class=\"filters\">" +
       csrf + "<div class=\"field\"><label for=\"k-name\">" + Esc(c.T("keys.name")) +
       "</label><input id=\"k-name\" name=\"name\" maxlength=\"200\" required></div><fieldset "
       "class=\"checks\"><legend>" +
       Esc(c.T("keys.scopes")) + "</legend>";
  for (const auto& s : security::ScopeNames()) {
    h += "<label><input type=\"checkbox\" name=\"scope\" value=\"" + s + "\"" +
         (s == "read" ? " checked" : "") + "> " + Esc(i18n::Text(c.lang, "scope." + s)) +
         "</label>";
  }
  h += "</fieldset><button type=\"submit\">" + Esc(c.T("keys.create")) +
       "</button></form></section>";
  return h;
}

void RegisterApiKeySettings(api::App& app) {
  AddPage(app, "POST", "/settings/api-keys", PageAccess::kAdmin,
          api::Declare("settingsCreateApiKey", "Settings form: create an API key", "dashboard")
              .Form(api::Schema::Object(
                  {{"name", api::Schema::String(0, security::kMaxApiKeyNameBytes)},
                   {"scope", api::Schema::Enum(security::ScopeNames())
                                 .Describe("A right of the key (repeatable)")}}))
              .Replies({api::HtmlAnswer(200, "Created: the settings page shows the key once"),
                        api::HtmlAnswer(422, "Refused: the settings page with the reason")}),
          CreateKey);
  AddPage(app, "POST", "/settings/api-keys/{id}/revoke", PageAccess::kAdmin,
          api::Declare("settingsRevokeApiKey", "Settings form: revoke an API key", "dashboard")
              .Path(api::Parameter{"id", api::Schema::Integer(1, INT64_MAX), true, "The key's id"})
              .Replies({api::Answer(303, "Revoked: to /settings"),
                        api::HtmlAnswer(404, "No such active key in this organisation")}),
          RevokeKey);
}

}  // namespace beleving::web
