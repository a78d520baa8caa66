// The promise ledger: every promise made to a customer, written down with
// its due time, and whether it was kept. Promises are made by hand (the
// API, the dashboard, the counter page) or by a standard promise: an
// organisation's promise at a touchpoint ("we call back within 4 business
// hours"), made for every interaction there by the loop's tick. A promise is
//
//   open -> kept | broken, or open -> renegotiated (a new due time, agreed
//   with the customer; its history keeps every earlier one) -> kept | broken
//
// and, read at a moment (PromiseStateAt): due soon (the last hour, or the
// last quarter of a shorter window), overdue (past due, inside its grace
// period: the owner is alerted once with "promise.overdue"), broken (after
// the grace period: the tick breaks it, opens a "broken_promise" case and
// raises "promise.broken"). A broken promise can be compensated (what the
// customer got is recorded).
//
// Kept without paperwork: a standard promise may say what keeps it
// (kept_by: a touchpoint or a channel). Its promises carry that rule; the
// tick, in the same write that handles a new interaction, marks kept every
// unsettled promise of that customer it matches (made before the
// interaction, the interaction not later than due + grace), with the
// interaction as evidence and its time as the time kept. `Keep` by an API
// key records evidence "api" (the organisation's own systems), by a person
// "person". Every change by a person is audited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/timezone.h"
#include "loop/actors.h"
#include "loop/alerts.h"
#include "loop/case_service.h"
#include "loop/promise_mail.h"
#include "loop/references.h"
#include "loop/sla_settings.h"
#include "security/principal.h"
#include "store/loop_feed_store.h"
#include "store/promise_store.h"
#include "store/sql.h"

