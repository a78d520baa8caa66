// The dashboard: server-rendered pages behind a login, Dutch by default
// (docs/web.md).
#include "web/page.h"
#include "web/pages.h"

namespace beleving::web {

void RegisterDashboard(api::App& app) {
  RegisterPageErrors(app);
  RegisterShellPages(app);
  RegisterInsightPages(app);
  RegisterWorkPages(app);
}

}  // namespace beleving::web
