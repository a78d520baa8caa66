// The cases inbox and the case page with its action forms (case_actions.cc).
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
namespace {

// A log entry's JSON body as text: "key: value" pairs, strings unquoted.
std::string EventText(const std::string& body) {
  auto v = ParseJson(body);
  if (!v.ok() || !v->is_object()) return body;
  std::string out;
  for (const auto& [key, val] : v->get_object()) {
    if (!out.empty()) out += " · ";
    out += std::string(key) + ": " +
           (val.is_string() ? std::string(val.get_string()) : ToJsonText(val));
  }
  return out;
}

http::Response CasesPage(Ctx& c) {
  const char* title = c.L("Cases", "Cases");
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  bool all = c.req.Query("all").value_or("") == "1";
  std::vector<store::CaseRow> rows;
  Status st = c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(rows, store::DashboardStore::Cases(conn, c.tenant(), !all, 1000));
    return Status::Ok();
  });
  if (!st.ok()) return StatusPage(c, st);
  // SLA flags (loop room): even bits = at risk, odd bits = breached, per timer
  // (acknowledge, first contact, resolve).
  auto breached = [](const store::CaseRow& k) { return (k.sla_flags & 0x2A) != 0; };
  auto at_risk = [](const store::CaseRow& k) { return (k.sla_flags & 0x15) != 0; };
  int64_t n_breached = 0, n_risk = 0, n_high = 0;
  std::map<std::string, int64_t> by_type;
  for (const auto& k : rows) {
    n_breached += breached(k);
    n_risk += at_risk(k) && !breached(k);
    n_high += k.severity == "high" || k.severity == "critical";
    by_type[k.case_type]++;
  }
  // The inbox order: breached, at risk, high severity, then the longest waiting.
  auto urgency = [&](const store::CaseRow& k) {
    return (breached(k) ? 4 : 0) + (at_risk(k) ? 2 : 0) +
           (k.severity == "high" || k.severity == "critical" ? 1 : 0);
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& x, const auto& y) {
    if (urgency(x) != urgency(y)) return urgency(x) > urgency(y);
    return x.opened_at < y.opened_at;
  });
  std::string h = "<div class=\"lede\"><a href=\"/cases" + std::string(all ? "" : "?all=1") +
                  "\">" +
                  (all ? c.L("Alleen open cases", "Open cases only")
                       : c.L("Ook gesloten cases", "Include closed cases")) +
                  "</a></div><div class=\"cards\">";
  auto card = [&](const std::string& label, int64_t n, const std::string& cls) {
    h += "<div class=\"card " + cls + "\"><div class=\"label\">" + label +
         "</div><div class=\"value\">" + (n >= 1000 ? std::string("1000+") : std::to_string(n)) +
         "</div></div>";
  };
  card(all ? c.L("Cases", "Cases") : c.L("Open", "Open"), static_cast<int64_t>(rows.size()),
       "hero");
  card(c.L("SLA verlopen", "SLA breached"), n_breached, n_breached ? "bad" : "");
  card(c.L("SLA in gevaar", "SLA at risk"), n_risk, n_risk ? "warn" : "");
  card(c.L("Hoge ernst", "High severity"), n_high, "");
  h += "</div>";
  if (!by_type.empty()) {
    h += "<p class=\"muted\">";
    bool first = true;
    for (const auto& [type, n] : by_type) {
      h += (first ? "" : " · ") + Esc(type) + " " + std::to_string(n);
      first = false;
    }
    h += "</p>";
  }
  if (rows.empty()) {
    h += "<p class=\"muted\">" + std::string(c.L("Geen cases.", "No cases.")) + "</p>";
  } else {
    h += "<table class=\"data\"><thead><tr><th scope=\"col\">" + std::string(c.L("Case", "Case")) +
         "</th><th scope=\"col\">SLA</th><th scope=\"col\">" + c.L("Soort", "Type") +
         "</th><th scope=\"col\">Status</th><th scope=\"col\">" + c.L("Ernst", "Severity") +
         "</th><th scope=\"col\">Team</th><th scope=\"col\">" + c.L("Geopend", "Opened") +
         "</th></tr></thead><tbody>";
    size_t shown = 0;
    for (const auto& k : rows) {
      if (++shown > 50) break;
      std::string sla =
          breached(k)
              ? std::string("<span class=\"sla bad\">") + c.L("verlopen", "breached") + "</span>"
          : at_risk(k)
              ? std::string("<span class=\"sla warn\">") + c.L("in gevaar", "at risk") + "</span>"
              : std::string("<span class=\"muted\">ok</span>");
      h += "<tr><th scope=\"row\"><a href=\"/cases/" + std::to_string(k.id) + "\">" + Esc(k.title) +
           "</a></th><td>" + sla + "</td><td>" + Esc(k.case_type) + "</td><td>" + Esc(k.status) +
           "</td><td>" + Esc(k.severity) + "</td><td>" +
           (k.team_id ? Esc(names->Team(*k.team_id)) : "—") + "</td><td>" + Date(c, k.opened_at) +
           "</td></tr>";
    }
    h += "</tbody></table>";
    if (rows.size() > 50) {
      h += "<p class=\"muted\">" +
           std::string(c.L("De 50 dringendste van ", "The 50 most urgent of ")) +
           std::to_string(rows.size()) + ".</p>";
    }
  }
  return Page(c, 200, "cases", title, h);
}

}  // namespace

