// The work pages' parts shared between the pages (case_inbox_page.cc,
// case_page.cc, promise_pages.cc, webhook_page.cc, survey_pages.cc,
// settings_page.cc) and the files with their form actions (case_actions.cc,
// promise_actions.cc, user_settings.cc, loop_settings.cc).
// Form actions re-render their page with Ctx::form_error when input is
// rejected, and redirect to it (303) after a successful change.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "loop/case_service.h"
#include "web/page.h"

namespace beleving::web {

http::Response CasePage(Ctx& c);
http::Response PromisesPage(Ctx& c);
http::Response SurveysPage(Ctx& c);
// `new_key` / `new_secret`: a new API key or webhook secret, shown once.
http::Response SettingsPage(Ctx& c, const std::string& new_key, const std::string& new_secret = "");

// The action forms of a case page: status (only the transitions the loop
// allows), note, contact, waiting on the customer, severity and owner.
std::string CaseActionForms(const Ctx& c, const Names& names, const loop::CaseView& k);
// The forms on one promise card: kept, broken, renegotiate.
std::string PromiseActionForms(const Ctx& c, int64_t promise_id);
// The settings form for a new user (role, initial password, employee link,
// a manager's teams).
std::string NewUserForm(const Ctx& c, const Names& names);
// The settings sections of the loop: webhooks, business hours, SLA targets.
Result<std::string> LoopSettingsSections(Ctx& c);

// Whitespace trimmed at both ends; the fields of a form body.
std::string Trim(std::string s);
std::multimap<std::string, std::string> FormFields(const Ctx& c);
// A rejected settings form: the settings page again with the message
// (SettingsRejected), or the service's message after `nl`/`en` when the
// Status is a user's mistake, else an error page (SettingsFailed).
http::Response SettingsRejected(Ctx& c, const char* nl, const char* en);
http::Response SettingsFailed(Ctx& c, const Status& st, const char* nl, const char* en);

// The page groups (each file registers its own routes).
void RegisterCasePages(api::App& app);
// The SLA report (staff).
void RegisterSlaReportPage(api::App& app);
// Your own account: change your password (anyone signed in).
void RegisterAccountPage(api::App& app);
void RegisterPromisePages(api::App& app);
void RegisterSurveyPages(api::App& app);
void RegisterSettingsPage(api::App& app);
// Case actions (staff, within the session's TenantScope).
void RegisterCaseActions(api::App& app);
// Promise actions: kept, broken, renegotiate (staff).
void RegisterPromiseActions(api::App& app);
// The service charter's tile (overview, promise board) and its admin switch
// (charter_tile.cc; registered by RegisterPromiseActions).
std::string CharterTile(const Ctx& c);
void RegisterCharterActions(api::App& app);
// The delivery log of one webhook (admin).
void RegisterWebhookPage(api::App& app);
// Users (admin).
void RegisterUserSettings(api::App& app);
// Webhooks, business hours and SLA targets (admin).
void RegisterLoopSettings(api::App& app);

}  // namespace beleving::web
