// Insight endpoints answered by the engine: measures, consistency, the
// expectation ratchet, fair rankings and key drivers.
#include "api/app.h"

namespace beleving::api {

void RegisterInsightRoutes(App& /*app*/) {}

}  // namespace beleving::api