namespace beleving::loop {

enum class PromiseStatus { kOpen, kKept, kBroken, kRenegotiated };
std::string_view PromiseStatusName(PromiseStatus s);
std::optional<PromiseStatus> ParsePromiseStatus(std::string_view name);
// "open", "kept", "broken", "renegotiated" (the enum of request schemas).
const std::vector<std::string>& PromiseStatusNames();

// What a person sees: the stored status read at a moment.
enum class PromiseState { kOpen, kDueSoon, kOverdue, kKept, kBroken, kRenegotiated };
std::string_view PromiseStateName(PromiseState s);
// "open", "due_soon", "overdue", "kept", "broken", "renegotiated".
const std::vector<std::string>& PromiseStateNames();
PromiseState PromiseStateAt(const store::PromiseRecord& p, UnixSeconds now);
// The due-soon window before `due`: the last hour, or the last quarter of a
// shorter promise.
int64_t DueSoonWindow(UnixSeconds made, UnixSeconds due);

// The channels a kept_by rule can name (the interactions' channels).
inline const std::vector<std::string> kKeptByChannels = {"online",       "phone", "email",
                                                         "face_to_face", "chat",  "other"};
inline constexpr int64_t kDefaultGraceSeconds = 3600;
inline constexpr int64_t kMaxGraceSeconds = 30LL * 86400;
inline constexpr size_t kMaxCompensation = 1000;
inline constexpr int kCharterDays = 90;

inline constexpr size_t kMaxPromiseText = 1000;
inline constexpr size_t kMaxPromiseType = 100;  // a standard's key, or "manual"
inline constexpr size_t kMaxPromiseNote = 2000;
inline constexpr size_t kMaxTouchpointKey = 200;
inline constexpr int64_t kMaxDueAfterSeconds = 366LL * 86400;
inline constexpr int64_t kMaxDueAfterHours = 366LL * 24;

struct NewPromise {
  std::string text;                                     // 1..kMaxPromiseText bytes
  std::optional<std::string> type;                      // default "manual"
  std::optional<UnixSeconds> due_at;                    // required, after made_at
  std::optional<UnixSeconds> made_at;                   // default now
  std::optional<std::string> employee, team, customer;  // keys
  std::optional<int64_t> interaction_id, case_id;       // the case must be visible
  // Default: the standard's of `type`, else none and kDefaultGraceSeconds.
  std::optional<std::string> kept_by_touchpoint, kept_by_channel;
  std::optional<int64_t> grace_seconds;  // 0..kMaxGraceSeconds
  // Send the customer a copy (loop/promise_mail.h); nothing is sent when
  // the customer has no address, opted out or was erased.
  bool email_customer = false;
};

struct NewStandardPromise {
  std::string key;         // 1..kMaxPromiseType bytes, unique in the organisation
  std::string touchpoint;  // the touchpoint's key
  std::string text;        // 1..kMaxPromiseText bytes
  // Exactly one of the two: the time from the interaction to the due time.
  std::optional<int64_t> due_after_seconds, due_after_hours;
  std::optional<bool> business_hours;  // count business hours only (default true)
  // At most one: a touchpoint key, or one of kKeptByChannels.
  std::optional<std::string> kept_by_touchpoint, kept_by_channel;
  std::optional<int64_t> grace_seconds;     // 0..kMaxGraceSeconds, default kDefaultGraceSeconds
  std::optional<std::string> compensation;  // up to kMaxCompensation bytes
};

// A change of a standard promise: only what is given changes; the key never
// does (the standard's promises carry it as their type). A standard is never
// deleted (promises refer to it): it is deactivated (active false), and an
// inactive standard makes no promises and leaves the charter.
struct StandardPromiseChange {
  std::optional<std::string> touchpoint, text;
  // At most one of the two.
  std::optional<int64_t> due_after_seconds, due_after_hours;
  std::optional<bool> business_hours, active;
  // kept_by: replaced by one of the two, or cleared (clear_kept_by).
  std::optional<std::string> kept_by_touchpoint, kept_by_channel;
  bool clear_kept_by = false;
  std::optional<int64_t> grace_seconds;
  // Replaced, or cleared (clear_compensation).
  std::optional<std::string> compensation;
  bool clear_compensation = false;
};

struct PromiseChangeView {
  store::PromiseChange change;
  Actor who;
};

struct PromiseView {
  store::PromiseRecord record;
  PromiseState state = PromiseState::kOpen;  // at the clock's now
  std::optional<DimRef> employee, team, customer;
  std::vector<PromiseChangeView> history;  // filled by Get only
};

// Kept rate per team, employee and type, and the NPS customers give after a
// kept or a broken promise.
struct PromiseReportRow {
  std::string key;             // the type, or the team's / employee's key
  std::optional<DimRef> item;  // the team or employee
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

// Under-promise, over-deliver, per promise type. A kept promise is kept
// early when kept before its due-soon window (see PromiseStateAt), on time
// inside it, late after the due time (in the grace period). NPS per outcome
// is of the customer's first response at or after the promise was settled,
// with engine::NpsInterval95.
struct NpsOutcome {
  int64_t promises = 0;   // settled with this outcome
  int64_t responses = 0;  // of which a next response with an NPS exists
  int64_t promoters = 0, passives = 0, detractors = 0;
  std::optional<double> nps, nps_low, nps_high;
};
struct UnderPromiseRow {
  std::string type;
  int64_t kept = 0;
  // Over the kept promises: seconds promised (due - made), seconds taken
  // (kept - made) and seconds kept before the deadline (due - kept; < 0
  // when late): means and medians.
  std::optional<double> mean_promised, mean_taken, mean_early, median_early;
  NpsOutcome kept_early, kept_on_time, late, broken;
};
enum class KeptTiming { kEarly, kOnTime, kLate };
KeptTiming KeptTimingOf(UnixSeconds made, UnixSeconds due, UnixSeconds kept);

// The public charter: each active standard promise with its figures over
// the last kCharterDays days.
struct CharterItem {
  store::StandardPromiseRecord standard;
  int64_t made = 0, kept = 0, broken = 0;
  std::optional<double> kept_rate;  // kept / (kept + broken), 0..1
};
struct CharterView {
  std::string org_name;
  i18n::Lang org_lang = i18n::Lang::kNl;
  bool published = false;
  std::vector<CharterItem> items;
  // The charter's figures on the overview: over all its active standards,
  // made, kept and broken in the last kCharterDays days, and the promises
  // of those standards broken since Monday 00:00 (the organisation's zone).
  int64_t made = 0, kept = 0, broken = 0, broken_this_week = 0;
  std::optional<double> kept_rate;
};

// --- The promise board and the kept-rate report (issue 16; promise_board.cc)
// A promise's type is a standard's key, or "manual" (free text); its
// location is its interaction's, else its team's.
inline constexpr const char* kManualPromiseType = "manual";
struct PromiseFilter {  // keys; nullopt: any
  std::optional<std::string> team, location, type;
};
inline constexpr int kBoardLimit = 300;  // per column
// Monday 00:00 of the week holding `now`, and the next midnight, in `zone`.
UnixSeconds WeekStart(const TimeZone& zone, UnixSeconds now);
UnixSeconds NextMidnight(const TimeZone& zone, UnixSeconds now);
struct PromiseBoard {
  std::vector<PromiseView> due_today;  // unsettled, due from now to the end of today
  std::vector<PromiseView> overdue;    // unsettled, past due (in grace; broken at due + grace)
  std::vector<PromiseView> broken_this_week;  // broken since Monday 00:00, newest first
  std::vector<PromiseView> later;             // unsettled, due after today, soonest first
};
// How the kept-rate report groups promises (the request's enum).
inline const std::vector<std::string> kPromiseGroupings = {"team", "location", "employee", "type"};
inline constexpr int kKeptRateMonths = 12;  // finished months in a trend, plus the running one
struct KeptRateMonth {
  std::string month;  // "2026-11" (the organisation's zone)
  int64_t made = 0, kept = 0, broken = 0;
  std::optional<double> kept_rate, low, high;  // Wilson 95%
  bool partial = false;                        // the running month
};
struct KeptRateRow {
  std::string key;             // the team's, location's or employee's key, or the type
  std::optional<DimRef> item;  // the team, location or employee
  int64_t made = 0, kept = 0, broken = 0, open = 0;
  std::optional<double> kept_rate, low, high;  // kept / (kept + broken), Wilson 95%
  std::vector<KeptRateMonth> trend;            // kKeptRateMonths + 1 months, oldest first
};
// Over the promises made in the trend's months (kKeptRateMonths finished
// ones and the running one), by the promise's final state.
struct KeptRateReport {
  std::string group_by;
  KeptRateRow total;
  std::vector<KeptRateRow> rows;  // by key; promises without the grouping are in total only
};

class PromiseLedger {
 public:
  PromiseLedger(store::Database& db, const Clock& clock, CaseService& cases, Alerts& alerts,
                SlaSettings& sla, PromiseMails& mails)
      : db_(db), clock_(clock), cases_(cases), alerts_(alerts), sla_(sla), mails_(mails) {}

