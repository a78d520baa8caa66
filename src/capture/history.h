// History does not flood the loop (issue 17): responses and interactions
// that describe the past feed every analysis (the engine, reports, trends)
// but open no case, raise no alert, create no standard promise and plan no
// survey invitation. A moment is history when
//   - it was imported from a file (responses.import_source_id is set), or
//   - it was stored more than the organisation's backdated_days (default
//     14, store/history_store.h; 0 switches this rule off) after it
//     happened: submitted_at (response) or occurred_at (interaction)
//     against created_at.
// So loading years of feedback, through `beleving import responses` or the
// API, leaves the inbox with today's work only.
#pragma once

#include <map>

#include "core/clock.h"
#include "store/sql.h"

namespace beleving::capture {

// The rule itself, for one moment.
bool IsHistory(bool imported, UnixSeconds happened_at, UnixSeconds stored_at, int backdated_days);

// The rule with each organisation's setting read once per pass (use one
// instance per Database::Write; not thread-safe).
class HistoryRule {
 public:
  Result<bool> IsHistory(store::SqlConn& c, int64_t org_id, bool imported, UnixSeconds happened_at,
                         UnixSeconds stored_at);

 private:
  std::map<int64_t, int> days_;  // org -> backdated_days
};

}  // namespace beleving::capture
