// The survey pages of the dashboard and the public pages of survey links,
// registered with their declarations.
#include "web/survey_pages.h"

#include "survey/starter.h"
#include "web/public/survey_page.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

api::Reply Html(int status, std::string description) {
  return {status, std::move(description), "", std::nullopt, "text/html"};
}

}  // namespace

void RegisterSurveyPages(api::App& app) {
  AddPage(
      app, "GET", "/surveys", PageAccess::kStaff,
      [&] {
        api::Operation o;
        o.id = "surveysPage";
        o.summary = "Surveys: the list and the form for a new one";
        o.tag = "dashboard";
        o.replies = {Html(200, "The page")};
        return o;
      }(),
      SurveysPage);
  AddPage(
      app, "GET", "/surveys/{id}", PageAccess::kStaff,
      [&] {
        api::Operation o;
        o.id = "surveyEditPage";
        o.summary =
            "Edit a survey's texts and questions (saved with PUT /api/v1/surveys/{id}) "
            "and preview it";
        o.tag = "dashboard";
        o.path = {{"id", api::Schema::Integer(1, INT64_MAX), true, "the survey's id"}};
        o.replies = {Html(200, "The page"), Html(404, "No such survey (a page)")};
        return o;
      }(),
      SurveyEditPage);
  AddPage(
      app, "POST", "/surveys", PageAccess::kManage,
      [&] {
        api::Operation o;
        o.id = "createSurveyForm";
        o.summary =
            "Create a survey from a name and a starter question set; redirects to "
            "its edit page";
        o.tag = "dashboard";
        o.form = api::Schema::Object(
            {{"name", api::Schema::String(1, survey::kMaxNameBytes), api::kRequired},
             {"kind",
              api::Schema::Enum({survey::kStarterKinds.begin(), survey::kStarterKinds.end()}),
              api::kRequired}});
        o.replies = {{303, "Created: to its edit page", "", std::nullopt, "text/plain"},
                     Html(422,
                          "Refused (a name of spaces only): the list again, with the "
                          "reason")};
        return o;
      }(),
      CreateSurvey);
  // The public pages of survey links (web/public/).
  RegisterSurveyPublicPages(app);
}

}  // namespace beleving::web
