// Storage of the loop (issue 5): cases and their log, complaints, SLA
// policies and the business calendar, the promise ledger, alert rules,
// webhooks and their delivery log. Queries from requests take a TenantScope
// (managers see cases of their teams and locations, employees the cases they
// own); the `Sys*` functions are for the loop's background tick only and
// cross organisations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct CaseRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string case_type;  // detractor, complaint, broken_promise, disappointment, manual
  std::optional<std::string> source_key;
  std::string status = "received";
  std::string severity = "normal";
  std::string title;
  std::optional<std::string> description;
  std::optional<int64_t> customer_id, response_id, interaction_id, complaint_id, promise_id;
  std::optional<int64_t> team_id, location_id, owner_employee_id, escalated_to_employee_id;
  int escalation_level = 0;
  UnixSeconds opened_at = 0;
  std::optional<UnixSeconds> acknowledged_at, first_contact_at, responded_at, closed_at;
  std::optional<UnixSeconds> waiting_since;
  std::string pauses = "[]";  // JSON [[from,to],...]
  int64_t sla_flags = 0;
  std::optional<std::string> resolution;
  std::optional<bool> customer_satisfied;
  UnixSeconds updated_at = 0;
};

struct CaseEvent {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string kind;  // status, note, contact, escalation, sla, satisfaction
  std::string actor;
  std::string body;  // JSON text
  UnixSeconds at = 0;
};

struct CaseFilter {
  std::optional<std::string> status, case_type;
  bool open_only = false;
  std::optional<UnixSeconds> opened_from, opened_to;
};

struct ComplaintRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string source;      // api, form, email, cfpb
  std::string source_ref;  // dedupe key: Message-ID, "cfpb:123", external id
  UnixSeconds received_at = 0;
  std::optional<int64_t> customer_id;
  std::optional<std::string> name, email, product, issue, subject, narrative;
  std::optional<int64_t> case_id;
  UnixSeconds created_at = 0;
};

struct SlaPolicyRecord {
  int64_t id = 0;
  std::string case_type;
  std::optional<int64_t> acknowledge_minutes, first_contact_minutes, resolve_minutes;
  int at_risk_percent = 75;
  bool business_hours = true;
};

struct CalendarRecord {
  std::string hours;     // JSON
  std::string holidays;  // JSON
};

struct StandardPromiseRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string key, touchpoint_key, text;
  int64_t due_after_seconds = 0;
  bool business_hours = true;
  bool active = true;
};

struct PromiseRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string promise_type;  // a standard's key, or "manual"
  std::optional<std::string> source_key;
  std::optional<int64_t> employee_id, team_id, customer_id, interaction_id, case_id;
  std::string text;
  UnixSeconds made_at = 0, due_at = 0;
  std::string status = "open";  // open, kept, broken, renegotiated
  std::optional<UnixSeconds> settled_at;
  std::optional<int64_t> broken_case_id;
  bool due_soon_alerted = false;
};

struct PromiseChange {
  UnixSeconds old_due_at = 0, new_due_at = 0;
  std::optional<std::string> note;
  std::string actor;
  UnixSeconds at = 0;
};

struct WebhookRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string url, secret;
  std::string format = "json";  // json, slack, teams, adaptive_card
  int64_t retry_base_seconds = 30;
  int max_attempts = 8;
  bool active = true;
};

struct AlertRuleRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string event;
  std::optional<std::string> keyword;
  std::optional<int64_t> webhook_id;
  std::optional<std::string> email;
  bool active = true;
};

struct DeliveryRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  int64_t webhook_id = 0;
  std::optional<int64_t> rule_id;
  std::string event, body;
  std::string state = "pending";  // pending, delivered, failed
  int attempts = 0;
  std::optional<int> last_status;
  std::optional<std::string> last_error;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> delivered_at;
};

// An alert e-mail (a rule with an `email` target) and its delivery state.
struct EmailDeliveryRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::optional<int64_t> rule_id;
  std::string event, recipient, subject, body;
  std::string state = "pending";  // pending, delivered, failed
  int attempts = 0;
  std::optional<std::string> last_error;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> delivered_at;
};

// The satisfaction follow-up of a closed case (see loop.h).
struct FollowUpRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  int64_t case_id = 0;
  std::optional<int64_t> customer_id;
  std::optional<std::string> email;
  std::string language = "nl";
  std::optional<std::string> token_hash;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> sent_at, expires_at, answered_at;
  std::optional<bool> satisfied;
  std::optional<std::string> comment;
};

