// The dashboard: server-rendered pages behind a login, Dutch by default
// (docs/web.md).
#include "web/counter_pages.h"
#include "web/page.h"
#include "web/pages.h"
#include "web/public/loop_public_pages.h"
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
  RegisterCaseActions(app);
  RegisterPromiseActions(app);
  RegisterWebhookPage(app);
  RegisterComplaintPage(app);  // public (web/public/)
  RegisterCharterPage(app);    // public (web/public/): issue 16
  RegisterFollowUpPage(app);   // public (web/public/)
  RegisterUserSettings(app);
  RegisterLoopSettings(app);
  // issue 13 (trust)
  RegisterSlaReportPage(app);
  RegisterAccountPage(app);
  // issue 16: the counter and the charter editor
  RegisterCounterPage(app);
  RegisterStandardsPage(app);
}

}  // namespace beleving::web
