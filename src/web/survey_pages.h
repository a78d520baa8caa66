// The survey pages of the dashboard, one per file: the list with the form
// for a new survey (surveys_page.cc) and a survey's edit page with its
// preview (survey_edit_page.cc); registered with their declarations by
// RegisterSurveyPages (survey_pages.cc).
#pragma once

#include "web/page.h"

namespace beleving::web {

// GET /surveys (SurveysPage, web/work_pages.h) and its form's action.
http::Response CreateSurvey(Ctx& c);
// GET /surveys/{id}.
http::Response SurveyEditPage(Ctx& c);

}  // namespace beleving::web
