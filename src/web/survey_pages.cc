// Surveys: the list, a new survey, editing one (through the JSON API) and its preview.
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

}  // namespace

void RegisterSurveyPages(api::App& app) {
  AddPage(app, "GET", "/surveys", PageAccess::kStaff, SurveysPage);
  AddPage(app, "GET", "/surveys/{id}", PageAccess::kStaff, SurveyPage);
  AddPage(app, "POST", "/surveys", PageAccess::kManage, CreateSurvey);
}

}  // namespace beleving::web
