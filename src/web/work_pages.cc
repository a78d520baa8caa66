// Pages for acting: the cases inbox and case page with its actions, the
// promise board (both read from the loop room's tables when its migration is
// present), surveys (list, create, edit through the JSON API, preview) and
// settings (users, API keys, webhooks, business hours and SLA targets). The
// case, promise and settings form actions live in case_actions.cc and
// settings_actions.cc.
#include "web/work_pages.h"

#include <algorithm>
#include <map>

#include "core/json.h"
#include "security/authenticator.h"
#include "store/access_store.h"
#include "store/survey_store.h"
#include "survey/starter.h"
#include "web/page.h"
#include "web/pages.h"

namespace beleving::web {
namespace {

Result<bool> Exists(const Ctx& c, const char* table) {
  bool yes = false;
  RETURN_IF_ERROR(c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(yes, store::DashboardStore::TableExists(conn, table));
    return Status::Ok();
  }));
  return yes;
}

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

std::string Coming(const char* text) { return "<p class=\"coming\">" + std::string(text) + "</p>"; }

http::Response CasesPage(Ctx& c) {
  auto yes = Exists(c, "cases");
  if (!yes.ok()) return StatusPage(c, yes.status());
  const char* title = c.L("Cases", "Cases");
  if (!*yes) {
    return Page(c, 200, "cases", title,
                Coming(c.L("Komt eraan. Hier komt de inbox met open cases: elke detractor en "
                           "elke klacht wordt een case met een eigenaar, een SLA-klok "
                           "(bevestigen, eerste contact, oplossen) en escalatie. Je sorteert op "
                           "wat het eerst verloopt en opent een case met één klik.",
                           "Coming. This will be the inbox of open cases: every detractor and "
                           "every complaint becomes a case with an owner, an SLA clock "
                           "(acknowledge, first contact, resolve) and escalation, sorted by what "
                           "expires first, one click to open.")));
  }
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
  auto yes = Exists(c, "cases");
  if (!yes.ok()) return StatusPage(c, yes.status());
  if (!*yes) return StatusPage(c, NotFound("no such case"));
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

http::Response PromisesPage(Ctx& c) {
  auto yes = Exists(c, "promises");
  if (!yes.ok()) return StatusPage(c, yes.status());
  const char* title = c.L("Beloftebord", "Promise board");
  if (!*yes) {
    return Page(c, 200, "promises", title,
                Coming(c.L("Komt eraan. Hier komt het beloftebord: wat medewerkers klanten "
                           "toezegden (terugbellen, offerte sturen), wie het beloofde en wanneer "
                           "het verloopt; wat bijna verloopt staat bovenaan.",
                           "Coming. This will be the promise board: what employees promised "
                           "customers (call back, send a quote), who promised it and when it is "
                           "due; what is about to expire comes first.")));
  }
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  std::vector<store::PromiseRow> rows;
  Status st = c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(rows, store::DashboardStore::OpenPromises(conn, c.tenant(), 300));
    return Status::Ok();
  });
  if (!st.ok()) return StatusPage(c, st);
  int64_t now = c.app.clock().Now();
  std::string cols[3];
  for (const auto& p : rows) {
    int col = p.due_at < now ? 0 : p.due_at < now + 2 * 86400 ? 1 : 2;
    cols[col] += "<li class=\"promise\"><p>" + Esc(p.text) + "</p><p class=\"muted small\">" +
                 (p.employee_id ? Esc(names->Employee(*p.employee_id)) + " · " : "") +
                 c.L("uiterlijk ", "due ") + Date(c, p.due_at) + " · " + Esc(p.status) + "</p>" +
                 PromiseActionForms(c, p.id) + "</li>";
  }
  const char* heads[3] = {c.L("Verlopen", "Overdue"), c.L("Binnen 48 uur", "Within 48 hours"),
                          c.L("Later", "Later")};
  std::string h = "<div class=\"board\">";
  for (int i = 0; i < 3; ++i) {
    h += "<section class=\"panel col" + std::to_string(i) + "\"><h2>" + heads[i] + "</h2><ul>" +
         (cols[i].empty() ? "<li class=\"muted\">—</li>" : cols[i]) + "</ul></section>";
  }
  h += "</div>";
  return Page(c, 200, "promises", title, h);
}

