// Placeholder: the room that owns these routes replaces this file.
#include "api/app.h"

namespace beleving::api {

void RegisterPrivacyRoutes(App& /*app*/) {}

}  // namespace beleving::api
