// The durable job runner: delayed and retried background work stored in the
// database (table `jobs`), so a restart - graceful or a crash - loses nothing.
// Used for survey invitations and reminders (issue 4) and by other rooms for
// case/SLA timers, webhook retries and retention.
//
// Contract
// - Schedule() inserts a job inside the caller's Database::Write, so the job
//   exists if and only if the caller's own changes commit. With a dedupe key,
//   a second Schedule of the same (org, kind, key) is a no-op.
// - A job runs at or after run_at, at least once. Two kinds of handler:
//   * Register(kind, Handler): the handler runs INSIDE the Database::Write
//     that marks the job done, on the writer thread. Its database changes and
//     the job's completion commit together, so its effect is exactly-once.
//     It must be quick and must not call Database::Write/Read (deadlock).
//   * RegisterExternal(kind, ExternalHandler): the handler runs on the
//     runner thread outside any transaction (SMTP, HTTP webhooks); it may
//     call Database::Write/Read itself. A crash between its effect and the
//     job's completion reruns it after the lease (kLeaseSeconds): make the
//     effect idempotent by recording it (e-mails: invitation_mails).
// - A failed handler (non-OK Status) is retried with exponential backoff
//   (Backoff()); after max_attempts attempts the job is 'dead' and keeps its
//   last error. A kFailedPrecondition Status ends the job at once (dead)
//   without retries: the work can never succeed.
// - RunDue() runs every due job now (tests drive it with a ManualClock);
//   Start() runs a polling thread (every poll_interval, or sooner on Wake()).
//
// Thread safety: Register* before Start()/RunDue(); Schedule, Wake, RunDue
// and AddTick-registered functions are safe from any thread except that
// Schedule needs the SqlConn of a Write in progress.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/job_store.h"
#include "store/sql.h"

namespace beleving::jobs {

struct Job {
  int64_t id = 0;
  int64_t org_id = 0;  // 0: not tied to an organisation
  std::string kind;
  std::string payload;  // JSON text given to Schedule
  int attempt = 1;      // 1 for the first run
  UnixSeconds run_at = 0;
};

using Handler = std::function<Status(store::SqlConn& c, const Job& job)>;
using ExternalHandler = std::function<Status(const Job& job)>;

struct RetryPolicy {
  int max_attempts = 8;
  int64_t base_seconds = 30;       // delay after the first failure
  int64_t max_seconds = 6 * 3600;  // cap on one delay
};

// The delay before the next attempt after `attempt` failed attempts
// (attempt >= 1): base * 2^(attempt-1), capped at max_seconds.
int64_t Backoff(const RetryPolicy& policy, int attempt);

class JobRunner {
 public:
  static constexpr int64_t kLeaseSeconds = 300;
  static constexpr int kBatch = 32;

  JobRunner(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  ~JobRunner() { Stop(); }
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void Register(std::string kind, Handler handler, RetryPolicy policy = {});
  void RegisterExternal(std::string kind, ExternalHandler handler, RetryPolicy policy = {});
  // A function run at the start of every RunDue (before due jobs), e.g. to
  // turn newly ingested interactions into scheduled jobs. It should return
  // fast when it has nothing to do.
  void AddTick(std::function<void()> tick);

  // Inserts a job (see the contract above). Call inside a Database::Write.
  // Returns the job id, or nullopt when the dedupe key already exists.
  Result<std::optional<int64_t>> Schedule(store::SqlConn& c, int64_t org_id, std::string kind,
                                          std::string payload_json, UnixSeconds run_at,
                                          std::optional<std::string> dedupe_key = std::nullopt);
  // Asks the polling thread to look now rather than at its next poll.
  void Wake();

  // Runs the ticks, then every job due on the clock now; returns the number of
  // job attempts made (succeeded or failed).
  size_t RunDue();

  // The queue now, over every organisation and kind (for GET /metrics).
  Result<store::JobQueueStats> Queue();

  void Start(std::chrono::milliseconds poll_interval = std::chrono::milliseconds(200));
  void Stop();

 private:
  struct Kind {
    Handler handler;
    ExternalHandler external;
    RetryPolicy policy;
  };
  void RunOne(const Kind& kind, const Job& job);
  void Loop(std::chrono::milliseconds poll_interval);

  store::Database& db_;
  const Clock& clock_;
  std::map<std::string, Kind> kinds_;  // fixed after start
  std::vector<std::string> kind_names_;
  std::vector<std::function<void()>> ticks_;
  std::mutex run_mu_;  // one RunDue at a time

  std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;      // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace beleving::jobs
