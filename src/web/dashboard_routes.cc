// The dashboard: server-rendered pages behind a login, Dutch by default
// (docs/web.md).
#include "api/app.h"
#include "web/pages.h"

namespace beleving::api {

void RegisterDashboardRoutes(App& app) {
  web::RegisterShellPages(app);
  web::RegisterInsightPages(app);
  web::RegisterWorkPages(app);
}

}  // namespace beleving::api
