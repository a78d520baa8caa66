// Cases: the work a piece of feedback becomes. The one service every door
// uses to open a case by hand, move it along the flow (loop/case_flow.h),
// add notes and contacts, pause its SLA while waiting on the customer, and
// change its severity, owner, title or resolution: the same checks, the
// same case log entry and the same audit entry from the API, the dashboard
// and the CLI.
//
// Visibility: every function reads the case through the caller's
// TenantScope, so a case outside it is NotFound, as a missing one.
// Changing a case needs CheckCanHandle (loop/loop_access.h).
//
// The loop's own units (complaints, the promise ledger, the tick) open and
// move cases inside their own transactions with OpenInside / MoveInside.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "loop/actors.h"
#include "loop/alerts.h"
#include "loop/case_flow.h"
#include "loop/case_kinds.h"
#include "loop/follow_ups.h"
#include "loop/references.h"
#include "loop/sla.h"
#include "loop/sla_settings.h"
#include "security/principal.h"
#include "store/case_store.h"
#include "store/moment_store.h"
#include "store/sql.h"

namespace beleving::loop {

// A case as callers see it: the stored row with its references resolved.
struct CaseView {
  store::CaseRecord record;
  std::optional<DimRef> customer, team, location, owner, escalated_to;
  // What an automatic case's title is made of (a page words it in its
  // reader's language); the employee is the response's.
  std::optional<store::CaseTitleFacts> title_facts;
  std::optional<DimRef> title_employee;
};

// One entry of the case log.
struct CaseLogEntry {
  std::string kind;   // status, note, contact, waiting, update, escalation, sla, satisfaction
  std::string actor;  // as recorded ("user:7")
  Actor who;          // as a person reads it
  UnixSeconds at = 0;
  json::object body;  // the entry's facts, as recorded
  // The employee the entry names: the owner at opening or after an
  // update, the person a case was escalated to.
  std::optional<DimRef> employee;
};

// What a case came from, for the person handling it: the customer's
// contact details, the response (score, comment, answers) and the contact
// moment with its employee. Each part is missing when the case has none or
// the caller's scope does not show it.
struct CaseAnswer {
  std::map<std::string, std::string> question;  // text by language ("nl", "en")
  std::map<std::string, std::string> value;     // a choice's text by language, else {"": value}
};
struct CaseOrigin {
  std::optional<std::string> customer_email, customer_phone;
  std::optional<store::ResponseRecord> response;
  std::vector<CaseAnswer> answers;  // in the survey's question order
  std::optional<store::InteractionRecord> interaction;
  std::optional<DimRef> employee, touchpoint, survey;
};

struct CaseDetail {
  CaseView view;
  CaseOrigin origin;
  SlaState sla;                   // no policy for its type: every timer kNone
  std::vector<CaseLogEntry> log;  // oldest first
};

struct CaseQuery {
  std::optional<std::string> status, type;  // one of CaseStatusNames() / kCaseTypes
  bool open_only = false;
  std::optional<UnixSeconds> opened_from, opened_to;
  std::optional<std::string> owner, team;  // an employee's / a team's key
  std::optional<std::string> sla;          // kCaseSlaFilters
  // No sort: ascending ids, paged by the cursor `after`. A sort of
  // kCaseSorts: the work queue's order, paged by `offset`.
  std::optional<std::string> sort;
  int64_t after = 0;   // cursor: the last id of the previous page
  int64_t offset = 0;  // 0..kMaxCaseOffset, with a sort
  int limit = 100;     // 1..1000
};
inline constexpr int64_t kMaxCaseOffset = 1000000;

struct CasePage {
  std::vector<CaseView> cases;
  bool more = false;  // another page after the last case
};

// Counts over every case a query selects (its paging aside).
using CaseCounts = store::CaseCounts;

struct NewCase {
  std::string title;                    // 1..kMaxCaseTitle bytes
  std::optional<std::string> type;      // kCaseTypes; default "manual"
  std::optional<std::string> severity;  // kSeverities; default "normal"
  std::optional<std::string> description;
  // Keys of the organisation's dimensions; the owner defaults to the team's
  // lead, else the location's manager.
  std::optional<std::string> customer, team, location, owner;
};

// Absent fields stay as they are.
struct CaseUpdate {
  std::optional<std::string> severity, title, resolution;
  std::optional<std::string> owner;  // an employee's key
  std::optional<bool> customer_satisfied;
};

class CaseService {
 public:
  CaseService(store::Database& db, const Clock& clock, Alerts& alerts, FollowUps& follow_ups,
              SlaSettings& sla)
      : db_(db), clock_(clock), alerts_(alerts), follow_ups_(follow_ups), sla_(sla) {}

