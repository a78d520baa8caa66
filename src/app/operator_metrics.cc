#include "app/operator_metrics.h"

#include "engine/engine.h"
#include "http/prometheus.h"
#include "jobs/job_runner.h"
#include "store/sql.h"

namespace beleving::app {
namespace {

void Gauge(std::string* out, std::string_view name, std::string_view help, double v,
           std::string_view type = "gauge") {
  http::AppendFamily(out, name, type, help);
  http::AppendSample(out, name, {}, v);
}

}  // namespace

void OperatorMetrics::Append(std::string* out, store::Database& db, const engine::Engine& engine,
                             jobs::JobRunner& jobs, int64_t engine_rebuilds) const {
  const UnixSeconds now = clock_.Now();
  int errors = 0;
  Gauge(out, "beleving_uptime_seconds", "Seconds since this process started",
        static_cast<double>(now - started_));
  Gauge(out, "beleving_ingested_responses_total",
        "Responses this process stored (API, survey pages, imports), duplicates not counted",
        static_cast<double>(responses_.load()), "counter");
  Gauge(out, "beleving_ingested_interactions_total",
        "Interactions this process stored, duplicates not counted",
        static_cast<double>(interactions_.load()), "counter");

  auto queue = jobs.Queue();
  if (queue.ok()) {
    http::AppendFamily(out, "beleving_jobs", "gauge",
                       "Background jobs by state, over every organisation");
    for (auto [state, n] : {std::pair{"pending", queue->pending},
                            {"due", queue->due},
                            {"running", queue->running},
                            {"dead", queue->dead}}) {
      http::AppendSample(out, "beleving_jobs", {{"state", state}}, static_cast<double>(n));
    }
    Gauge(out, "beleving_jobs_oldest_due_age_seconds",
          "How long the longest-waiting due job has waited (0: none due)",
          queue->oldest_due_run_at ? static_cast<double>(now - *queue->oldest_due_run_at) : 0);
  } else {
    ++errors;
  }

  Gauge(out, "beleving_engine_responses", "Responses held by the in-memory engine",
        static_cast<double>(engine.Rows()));
  Gauge(out, "beleving_engine_memory_bytes", "Memory the engine holds for its data (estimate)",
        static_cast<double>(engine.MemoryBytes()));
  Gauge(out, "beleving_engine_rebuilds_total",
        "Times the engine was rebuilt from the database after a failed append",
        static_cast<double>(engine_rebuilds), "counter");

  const store::PoolUse pool = db.Pool();
  http::AppendFamily(out, "beleving_db_readers", "gauge", "Read connections in the pool, by use");
  http::AppendSample(out, "beleving_db_readers", {{"use", "busy"}},
                     static_cast<double>(pool.readers_busy));
  http::AppendSample(out, "beleving_db_readers", {{"use", "idle"}},
                     static_cast<double>(pool.readers - pool.readers_busy));
  Gauge(out, "beleving_db_writes_queued", "Write units waiting for the writer thread",
        static_cast<double>(pool.writes_queued));
  Gauge(out, "beleving_metrics_errors", "Sources that did not answer while this page was made",
        errors);
}

}  // namespace beleving::app
