// Storage of the promise ledger (the loop room, loop/promise_ledger.h):
// standard promises (what an organisation promises at a touchpoint), the
// promises made to customers with their state, and the history of
// renegotiated due dates. A promise is visible to the scope that sees its
// employee or team (it has no location of its own).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct StandardPromiseRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string key, touchpoint_key, text;
  int64_t due_after_seconds = 0;
  bool business_hours = true;
  bool active = true;
  // What keeps it: a later interaction of the same customer at this
  // touchpoint or on this channel (at most one of the two is set).
  std::optional<std::string> kept_by_touchpoint, kept_by_channel;
  int64_t grace_seconds = 3600;             // overdue, not yet broken
  std::optional<std::string> compensation;  // offered when it is broken
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
  // Copied from the standard when made (or given by hand).
  std::optional<std::string> kept_by_touchpoint, kept_by_channel;
  int64_t grace_seconds = 0;
  std::optional<std::string> kept_evidence;  // "interaction", "api", "person"
  std::optional<int64_t> kept_interaction_id;
  bool overdue_alerted = false;
  std::optional<std::string> compensation;
  std::optional<UnixSeconds> compensated_at;
};

// The organisation behind a public charter page.
struct CharterOrg {
  int64_t org_id = 0;
  std::string name, language;
  bool published = false;
};

// Promises of one type made in a period, by state.
struct PromiseTypeCount {
  std::string promise_type;
  int64_t made = 0, kept = 0, broken = 0;
};

// A settled promise with the NPS of its customer's first response at or
// after it was settled (for the under-promise figures).
struct SettledPromise {
  std::string promise_type, status;
  UnixSeconds made_at = 0, due_at = 0, settled_at = 0;
  std::optional<int> next_nps;
};

// One renegotiation of a promise's due date.
struct PromiseChange {
  UnixSeconds old_due_at = 0, new_due_at = 0;
  std::optional<std::string> note;
  std::string actor;
  UnixSeconds at = 0;
};

// (promise status, response nps) pairs for the NPS after settled promises.
struct SettledPromiseResponse {
  std::string status;
  int nps = 0;
};

// --- issue 16: the promise board and the kept-rate report. A promise's
// location is its interaction's, else its team's.
struct PromiseFilterIds {  // nullopt: any
  std::optional<int64_t> team_id, location_id;
  std::optional<std::string> promise_type;
};
struct PromiseFact {
  std::string promise_type, status;
  UnixSeconds made_at = 0;
  std::optional<int64_t> employee_id, team_id, location_id;
};

class PromiseStore {
 public:
  // AlreadyExists (naming /key) when the org has a standard with this key.
  static Result<int64_t> InsertStandard(SqlConn& c, const TenantScope& t,
                                        const StandardPromiseRecord& r, UnixSeconds now);
  static Result<std::vector<StandardPromiseRecord>> Standards(SqlConn& c, const TenantScope& t);
  static Result<std::optional<StandardPromiseRecord>> GetStandard(SqlConn& c, const TenantScope& t,
                                                                  int64_t id);
  // Writes every field of `r` but its id, org and key (the key names the
  // standard's promises: it never changes). NotFound outside the org.
  static Status UpdateStandard(SqlConn& c, const TenantScope& t, const StandardPromiseRecord& r);
  // Active standards whose touchpoint key is that touchpoint's.
  static Result<std::vector<StandardPromiseRecord>> StandardsForTouchpoint(SqlConn& c,
                                                                           const TenantScope& t,
                                                                           int64_t touchpoint_id);
  // nullopt when (org, source_key) exists already.
  static Result<std::optional<int64_t>> InsertPromise(SqlConn& c, const PromiseRecord& r,
                                                      UnixSeconds now);
  static Result<std::optional<PromiseRecord>> GetPromise(SqlConn& c, const TenantScope& t,
                                                         int64_t id);
  // Ascending ids after `after`, optionally of one status.
  static Result<std::vector<PromiseRecord>> ListPromises(SqlConn& c, const TenantScope& t,
                                                         const std::optional<std::string>& status,
                                                         int64_t after, int limit);
  // Promises not settled yet (open or renegotiated), soonest due first.
  static Result<std::vector<PromiseRecord>> UnsettledPromises(SqlConn& c, const TenantScope& t,
                                                              int limit);
  static Status UpdatePromise(SqlConn& c, const PromiseRecord& r);
  static Status AddPromiseChange(SqlConn& c, const TenantScope& t, int64_t promise_id,
                                 const PromiseChange& ch);
  static Result<std::vector<PromiseChange>> PromiseChanges(SqlConn& c, const TenantScope& t,
                                                           int64_t promise_id);
  // Open or renegotiated promises of every org due before `due_before`.
  static Result<std::vector<PromiseRecord>> SysPromisesDueBefore(SqlConn& c, const SystemScope& all,
                                                                 UnixSeconds due_before, int limit);
  // Unsettled promises of `customer_id` that an interaction at
  // `occurred_at` can keep: made before it, not past due + grace at it,
  // with a kept_by rule. Oldest first.
  static Result<std::vector<PromiseRecord>> Keepable(SqlConn& c, const TenantScope& t,
                                                     int64_t customer_id, UnixSeconds occurred_at);
  // Per promise type: made, kept and broken among the promises made at or
  // after `since`.
  static Result<std::vector<PromiseTypeCount>> CountsByType(SqlConn& c, const TenantScope& t,
                                                            UnixSeconds since);
  // Kept and broken promises visible to the scope, with the next NPS.
  static Result<std::vector<SettledPromise>> Settled(SqlConn& c, const TenantScope& t);
  // The charter's organisation by slug (nullopt: no such organisation).
  static Result<std::optional<CharterOrg>> CharterBySlug(SqlConn& c, const std::string& slug);
  static Status SetCharterPublished(SqlConn& c, const TenantScope& t, bool published);
  static Result<bool> CharterPublished(SqlConn& c, const TenantScope& t);
  // Settled promises with their customer's responses submitted after settling.
  static Result<std::vector<SettledPromiseResponse>> ResponsesAfterSettled(SqlConn& c,
                                                                           const TenantScope& t);

  // --- issue 16: the board, the kept-rate report, the charter's week
  // Unsettled promises due before `due_before` matching `f`, soonest first.
  static Result<std::vector<PromiseRecord>> BoardUnsettled(SqlConn& c, const TenantScope& t,
                                                           const PromiseFilterIds& f,
                                                           UnixSeconds due_before, int limit);
  // Broken promises settled at or after `since` matching `f`, newest first.
  static Result<std::vector<PromiseRecord>> BoardBroken(SqlConn& c, const TenantScope& t,
                                                        const PromiseFilterIds& f,
                                                        UnixSeconds since, int limit);
  // Every promise made at or after `since`, with its location.
  static Result<std::vector<PromiseFact>> Facts(SqlConn& c, const TenantScope& t,
                                                UnixSeconds since);
  // Per promise type: the promises broken (settled) at or after `since`
  // (`broken` set, the other counts 0).
  static Result<std::vector<PromiseTypeCount>> BrokenByTypeSince(SqlConn& c, const TenantScope& t,
                                                                 UnixSeconds since);
};

}  // namespace beleving::store
