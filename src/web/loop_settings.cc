// The loop's settings (on /settings, admins): outbound webhooks (add,
// remove, their delivery log in webhook_page.cc), the business-hours
// calendar with holidays, and the SLA targets per case type. The forms
// call the same services as the API (loop/webhooks.h, loop/sla_settings.h):
// the same checks, the same audit entries. A refused form shows the
// settings page again with the reason (422).
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "outbound/webhook_body.h"
#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

constexpr size_t kFieldBound = 32 * 1024;

std::string Hhmm(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

http::Response Refused(Ctx& c, const Status& st, std::string_view failed_key,
                       std::string_view context) {
  if (LoopFormError(&c, st, failed_key, context)) return SettingsPage(c, "");
  return StatusPage(c, st);
}

// --- webhooks

http::Response AddWebhook(Ctx& c) {
  loop::NewWebhook in;
  in.url = Trim(c.Form("url").value_or(""));
  in.format = c.Form("format");
  if (auto secret = c.Form("secret"); secret && !secret->empty()) in.secret = secret;
  auto w = c.app.services().loop().webhooks().Create(c.who, in);
  if (!w.ok()) return Refused(c, w.status(), "loop.webhook.not_added", "webhook");
  // The signing secret is shown once, like a new API key.
  return SettingsPage(c, "", w->secret);
}

http::Response RemoveWebhook(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  Status st = c.app.services().loop().webhooks().Remove(c.who, *id);
  if (!st.ok()) return StatusPage(c, st);
  return Redirect("/settings#webhooks");
}

// --- business hours and SLA targets

http::Response PutCalendar(Ctx& c) {
  auto f = FormFields(c);
  loop::CalendarInput in;
  in.days.emplace();
  for (auto it = f.lower_bound("day"); it != f.upper_bound("day"); ++it) {
    in.days->push_back(std::atoi(it->second.c_str()));
  }
  auto one = [&](const char* k) {
    auto it = f.find(k);
    return it == f.end() ? std::string() : Trim(it->second);
  };
  in.start = one("start");
  in.end = one("end");
  const std::string list = one("holidays");
  for (size_t pos = 0; pos < list.size();) {
    size_t sep = list.find_first_of("\n,;", pos);
    std::string d =
        Trim(list.substr(pos, sep == std::string::npos ? std::string::npos : sep - pos));
    if (!d.empty()) in.holidays.push_back(d);
    if (sep == std::string::npos) break;
    pos = sep + 1;
  }
  auto cal = c.app.services().loop().sla().PutCalendar(c.who, in);
  if (!cal.ok()) return Refused(c, cal.status(), "loop.calendar.not_saved", "calendar");
  return Redirect("/settings#hours");
}

http::Response PutPolicy(Ctx& c) {
  loop::SlaPolicyInput in;
  // Whole minutes as typed; empty: no target. What is not a number is
  // refused like a number out of range.
  auto number = [&](const char* k, std::optional<int64_t>* out) {
    std::string v = Trim(c.Form(k).value_or(""));
    if (v.empty()) return true;
    char* end = nullptr;
    long long n = std::strtoll(v.c_str(), &end, 10);
    if (*end != '\0' || v.size() > 12) return false;
    *out = n;
    return true;
  };
  for (auto [name, slot] : {std::pair{"acknowledge_minutes", &in.acknowledge_minutes},
                            {"first_contact_minutes", &in.first_contact_minutes},
                            {"resolve_minutes", &in.resolve_minutes},
                            {"at_risk_percent", &in.at_risk_percent}}) {
    if (!number(name, slot)) {
      return Refused(c, InvalidArgument("not a whole number", std::string("/") + name),
                     "loop.sla.not_saved", "sla");
    }
  }
  in.business_hours = c.Form("business_hours").value_or("") == "1";
  auto p = c.app.services().loop().sla().PutPolicy(c.who, c.req.path_params["case_type"], in);
  if (!p.ok()) return Refused(c, p.status(), "loop.sla.not_saved", "sla");
  return Redirect("/settings#sla");
}

std::string WebhookSection(const Ctx& c, const std::vector<store::WebhookRecord>& hooks) {
  const std::string csrf = CsrfField(c);
  std::string h =
      "<section class=\"panel\" id=\"webhooks\"><h2>" + Esc(c.T("loop.webhooks")) + "</h2>";
  bool any = false;
  for (const auto& w : hooks) {
    if (!w.active) continue;
    if (!any) {
      h += "<table class=\"data\"><thead><tr><th scope=\"col\">" + Esc(c.T("loop.webhook.url")) +
           "</th><th scope=\"col\">" + Esc(c.T("loop.webhook.format")) +
           "</th><th scope=\"col\"><span class=\"sr\">" + Esc(c.T("loop.case.actions")) +
           "</span></th></tr></thead><tbody>";
      any = true;
    }
    const std::string id = std::to_string(w.id);
    h += "<tr><th scope=\"row\"><code>" + Esc(w.url) + "</code></th><td>" +
         Esc(c.T("loop.webhook.format." + w.format)) + "</td><td><a href=\"/settings/webhooks/" +
         id + "\">" + Esc(c.T("loop.webhook.log")) +
         "</a> <form method=\"post\" action=\"/settings/webhooks/" + id +
         "/remove\" class=\"inline\">" + csrf + "<button type=\"submit\" class=\"small danger\">" +
         Esc(c.T("loop.webhook.remove")) + "<span class=\"sr\"> " + Esc(w.url) +
         "</span></button></form></td></tr>";
  }
  h += any ? "</tbody></table>" : "<p class=\"muted\">" + Esc(c.T("loop.webhook.none")) + "</p>";
  h +=
      "<form method=\"post\" action=\"/settings/webhooks\" class=\"filters\" id=\"webhook-form\">" +
      csrf + "<div class=\"field\"><label for=\"w-url\">" + Esc(c.T("loop.webhook.url")) +
      "</label><input id=\"w-url\" name=\"url\" type=\"url\" maxlength=\"2000\" required "
      "placeholder=\"https://\"></div><div class=\"field\"><label for=\"w-format\">" +
      Esc(c.T("loop.webhook.format")) + "</label><select id=\"w-format\" name=\"format\">";
  for (const auto& f : outbound::WebhookFormats()) {
    h += "<option value=\"" + f + "\">" + Esc(c.T("loop.webhook.format." + f)) + "</option>";
  }
  h += "</select></div><div class=\"field\"><label for=\"w-secret\">" +
       Esc(c.T("loop.webhook.secret_optional")) +
       "</label><input id=\"w-secret\" name=\"secret\" maxlength=\"200\" "
       "autocomplete=\"off\"></div><button type=\"submit\">" +
       Esc(c.T("loop.webhook.add")) + "</button></form></section>";
  return h;
}

std::string CalendarSection(const Ctx& c, const loop::BusinessCalendar& cal) {
  std::string h = "<section class=\"panel\" id=\"hours\"><h2>" + Esc(c.T("loop.calendar.title")) +
                  "</h2><form method=\"post\" action=\"/settings/calendar\" class=\"stack\" "
                  "id=\"calendar-form\">" +
                  CsrfField(c) + "<fieldset class=\"checks\"><legend>" +
                  Esc(c.T("loop.calendar.days")) + "</legend>";
  for (int d = 1; d <= 7; ++d) {
    bool on = std::find(cal.days.begin(), cal.days.end(), d) != cal.days.end();
    h += "<label><input type=\"checkbox\" name=\"day\" value=\"" + std::to_string(d) + "\"" +
         (on ? " checked" : "") + "> " + Esc(c.T("loop.weekday." + std::to_string(d))) + "</label>";
  }
  std::string hol;
  for (const auto& v : loop::CalendarHolidaysJson(cal)) {
    if (v.is_string()) hol += std::string(v.get_string()) + "\n";
  }
  h += "</fieldset><div class=\"filters\"><div class=\"field\"><label for=\"cal-start\">" +
       Esc(c.T("loop.calendar.from")) +
       "</label><input id=\"cal-start\" name=\"start\" type=\"time\" value=\"" +
       Hhmm(cal.start_minute) + "\" required></div><div class=\"field\"><label for=\"cal-end\">" +
       Esc(c.T("loop.calendar.to")) +
       "</label><input id=\"cal-end\" name=\"end\" type=\"time\" "
       "value=\"" +
       Hhmm(cal.end_minute) +
       "\" required></div></div><div class=\"field\"><label "
       "for=\"cal-holidays\">" +
       Esc(c.T("loop.calendar.holidays")) +
       "</label><textarea id=\"cal-holidays\" name=\"holidays\" rows=\"4\">" + Esc(hol) +
       "</textarea></div><div class=\"buttons\"><button type=\"submit\">" +
       Esc(c.T("loop.calendar.save")) + "</button></div></form></section>";
  return h;
}

std::string SlaSection(const Ctx& c, const std::vector<store::SlaPolicyRecord>& policies) {
  const std::string csrf = CsrfField(c);
  std::string h = "<section class=\"panel\" id=\"sla\"><h2>" + Esc(c.T("loop.sla.title")) +
                  "</h2><p class=\"muted\">" + Esc(c.T("loop.sla.lead")) +
                  "</p><div class=\"actions\">";
  for (const auto& type : loop::kCaseTypes) {
    const store::SlaPolicyRecord* p = loop::PolicyFor(policies, type);
    auto num = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : ""; };
    auto input = [&](const char* name, const char* label_key, const std::string& v,
                     const char* range) {
      const std::string id = "sla-" + type + "-" + name;
      return "<div class=\"field\"><label for=\"" + id + "\">" + Esc(c.T(label_key)) +
             "</label><input id=\"" + id + "\" name=\"" + name + "\" type=\"number\" " + range +
             " value=\"" + v + "\"></div>";
    };
    const std::string minutes = "min=\"1\" max=\"" + std::to_string(loop::kMaxSlaMinutes) + "\"";
    h += "<form method=\"post\" action=\"/settings/sla/" + type + "\" id=\"sla-" + type + "\">" +
         csrf + "<h3>" + Esc(CaseTypeText(c, type)) + "</h3>" +
         input("acknowledge_minutes", "loop.sla.acknowledge_within",
               p ? num(p->acknowledge_minutes) : "", minutes.c_str()) +
         input("first_contact_minutes", "loop.sla.first_contact_within",
               p ? num(p->first_contact_minutes) : "", minutes.c_str()) +
         input("resolve_minutes", "loop.sla.resolve_within", p ? num(p->resolve_minutes) : "",
               minutes.c_str()) +
         input("at_risk_percent", "loop.sla.at_risk_from",
               std::to_string(p ? p->at_risk_percent : loop::kDefaultAtRiskPercent),
               "min=\"1\" max=\"99\"") +
         "<label><input type=\"checkbox\" name=\"business_hours\" value=\"1\"" +
         (!p || p->business_hours ? " checked" : "") + "> " +
         Esc(c.T("loop.sla.business_hours_only")) +
         "</label><div class=\"buttons\"><button type=\"submit\">" + Esc(c.T("loop.save")) +
         "<span class=\"sr\"> " + Esc(CaseTypeText(c, type)) + "</span></button></div></form>";
  }
  h += "</div></section>";
  return h;
}

