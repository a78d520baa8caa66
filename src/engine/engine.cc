#include "engine/engine.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>

#include "engine/kernels.h"
#include "engine/scan.h"
#include "engine/storage.h"

namespace beleving::engine {

using internal::Partition;

Engine::Engine() = default;
Engine::~Engine() = default;

uint32_t Engine::LastResponseId() const {
  std::shared_lock lock(mu_);
  return last_response_id_;
}

void Engine::Swap(Engine& other) {
  if (&other == this) return;
  std::scoped_lock lock(mu_, other.mu_);
  partitions_.swap(other.partitions_);
  zones_.swap(other.zones_);
  std::swap(last_response_id_, other.last_response_id_);
  std::swap(any_response_, other.any_response_);
}

namespace {

constexpr size_t kParallelAppendRows = 8192;

// "/<i>/<name>" (built with append: GCC 12 -Wrestrict misfires on operator+).
std::string Field(size_t i, std::string_view name) {
  std::string f = "/";
  f.append(std::to_string(i));
  f.push_back('/');
  f.append(name);
  return f;
}

Status CheckFacts(const ResponseFacts& f, size_t i) {
  if (f.org == 0) return InvalidArgument("org must be a store id (not 0)", Field(i, "org"));
  if (f.nps < -1 || f.nps > 10) return InvalidArgument("nps must be 0..10 or -1", Field(i, "nps"));
  if (f.csat == 0 || f.csat < -1 || f.csat > 5) {
    return InvalidArgument("csat must be 1..5 or -1", Field(i, "csat"));
  }
  if (f.ces == 0 || f.ces < -1 || f.ces > 7) {
    return InvalidArgument("ces must be 1..7 or -1", Field(i, "ces"));
  }
  for (size_t d = 0; d < f.drivers.size(); ++d) {
    const int v = f.drivers[d];
    if (v == 0 || v < -1 || v > 5) {
      return InvalidArgument("driver ratings must be 1..5 or -1",
                             Field(i, "drivers/" + std::to_string(d)));
    }
  }
  if (static_cast<unsigned>(f.channel) >= kChannelCount) {
    return InvalidArgument("unknown channel", Field(i, "channel"));
  }
  return Status::Ok();
}

}  // namespace

Status Engine::Append(std::span<const ResponseFacts> responses) {
  std::unique_lock lock(mu_);
  uint32_t last = last_response_id_;
  bool any = any_response_;
  for (size_t i = 0; i < responses.size(); ++i) {
    const ResponseFacts& f = responses[i];
    RETURN_IF_ERROR(CheckFacts(f, i));
    if (any && f.response_id <= last) {
      return InvalidArgument("response ids must increase with ingest order",
                             Field(i, "response_id"));
    }
    last = f.response_id;
    any = true;
  }
  // Each partition addresses at most 2^14 chunks.
  const size_t batch_chunks = responses.size() / internal::kChunkRows + 2;
  for (const auto& [org, p] : partitions_) {
    if (p->chunks().size() + batch_chunks >= (size_t{1} << (28 - internal::kChunkShift))) {
      std::string msg = "organisation ";
      msg.append(std::to_string(org)).append(" has reached the engine's per-organisation capacity");
      return ResourceExhausted(std::move(msg));
    }
  }
  // Partitions are independent: a large batch is appended by two threads,
  // each owning a set of organisations (balanced by row count).
  std::unordered_map<uint32_t, std::pair<Partition*, uint64_t>> touched;
  for (const ResponseFacts& f : responses) {
    auto& t = touched[f.org];
    if (t.first == nullptr) {
      auto& slot = partitions_[f.org];
      if (!slot) {
        slot = std::make_unique<Partition>(f.org);
        if (auto z = zones_.find(f.org); z != zones_.end()) slot->set_time_zone(z->second);
      }
      t.first = slot.get();
    }
    ++t.second;
  }
  auto append_owned = [&](int worker, const std::unordered_map<uint32_t, int>* owner) {
    uint32_t cached_org = 0;
    Partition* p = nullptr;
    bool mine = false;
    for (const ResponseFacts& f : responses) {
      if (p == nullptr || f.org != cached_org) {
        cached_org = f.org;
        p = touched[f.org].first;
        mine = owner == nullptr || owner->at(f.org) == worker;
      }
      if (mine) p->Append(f);
    }
  };
  if (responses.size() >= kParallelAppendRows && touched.size() > 1) {
    std::vector<std::pair<uint64_t, uint32_t>> by_size;
    for (const auto& [org, t] : touched) by_size.emplace_back(t.second, org);
    std::sort(by_size.rbegin(), by_size.rend());
    std::unordered_map<uint32_t, int> owner;
    uint64_t load[2] = {0, 0};
    for (const auto& [n, org] : by_size) {
      const int w = load[0] <= load[1] ? 0 : 1;
      owner[org] = w;
      load[w] += n;
    }
    std::thread helper(append_owned, 1, &owner);
    append_owned(0, &owner);
    helper.join();
  } else {
    append_owned(0, nullptr);
  }
  last_response_id_ = last;
  any_response_ = any;
  return Status::Ok();
}

Status Engine::ReplaceOrg(uint32_t org, std::span<const ResponseFacts> responses) {
  if (org == 0) return InvalidArgument("org must be a store id (not 0)", "/org");
  for (size_t i = 0; i < responses.size(); ++i) {
    const ResponseFacts& f = responses[i];
    RETURN_IF_ERROR(CheckFacts(f, i));
    if (f.org != org) return InvalidArgument("a response of another organisation", Field(i, "org"));
    if (i > 0 && f.response_id <= responses[i - 1].response_id) {
      return InvalidArgument("response ids must increase", Field(i, "response_id"));
    }
  }
  if (responses.size() >= internal::kMaxPartitionRows) {
    return ResourceExhausted("too many responses for one organisation");
  }
  // Built outside the lock: queries go on reading the old partition.
  auto fresh = std::make_unique<Partition>(org);
  for (const ResponseFacts& f : responses) fresh->Append(f);
  std::unique_lock lock(mu_);
  if (!responses.empty() && (!any_response_ || responses.back().response_id > last_response_id_)) {
    return InvalidArgument("ReplaceOrg may not add responses beyond the last appended id",
                           Field(responses.size() - 1, "response_id"));
  }
  if (auto z = zones_.find(org); z != zones_.end()) fresh->set_time_zone(z->second);
  if (responses.empty()) {
    partitions_.erase(org);
  } else {
    partitions_[org] = std::move(fresh);
  }
  return Status::Ok();
}

void Engine::SetOrgTimeZone(uint32_t org, TimeZone tz) {
  std::unique_lock lock(mu_);
  if (auto it = partitions_.find(org); it != partitions_.end()) it->second->set_time_zone(tz);
  zones_[org] = std::move(tz);
}

TimeZone Engine::OrgTimeZone(uint32_t org) const {
  std::shared_lock lock(mu_);
  auto it = zones_.find(org);
  return it == zones_.end() ? TimeZone::Utc() : it->second;
}

Result<std::vector<const Partition*>> Engine::PartitionsIn(const Scope& scope) const {
  std::vector<const Partition*> out;
  if (scope.all()) {
    for (const auto& [org, p] : partitions_) out.push_back(p.get());
    std::sort(out.begin(), out.end(),
              [](const Partition* a, const Partition* b) { return a->org() < b->org(); });
    return out;
  }
  if (scope.orgs().empty()) {
    return InvalidArgument("the query's scope names no organisation", "/scope");
  }
  for (uint32_t org : scope.orgs()) {
    if (auto it = partitions_.find(org); it != partitions_.end()) out.push_back(it->second.get());
  }
  return out;
}

EngineSummary Engine::Summary(const Scope& scope) const {
  std::shared_lock lock(mu_);
  EngineSummary s;
  s.last_response_id = last_response_id_;
  auto parts = PartitionsIn(scope);
  if (!parts.ok()) return s;
  for (const Partition* p : *parts) {
    if (p->rows() == 0) continue;
    ++s.orgs;
    s.responses += p->rows();
    s.first_submitted_at = std::min(s.first_submitted_at.value_or(p->ts_min()), p->ts_min());
    s.last_submitted_at = std::max(s.last_submitted_at.value_or(p->ts_max()), p->ts_max());
  }
  return s;
}

uint64_t Engine::Rows() const {
  std::shared_lock lock(mu_);
  uint64_t rows = 0;
  for (const auto& [org, p] : partitions_) rows += p->rows();
  return rows;
}

size_t Engine::MemoryBytes() const {
  std::shared_lock lock(mu_);
  size_t bytes = 0;
  for (const auto& [org, p] : partitions_) {
    bytes += p->customer_index_bytes();
    int optional = 0;
    for (int k = 0; k < internal::kOptionalColumns; ++k)
      optional += (p->optional_present() >> k) & 1;
    for (const auto& c : p->chunks()) {
      size_t per_row = c->id.width + 4 + 3 + static_cast<size_t>(optional);
      for (int d = 0; d < internal::kDimColumns; ++d) {
        if (p->dim_present(d)) per_row += c->dim[static_cast<size_t>(d)].width;
      }
      bytes += per_row * c->rows;
    }
  }
  return bytes;
}

Result<MeasureResult> Engine::Measures(const MeasureQuery& q) const {
  BeforeQuery();
  std::shared_lock lock(mu_);
  return MeasuresLocked(q);
}

Result<MeasureResult> Engine::MeasuresLocked(const MeasureQuery& q) const {
  MeasureResult result;
  ASSIGN_OR_RETURN(result.group_by, ParseGroupBy(q.group_by));
  ASSIGN_OR_RETURN(auto parts, PartitionsIn(q.scope));
  ASSIGN_OR_RETURN(auto plan, internal::MakeScanPlan(parts, result.group_by, q.filter, 1u << 17));
  bool csat = false, ces = false;
  for (const auto& pp : plan.parts) {
    csat |= q.csat && (pp.partition->optional_present() & (1u << internal::kCsatCol)) != 0;
    ces |= q.ces && (pp.partition->optional_present() & (1u << internal::kCesCol)) != 0;
  }
  auto [kernel, slots] = internal::RunScan<internal::AnswerCountsKernel>(
      plan, [&] { return internal::AnswerCountsKernel(csat, ces); });
  for (uint32_t s : internal::SlotsInKeyOrder(slots)) {
    if (kernel.Responses(s) == 0) continue;
    MeasureRow row;
    row.key = plan.layout.Decode(slots.KeyOf(s));
    row.measures = ComputeScoreMeasures(kernel.Counts(s));
    result.rows.push_back(std::move(row));
  }
  if (result.group_by.empty() && result.rows.empty()) result.rows.emplace_back();
  return result;
}

Result<ConsistencyResult> Engine::Consistency(const ConsistencyQuery& q) const {
  BeforeQuery();
  if (q.standard < 0 || q.standard > 11) {
    return InvalidArgument("standard must be 0..11", "/standard");
  }
  ConsistencyResult result;
  ASSIGN_OR_RETURN(result.group_by, ParseGroupBy(q.group_by));
  const bool by_team = std::find(result.group_by.begin(), result.group_by.end(), GroupKey::kTeam) !=
                       result.group_by.end();
  const bool has_employee = std::find(result.group_by.begin(), result.group_by.end(),
                                      GroupKey::kEmployee) != result.group_by.end();
  const bool add_employee = by_team && !has_employee;
  MeasureQuery mq{q.scope, q.filter, q.group_by};
  if (add_employee) mq.group_by.push_back("employee");
  std::shared_lock lock(mu_);
  ASSIGN_OR_RETURN(auto measures, MeasuresLocked(mq));
  lock.unlock();

  const size_t prefix = result.group_by.size();
  const auto& rows = measures.rows;
  for (size_t i = 0; i < rows.size();) {
    size_t j = i;
    std::array<int64_t, 11> dist{};
    std::vector<double> employee_means;
    auto same_group = [&](size_t a, size_t b) {
      return std::equal(rows[a].key.begin(), rows[a].key.begin() + static_cast<long>(prefix),
                        rows[b].key.begin());
    };
    for (; j < rows.size() && same_group(i, j); ++j) {
      const ScoreMeasures& m = rows[j].measures;
      for (size_t s = 0; s < 11; ++s) dist[s] += m.distribution[s];
      const bool known_employee = !by_team || rows[j].key.back() != 0;
      if (by_team && known_employee && m.nps_answers >= q.min_employee_responses &&
          m.nps_answers > 0) {
        employee_means.push_back(*m.mean_score);
      }
    }
    auto spread = ComputeScoreSpread(dist, q.standard);
    if (spread) {
      ConsistencyRow row;
      row.key.assign(rows[i].key.begin(), rows[i].key.begin() + static_cast<long>(prefix));
      for (size_t s = 0; s < 11; ++s) {
        row.n += dist[s];
        row.mean += static_cast<double>(dist[s]) * static_cast<double>(s);
      }
      row.mean /= static_cast<double>(row.n);
      row.stddev = spread->stddev;
      row.q1 = spread->q1;
      row.q3 = spread->q3;
      row.iqr = spread->iqr;
      row.share_below = spread->share_below;
      if (by_team) {
        EmployeeSpread e;
        e.employees = static_cast<int64_t>(employee_means.size());
        if (!employee_means.empty()) {
          double sum = 0;
          for (double m : employee_means) sum += m;
          const double mean = sum / static_cast<double>(employee_means.size());
          double ss = 0;
          for (double m : employee_means) ss += (m - mean) * (m - mean);
          e.stddev = std::sqrt(ss / static_cast<double>(employee_means.size()));
          e.min_mean = *std::min_element(employee_means.begin(), employee_means.end());
          e.max_mean = *std::max_element(employee_means.begin(), employee_means.end());
        }
        row.employees = e;
      }
      result.rows.push_back(std::move(row));
    }
    i = j;
  }
  return result;
}

}  // namespace beleving::engine
