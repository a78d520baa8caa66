// The dashboard: server-rendered pages behind a login, Dutch by default
// (docs/web.md).
#include "web/page.h"
#include "web/pages.h"
#include "web/work_pages.h"

namespace beleving::web {

void RegisterDashboard(api::App& app) {
  RegisterPageErrors(app);
  RegisterShellPages(app);
  RegisterInsightPages(app);
  RegisterCasePages(app);
  RegisterPromisePages(app);
  RegisterSurveyPages(app);
  RegisterSettingsPage(app);
  // The loop service the case and promise forms act through (app::Services
  // owns it and its background work).
  RegisterCaseActions(
      app, std::shared_ptr<loop::Loop>(std::shared_ptr<loop::Loop>(), &app.services().loop()));
  RegisterUserSettings(app);
  RegisterLoopSettings(app);
}

}  // namespace beleving::web