// A response as the loop's tick sees it.
struct LoopResponse {
  int64_t id = 0, org_id = 0;
  std::optional<int64_t> survey_id, interaction_id, customer_id, team_id, location_id, employee_id;
  std::optional<int> nps;
  std::optional<std::string> comment;
  UnixSeconds submitted_at = 0;
  std::optional<int> best_previous_nps;  // the customer's best earlier score
  UnixSeconds created_at = 0;            // when it was stored
  bool imported = false;                 // from a file import (capture/history.h)
};

struct LoopInteraction {
  int64_t id = 0, org_id = 0;
  std::optional<int64_t> customer_id, touchpoint_id, employee_id, team_id, location_id;
  UnixSeconds occurred_at = 0;
  UnixSeconds created_at = 0;  // when it was stored
};

// (promise status, response nps) pairs for the NPS after settled promises.
struct SettledPromiseResponse {
  std::string status;
  int nps = 0;
};

class LoopStore {
 public:
  // --- calendar and SLA policies
  static Result<std::optional<CalendarRecord>> Calendar(SqlConn& c, int64_t org_id);
  static Status PutCalendar(SqlConn& c, const TenantScope& t, const CalendarRecord& r,
                            UnixSeconds now);
  static Result<std::vector<SlaPolicyRecord>> Policies(SqlConn& c, int64_t org_id);
  static Status PutPolicy(SqlConn& c, const TenantScope& t, const SlaPolicyRecord& p,
                          UnixSeconds now);

  // --- cases
  // nullopt when (org, source_key) already has a case.
  static Result<std::optional<int64_t>> InsertCase(SqlConn& c, const CaseRecord& r);
  static Result<std::optional<CaseRecord>> GetCase(SqlConn& c, const TenantScope& t, int64_t id);
  static Result<std::vector<CaseRecord>> ListCases(SqlConn& c, const TenantScope& t,
                                                   const CaseFilter& f, int64_t after, int limit);
  // Writes every mutable field of `r` (status, times, owner, ...).
  static Status UpdateCase(SqlConn& c, const CaseRecord& r);
  static Status AddCaseEvent(SqlConn& c, int64_t org_id, const CaseEvent& e);
  static Result<std::vector<CaseEvent>> CaseEvents(SqlConn& c, int64_t org_id, int64_t case_id);
  // Open cases of every organisation whose type has an SLA policy (the tick),
  // ascending ids after `after`.
  static Result<std::vector<CaseRecord>> SysOpenCases(SqlConn& c, int64_t after, int limit);

  // Owner rule helpers: null when unknown.
  static Result<std::optional<int64_t>> TeamLead(SqlConn& c, int64_t org_id, int64_t team_id);
  static Result<std::optional<int64_t>> TeamLocation(SqlConn& c, int64_t org_id, int64_t team_id);
  static Result<std::optional<int64_t>> LocationManager(SqlConn& c, int64_t org_id,
                                                        int64_t location_id);
  // E-mail addresses of the org's admins (escalation level 3).
  static Result<std::vector<std::string>> AdminEmails(SqlConn& c, int64_t org_id);

  // --- complaints
  static Result<std::optional<int64_t>> InsertComplaint(SqlConn& c, const ComplaintRecord& r);
  static Status SetComplaintCase(SqlConn& c, int64_t org_id, int64_t complaint_id, int64_t case_id);
  static Result<std::optional<ComplaintRecord>> GetComplaint(SqlConn& c, const TenantScope& t,
                                                             int64_t id);
  static Result<std::vector<ComplaintRecord>> ListComplaints(SqlConn& c, const TenantScope& t,
                                                             int64_t after, int limit);

  // --- promises
  static Result<int64_t> InsertStandard(SqlConn& c, const TenantScope& t,
                                        const StandardPromiseRecord& r, UnixSeconds now);
  static Result<std::vector<StandardPromiseRecord>> Standards(SqlConn& c, int64_t org_id);
  // Active standards whose touchpoint key is that touchpoint's.
  static Result<std::vector<StandardPromiseRecord>> StandardsForTouchpoint(SqlConn& c,
                                                                           int64_t org_id,
                                                                           int64_t touchpoint_id);
  static Result<std::optional<int64_t>> InsertPromise(SqlConn& c, const PromiseRecord& r,
                                                      UnixSeconds now);
  static Result<std::optional<PromiseRecord>> GetPromise(SqlConn& c, const TenantScope& t,
                                                         int64_t id);
  static Result<std::vector<PromiseRecord>> ListPromises(SqlConn& c, const TenantScope& t,
                                                         const std::optional<std::string>& status,
                                                         int64_t after, int limit);
  static Status UpdatePromise(SqlConn& c, const PromiseRecord& r);
  static Status AddPromiseChange(SqlConn& c, int64_t org_id, int64_t promise_id,
                                 const PromiseChange& ch);
  static Result<std::vector<PromiseChange>> PromiseChanges(SqlConn& c, int64_t org_id,
                                                           int64_t promise_id);
  // Open or renegotiated promises of every org due before `due_before`.
  static Result<std::vector<PromiseRecord>> SysPromisesDueBefore(SqlConn& c, UnixSeconds due_before,
                                                                 int limit);
  // Settled promises with their customer's responses submitted after settling.
  static Result<std::vector<SettledPromiseResponse>> ResponsesAfterSettled(SqlConn& c,
                                                                           const TenantScope& t);

