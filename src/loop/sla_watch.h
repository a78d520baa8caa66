// Watching service levels: the loop's tick evaluates the SLA timers of
// open cases (loop/sla.h) at most once per clock second. A timer that
// reaches at-risk, and again when it breaches, escalates the case one
// level (team lead -> location manager -> the organisation's admins,
// skipping an empty level or the person who has it already), logs it and
// raises "sla.at_risk" / "sla.breached". Also the SLA report: per case
// type, how often each target was met or missed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "loop/alerts.h"
#include "loop/case_service.h"
#include "loop/sla.h"
#include "loop/sla_settings.h"
#include "security/principal.h"
#include "store/case_store.h"
#include "store/sql.h"

namespace beleving::loop {

struct SlaTargetCounts {
  int64_t met = 0, missed = 0, breached_open = 0;
  int64_t total_used_seconds = 0, finished = 0;  // over met + missed
};

struct SlaReportRow {
  std::string case_type;
  int64_t opened = 0, closed = 0;
  SlaTargetCounts acknowledge, first_contact, resolve;
};

struct SlaReportCase {
  store::CaseRecord record;
  SlaState sla;
};

struct SlaReport {
  std::vector<SlaReportRow> by_type;
  std::vector<SlaReportCase> cases;  // at most 1000, by id
};

class SlaWatch {
 public:
  SlaWatch(store::Database& db, const Clock& clock, CaseService& cases, Alerts& alerts,
           SlaSettings& settings)
      : db_(db), clock_(clock), cases_(cases), alerts_(alerts), settings_(settings) {}

  // The tick's part: every open case with a policy, in pages; a page is
  // written only when one of its timers crosses a line.
  Status EvaluateOpenCases(UnixSeconds now);

  // Cases opened in [from, to) visible to `who`, with their SLA outcome now.
  Result<SlaReport> Report(const security::Principal& who, std::optional<UnixSeconds> from,
                           std::optional<UnixSeconds> to);

 private:
  Status Escalate(store::SqlConn& c, store::CaseRecord& k, const std::string& reason);

  store::Database& db_;
  const Clock& clock_;
  CaseService& cases_;
  Alerts& alerts_;
  SlaSettings& settings_;
};

}  // namespace beleving::loop
