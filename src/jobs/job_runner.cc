#include "jobs/job_runner.h"

#include "core/log.h"
#include "store/job_store.h"

namespace beleving::jobs {

int64_t Backoff(const RetryPolicy& policy, int attempt) {
  int64_t d = policy.base_seconds;
  for (int i = 1; i < attempt && d < policy.max_seconds; ++i) d *= 2;
  return d < policy.max_seconds ? d : policy.max_seconds;
}

void JobRunner::Register(std::string kind, Handler handler, RetryPolicy policy) {
  kind_names_.push_back(kind);
  kinds_[std::move(kind)] = Kind{std::move(handler), nullptr, policy};
}

void JobRunner::RegisterExternal(std::string kind, ExternalHandler handler, RetryPolicy policy) {
  kind_names_.push_back(kind);
  kinds_[std::move(kind)] = Kind{nullptr, std::move(handler), policy};
}

void JobRunner::AddTick(std::function<void()> tick) { ticks_.push_back(std::move(tick)); }

Result<std::optional<int64_t>> JobRunner::Schedule(store::SqlConn& c, int64_t org_id,
                                                   std::string kind, std::string payload_json,
                                                   UnixSeconds run_at,
                                                   std::optional<std::string> dedupe_key) {
  if (kind.empty() || kind.size() > 100) return InvalidArgument("job kind must be 1-100 bytes");
  if (payload_json.size() > 64 * 1024) return InvalidArgument("job payload over 64 KB");
  return store::JobStore::Insert(c, org_id, kind, payload_json, run_at, dedupe_key, clock_.Now());
}

void JobRunner::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    wake_ = true;
  }
  cv_.notify_one();
}

Result<store::JobQueueStats> JobRunner::Queue() {
  store::JobQueueStats stats;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(stats, store::JobStore::QueueStats(c, clock_.Now()));
    return Status::Ok();
  }));
  return stats;
}

size_t JobRunner::RunDue() {
  std::lock_guard<std::mutex> run_lock(run_mu_);
  for (auto& tick : ticks_) tick();
  size_t ran = 0;
  for (;;) {
    UnixSeconds now = clock_.Now();
    bool any = false;
    Status st = db_.Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(any, store::JobStore::AnyDue(c, kind_names_, now));
      return Status::Ok();
    });
    if (!st.ok()) {
      log::Warn("jobs: checking due jobs failed: {}", st.ToString());
      return ran;
    }
    if (!any) return ran;
    std::vector<store::JobRecord> claimed;
    st = db_.Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(claimed,
                       store::JobStore::ClaimDue(c, kind_names_, now, kLeaseSeconds, kBatch));
      return Status::Ok();
    });
    if (!st.ok()) {
      log::Warn("jobs: claiming failed: {}", st.ToString());
      return ran;
    }
    if (claimed.empty()) return ran;
    for (const auto& r : claimed) {
      auto it = kinds_.find(r.kind);
      if (it == kinds_.end()) continue;
      RunOne(it->second, Job{r.id, r.org_id, r.kind, r.payload, r.attempts, r.run_at});
      ++ran;
    }
  }
}

void JobRunner::RunOne(const Kind& kind, const Job& job) {
  Status result;
  if (kind.handler) {
    result = db_.Write([&](store::SqlConn& c) -> Status {
      RETURN_IF_ERROR(kind.handler(c, job));
      return store::JobStore::MarkDone(c, job.id, clock_.Now());
    });
    if (result.ok()) return;
  } else {
    result = kind.external(job);
    if (result.ok()) {
      Status st = db_.Write(
          [&](store::SqlConn& c) { return store::JobStore::MarkDone(c, job.id, clock_.Now()); });
      if (!st.ok()) log::Warn("jobs: marking job {} done failed: {}", job.id, st.ToString());
      return;
    }
  }
  bool dead =
      job.attempt >= kind.policy.max_attempts || result.code() == StatusCode::kFailedPrecondition;
  UnixSeconds now = clock_.Now();
  UnixSeconds next = now + Backoff(kind.policy, job.attempt);
  if (dead) {
    log::Warn("jobs: {} job {} is dead after {} attempts: {}", job.kind, job.id, job.attempt,
              result.ToString());
  }
  Status st = db_.Write([&](store::SqlConn& c) {
    return store::JobStore::MarkFailed(c, job.id, result.ToString(), next, dead, now);
  });
  if (!st.ok()) log::Warn("jobs: recording failure of job {} failed: {}", job.id, st.ToString());
}

void JobRunner::Start(std::chrono::milliseconds poll_interval) {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this, poll_interval] { Loop(poll_interval); });
}

void JobRunner::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobRunner::Loop(std::chrono::milliseconds poll_interval) {
  for (;;) {
    RunDue();
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, poll_interval, [&] { return stopping_ || wake_; });
    if (stopping_) return;
    wake_ = false;
  }
}

}  // namespace beleving::jobs