  // --- alerts and webhooks
  static Result<int64_t> InsertWebhook(SqlConn& c, const TenantScope& t, const WebhookRecord& r,
                                       UnixSeconds now);
  static Result<std::vector<WebhookRecord>> Webhooks(SqlConn& c, const TenantScope& t);
  static Result<std::optional<WebhookRecord>> SysWebhook(SqlConn& c, int64_t id);
  static Result<int64_t> InsertRule(SqlConn& c, const TenantScope& t, const AlertRuleRecord& r,
                                    UnixSeconds now);
  static Result<std::vector<AlertRuleRecord>> Rules(SqlConn& c, int64_t org_id);
  static Result<bool> DeleteRule(SqlConn& c, const TenantScope& t, int64_t id);
  static Result<int64_t> InsertDelivery(SqlConn& c, const DeliveryRecord& r);
  static Result<std::optional<DeliveryRecord>> SysDelivery(SqlConn& c, int64_t id);
  static Status UpdateDelivery(SqlConn& c, const DeliveryRecord& r);
  static Result<std::vector<DeliveryRecord>> Deliveries(SqlConn& c, const TenantScope& t,
                                                        int64_t webhook_id, int limit);

  // --- alert e-mails
  static Result<int64_t> InsertEmailDelivery(SqlConn& c, const EmailDeliveryRecord& r);
  static Result<std::optional<EmailDeliveryRecord>> SysEmailDelivery(SqlConn& c, int64_t id);
  static Result<std::optional<EmailDeliveryRecord>> GetEmailDelivery(SqlConn& c,
                                                                     const TenantScope& t,
                                                                     int64_t id);
  static Status UpdateEmailDelivery(SqlConn& c, const EmailDeliveryRecord& r);
  // Newest first.
  static Result<std::vector<EmailDeliveryRecord>> EmailDeliveries(SqlConn& c, const TenantScope& t,
                                                                  int limit);

  // --- satisfaction follow-ups
  // nullopt when the case already has one.
  static Result<std::optional<int64_t>> InsertFollowUp(SqlConn& c, const FollowUpRecord& r);
  static Result<std::optional<FollowUpRecord>> SysFollowUp(SqlConn& c, int64_t id);
  // The public page's look-up: the token hash is the only key it has.
  static Result<std::optional<FollowUpRecord>> SysFollowUpByTokenHash(SqlConn& c,
                                                                      const std::string& hash);
  // Sets the token hash and expiry of a not yet sent follow-up; false when it
  // was sent already.
  static Result<bool> ArmFollowUp(SqlConn& c, int64_t id, const std::string& token_hash,
                                  UnixSeconds expires_at);
  static Status MarkFollowUpSent(SqlConn& c, int64_t id, UnixSeconds at);
  // Records the answer unless one was recorded already (single use): false
  // when the follow-up was answered before.
  static Result<bool> AnswerFollowUp(SqlConn& c, int64_t org_id, int64_t id, bool satisfied,
                                     const std::optional<std::string>& comment, UnixSeconds at);

  // --- the tick's input
  static Result<int64_t> Cursor(SqlConn& c, const std::string& name);
  static Status SetCursor(SqlConn& c, const std::string& name, int64_t last_id);
  static Result<int64_t> MaxResponseId(SqlConn& c);
  static Result<int64_t> MaxInteractionId(SqlConn& c);
  static Result<std::vector<LoopResponse>> SysResponsesAfter(SqlConn& c, int64_t after, int limit);
  static Result<std::vector<LoopInteraction>> SysInteractionsAfter(SqlConn& c, int64_t after,
                                                                   int limit);
  static Result<std::optional<std::string>> SurveyDefinition(SqlConn& c, int64_t org_id,
                                                             int64_t survey_id);
};

}  // namespace beleving::store