api::Operation FormOperation(std::string id, std::string summary, std::vector<api::Parameter> path,
                             std::vector<api::Property> form, std::string done,
                             int done_status = 303) {
  return {std::move(id),
          std::move(summary),
          "Dashboard",
          std::move(path),
          {},
          std::nullopt,
          api::Schema::Object(std::move(form)),
          {{done_status, std::move(done), "", std::nullopt, "text/html"},
           {404, "No such item", "", std::nullopt, "text/html"},
           {400, "The form does not match its declaration (unknown field, too long)", "",
            std::nullopt, "text/html"},
           {403, "The form expired (CSRF token) or the role may not do this", "", std::nullopt,
            "text/html"},
           {422, "Refused: the settings page with the reason; nothing stored", "", std::nullopt,
            "text/html"}}};
}

api::Schema Field() { return api::Schema::String(0, kFieldBound); }

}  // namespace

Result<std::string> LoopSettingsSections(Ctx& c) {
  auto& lp = c.app.services().loop();
  ASSIGN_OR_RETURN(auto hooks, lp.webhooks().List(c.who));
  ASSIGN_OR_RETURN(auto settings, lp.sla().Get(c.who));
  return WebhookSection(c, hooks) + CalendarSection(c, settings.calendar) +
         SlaSection(c, settings.policies);
}

