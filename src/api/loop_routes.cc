// Placeholder: the room that owns these routes replaces this file.
#include "api/app.h"

namespace beleving::api {

void RegisterLoopRoutes(App& /*app*/) {}

}  // namespace beleving::api
