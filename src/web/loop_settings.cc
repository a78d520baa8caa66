// The loop's settings: outbound webhooks (add, remove, delivery log), the SLA
// business-hours calendar with holidays and the SLA targets per case type.
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

constexpr std::array<const char*, 5> kCaseTypes = {"detractor", "complaint", "broken_promise",
                                                   "disappointment", "manual"};

const char* CaseTypeLabel(const Ctx& c, std::string_view t) {
  if (t == "detractor") return c.L("Criticus (lage score)", "Detractor (low score)");
  if (t == "complaint") return c.L("Klacht", "Complaint");
  if (t == "broken_promise") return c.L("Gebroken belofte", "Broken promise");
  if (t == "disappointment") return c.L("Teleurstelling", "Disappointment");
  return c.L("Handmatig", "Manual");
}

const char* DayLabel(const Ctx& c, int d) {
  static const char* kNl[] = {"ma", "di", "wo", "do", "vr", "za", "zo"};
  static const char* kEn[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return c.lang == Lang::kNl ? kNl[d - 1] : kEn[d - 1];
}

std::string Hhmm(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

// --- webhooks

http::Response AddWebhook(Ctx& c) {
  store::WebhookRecord w;
  w.url = Trim(c.Form("url").value_or(""));
  std::string format = c.Form("format").value_or("json");
  std::string secret = c.Form("secret").value_or("");
  if (w.url.size() > 2000 || (w.url.rfind("http://", 0) != 0 && w.url.rfind("https://", 0) != 0) ||
      w.url.size() < 10) {
    return SettingsRejected(c, "Geef een http- of https-adres voor de webhook.",
                            "Give an http or https URL for the webhook.");
  }
  if (format != "json" && format != "slack" && format != "teams") {
    return SettingsRejected(c, "Kies een formaat: json, slack of teams.",
                            "Choose a format: json, slack or teams.");
  }
  if (!secret.empty() && (secret.size() < 16 || secret.size() > 200)) {
    return SettingsRejected(c, "Het geheim moet 16 tot 200 tekens hebben (of laat het leeg).",
                            "The secret must have 16 to 200 characters (or leave it empty).");
  }
  w.secret = secret.empty() ? security::RandomToken(32) : secret;
  w.format = format;
  Status st = c.app.db().Write([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(w.id,
                     store::LoopStore::InsertWebhook(conn, c.tenant(), w, c.app.clock().Now()));
    return store::AccessStore::Audit(conn, c.tenant().org_id(), c.who.actor(), "create",
                                     "webhook:" + std::to_string(w.id), c.app.clock().Now());
  });
  if (!st.ok())
    return SettingsFailed(c, st, "De webhook is niet toegevoegd", "The webhook was not added");
  // The signing secret is shown once, like a new API key.
  return SettingsPage(c, "", w.secret);
}

http::Response RemoveWebhook(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  Status st = c.app.db().Write([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(bool found, store::DashboardStore::DeactivateWebhook(conn, c.tenant(), *id));
    if (!found) return NotFound("no such webhook");
    return store::AccessStore::Audit(conn, c.tenant().org_id(), c.who.actor(), "delete",
                                     "webhook:" + std::to_string(*id), c.app.clock().Now());
  });
  if (!st.ok()) return StatusPage(c, st);
  return Redirect("/settings#webhooks");
}

http::Response WebhookPage(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  std::optional<store::WebhookRecord> hook;
  std::vector<store::DeliveryRecord> rows;
  Status st = c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(hook, store::LoopStore::SysWebhook(conn, *id));
    if (!hook || hook->org_id != c.tenant().org_id()) return NotFound("no such webhook");
    ASSIGN_OR_RETURN(rows, store::LoopStore::Deliveries(conn, c.tenant(), *id, 100));
    return Status::Ok();
  });
  if (!st.ok()) return StatusPage(c, st);
  std::string h =
      "<p class=\"lede\"><a href=\"/settings#webhooks\">" +
      std::string(c.L("Terug naar de instellingen", "Back to settings")) +
      "</a></p><dl class=\"facts\"><dt>URL</dt><dd><code>" + Esc(hook->url) + "</code></dd><dt>" +
      c.L("Formaat", "Format") + "</dt><dd>" + Esc(hook->format) + "</dd><dt>Status</dt><dd>" +
      (hook->active ? c.L("actief", "active") : c.L("verwijderd", "removed")) +
      "</dd></dl><section class=\"panel\"><h2>" + c.L("Afleverlog", "Delivery log") + "</h2>";
  if (rows.empty()) {
    h += "<p class=\"muted\">" + std::string(c.L("Nog niets verstuurd.", "Nothing sent yet.")) +
         "</p>";
  } else {
    h += "<table class=\"data\"><thead><tr><th scope=\"col\">" +
         std::string(c.L("Gemaakt", "Created")) + "</th><th scope=\"col\">" +
         c.L("Gebeurtenis", "Event") + "</th><th scope=\"col\">" + c.L("Toestand", "State") +
         "</th><th scope=\"col\">" + c.L("Pogingen", "Attempts") +
         "</th><th scope=\"col\">HTTP</th><th scope=\"col\">" + c.L("Fout", "Error") +
         "</th></tr></thead><tbody>";
    for (const auto& d : rows) {
      h += "<tr><th scope=\"row\">" + Esc(FormatRfc3339(d.created_at)) + "</th><td>" +
           Esc(d.event) + "</td><td>" + Esc(d.state) + "</td><td>" + std::to_string(d.attempts) +
           "</td><td>" + (d.last_status ? std::to_string(*d.last_status) : "—") + "</td><td>" +
           Esc(d.last_error.value_or("")) + "</td></tr>";
    }
    h += "</tbody></table>";
  }
  h += "</section>";
  return Page(c, 200, "settings", c.L("Webhook", "Webhook"), h);
}

