// /surveys/{id}: a survey's texts and questions to edit (saved by app.js
// with PUT /api/v1/surveys/{id}, the same service as every other door), its
// QR code links, and a preview of the questions as a respondent sees them.
#include "web/page.h"
#include "web/survey_pages.h"

namespace beleving::web {
namespace {

using survey::Question;

std::string Own(const survey::LocalText& t, const char* lang) {
  auto it = t.find(lang);
  return it == t.end() ? "" : it->second;
}

std::string EditFields(const Ctx& c, size_t i, const Question& q) {
  const std::string idx = std::to_string(i);
  std::string h = "<fieldset><legend>" + Num(c, static_cast<double>(i + 1)) + ". " +
                  Esc(c.T(std::string("ask.question_type.") + survey::QuestionTypeName(q.type))) +
                  " <code>" + Esc(q.key) + "</code></legend>";
  for (const char* lang : survey::kTextLanguages) {
    const std::string id = "q" + idx + "-" + lang;
    h += "<div class=\"field\"><label for=\"" + id + "\">" +
         Esc(c.T(std::string("ask.survey.question_in.") + lang)) + "</label><input id=\"" + id +
         "\" data-q=\"" + idx + "\" data-lang=\"" + lang + "\" value=\"" + Esc(Own(q.text, lang)) +
         "\"></div>";
  }
  return h + "</fieldset>";
}

std::string Preview(const Ctx& c, const survey::Definition& d) {
  const std::string lang(i18n::Code(c.lang));
  std::string h =
      "<section class=\"panel preview\"><h2>" + Esc(c.T("ask.survey.preview")) + "</h2><ol>";
  for (const auto& q : d.questions) {
    h += "<li><p>" + Esc(survey::InLanguage(q.text, lang)) + "</p>";
    if (auto range = survey::ScaleRange(q.type)) {
      h += "<div class=\"scale\">";
      for (int v = range->first; v <= range->second; ++v) {
        h += "<span>" + std::to_string(v) + "</span>";
      }
      h += "</div>";
    } else if (q.type == survey::QuestionType::kText) {
      h += "<div class=\"fake-input\"></div>";
    } else {
      h += "<ul class=\"opts\">";
      for (const auto& o : q.options) h += "<li>" + Esc(survey::InLanguage(o.text, lang)) + "</li>";
      h += "</ul>";
    }
    h += "</li>";
  }
  return h + "</ol><p class=\"muted\">" + Esc(survey::InLanguage(d.thank_you, lang)) +
         "</p></section>";
}

}  // namespace

http::Response SurveyEditPage(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  auto s = c.app.services().surveys().Get(c.who, *id);
  if (!s.ok()) return StatusPage(c, s.status());
  const survey::Definition& d = s->definition;
  const std::string qr = "/api/v1/qr-codes?survey=" + http::UrlEncode(s->key);
  std::string h = "<p class=\"lede\"><a href=\"/surveys\">" + Esc(c.T("ask.survey.all")) +
                  "</a> · " + Esc(c.T("ask.survey.qr")) + " <a href=\"" + Esc(qr) +
                  "&amp;format=svg\">SVG</a> · <a href=\"" + Esc(qr) +
                  "&amp;format=png\">PNG</a></p>";
  h += "<div class=\"grid2\"><section class=\"panel\"><h2>" + Esc(c.T("ask.survey.edit")) +
       "</h2><form id=\"survey-form\" class=\"stack\" data-survey=\"" + std::to_string(s->id) +
       "\"><div class=\"field\"><label for=\"s-name\">" + Esc(c.T("ask.survey.name")) +
       "</label><input id=\"s-name\" name=\"name\" value=\"" + Esc(d.name) + "\"></div>";
  for (size_t i = 0; i < d.questions.size(); ++i) h += EditFields(c, i, d.questions[i]);
  h += "<details><summary>" + Esc(c.T("ask.survey.json")) +
       "</summary><label for=\"s-json\" class=\"sr\">JSON</label><textarea id=\"s-json\" "
       "rows=\"14\">" +
       Esc(ToJsonText(survey::ToJson(d))) + "</textarea></details><button type=\"submit\">" +
       Esc(c.T("ask.survey.save")) +
       "</button><p id=\"survey-status\" role=\"status\" class=\"muted\"></p></form></section>";
  h += Preview(c, d) + "</div>";
  return Page(c, 200, "surveys", s->name, h);
}

}  // namespace beleving::web