namespace {

std::string LocalTextOf(const json::value* v, Lang lang) {
  if (!v || !v->is_object()) return "";
  const auto& o = v->get_object();
  const char* want = lang == Lang::kEn ? "en" : "nl";
  if (auto* s = o.if_contains(want); s && s->is_string()) return std::string(s->get_string());
  if (auto* s = o.if_contains("nl"); s && s->is_string()) return std::string(s->get_string());
  return "";
}

}  // namespace

http::Response SurveysPage(Ctx& c) {
  std::vector<store::SurveyRecord> rows;
  Status st = c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(rows, store::SurveyStore::List(conn, c.tenant()));
    return Status::Ok();
  });
  if (!st.ok()) return StatusPage(c, st);
  std::string h = "<table class=\"data\"><thead><tr><th scope=\"col\">" +
                  std::string(c.L("Enquête", "Survey")) + "</th><th scope=\"col\">" +
                  c.L("Sleutel", "Key") + "</th><th scope=\"col\">" + c.L("Vragen", "Questions") +
                  "</th><th scope=\"col\">" + c.L("Gewijzigd", "Updated") +
                  "</th></tr></thead><tbody>";
  for (const auto& s : rows) {
    size_t questions = 0;
    if (auto d = ParseJson(s.definition); d.ok() && d->is_object()) {
      if (auto* q = d->get_object().if_contains("questions"); q && q->is_array()) {
        questions = q->get_array().size();
      }
    }
    h += "<tr><th scope=\"row\"><a href=\"/surveys/" + std::to_string(s.id) + "\">" + Esc(s.name) +
         "</a></th><td><code>" + Esc(s.key) + "</code></td><td>" + std::to_string(questions) +
         "</td><td>" + Date(c, s.updated_at) + "</td></tr>";
  }
  h += "</tbody></table>";
  if (rows.empty())
    h += "<p class=\"muted\">" + std::string(c.L("Nog geen enquêtes.", "No surveys yet.")) + "</p>";
  h += "<section class=\"panel\"><h2>" + std::string(c.L("Nieuwe enquête", "New survey")) +
       "</h2><form method=\"post\" action=\"/surveys\" class=\"filters\" id=\"new-survey\">" +
       CsrfField(c) + "<div class=\"field\"><label for=\"ns-name\">" + c.L("Naam", "Name") +
       "</label><input id=\"ns-name\" name=\"name\" maxlength=\"200\" required></div><div "
       "class=\"field\"><label for=\"ns-kind\">" +
       c.L("Vragenset", "Question set") + "</label><select id=\"ns-kind\" name=\"kind\">" +
       "<option value=\"nps\">" + c.L("Aanbeveling (NPS)", "Recommendation (NPS)") +
       "</option><option value=\"csat\">" + c.L("Tevredenheid (CSAT)", "Satisfaction (CSAT)") +
       "</option><option value=\"ces\">" + c.L("Klantinspanning (CES)", "Customer effort (CES)") +
       "</option></select></div><button type=\"submit\">" + c.L("Enquête maken", "Create survey") +
       "</button></form></section>";
  return Page(c, 200, "surveys", c.L("Enquêtes", "Surveys"), h);
}

