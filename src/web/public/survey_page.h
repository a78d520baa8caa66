// The survey page of a link, /s/TOKEN: step one (the 0-10 score as a
// fieldset with the question as legend, radio buttons with labels, the
// anchors tied with aria-describedby), step two (the follow-up for the
// score's band, then the survey's other questions), and the thank-you page
// once answered. What it shows and stores is survey::AnswerService's.
//
// The first view of a link is the same for every viewer reading the same
// language: it is cached (survey/page_cache.h) and answered on the I/O
// thread (api::App::SetFastPath) when the request carries nothing that could
// change it (no query, no language cookie).
#pragma once

#include <string>

#include "api/app.h"
#include "survey/answer_service.h"

namespace beleving::web {

// Step `step` (1 or 2) of an open link's survey, posting to `action`, with
// `error` (already in the link's language) above the form when not empty.
std::string RenderSurveyStep(const survey::SurveyLink& link, const std::string& action, int step,
                             const std::string& error = "");
// The thank-you page of an answered link (a promoter is asked to refer).
std::string RenderThankYou(const survey::SurveyLink& link);

// GET/POST /s/{token}, the stylesheet /s/assets/survey.css and the fast path.
void RegisterSurveyPage(api::App& app);
// GET/POST /u/{token} (web/public/unsubscribe_page.cc).
void RegisterUnsubscribePage(api::App& app);
// GET /q/{code} (web/public/qr_redirect.cc).
void RegisterQrRedirect(api::App& app);

// The three above: every public page of survey links.
void RegisterSurveyPublicPages(api::App& app);

}  // namespace beleving::web