// --- business hours and SLA targets

http::Response PutCalendar(Ctx& c) {
  auto f = FormFields(c);
  json::array days;
  for (auto it = f.lower_bound("day"); it != f.upper_bound("day"); ++it) {
    if (it->second.size() != 1 || it->second[0] < '1' || it->second[0] > '7') {
      return SettingsRejected(c, "Ongeldige dag.", "Invalid day.");
    }
    days.push_back(it->second[0] - '0');
  }
  if (days.empty()) {
    return SettingsRejected(c, "Kies minstens één werkdag.", "Choose at least one working day.");
  }
  auto one = [&](const char* k) {
    auto it = f.find(k);
    return it == f.end() ? std::string() : Trim(it->second);
  };
  std::string start = one("start"), end = one("end");
  json::array holidays;
  std::string list = one("holidays");
  size_t pos = 0;
  while (pos < list.size()) {
    size_t nl = list.find_first_of("\n,;", pos);
    std::string d = Trim(list.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    if (!d.empty()) holidays.push_back(json::value(d));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  json::value hours = json::object{{"days", days}, {"start", start}, {"end", end}};
  auto cal = loop::ParseCalendar(hours, json::value(holidays), TimeZone::Utc());
  if (!cal.ok()) {
    c.form_error = std::string(c.L("De openingstijden zijn niet opgeslagen: gebruik uu:mm voor de "
                                   "tijden (begin voor eind) en jjjj-mm-dd voor feestdagen",
                                   "The business hours were not saved: use hh:mm for the times "
                                   "(start before end) and yyyy-mm-dd for holidays")) +
                   " (" + cal.status().message() + ")";
    return SettingsPage(c, "");
  }
  store::CalendarRecord rec{ToJsonText(loop::CalendarHoursJson(*cal)),
                            ToJsonText(loop::CalendarHolidaysJson(*cal))};
  Status st = c.app.db().Write([&](store::SqlConn& conn) -> Status {
    RETURN_IF_ERROR(store::LoopStore::PutCalendar(conn, c.tenant(), rec, c.app.clock().Now()));
    return store::AccessStore::Audit(conn, c.tenant().org_id(), c.who.actor(), "update",
                                     "sla_calendar", c.app.clock().Now());
  });
  if (!st.ok()) {
    return SettingsFailed(c, st, "De openingstijden zijn niet opgeslagen",
                          "The business hours were not saved");
  }
  return Redirect("/settings#hours");
}

http::Response PutPolicy(Ctx& c) {
  std::string type = c.req.path_params["case_type"];
  if (std::find(kCaseTypes.begin(), kCaseTypes.end(), type) == kCaseTypes.end()) {
    return StatusPage(c, NotFound("unknown case type"));
  }
  store::SlaPolicyRecord p;
  p.case_type = type;
  constexpr int64_t kYear = 366LL * 24 * 60;
  auto minutes = [&](const char* k, std::optional<int64_t>* out) {
    std::string v = Trim(c.Form(k).value_or(""));
    if (v.empty()) return true;
    char* end = nullptr;
    long long n = std::strtoll(v.c_str(), &end, 10);
    if (*end != '\0' || n < 1 || n > kYear) return false;
    *out = n;
    return true;
  };
  if (!minutes("acknowledge_minutes", &p.acknowledge_minutes) ||
      !minutes("first_contact_minutes", &p.first_contact_minutes) ||
      !minutes("resolve_minutes", &p.resolve_minutes)) {
    return SettingsRejected(
        c, "SLA-doelen zijn hele minuten van 1 tot 527 040 (of leeg: geen doel).",
        "SLA targets are whole minutes from 1 to 527,040 (or empty: no target).");
  }
  std::optional<int64_t> risk;
  std::string risk_text = Trim(c.Form("at_risk_percent").value_or("75"));
  char* end = nullptr;
  long long r = std::strtoll(risk_text.c_str(), &end, 10);
  if (risk_text.empty() || *end != '\0' || r < 1 || r > 99) {
    return SettingsRejected(c, "'In gevaar vanaf' is een percentage van 1 tot 99.",
                            "'At risk from' is a percentage from 1 to 99.");
  }
  p.at_risk_percent = static_cast<int>(r);
  p.business_hours = c.Form("business_hours").value_or("") == "1";
  Status st = c.app.db().Write([&](store::SqlConn& conn) -> Status {
    RETURN_IF_ERROR(store::LoopStore::PutPolicy(conn, c.tenant(), p, c.app.clock().Now()));
    return store::AccessStore::Audit(conn, c.tenant().org_id(), c.who.actor(), "update",
                                     "sla_policy:" + type, c.app.clock().Now());
  });
  if (!st.ok()) {
    return SettingsFailed(c, st, "Het SLA-doel is niet opgeslagen", "The SLA target was not saved");
  }
  return Redirect("/settings#sla");
}

}  // namespace

Result<std::string> LoopSettingsSections(Ctx& c) {
  std::vector<store::WebhookRecord> hooks;
  std::optional<loop::BusinessCalendar> cal = loop::BusinessCalendar{};
  std::vector<store::SlaPolicyRecord> policies;
  RETURN_IF_ERROR(c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(hooks, store::LoopStore::Webhooks(conn, c.tenant()));
    ASSIGN_OR_RETURN(auto stored, store::LoopStore::Calendar(conn, c.tenant().org_id()));
    if (stored) {
      ASSIGN_OR_RETURN(auto hours, ParseJson(stored->hours));
      ASSIGN_OR_RETURN(auto holidays, ParseJson(stored->holidays));
      ASSIGN_OR_RETURN(cal, loop::ParseCalendar(hours, holidays, TimeZone::Utc()));
    }
    ASSIGN_OR_RETURN(policies, store::LoopStore::Policies(conn, c.tenant().org_id()));
    return Status::Ok();
  }));
  const std::string csrf = CsrfField(c);
  std::string h = "<section class=\"panel\" id=\"webhooks\"><h2>Webhooks</h2>";
  bool any = false;
  for (const auto& w : hooks) {
    if (!w.active) continue;
    if (!any) {
      h += "<table class=\"data\"><thead><tr><th scope=\"col\">URL</th><th scope=\"col\">" +
           std::string(c.L("Formaat", "Format")) + "</th><th scope=\"col\"><span class=\"sr\">" +
           c.L("Acties", "Actions") + "</span></th></tr></thead><tbody>";
      any = true;
    }
    std::string id = std::to_string(w.id);
    h += "<tr><th scope=\"row\"><code>" + Esc(w.url) + "</code></th><td>" + Esc(w.format) +
         "</td><td><a href=\"/settings/webhooks/" + id + "\">" + c.L("Afleverlog", "Delivery log") +
         "</a> <form method=\"post\" action=\"/settings/webhooks/" + id +
         "/remove\" class=\"inline\">" + csrf + "<button type=\"submit\" class=\"small danger\">" +
         c.L("Verwijderen", "Remove") + "<span class=\"sr\"> " + Esc(w.url) +
         "</span></button></form></td></tr>";
  }
  if (any) {
    h += "</tbody></table>";
  } else {
    h += "<p class=\"muted\">" + std::string(c.L("Geen webhooks.", "No webhooks.")) + "</p>";
  }
  h +=
      "<form method=\"post\" action=\"/settings/webhooks\" class=\"filters\" id=\"webhook-form\">" +
      csrf +
      "<div class=\"field\"><label for=\"w-url\">URL</label><input id=\"w-url\" "
      "name=\"url\" type=\"url\" maxlength=\"2000\" required "
      "placeholder=\"https://\"></div><div class=\"field\"><label for=\"w-format\">" +
      c.L("Formaat", "Format") + "</label><select id=\"w-format\" name=\"format\">" +
      "<option value=\"json\">json</option><option value=\"slack\">slack</option>"
      "<option value=\"teams\">teams</option></select></div><div class=\"field\"><label "
      "for=\"w-secret\">" +
      c.L("Geheim (optioneel, min. 16 tekens)", "Secret (optional, at least 16 characters)") +
      "</label><input id=\"w-secret\" name=\"secret\" maxlength=\"200\" "
      "autocomplete=\"off\"></div><button type=\"submit\">" +
      c.L("Webhook toevoegen", "Add webhook") + "</button></form></section>";

  // Business hours and holidays.
  h += "<section class=\"panel\" id=\"hours\"><h2>" +
       std::string(c.L("Openingstijden voor SLA's", "Business hours for SLAs")) +
       "</h2><form method=\"post\" action=\"/settings/calendar\" class=\"stack\" "
       "id=\"calendar-form\">" +
       csrf + "<fieldset class=\"checks\"><legend>" + c.L("Werkdagen", "Working days") +
       "</legend>";
  for (int d = 1; d <= 7; ++d) {
    bool on = std::find(cal->days.begin(), cal->days.end(), d) != cal->days.end();
    h += "<label><input type=\"checkbox\" name=\"day\" value=\"" + std::to_string(d) + "\"" +
         (on ? " checked" : "") + "> " + DayLabel(c, d) + "</label>";
  }
  std::string hol;
  for (const auto& v : loop::CalendarHolidaysJson(*cal)) {
    if (v.is_string()) hol += std::string(v.get_string()) + "\n";
  }
  h += "</fieldset><div class=\"filters\"><div class=\"field\"><label for=\"cal-start\">" +
       std::string(c.L("Van", "From")) +
       "</label><input id=\"cal-start\" name=\"start\" type=\"time\" value=\"" +
       Hhmm(cal->start_minute) + "\" required></div><div class=\"field\"><label for=\"cal-end\">" +
       c.L("Tot", "To") + "</label><input id=\"cal-end\" name=\"end\" type=\"time\" value=\"" +
       Hhmm(cal->end_minute) +
       "\" required></div></div><div class=\"field\"><label for=\"cal-holidays\">" +
       c.L("Feestdagen (jjjj-mm-dd, één per regel)", "Holidays (yyyy-mm-dd, one per line)") +
       "</label><textarea id=\"cal-holidays\" name=\"holidays\" rows=\"4\">" + Esc(hol) +
       "</textarea></div><div class=\"buttons\"><button type=\"submit\">" +
       c.L("Openingstijden opslaan", "Save business hours") + "</button></div></form></section>";

  // SLA targets per case type.
  h += "<section class=\"panel\" id=\"sla\"><h2>" +
       std::string(c.L("SLA-doelen per soort case", "SLA targets per case type")) +
       "</h2><p class=\"muted\">" +
       c.L("In minuten; leeg betekent geen doel voor die stap.",
           "In minutes; empty means no target for that step.") +
       "</p><div class=\"actions\">";
  for (const char* type : kCaseTypes) {
    const store::SlaPolicyRecord* p = nullptr;
    for (const auto& x : policies) {
      if (x.case_type == type) p = &x;
    }
    std::string t = type;
    auto num = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : ""; };
    auto input = [&](const char* name, const char* nl, const char* en, const std::string& v,
                     const char* range) {
      std::string id = "sla-" + t + "-" + name;
      return "<div class=\"field\"><label for=\"" + id + "\">" + c.L(nl, en) +
             "</label><input id=\"" + id + "\" name=\"" + name + "\" type=\"number\" " + range +
             " value=\"" + v + "\"></div>";
    };
    h += "<form method=\"post\" action=\"/settings/sla/" + t + "\" id=\"sla-" + t + "\">" + csrf +
         "<h3>" + CaseTypeLabel(c, type) + "</h3>" +
         input("acknowledge_minutes", "Bevestigen binnen", "Acknowledge within",
               p ? num(p->acknowledge_minutes) : "", "min=\"1\" max=\"527040\"") +
         input("first_contact_minutes", "Eerste contact binnen", "First contact within",
               p ? num(p->first_contact_minutes) : "", "min=\"1\" max=\"527040\"") +
         input("resolve_minutes", "Oplossen binnen", "Resolve within",
               p ? num(p->resolve_minutes) : "", "min=\"1\" max=\"527040\"") +
         input("at_risk_percent", "In gevaar vanaf (%)", "At risk from (%)",
               std::to_string(p ? p->at_risk_percent : 75), "min=\"1\" max=\"99\"") +
         "<label><input type=\"checkbox\" name=\"business_hours\" value=\"1\"" +
         (!p || p->business_hours ? " checked" : "") + "> " +
         c.L("Alleen tijdens openingstijden", "Business hours only") +
         "</label><div class=\"buttons\"><button type=\"submit\">" + c.L("Opslaan", "Save") +
         "<span class=\"sr\"> " + CaseTypeLabel(c, type) + "</span></button></div></form>";
  }
  h += "</div></section>";
  return h;
}

void RegisterLoopSettings(api::App& app) {
  AddPage(app, "POST", "/settings/webhooks", PageAccess::kAdmin, AddWebhook);
  AddPage(app, "GET", "/settings/webhooks/{id}", PageAccess::kAdmin, WebhookPage);
  AddPage(app, "POST", "/settings/webhooks/{id}/remove", PageAccess::kAdmin, RemoveWebhook);
  AddPage(app, "POST", "/settings/calendar", PageAccess::kAdmin, PutCalendar);
  AddPage(app, "POST", "/settings/sla/{case_type}", PageAccess::kAdmin, PutPolicy);
}

}  // namespace beleving::web