namespace {

http::Response SurveyPage(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  std::optional<store::SurveyRecord> s;
  Status st = c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(s, store::SurveyStore::ById(conn, c.tenant(), *id));
    return s ? Status::Ok() : NotFound("no such survey");
  });
  if (!st.ok()) return StatusPage(c, st);
  auto def = ParseJson(s->definition);
  if (!def.ok() || !def->is_object()) return StatusPage(c, Internal("stored survey is not JSON"));
  const auto& o = def->get_object();
  bool qr = false;
  for (const auto& r : c.app.routes()) {
    if (r.method == "GET" && r.pattern == "/api/v1/qr-codes") qr = true;
  }
  std::string h = "<p class=\"lede\"><a href=\"/surveys\">" +
                  std::string(c.L("Alle enquêtes", "All surveys")) + "</a>";
  if (qr) {
    std::string base = "/api/v1/qr-codes?survey=" + http::UrlEncode(s->key);
    h += " · " + std::string(c.L("QR-code voor deze enquête: ", "QR code for this survey: ")) +
         "<a href=\"" + Esc(base) + "&amp;format=svg\">SVG</a> · <a href=\"" + Esc(base) +
         "&amp;format=png\">PNG</a>";
  }
  h +=
      "</p><div class=\"grid2\"><section class=\"panel\"><h2>" +
      std::string(c.L("Teksten en vragen bewerken", "Edit texts and questions")) +
      "</h2><form id=\"survey-form\" class=\"stack\" data-survey=\"" + std::to_string(*id) +
      "\"><div class=\"field\"><label for=\"s-name\">" + c.L("Naam", "Name") +
      "</label><input id=\"s-name\" name=\"name\" value=\"" +
      Esc(o.if_contains("name") && o.at("name").is_string() ? std::string(o.at("name").get_string())
                                                            : "") +
      "\"></div>";
  size_t i = 0;
  if (auto* qs = o.if_contains("questions"); qs && qs->is_array()) {
    for (const auto& q : qs->get_array()) {
      if (!q.is_object()) continue;
      const auto& qo = q.get_object();
      std::string key = qo.if_contains("key") && qo.at("key").is_string()
                            ? std::string(qo.at("key").get_string())
                            : "";
      std::string type = qo.if_contains("type") && qo.at("type").is_string()
                             ? std::string(qo.at("type").get_string())
                             : "";
      const json::value* t = qo.if_contains("text");
      std::string idx = std::to_string(i);
      h += "<fieldset><legend>" + Esc(key) + " <span class=\"muted\">(" + Esc(type) +
           ")</span></legend><div class=\"field\"><label for=\"q" + idx + "-nl\">" +
           c.L("Vraag (Nederlands)", "Question (Dutch)") + "</label><input id=\"q" + idx +
           "-nl\" data-q=\"" + idx + "\" data-lang=\"nl\" value=\"" +
           Esc(LocalTextOf(t, Lang::kNl)) + "\"></div><div class=\"field\"><label for=\"q" + idx +
           "-en\">" + c.L("Vraag (Engels)", "Question (English)") + "</label><input id=\"q" + idx +
           "-en\" data-q=\"" + idx + "\" data-lang=\"en\" value=\"" +
           Esc(t && t->is_object() && t->get_object().if_contains("en") ? LocalTextOf(t, Lang::kEn)
                                                                        : "") +
           "\"></div></fieldset>";
      ++i;
    }
  }
  h += "<details><summary>" +
       std::string(c.L("Volledige definitie (JSON)", "Full definition (JSON)")) +
       "</summary><label for=\"s-json\" class=\"sr\">JSON</label><textarea id=\"s-json\" "
       "rows=\"14\">" +
       Esc(ToJsonText(*def)) + "</textarea></details><button type=\"submit\">" +
       c.L("Opslaan", "Save") +
       "</button><p id=\"survey-status\" role=\"status\" class=\"muted\"></p></form></section>";
  // Preview: the questions as a respondent sees them.
  h += "<section class=\"panel preview\"><h2>" + std::string(c.L("Voorbeeld", "Preview")) +
       "</h2><ol>";
  if (auto* qs = o.if_contains("questions"); qs && qs->is_array()) {
    for (const auto& q : qs->get_array()) {
      if (!q.is_object()) continue;
      const auto& qo = q.get_object();
      std::string type = qo.if_contains("type") && qo.at("type").is_string()
                             ? std::string(qo.at("type").get_string())
                             : "";
      h += "<li><p>" + Esc(LocalTextOf(qo.if_contains("text"), c.lang)) + "</p>";
      if (type == "nps") {
        h += "<div class=\"scale\">";
        for (int s2 = 0; s2 <= 10; ++s2) h += "<span>" + std::to_string(s2) + "</span>";
        h += "</div>";
      } else if (type == "driver" || type == "csat") {
        h += "<div class=\"scale\">";
        for (int s2 = 1; s2 <= 5; ++s2) h += "<span>" + std::to_string(s2) + "</span>";
        h += "</div>";
      } else if (type == "text") {
        h += "<div class=\"fake-input\"></div>";
      } else if (auto* opts = qo.if_contains("options"); opts && opts->is_array()) {
        h += "<ul class=\"opts\">";
        for (const auto& op : opts->get_array()) {
          if (op.is_object())
            h += "<li>" + Esc(LocalTextOf(op.get_object().if_contains("text"), c.lang)) + "</li>";
        }
        h += "</ul>";
      }
      h += "</li>";
    }
  }
  h += "</ol><p class=\"muted\">" + Esc(LocalTextOf(o.if_contains("thank_you"), c.lang)) +
       "</p></section></div>";
  return Page(c, 200, "surveys", s->name, h);
}

}  // namespace

