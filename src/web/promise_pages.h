// The promise pages beside the board (issue 16).
#pragma once

#include "api/app.h"

namespace beleving::web {

// /promises/report: kept rate per team, location, employee and type with
// its interval and trend, and the under-promise figures
// (promise_report_page.cc). Registered by RegisterPromisePages.
void RegisterPromiseReportPage(api::App& app);

}  // namespace beleving::web
