// The promise ledger: every promise made to a customer, written down with
// its due time, and whether it was kept. Promises are made by hand (the
// API, the dashboard) or by a standard promise: an organisation's promise
// at a touchpoint ("we call back within 4 business hours"), made for every
// interaction there by the loop's tick. A promise is
//
//   open -> kept | broken, or open -> renegotiated (a new due time, agreed
//   with the customer; its history keeps every earlier one) -> kept | broken
//
// The tick alerts when a promise is due soon and marks an overdue one
// broken; breaking a promise opens a "broken_promise" case and raises
// "promise.broken". Every change by a person is audited.
//
// Room for what comes next (issue 16): SettleInside is the one place a
// promise becomes kept or broken, so automatic fulfilment (a matching
// interaction, an API event) and a grace period before "broken" attach
// there and to EvaluateDue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "loop/actors.h"
#include "loop/alerts.h"
#include "loop/case_service.h"
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
};

struct NewStandardPromise {
  std::string key;         // 1..kMaxPromiseType bytes, unique in the organisation
  std::string touchpoint;  // the touchpoint's key
  std::string text;        // 1..kMaxPromiseText bytes
  // Exactly one of the two: the time from the interaction to the due time.
  std::optional<int64_t> due_after_seconds, due_after_hours;
  std::optional<bool> business_hours;  // count business hours only (default true)
};

struct PromiseChangeView {
  store::PromiseChange change;
  Actor who;
};

struct PromiseView {
  store::PromiseRecord record;
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

class PromiseLedger {
 public:
  PromiseLedger(store::Database& db, const Clock& clock, CaseService& cases, Alerts& alerts,
                SlaSettings& sla)
      : db_(db), clock_(clock), cases_(cases), alerts_(alerts), sla_(sla) {}

  // --- for people
  // InvalidArgument naming the field: empty text, no or a past due_at, an
  // unknown key, a case the caller cannot see.
  Result<PromiseView> Make(const security::Principal& who, const NewPromise& in);
  // Ascending ids after `after`, optionally of one status; `more` when
  // another page follows.
  Result<std::vector<PromiseView>> List(const security::Principal& who,
                                        const std::optional<std::string>& status, int64_t after,
                                        int limit, bool* more);
  // Open and renegotiated promises, soonest due first (the promise board).
  Result<std::vector<PromiseView>> Unsettled(const security::Principal& who, int limit);
  Result<PromiseView> Get(const security::Principal& who, int64_t id);
  // Conflict when the promise is kept or broken already.
  Result<PromiseView> Keep(const security::Principal& who, int64_t id);
  Result<PromiseView> Break(const security::Principal& who, int64_t id);
  // InvalidArgument (/due_at) for a new due time not in the future.
  Result<PromiseView> Renegotiate(const security::Principal& who, int64_t id, UnixSeconds new_due,
                                  const std::optional<std::string>& note);

  Result<std::vector<store::StandardPromiseRecord>> Standards(const security::Principal& who);
  // Admins. AlreadyExists (/key) for a key the organisation has.
  Result<store::StandardPromiseRecord> CreateStandard(const security::Principal& who,
                                                      const NewStandardPromise& in);

  Result<PromiseReport> Report(const security::Principal& who);

  // --- for the tick
  // Inside the tick's write: the standard promises of the interaction's
  // touchpoint, made for it (once: keyed by standard and interaction).
  Status MakeStandardPromises(store::SqlConn& c, const store::LoopInteraction& r,
                              const std::vector<store::StandardPromiseRecord>& standards);
  // Due soon -> "promise.due_soon" (once); overdue -> broken.
  Status EvaluateDue(UnixSeconds now);
  // The one place a promise becomes kept or broken.
  Status SettleInside(store::SqlConn& c, store::PromiseRecord& p, PromiseStatus to,
                      const std::string& actor);

 private:
  Result<PromiseView> Settle(const security::Principal& who, int64_t id, PromiseStatus to);
  Result<std::vector<PromiseView>> Views(store::SqlConn& c, const store::TenantScope& t,
                                         std::vector<store::PromiseRecord> records);

  store::Database& db_;
  const Clock& clock_;
  CaseService& cases_;
  Alerts& alerts_;
  SlaSettings& sla_;
};

}  // namespace beleving::loop
