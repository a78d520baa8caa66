// The insight engine: an in-memory columnar store of survey responses and
// the CX analyses that run on it (measures, consistency, expectation
// ratchet, fair ranking, key drivers).
//
// Storage is partitioned per organisation; every query carries a Scope that
// names the organisations it may read, and reads nothing else. Responses
// are appended as ResponseFacts (integer store ids only: no JSON, no HTTP, no
// strings). Design and memory layout: docs/engine.md.
//
// Thread safety: all methods may be called concurrently. Append takes an
// exclusive lock for the duration of the batch; queries take a shared lock
// and see every response whose Append returned before the query started.
// Queries are read-only except that an ExpectationRatchet query may first
// repair best_prev for out-of-order appends (under the exclusive lock).
//
// Errors: bad requests (unknown group-by, empty scope, empty period, bad
// parameters) are InvalidArgument with the offending field; an Append batch
// with an invalid response is rejected as a whole.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "core/timezone.h"
#include "engine/consistency.h"
#include "engine/expectation_ratchet.h"
#include "engine/fair_ranking.h"
#include "engine/key_drivers.h"
#include "engine/measures.h"
#include "engine/query.h"
#include "engine/response_facts.h"

namespace beleving::engine {

namespace internal {
class Partition;
}

struct MeasureQuery {
  Scope scope;
  Filter filter;
  std::vector<std::string> group_by;  // see ParseGroupBy; empty = one total row
  // Whether to count the CSAT and CES answers beside the score: a query
  // that shows only NPS skips them (their measures then stay empty).
  bool csat = true, ces = true;
};

struct MeasureRow {
  std::vector<int64_t> key;  // one value per group_by key (FormatGroupValue)
  ScoreMeasures measures;
};

struct MeasureResult {
  std::vector<GroupKey> group_by;
  // Groups with at least one matching response, in key order. Without
  // group_by: exactly one row (count 0 when nothing matches).
  std::vector<MeasureRow> rows;
};

struct EngineSummary {
  uint64_t responses = 0;
  size_t orgs = 0;
  std::optional<int64_t> first_submitted_at, last_submitted_at;
  uint32_t last_response_id = 0;  // over the whole engine
};

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Appends a batch. Every response must have org != 0, answers in range
  // (nps -1|0..10, csat -1|1..5, ces -1|1..7, drivers -1|1..5), a known
  // channel, and a response_id greater than every id appended before
  // (ids increase with ingest order). Otherwise nothing is appended and the
  // error names the response ("/3/nps"). ResourceExhausted when one org
  // would exceed 268 million responses.
  Status Append(std::span<const ResponseFacts> responses);

  // Replaces everything the engine holds of organisation `org` with
  // `responses` (that org's responses, ids increasing, none above
  // LastResponseId()): used when the database rewrote stored responses, such
  // as customer attributes applied to history. The new partition is built
  // outside the lock and swapped in at once: a query sees the old or the new
  // contents, never a mix. Errors as for Append; nothing changes on error.
  Status ReplaceOrg(uint32_t org, std::span<const ResponseFacts> responses);

  // Exchanges the whole contents (responses and time zones) with `other`,
  // atomically for readers of this engine: used to replace a diverged engine
  // with one rebuilt from the database.
  void Swap(Engine& other);

  // Called at the start of every query, before the engine's lock is taken:
  // the composition root uses it to append rows that other processes
  // committed (a CLI import, another server), so every query sees what the
  // database holds (app/services.h). Set once at start-up, before queries.
  void SetBeforeQuery(std::function<void()> hook) { before_query_ = std::move(hook); }
  // The highest response id appended (0 when none).
  uint32_t LastResponseId() const;

  // Time zone for the org's day/week/month/quarter buckets (default UTC).
  void SetOrgTimeZone(uint32_t org, TimeZone tz);
  TimeZone OrgTimeZone(uint32_t org) const;  // UTC when none was set

  EngineSummary Summary(const Scope& scope) const;

  Result<MeasureResult> Measures(const MeasureQuery& q) const;
  Result<ConsistencyResult> Consistency(const ConsistencyQuery& q) const;
  Result<RatchetResult> ExpectationRatchet(const RatchetQuery& q) const;
  Result<RankingResult> FairRanking(const RankingQuery& q) const;
  Result<KeyDriversResult> KeyDrivers(const KeyDriversQuery& q) const;

  // Memory the engine holds for its data (mapped chunk bytes that were
  // written, customer index), an estimate for monitoring.
  size_t MemoryBytes() const;
  // Responses held, over every organisation (for monitoring).
  uint64_t Rows() const;

 private:
  Result<std::vector<const internal::Partition*>> PartitionsIn(const Scope& scope) const;
  Result<MeasureResult> MeasuresLocked(const MeasureQuery& q) const;
  Result<RatchetResult> RatchetLocked(const RatchetQuery& q) const;

  mutable std::shared_mutex mu_;
  // Guarded by mu_.
  std::unordered_map<uint32_t, std::unique_ptr<internal::Partition>> partitions_;
  std::unordered_map<uint32_t, TimeZone> zones_;
  uint32_t last_response_id_ = 0;
  bool any_response_ = false;
  std::function<void()> before_query_;  // fixed before the first query
  void BeforeQuery() const {
    if (before_query_) before_query_();
  }
};

}  // namespace beleving::engine