  // --- for people (API, dashboard, CLI)
  Result<CaseView> Open(const security::Principal& who, const NewCase& in);
  // InvalidArgument naming the query parameter (/query/status, /query/owner,
  // ...) for an unknown value or key.
  Result<CasePage> List(const security::Principal& who, const CaseQuery& q);
  Result<CaseCounts> Count(const security::Principal& who, const CaseQuery& q);
  Result<CaseDetail> Get(const security::Principal& who, int64_t id);
  // To any status the flow allows from the current one: InvalidArgument
  // (/status) for an unknown status, Conflict for a move the flow refuses.
  Result<CaseView> ChangeStatus(const security::Principal& who, int64_t id, const std::string& to,
                                const std::optional<std::string>& note);
  // InvalidArgument (/text) for an empty or too long note.
  Result<CaseView> AddNote(const security::Principal& who, int64_t id, const std::string& text);
  // The first contact stops the first-contact SLA timer. InvalidArgument
  // for an unknown channel (/channel) or an empty summary (/summary).
  Result<CaseView> AddContact(const security::Principal& who, int64_t id,
                              const std::optional<std::string>& channel,
                              const std::string& summary);
  // Waiting on the customer pauses the SLA; Conflict on a closed case.
  Result<CaseView> SetWaiting(const security::Principal& who, int64_t id, bool waiting);
  // One "update" log entry naming what changed (nothing changed: no entry).
  Result<CaseView> Update(const security::Principal& who, int64_t id, const CaseUpdate& in);

  // --- for the loop's own units, inside their write
  // Fills owner and location by the owner rule and inserts the case, its
  // first log entry and the case.opened alert. nullopt when the source key
  // already has a case.
  Result<std::optional<int64_t>> OpenInside(store::SqlConn& c, store::CaseRecord k,
                                            const std::string& actor);
  Status MoveInside(store::SqlConn& c, store::CaseRecord& k, CaseStatus to,
                    const std::string& actor, const std::optional<std::string>& note);
  Status AddEvent(store::SqlConn& c, const store::CaseRecord& k, const std::string& kind,
                  const std::string& actor, const json::object& body);
  Status SetWaitingInside(store::SqlConn& c, store::CaseRecord& k, bool waiting,
                          const std::string& actor);
  // The SLA state of a case at `now`.
  Result<SlaState> Sla(store::SqlConn& c, const store::CaseRecord& k, UnixSeconds now);

 private:
  // Loads the case `id` visible to `who`, runs `change` on it in one write
  // with the audit entry `action`, and answers the case.
  // `change` answers whether it changed anything (no change: no audit entry).
  using Change = std::function<Result<bool>(store::SqlConn&, store::CaseRecord&)>;
  Result<CaseView> Act(const security::Principal& who, int64_t id, std::string_view action,
                       const Change& change);
  // The store filter of `q` (keys resolved), or InvalidArgument.
  Result<store::CaseFilter> FilterOf(store::SqlConn& c, const store::TenantScope& t,
                                     const CaseQuery& q);
  Result<CaseOrigin> OriginOf(store::SqlConn& c, const store::TenantScope& t,
                              const store::CaseRecord& k);
  // The view of records (references and title facts resolved).
  Result<std::vector<CaseView>> Views(store::SqlConn& c, const store::TenantScope& t,
                                      std::vector<store::CaseRecord> records);

  store::Database& db_;
  const Clock& clock_;
  Alerts& alerts_;
  FollowUps& follow_ups_;
  SlaSettings& sla_;
};

// The timing facts of a case its SLA depends on.
CaseTimes TimesOf(const store::CaseRecord& k);

}  // namespace beleving::loop
