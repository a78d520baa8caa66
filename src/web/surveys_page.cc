// /surveys: the organisation's surveys, and the form that makes a new one
// from a name and a starter question set (POST /surveys), through
// survey::SurveyService.
#include "survey/starter.h"
#include "web/page.h"
#include "web/survey_pages.h"
#include "web/work_pages.h"

namespace beleving::web {

http::Response SurveysPage(Ctx& c) {
  auto surveys = c.app.services().surveys().List(c.who);
  if (!surveys.ok()) return StatusPage(c, surveys.status());
  std::string h = "<table class=\"data\"><thead><tr><th scope=\"col\">" +
                  Esc(c.T("ask.surveys.col.survey")) + "</th><th scope=\"col\">" +
                  Esc(c.T("ask.surveys.col.key")) + "</th><th scope=\"col\">" +
                  Esc(c.T("ask.surveys.col.questions")) + "</th><th scope=\"col\">" +
                  Esc(c.T("ask.surveys.col.updated")) + "</th></tr></thead><tbody>";
  for (const auto& s : *surveys) {
    h += "<tr><th scope=\"row\"><a href=\"/surveys/" + std::to_string(s.id) + "\">" + Esc(s.name) +
         "</a></th><td><code>" + Esc(s.key) + "</code></td><td>" +
         Num(c, static_cast<double>(s.definition.questions.size())) + "</td><td>" +
         Date(c, s.updated_at) + "</td></tr>";
  }
  h += "</tbody></table>";
  if (surveys->empty()) h += "<p class=\"muted\">" + Esc(c.T("ask.surveys.none")) + "</p>";
  h += "<section class=\"panel\"><h2>" + Esc(c.T("ask.surveys.new.title")) +
       "</h2><form method=\"post\" action=\"/surveys\" class=\"filters\" id=\"new-survey\">" +
       CsrfField(c) + "<div class=\"field\"><label for=\"ns-name\">" +
       Esc(c.T("ask.surveys.new.name")) +
       "</label><input id=\"ns-name\" name=\"name\" maxlength=\"" +
       std::to_string(survey::kMaxNameBytes) + "\" required></div><div class=\"field\"><label " +
       "for=\"ns-kind\">" + Esc(c.T("ask.surveys.new.kind")) +
       "</label><select id=\"ns-kind\" name=\"kind\">";
  for (const char* kind : survey::kStarterKinds) {
    h += "<option value=\"" + std::string(kind) + "\">" +
         Esc(c.T("ask.surveys.kind." + std::string(kind))) + "</option>";
  }
  h += "</select></div><button type=\"submit\">" + Esc(c.T("ask.surveys.new.submit")) +
       "</button></form></section>";
  return Page(c, 200, "surveys", c.T("ask.surveys.title"), h);
}

// A new survey from the form; lands on its edit page, or shows the list
// again with the reason (422).
http::Response CreateSurvey(Ctx& c) {
  survey::NewSurvey in{c.Form("name").value_or(""), c.Form("kind").value_or("")};
  auto made = c.app.services().surveys().CreateFromStarter(c.who, in);
  if (made.ok()) return Redirect("/surveys/" + std::to_string(made->id));
  const Status& st = made.status();
  if (st.field() == "/name") {
    c.form_error = c.T("ask.surveys.error.name");
  } else if (st.field() == "/kind") {
    c.form_error = c.T("ask.surveys.error.kind");
  } else if (!FormErrorFrom(&c, st, c.T("ask.surveys.error.not_created"))) {
    return StatusPage(c, st);
  }
  return SurveysPage(c);
}

}  // namespace beleving::web