  // --- for people
  // InvalidArgument naming the field: empty text, no or a past due_at, an
  // unknown key, a case the caller cannot see. With email_customer, the
  // customer's copy is queued in the same write.
  Result<PromiseView> Make(const security::Principal& who, const NewPromise& in);
  // Ascending ids after `after`, optionally of one status; `more` when
  // another page follows.
  Result<std::vector<PromiseView>> List(const security::Principal& who,
                                        const std::optional<std::string>& status, int64_t after,
                                        int limit, bool* more);
  // Open and renegotiated promises, soonest due first (the promise board).
  Result<std::vector<PromiseView>> Unsettled(const security::Principal& who, int limit);
  Result<PromiseView> Get(const security::Principal& who, int64_t id);
  // Conflict when the promise is kept or broken already. Evidence "api"
  // for an API key, "person" otherwise.
  Result<PromiseView> Keep(const security::Principal& who, int64_t id);
  Result<PromiseView> Break(const security::Principal& who, int64_t id);
  // InvalidArgument (/due_at) for a new due time not in the future.
  Result<PromiseView> Renegotiate(const security::Principal& who, int64_t id, UnixSeconds new_due,
                                  const std::optional<std::string>& note);

  Result<std::vector<store::StandardPromiseRecord>> Standards(const security::Principal& who);
  // Admins. AlreadyExists (/key) for a key the organisation has.
  Result<store::StandardPromiseRecord> CreateStandard(const security::Principal& who,
                                                      const NewStandardPromise& in);
  // When a promise of standard `s` made at `from` is due: its deadline in
  // business hours of the organisation's calendar, or in calendar hours.
  Result<UnixSeconds> DueOf(const security::Principal& who, const store::StandardPromiseRecord& s,
                            UnixSeconds from);
  // Admins; one audited write ("update standard_promise:ID"). NotFound
  // outside the organisation; InvalidArgument naming the field, with the
  // same bounds as CreateStandard.
  Result<store::StandardPromiseRecord> UpdateStandard(const security::Principal& who, int64_t id,
                                                      const StandardPromiseChange& in);

