// Placeholder: the dashboard room replaces this file.
#include "api/app.h"

namespace beleving::api {

void RegisterDashboardRoutes(App& /*app*/) {}

}  // namespace beleving::api
