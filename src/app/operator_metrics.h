// What an operator watches besides the HTTP routes (GET /metrics,
// docs/operations.md): what this process ingested since it started, the job
// queue, the engine and the database pool, in the Prometheus text format.
// The per-route request series are api::App's (http/route_stats.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "core/clock.h"

namespace beleving::engine {
class Engine;
}
namespace beleving::jobs {
class JobRunner;
}
namespace beleving::store {
class Database;
}

namespace beleving::app {

class OperatorMetrics {
 public:
  explicit OperatorMetrics(const Clock& clock) : clock_(clock), started_(clock.Now()) {}

  // Called by the ingest sinks with each committed batch.
  void CountResponses(uint64_t n) { responses_.fetch_add(n); }
  void CountInteractions(uint64_t n) { interactions_.fetch_add(n); }

  // Appends every series. A family whose source fails to answer (the
  // database) is left out, and beleving_metrics_errors counts that.
  void Append(std::string* out, store::Database& db, const engine::Engine& engine,
              jobs::JobRunner& jobs, int64_t engine_rebuilds) const;

 private:
  const Clock& clock_;
  const UnixSeconds started_;
  std::atomic<uint64_t> responses_{0}, interactions_{0};
};

}  // namespace beleving::app
