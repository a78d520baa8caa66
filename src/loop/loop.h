// Closing the loop: cases with SLAs, complaints, the promise ledger and
// alerts. The Loop is the one service behind the loop's API routes, its CLI
// and its background tick.
//
// How work flows
// - Ingest commits responses and interactions; the loop's sinks only wake
//   the job runner. The runner's tick (Loop::Tick, registered with
//   JobRunner::AddTick) reads what is new since its watermark (table
//   loop_cursors) and, in one write per batch together with the watermark,
//   opens cases (detractor: nps <= the survey's detractor_threshold, default
//   6; disappointment: nps <= the customer's best earlier score - 3), raises
//   alerts, and creates standard promises for interactions at their
//   touchpoint. So every effect happens exactly once, also across restarts.
// - The same tick evaluates SLA timers of open cases (EvaluateSla) and open
//   promises, at most once per clock second: at risk and breached timers
//   escalate the case one level (team lead -> location manager -> org
//   admins) and raise alerts; overdue promises become broken and open a case.
// - Alerts to webhooks are rows in alert_deliveries plus a "loop.webhook"
//   job; the job POSTs once and, on failure, schedules the next attempt after
//   retry_base_seconds * 2^(attempt-1) until max_attempts. Alerts by e-mail
//   are rows in alert_email_deliveries plus a "loop.email" job, retried by
//   the job runner's backoff (kEmailRetry); both logs can be re-sent by hand.
// - Closing a case whose customer (or complainant) has an e-mail address
//   queues one satisfaction follow-up ("loop.followup" job): the job makes a
//   fresh token, stores only its hash and mails a link to the public page
//   /followup/{token}; the first answer within kFollowUpValidSeconds sets
//   the case's customer_satisfied and logs it, later answers are refused.
//
// Thread safety: all methods may be called from any thread; the in-memory
// caches (time zones) are guarded by a mutex. Methods taking a SqlConn run
// inside the caller's Database::Write.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "jobs/job_runner.h"
#include "loop/sla.h"
#include "security/principal.h"
#include "store/loop_store.h"
#include "store/sql.h"

namespace beleving::loop {

inline constexpr int kDisappointmentDrop = 3;
inline constexpr int64_t kFollowUpValidSeconds = 30 * 86400;
inline constexpr size_t kMaxFollowUpComment = 1000;  // bytes of UTF-8
// Retries of an alert e-mail (job runner backoff): 5 attempts, 30 s, 60 s, ...
inline constexpr jobs::RetryPolicy kEmailRetry = {5, 30, 6 * 3600};
inline constexpr int kDefaultDetractorThreshold = 6;

// The ISO 10002 flow: received -> acknowledged -> assessed -> investigating
// -> responded -> closed; responded may go back to investigating and a
// closed case may be reopened (to investigating).
bool IsCaseStatus(std::string_view s);
bool CaseTransitionAllowed(std::string_view from, std::string_view to);

struct PromiseReportRow {
  std::string key;
  int64_t kept = 0, broken = 0, open = 0;
  std::optional<double> kept_rate;  // kept / (kept + broken)
};

struct NpsAfter {
  int64_t responses = 0, promoters = 0, detractors = 0;
  std::optional<double> nps;  // -100..100
};

struct PromiseReport {
  std::vector<PromiseReportRow> by_team, by_employee, by_type;
  PromiseReportRow total;
  NpsAfter after_kept, after_broken;
};

struct SlaReportCase {
  store::CaseRecord record;
  SlaState sla;
};

struct SlaTargetCounts {
  int64_t met = 0, missed = 0, breached_open = 0;
  int64_t total_used_seconds = 0, finished = 0;  // over met + missed
};

struct SlaReportRow {
  std::string case_type;
  int64_t opened = 0, closed = 0;
  SlaTargetCounts acknowledge, first_contact, resolve;
};

struct SlaReport {
  std::vector<SlaReportRow> by_type;
  std::vector<SlaReportCase> cases;  // at most 1000, by id
};

// The satisfaction follow-up as its public page sees it.
enum class FollowUpState {
  kOpen,             // waiting for an answer
  kRecorded,         // the answer was just recorded
  kAlreadyAnswered,  // single use: a second answer changes nothing
  kExpired,
  kUnknown,  // no such token (also: malformed)
};
struct FollowUpView {
  FollowUpState state = FollowUpState::kUnknown;
  std::string language = "nl";  // "nl" or "en"
  std::string org_name;
  int64_t case_id = 0;
};

class Loop {
 public:
  Loop(store::Database& db, const Clock& clock, jobs::JobRunner& jobs);

  // Registers the tick and the webhook and e-mail job kinds. Call once at
  // start-up. `smtp_url` empty: e-mail alerts fail at once (logged as dead
  // jobs); webhooks still work.
  // `public_url`: the base of the follow-up links in e-mails.
  void Register(std::string smtp_url = "", std::string mail_from = "alerts@beleving.example",
                std::string public_url = "http://127.0.0.1:8080");

  // One pass of the background work (see above). Returns a failed Status only
  // on storage errors.
  Status Tick();

