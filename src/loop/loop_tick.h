// The loop's background tick (registered with JobRunner::AddTick). Ingest
// commits responses and interactions and only wakes the runner; the tick
// reads what is new since its watermarks (table loop_cursors) and, in one
// write per batch together with the watermark,
// - opens cases for responses: detractor (nps <= the survey's
//   detractor_threshold, default 6) and disappointment (nps <= the
//   customer's best earlier score - 3), and raises their alerts (keyword
//   alerts for every comment);
// - makes the standard promises of each interaction's touchpoint.
// So every effect happens exactly once, also across restarts. History
// (capture/history.h) feeds the analyses but opens no case. Then, at most
// once per clock second, the promise timers (PromiseLedger::EvaluateDue)
// and the SLA timers (SlaWatch::EvaluateOpenCases).
#pragma once

#include <atomic>

#include "core/clock.h"
#include "loop/alerts.h"
#include "loop/case_service.h"
#include "loop/promise_ledger.h"
#include "loop/sla_watch.h"
#include "store/sql.h"

namespace beleving::loop {

inline constexpr int kDisappointmentDrop = 3;
inline constexpr int kDefaultDetractorThreshold = 6;

class LoopTick {
 public:
  LoopTick(store::Database& db, const Clock& clock, CaseService& cases, Alerts& alerts,
           PromiseLedger& promises, SlaWatch& sla)
      : db_(db), clock_(clock), cases_(cases), alerts_(alerts), promises_(promises), sla_(sla) {}

  // One pass. A failed Status only on storage errors. Idle passes cost
  // reads only (no write, no fsync).
  Status Run();

 private:
  Status ProcessResponses(bool* more);
  Status ProcessInteractions(bool* more);

  store::Database& db_;
  const Clock& clock_;
  CaseService& cases_;
  Alerts& alerts_;
  PromiseLedger& promises_;
  SlaWatch& sla_;
  std::atomic<UnixSeconds> last_timer_pass_{-1};
};

}  // namespace beleving::loop
