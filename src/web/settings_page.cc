// The settings page: users, API keys and the loop's sections (webhooks,
// business hours, SLA targets), each from its service.
#include <map>

#include "api/declare.h"
#include "web/page.h"
#include "web/pages.h"
#include "web/settings_sections.h"
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

// Kept with their (nl, en) texts for the loop's settings forms
// (web/loop_settings.cc); the access forms use catalogue keys.
http::Response SettingsRejected(Ctx& c, const char* nl, const char* en) {
  c.form_error = c.lang == Lang::kNl ? nl : en;
  return SettingsPage(c, "");
}

http::Response SettingsFailed(Ctx& c, const Status& st, const char* nl, const char* en) {
  if (FormErrorFrom(&c, st, c.lang == Lang::kNl ? nl : en)) return SettingsPage(c, "");
  return StatusPage(c, st);
}

http::Response SettingsPage(Ctx& c, const std::string& new_key, const std::string& new_secret) {
  auto users = c.app.services().access().Users(c.who);
  if (!users.ok()) return StatusPage(c, users.status());
  auto keys = c.app.services().access().ApiKeys(c.who);
  if (!keys.ok()) return StatusPage(c, keys.status());
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  std::string h;
  for (auto [secret, key] :
       {std::pair{&new_secret, "settings.webhook_added"}, {&new_key, "settings.key_created"}}) {
    if (secret->empty()) continue;
    h += "<div class=\"notice ok\" role=\"status\"><p>" + Esc(c.T(key)) +
         "</p><code class=\"key\">" + Esc(*secret) + "</code></div>";
  }
  h += UserSection(c, *users, *names);
  h += ApiKeySection(c, *keys);
  auto loop_sections = LoopSettingsSections(c);
  if (!loop_sections.ok()) return StatusPage(c, loop_sections.status());
  h += *loop_sections;
  return Page(c, 200, "settings", c.T("settings.title"), h);
}

void RegisterSettingsPage(api::App& app) {
  AddPage(app, "GET", "/settings", PageAccess::kAdmin,
          api::Declare("settingsPage", "The settings page", "dashboard")
              .Replies({api::HtmlAnswer(200, "The page")}),
          [](Ctx& c) { return SettingsPage(c, ""); });
  RegisterApiKeySettings(app);
}

}  // namespace beleving::web
