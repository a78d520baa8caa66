// Issue 16's staff pages for promises: the counter (counter_page.cc) and the
// charter editor (standards_page.cc). Each file registers its own routes.
#pragma once

#include "api/app.h"

namespace beleving::web {

// /promises/counter: find a customer, make a promise in three taps
// (employees and up).
void RegisterCounterPage(api::App& app);
// /promises/standards: the standard promises; forms for admins.
void RegisterStandardsPage(api::App& app);

}  // namespace beleving::web