http::Response SettingsPage(Ctx& c, const std::string& new_key, const std::string& new_secret) {
  std::vector<std::pair<store::User, store::Membership>> users;
  std::vector<store::ApiKeyRecord> keys;
  bool loop_tables = false;
  Status st = c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(users, store::AccessStore::UsersOf(conn, c.tenant().org_id()));
    ASSIGN_OR_RETURN(keys, store::AccessStore::ApiKeysOf(conn, c.tenant().org_id()));
    ASSIGN_OR_RETURN(loop_tables, store::DashboardStore::TableExists(conn, "webhooks"));
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
  if (loop_tables) {
    auto loop_sections = LoopSettingsSections(c);
    if (!loop_sections.ok()) return StatusPage(c, loop_sections.status());
    h += *loop_sections;
  } else {
    h += "<section class=\"panel\"><h2>Webhooks</h2>" +
         Coming(c.L("Komt eraan: webhooks voor cases, beloftes en alerts, openingstijden en "
                    "SLA-doelen.",
                    "Coming: webhooks for cases, promises and alerts, business hours and SLA "
                    "targets.")) +
         "</section>";
  }
  return Page(c, 200, "settings", c.L("Instellingen", "Settings"), h);
}

namespace {

// A new survey from a name and a starter question set; its key comes from
// the name (with _2, _3, ... when taken). Lands on its edit page.
http::Response CreateSurvey(Ctx& c) {
  std::string name = c.Form("name").value_or("");
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.erase(0, 1);
  std::string kind = c.Form("kind").value_or("");
  if (name.empty() || name.size() > 200) {
    c.form_error = c.L("Geef de enquête een naam (max. 200 tekens).",
                       "Give the survey a name (at most 200 characters).");
    return SurveysPage(c);
  }
  if (!survey::IsStarterKind(kind)) {
    c.form_error = c.L("Kies een vragenset.", "Choose a question set.");
    return SurveysPage(c);
  }
  UnixSeconds now = c.app.clock().Now();
  int64_t id = 0;
  Status st = c.app.db().Write([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(auto existing, store::SurveyStore::List(conn, c.tenant()));
    std::string base = survey::KeyFromName(name), key = base;
    for (int n = 2;; ++n) {
      bool taken = std::any_of(existing.begin(), existing.end(),
                               [&](const store::SurveyRecord& r) { return r.key == key; });
      if (!taken) break;
      key = base + "_" + std::to_string(n);
    }
    ASSIGN_OR_RETURN(auto def, survey::StarterSurvey(kind, key, name));
    store::SurveyRecord rec{0, def.key, def.name, json::serialize(survey::ToJson(def)), now, now};
    ASSIGN_OR_RETURN(id, store::SurveyStore::Create(conn, c.tenant(), rec, now));
    return store::AccessStore::Audit(conn, c.tenant().org_id(), c.who.actor(), "create",
                                     "survey:" + std::to_string(id), now);
  });
  if (!st.ok()) {
    if (FormErrorFrom(&c, st, c.L("De enquête is niet gemaakt", "The survey was not created"))) {
      return SurveysPage(c);
    }
    return StatusPage(c, st);
  }
  return Redirect("/surveys/" + std::to_string(id));
}

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

void RegisterWorkPages(api::App& app) {
  // The loop service the case and promise forms act through (app::Services
  // owns it and its background work).
  std::shared_ptr<loop::Loop> lp(std::shared_ptr<loop::Loop>(), &app.services().loop());
  RegisterCaseActions(app, lp);
  RegisterSettingsActions(app);
  AddPage(app, "GET", "/cases", PageAccess::kStaff, CasesPage);
  AddPage(app, "GET", "/cases/{id}", PageAccess::kStaff, CasePage);
  AddPage(app, "GET", "/promises", PageAccess::kStaff, PromisesPage);
  AddPage(app, "GET", "/surveys", PageAccess::kStaff, SurveysPage);
  AddPage(app, "GET", "/surveys/{id}", PageAccess::kStaff, SurveyPage);
  AddPage(app, "POST", "/surveys", PageAccess::kManage, CreateSurvey);
  AddPage(app, "GET", "/settings", PageAccess::kAdmin, [](Ctx& c) { return SettingsPage(c, ""); });
  AddPage(app, "POST", "/settings/api-keys", PageAccess::kAdmin, CreateKey);
  AddPage(app, "POST", "/settings/api-keys/{id}/revoke", PageAccess::kAdmin, RevokeKey);
}

}  // namespace beleving::web
