// Storage of cases and their log (the loop room, loop/case_service.h):
// one row per case with its ISO 10002 status and SLA times, and the case
// log (case_events). Reads of a caller take the caller's TenantScope
// (managers see cases of their teams and locations, employees the cases
// they own); SysOpenCases is the loop's background tick's, across
// organisations.
#pragma once

#include <map>
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
  std::string kind;  // status, note, contact, waiting, update, escalation, sla, satisfaction
  std::string actor;
  std::string body;  // JSON text
  UnixSeconds at = 0;
};

struct CaseFilter {
  std::optional<std::string> status, case_type;
  bool open_only = false;
  std::optional<UnixSeconds> opened_from, opened_to;
  std::optional<int64_t> owner_employee_id, team_id;
  // The SLA state the tick last recorded (sla_flags): a timer breached, a
  // timer at risk and none breached, or neither.
  enum class Sla { kAny, kBreached, kAtRisk, kOk };
  Sla sla = Sla::kAny;
};

// The order of a work queue. kUrgency: SLA breached first, then at risk,
// then high or critical severity, then the longest waiting.
enum class CaseOrder { kUrgency, kOldest, kNewest };

// Counts over every case a filter selects (not only one page of them).
struct CaseCounts {
  int64_t total = 0, breached = 0, at_risk = 0, high = 0;  // at_risk: and not breached
  std::map<std::string, int64_t> by_type;
};

// What an automatic case's title is made of, read from the rows it came
// from, so a page can word the title in its reader's language.
struct CaseTitleFacts {
  std::optional<int> nps;                // the response's score (detractor, disappointment)
  std::optional<int> best_previous_nps;  // the customer's best earlier score (disappointment)
  std::optional<int64_t> employee_id;    // the response's employee
  std::optional<std::string> complaint_subject;  // subject, else issue, else product
  std::optional<std::string> promise_text;       // the broken promise
};

class CaseStore {
 public:
  // nullopt when (org, source_key) already has a case.
  static Result<std::optional<int64_t>> InsertCase(SqlConn& c, const CaseRecord& r);
  static Result<std::optional<CaseRecord>> GetCase(SqlConn& c, const TenantScope& t, int64_t id);
  static Result<std::vector<CaseRecord>> ListCases(SqlConn& c, const TenantScope& t,
                                                   const CaseFilter& f, int64_t after, int limit);
  // One page of a work queue: the cases `f` selects in `order`, skipping
  // `offset` of them.
  static Result<std::vector<CaseRecord>> QueueCases(SqlConn& c, const TenantScope& t,
                                                    const CaseFilter& f, CaseOrder order,
                                                    int64_t offset, int limit);
  static Result<CaseCounts> CountCases(SqlConn& c, const TenantScope& t, const CaseFilter& f);
  // Writes every mutable field of `r` (status, times, owner, ...).
  static Status UpdateCase(SqlConn& c, const CaseRecord& r);
  static Status AddCaseEvent(SqlConn& c, const TenantScope& t, const CaseEvent& e);
  // The case's log, oldest first (at most 1000 entries).
  static Result<std::vector<CaseEvent>> CaseEvents(SqlConn& c, const TenantScope& t,
                                                   int64_t case_id);
  // The title facts of the cases `ids` of t's organisation (at most 1000),
  // by case id; cases without any are missing from the map.
  static Result<std::map<int64_t, CaseTitleFacts>> TitleFacts(SqlConn& c, const TenantScope& t,
                                                              const std::vector<int64_t>& ids);
  // Open cases of every organisation whose type has an SLA policy (the tick),
  // ascending ids after `after`.
  static Result<std::vector<CaseRecord>> SysOpenCases(SqlConn& c, const SystemScope& all,
                                                      int64_t after, int limit);

  // Owner rule helpers: null when unknown.
  static Result<std::optional<int64_t>> TeamLead(SqlConn& c, const TenantScope& t, int64_t team_id);
  static Result<std::optional<int64_t>> TeamLocation(SqlConn& c, const TenantScope& t,
                                                     int64_t team_id);
  static Result<std::optional<int64_t>> LocationManager(SqlConn& c, const TenantScope& t,
                                                        int64_t location_id);
  // E-mail addresses of the org's admins (escalation level 3).
  static Result<std::vector<std::string>> AdminEmails(SqlConn& c, const TenantScope& t);
};

}  // namespace beleving::store
