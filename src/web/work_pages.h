// The work pages' parts shared between work_pages.cc (the pages) and the
// files with their form actions (case_actions.cc, settings_actions.cc). Form
// actions re-render their page with Ctx::form_error when input is rejected,
// and redirect to it (303) after a successful change.
#pragma once

#include <memory>
#include <string>

#include "loop/loop.h"
#include "store/loop_store.h"
#include "web/page.h"

namespace beleving::web {

http::Response CasePage(Ctx& c);
http::Response PromisesPage(Ctx& c);
http::Response SurveysPage(Ctx& c);
// `new_key` / `new_secret`: a new API key or webhook secret, shown once.
http::Response SettingsPage(Ctx& c, const std::string& new_key, const std::string& new_secret = "");

// The action forms of a case page: status (only the transitions the loop
// allows), note, contact, waiting on the customer, severity and owner.
std::string CaseActionForms(const Ctx& c, const Names& names, const store::CaseRecord& k);
// The forms on one promise card: kept, broken, renegotiate.
std::string PromiseActionForms(const Ctx& c, int64_t promise_id);
// The settings form for a new user (role, initial password, employee link,
// a manager's teams).
std::string NewUserForm(const Ctx& c, const Names& names);
// The settings sections of the loop: webhooks, business hours, SLA targets.
Result<std::string> LoopSettingsSections(Ctx& c);

// Case and promise actions (staff, within the session's TenantScope).
void RegisterCaseActions(api::App& app, std::shared_ptr<loop::Loop> lp);
// Users, webhooks, business hours and SLA targets (admin).
void RegisterSettingsActions(api::App& app);

}  // namespace beleving::web
