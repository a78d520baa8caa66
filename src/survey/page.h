// The public survey pages (/s/TOKEN, /u/TOKEN): server-rendered HTML that
// works without JavaScript, mobile-first, WCAG 2.1 AA (fieldset/legend for
// every scale, a label for every control, visible focus via the stylesheet
// /s/assets/survey.css, no inline styles). Two steps: the score, then the
// follow-up question for its band and the other questions; the first step's
// answer is kept as a draft on the invitation.
#pragma once

#include <optional>
#include <string>

#include "core/html.h"
#include "core/json.h"
#include "survey/definition.h"

namespace beleving::survey {

// "nl" or "en": the invitation's language, else the best of Accept-Language,
// else Dutch.
std::string PickLanguage(const std::optional<std::string>& invitation_lang,
                         const std::optional<std::string>& accept_language);

// "promoter" (9-10), "passive" (7-8) or "detractor" (0-6).
const char* NpsBand(int score);

using ::beleving::HtmlEscape;  // core/html.h

struct SurveyPage {
  std::string lang = "nl";
  std::string org_name;
  std::string action;  // form target, e.g. "/s/TOKEN"
  std::string nonce;   // the invitation's form nonce
  const Definition* def = nullptr;
  json::object draft;  // answers so far
  int step = 1;        // 1: score, 2: follow-up and the rest
  std::string error;   // shown above the form, e.g. "Kies een score."
};

// The question of step one: the survey's first nps question, or null.
const Question* ScoreQuestion(const Definition& d);

std::string RenderSurveyStep(const SurveyPage& p);
std::string RenderThankYou(const Definition& d, const std::string& lang,
                           const std::string& org_name, std::optional<int> nps);
// A human page for 404 (unknown link) or 410 (expired link).
std::string RenderLinkProblem(const std::string& lang, int status);
// The unsubscribe page: a confirm button (GET) or the confirmation (done).
std::string RenderUnsubscribe(const std::string& lang, const std::string& action, bool done);

}  // namespace beleving::survey
