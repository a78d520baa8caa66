// Background jobs in storage (table `jobs`, migration 0002_ask.sql). Used by
// jobs::JobRunner only; other modules schedule through the runner.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"

namespace beleving::store {

struct JobRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string kind;
  std::string payload;  // JSON text
  std::string state;    // pending, running, done, dead
  UnixSeconds run_at = 0;
  int attempts = 0;  // attempts started, including the current one
  std::optional<std::string> last_error;
  std::optional<std::string> dedupe_key;
};

// The queue at one moment, for operators (GET /metrics).
struct JobQueueStats {
  int64_t pending = 0;  // waiting, due or not
  int64_t due = 0;      // pending with run_at <= now, or running with an expired lease
  int64_t running = 0;  // claimed by a runner, lease not expired
  int64_t dead = 0;     // gave up after their attempts
  std::optional<UnixSeconds> oldest_due_run_at;  // the longest-waiting due job
};

class JobStore {
 public:
  // Inserts a pending job; with a dedupe key, a second job of the same
  // (org, kind, key) is not created. Returns the new id or nullopt.
  static Result<std::optional<int64_t>> Insert(SqlConn& c, int64_t org_id, const std::string& kind,
                                               const std::string& payload, UnixSeconds run_at,
                                               const std::optional<std::string>& dedupe_key,
                                               UnixSeconds now);
  // Claims up to `limit` due jobs of the given kinds (pending with run_at <=
  // now, or running with an expired lease): state running, attempts + 1,
  // lease until now + lease_seconds. Must run inside a Database::Write.
  static Result<std::vector<JobRecord>> ClaimDue(SqlConn& c, const std::vector<std::string>& kinds,
                                                 UnixSeconds now, int64_t lease_seconds, int limit);
  // Whether any job of these kinds is due (a cheap check before claiming).
  static Result<bool> AnyDue(SqlConn& c, const std::vector<std::string>& kinds, UnixSeconds now);
  // Done: the payload (addresses, event data) is cleared, the row and its
  // dedupe key stay so the same job is not scheduled again.
  static Status MarkDone(SqlConn& c, int64_t id, UnixSeconds now);
  // Back to pending at `run_at`, or dead when `dead`, recording the error.
  static Status MarkFailed(SqlConn& c, int64_t id, const std::string& error, UnixSeconds run_at,
                           bool dead, UnixSeconds now);
  static Result<std::optional<JobRecord>> Get(SqlConn& c, int64_t id);
  // Counts by state over every organisation (uses the (state, run_at) index).
  static Result<JobQueueStats> QueueStats(SqlConn& c, UnixSeconds now);
  // Jobs of an org and kind, newest first (operations, tests).
  static Result<std::vector<JobRecord>> List(SqlConn& c, int64_t org_id, const std::string& kind,
                                             int limit);
};

}  // namespace beleving::store