http::Response CasePage(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  std::optional<store::CaseRow> k;
  std::optional<store::CaseRecord> record;  // the loop's view, for the actions
  std::vector<store::CaseEventRow> events;
  Status st = c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(k, store::DashboardStore::CaseById(conn, c.tenant(), *id));
    if (!k) return NotFound("no such case");
    ASSIGN_OR_RETURN(record, store::LoopStore::GetCase(conn, c.tenant(), *id));
    auto ev = store::DashboardStore::CaseEvents(conn, c.tenant(), *id);
    if (ev.ok()) events = std::move(*ev);
    return Status::Ok();
  });
  if (!st.ok()) return StatusPage(c, st);
  std::string h = "<p class=\"lede\"><a href=\"/cases\">" +
                  std::string(c.L("Alle cases", "All cases")) +
                  "</a></p><dl class=\"facts\"><dt>Status</dt><dd>" + Esc(k->status) + "</dd><dt>" +
                  c.L("Soort", "Type") + "</dt><dd>" + Esc(k->case_type) + "</dd><dt>" +
                  c.L("Ernst", "Severity") + "</dt><dd>" + Esc(k->severity) + "</dd><dt>" +
                  c.L("Geopend", "Opened") + "</dt><dd>" + Date(c, k->opened_at) + "</dd>";
  if (k->team_id) h += "<dt>Team</dt><dd>" + Esc(names->Team(*k->team_id)) + "</dd>";
  if (k->owner_employee_id) {
    h += "<dt>" + std::string(c.L("Eigenaar", "Owner")) + "</dt><dd>" +
         Esc(names->Employee(*k->owner_employee_id)) + "</dd>";
  }
  if (k->closed_at)
    h += "<dt>" + std::string(c.L("Gesloten", "Closed")) + "</dt><dd>" + Date(c, *k->closed_at) +
         "</dd>";
  h += "</dl>";
  if (!k->description.empty()) {
    h += "<section class=\"panel\"><h2>" + std::string(c.L("Omschrijving", "Description")) +
         "</h2><p>" + Esc(text::Redact(k->description)) + "</p></section>";
  }
  if (record) h += CaseActionForms(c, *names, *record);
  h += "<section class=\"panel\"><h2>" + std::string(c.L("Verloop", "History")) +
       "</h2><ol class=\"log\">";
  for (const auto& e : events) {
    h += "<li><time>" + Date(c, e.at) + "</time> <strong>" + Esc(e.kind) + "</strong> " +
         Esc(text::Redact(EventText(e.body))) + " <span class=\"muted\">" + Esc(e.actor) +
         "</span></li>";
  }
  h += "</ol></section>";
  return Page(c, 200, "cases", k->title, h);
}

void RegisterCasePages(api::App& app) {
  AddPage(app, "GET", "/cases", PageAccess::kStaff, CasesPage);
  AddPage(app, "GET", "/cases/{id}", PageAccess::kStaff, CasePage);
}

}  // namespace beleving::web