  // Conflict unless the promise is broken; InvalidArgument (/compensation)
  // for an empty or too long text. A second compensation replaces the first
  // (both audited).
  Result<PromiseView> Compensate(const security::Principal& who, int64_t id,
                                 const std::string& compensation);

  Result<PromiseReport> Report(const security::Principal& who);
  Result<std::vector<UnderPromiseRow>> UnderPromise(const security::Principal& who);

  // --- the board and the kept-rate report (promise_board.cc)
  // InvalidArgument naming /query/team, /query/location or /query/type for
  // a key the organisation does not have.
  Result<PromiseBoard> Board(const security::Principal& who, const PromiseFilter& filter);
  // InvalidArgument (/query/group_by) unless one of kPromiseGroupings.
  Result<KeptRateReport> KeptRates(const security::Principal& who, const std::string& group_by);

  // --- the charter (promise_charter.cc)
  // The caller's organisation's charter with its figures (published or not).
  Result<CharterView> Charter(const security::Principal& who);
  // Public: NotFound unless the organisation exists and published its charter.
  Result<CharterView> PublicCharter(const std::string& slug);
  // Admins (and the CLI's operator); audited.
  Status PublishCharter(const security::Principal& who, bool published);

  // --- for the tick
  // Inside the tick's write: the standard promises of the interaction's
  // touchpoint, made for it (once: keyed by standard and interaction).
  Status MakeStandardPromises(store::SqlConn& c, const store::LoopInteraction& r,
                              const std::vector<store::StandardPromiseRecord>& standards);
  // Inside the tick's write, before the interaction's own standard
  // promises are made: the promises it keeps (see the opening comment).
  Status KeepByInteraction(store::SqlConn& c, const store::LoopInteraction& r);
  // Due soon -> "promise.due_soon" (once); overdue -> "promise.overdue"
  // (once); past due + grace -> broken.
  Status EvaluateDue(UnixSeconds now);
  // The one place a promise becomes kept or broken; settled at `at`
  // (default now). The caller sets the kept evidence on `p`.
  Status SettleInside(store::SqlConn& c, store::PromiseRecord& p, PromiseStatus to,
                      const std::string& actor, std::optional<UnixSeconds> at = std::nullopt);

 private:
  Result<PromiseView> Settle(const security::Principal& who, int64_t id, PromiseStatus to);
  Result<std::vector<PromiseView>> Views(store::SqlConn& c, const store::TenantScope& t,
                                         std::vector<store::PromiseRecord> records);
  Result<CharterView> CharterOf(store::SqlConn& c, const store::TenantScope& t);

  store::Database& db_;
  const Clock& clock_;
  CaseService& cases_;
  Alerts& alerts_;
  SlaSettings& sla_;
  PromiseMails& mails_;
};

}  // namespace beleving::loop