  // --- cases (inside a Write)
  // Fills owner and location by the owner rule and inserts the case, its
  // first log entry and the case.opened alert. nullopt when the source key
  // already has a case.
  Result<std::optional<int64_t>> OpenCase(store::SqlConn& c, store::CaseRecord k,
                                          const std::string& actor);
  Status ChangeStatus(store::SqlConn& c, store::CaseRecord& k, const std::string& to,
                      const std::string& actor, const std::optional<std::string>& note);
  Status AddContact(store::SqlConn& c, store::CaseRecord& k, const std::string& channel,
                    const std::string& summary, const std::string& actor);
  Status SetWaiting(store::SqlConn& c, store::CaseRecord& k, bool waiting,
                    const std::string& actor);
  Status AddEvent(store::SqlConn& c, const store::CaseRecord& k, const std::string& kind,
                  const std::string& actor, const json::object& body);
  // The SLA state of a case now (no policy for its type: all timers none).
  Result<SlaState> CaseSla(store::SqlConn& c, const store::CaseRecord& k, UnixSeconds now);

  // --- complaints (inside a Write): stores it unless its source_ref exists,
  // and opens its case. Returns the complaint id, or nullopt for a duplicate.
  Result<std::optional<int64_t>> SubmitComplaint(store::SqlConn& c, store::ComplaintRecord r,
                                                 const std::string& actor);

  // --- promises (inside a Write)
  Status SettlePromise(store::SqlConn& c, store::PromiseRecord& p, const std::string& status,
                       const std::string& actor);
  Status RenegotiatePromise(store::SqlConn& c, store::PromiseRecord& p, UnixSeconds new_due,
                            const std::optional<std::string>& note, const std::string& actor);
  // Cases opened in [from, to) visible to `t`, with their SLA outcome now.
  Result<SlaReport> SlaOutcomes(store::SqlConn& c, const store::TenantScope& t,
                                std::optional<UnixSeconds> from, std::optional<UnixSeconds> to);
  Result<PromiseReport> PromiseKeeping(store::SqlConn& c, const store::TenantScope& t);

  // --- alerts (inside a Write): a delivery and a job per matching rule.
  Status RaiseAlert(store::SqlConn& c, int64_t org_id, const std::string& event,
                    const std::string& text, json::object data,
                    const std::optional<std::string>& comment = std::nullopt);
  // Queues another attempt of a delivery now (manual re-send).
  Status Resend(store::SqlConn& c, const store::DeliveryRecord& d);
  // The same for an alert e-mail: sets it pending and queues a job.
  Status ResendEmail(store::SqlConn& c, store::EmailDeliveryRecord& d);

  // --- the satisfaction follow-up
  // Inside a Write (called by ChangeStatus on closing): queues the follow-up
  // e-mail unless the case has one already or nobody to write to (no
  // customer address, opted out or erased, and no complainant's address).
  Status QueueFollowUp(store::SqlConn& c, const store::CaseRecord& k);
  // The public page: what a token refers to (no write).
  Result<FollowUpView> FindFollowUp(store::SqlConn& c, const std::string& token);
  // Inside a Write: records the answer once (state kRecorded) and sets the
  // case's customer_satisfied with a "satisfaction" log entry; any other
  // state changes nothing. `comment` at most kMaxFollowUpComment bytes.
  Result<FollowUpView> AnswerFollowUp(store::SqlConn& c, const std::string& token, bool satisfied,
                                      const std::optional<std::string>& comment);
  std::string FollowUpUrl(const std::string& token) const {
    return public_url_ + "/followup/" + token;
  }

  Result<BusinessCalendar> Calendar(store::SqlConn& c, int64_t org_id);
  const Clock& clock() const { return clock_; }

 private:
  Status ProcessResponses(bool* more);
  Status ProcessInteractions(bool* more);
  Status EvaluatePromises(UnixSeconds now);
  Status EvaluateCases(UnixSeconds now);
  Status Escalate(store::SqlConn& c, store::CaseRecord& k, const std::string& reason);
  Status DeliverWebhook(const jobs::Job& job);
  Status DeliverEmail(const jobs::Job& job);
  Status DeliverFollowUp(const jobs::Job& job);
  Result<TimeZone> Zone(store::SqlConn& c, int64_t org_id);

  store::Database& db_;
  const Clock& clock_;
  jobs::JobRunner& jobs_;
  std::atomic<UnixSeconds> last_timer_pass_{-1};
  std::string smtp_url_, mail_from_, public_url_;  // fixed after Register
  std::mutex mu_;
  std::map<std::string, TimeZone> zones_;  // GUARDED_BY(mu_)
};

// What case_followups.token_hash holds for a follow-up link's token.
std::string FollowUpTokenHash(const std::string& token);

// The body POSTed to a webhook of `format`: "json" (the event with its
// data), "slack" ({"text"}), "teams" (a MessageCard) or "adaptive_card" (a
// Teams workflows message with one Adaptive Card 1.4: a title, the text and
// the data as a FactSet).
json::value WebhookBody(const std::string& format, const std::string& event, int64_t org_id,
                        int64_t rule_id, UnixSeconds at, const std::string& text,
                        const json::object& data);

// The JSON of a case and of a promise as the API and the CLI show them
// (dimension ids as keys, times as RFC 3339).
json::object CaseJson(store::SqlConn& c, const store::TenantScope& t, const store::CaseRecord& k);
json::object PromiseJson(store::SqlConn& c, const store::TenantScope& t,
                         const store::PromiseRecord& p);
// The case's log entries, oldest first.
Result<json::array> CaseLogJson(store::SqlConn& c, const store::CaseRecord& k);

// The X-Beleving-Signature header value for a webhook body sent at `t`:
// "t=T,v1=hex(HMAC-SHA256(secret, "T.BODY"))".
std::string WebhookSignature(const std::string& secret, UnixSeconds t, const std::string& body);

}  // namespace beleving::loop