void RegisterLoopSettings(api::App& app) {
  AddPage(
      app, "POST", "/settings/webhooks", PageAccess::kAdmin,
      FormOperation("pageCreateWebhook", "Dashboard: add a webhook (the secret is shown once)", {},
                    {{"url", Field(), api::kRequired}, {"format", Field()}, {"secret", Field()}},
                    "The settings page with the new secret", 200),
      AddWebhook);
  AddPage(
      app, "POST", "/settings/webhooks/{id}/remove", PageAccess::kAdmin,
      FormOperation("pageRemoveWebhook", "Dashboard: remove a webhook (its log stays)",
                    {{"id", api::Schema::String(1, 18).Pattern("^[0-9]+$"), true, "The webhook"}},
                    {}, "Back to the settings"),
      RemoveWebhook);
  AddPage(
      app, "POST", "/settings/calendar", PageAccess::kAdmin,
      FormOperation("pagePutBusinessCalendar", "Dashboard: working days, hours and holidays", {},
                    {{"day", Field()}, {"start", Field()}, {"end", Field()}, {"holidays", Field()}},
                    "Back to the settings"),
      PutCalendar);
  AddPage(app, "POST", "/settings/sla/{case_type}", PageAccess::kAdmin,
          FormOperation("pagePutSlaPolicy", "Dashboard: the SLA targets of a case type",
                        {{"case_type", api::Schema::Enum(loop::kCaseTypes), true, "The case type"}},
                        {{"acknowledge_minutes", Field()},
                         {"first_contact_minutes", Field()},
                         {"resolve_minutes", Field()},
                         {"at_risk_percent", Field()},
                         {"business_hours", Field()}},
                        "Back to the settings"),
          PutPolicy);
}

}  // namespace beleving::web
