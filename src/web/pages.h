// The dashboard's page groups, registered together by RegisterDashboard.
#pragma once

#include "api/app.h"

namespace beleving::web {

// Every dashboard page and the chain's page renderer (403, expired form).
void RegisterDashboard(api::App& app);

// Login, logout, organisation switch, language, static assets.
void RegisterShellPages(api::App& app);
// Overview, moments, teams and people, the employee's own page, comments.
void RegisterInsightPages(api::App& app);

}  // namespace beleving::web
