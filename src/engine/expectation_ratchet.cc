#include "engine/expectation_ratchet.h"

#include <algorithm>
#include <mutex>
#include <tuple>

#include "engine/engine.h"
#include "engine/kernels.h"
#include "engine/storage.h"

namespace beleving::engine {

namespace {

using internal::Block;

bool MoreRecent(const DisappointedResponse& a, const DisappointedResponse& b) {
  return std::tie(a.submitted_at, a.response_id) > std::tie(b.submitted_at, b.response_id);
}

// Per slot: scored responses with a best_prev, and how many disappoint.
// Optionally keeps the `limit` most recent disappointed responses.
class RatchetKernel {
 public:
  RatchetKernel(int threshold, size_t limit) : threshold_(threshold), limit_(limit) {}

  void Resize(uint32_t slots) {
    if (slots > with_prev_.size()) {
      with_prev_.resize(slots);
      disappointed_.resize(slots);
    }
  }

  void Consume(const Block& b) {
    const int8_t* s = b.chunk->nps + b.begin;
    const int8_t* p = b.chunk->best_prev + b.begin;
    const int thr = threshold_;
    if (b.uniform_slot >= 0) {
      uint32_t with = 0, dis = 0;
      if (b.mask == nullptr) {
        for (uint32_t i = 0; i < b.count; ++i) {
          const uint32_t h = static_cast<uint32_t>((s[i] >= 0) & (p[i] >= 0));
          with += h;
          dis += h & static_cast<uint32_t>(s[i] <= p[i] - thr);
        }
      } else {
        for (uint32_t i = 0; i < b.count; ++i) {
          const uint32_t h = static_cast<uint32_t>((s[i] >= 0) & (p[i] >= 0)) & b.mask[i];
          with += h;
          dis += h & static_cast<uint32_t>(s[i] <= p[i] - thr);
        }
      }
      with_prev_[static_cast<size_t>(b.uniform_slot)] += with;
      disappointed_[static_cast<size_t>(b.uniform_slot)] += dis;
    } else {
      internal::ForSelected(b, [&](uint32_t i) {
        if (s[i] < 0 || p[i] < 0) return;
        ++with_prev_[b.slot[i]];
        disappointed_[b.slot[i]] += static_cast<uint64_t>(s[i] <= p[i] - thr);
      });
    }
    if (limit_ > 0) Collect(b, s, p);
  }

  void MergeFrom(const RatchetKernel& o, const std::vector<uint32_t>& remap) {
    for (uint32_t k = 0; k < remap.size(); ++k) {
      with_prev_[remap[k]] += o.with_prev_[k];
      disappointed_[remap[k]] += o.disappointed_[k];
    }
    for (const auto& d : o.list_) Offer(d);
  }

  std::vector<uint64_t> with_prev_, disappointed_;
  std::vector<DisappointedResponse> list_;  // heap: least recent on top

 private:
  void Collect(const Block& b, const int8_t* s, const int8_t* p) {
    const internal::Chunk& c = *b.chunk;
    internal::ForSelected(b, [&](uint32_t i) {
      if (s[i] < 0 || p[i] < 0 || s[i] > p[i] - threshold_) return;
      const uint32_t r = b.begin + i;
      DisappointedResponse d;
      d.submitted_at = c.TsAt(r);
      d.response_id = c.id.Get(r);
      if (list_.size() >= limit_ && !MoreRecent(d, list_.front())) return;
      d.org = b.partition->org();
      d.customer = c.dim[internal::kCustomerCol].Get(r);
      d.score = s[i];
      d.best_prev = p[i];
      d.employee = c.dim[internal::kEmployeeCol].Get(r);
      d.team = c.dim[internal::kTeamCol].Get(r);
      d.touchpoint = c.dim[internal::kTouchpointCol].Get(r);
      Offer(d);
    });
  }

  void Offer(const DisappointedResponse& d) {
    if (list_.size() < limit_) {
      list_.push_back(d);
      std::push_heap(list_.begin(), list_.end(), MoreRecent);
    } else if (MoreRecent(d, list_.front())) {
      std::pop_heap(list_.begin(), list_.end(), MoreRecent);
      list_.back() = d;
      std::push_heap(list_.begin(), list_.end(), MoreRecent);
    }
  }

  int threshold_;
  size_t limit_;
};

}  // namespace

Result<RatchetResult> Engine::ExpectationRatchet(const RatchetQuery& q) const {
  BeforeQuery();
  if (q.threshold < 1 || q.threshold > 10) {
    return InvalidArgument("threshold must be 1..10", "/threshold");
  }
  {
    std::shared_lock lock(mu_);
    ASSIGN_OR_RETURN(auto parts, PartitionsIn(q.scope));
    const bool dirty = std::any_of(parts.begin(), parts.end(),
                                   [](const internal::Partition* p) { return p->ratchet_dirty(); });
    if (!dirty) return RatchetLocked(q);
  }
  // Out-of-order appends since the last repair: fix best_prev first.
  std::unique_lock lock(mu_);
  for (const auto& [org, p] : partitions_) {
    if (q.scope.Contains(org)) p->RecomputeRatchet();
  }
  return RatchetLocked(q);
}

Result<RatchetResult> Engine::RatchetLocked(const RatchetQuery& q) const {
  RatchetResult result;
  ASSIGN_OR_RETURN(result.group_by, ParseGroupBy(q.group_by));
  ASSIGN_OR_RETURN(auto parts, PartitionsIn(q.scope));
  ASSIGN_OR_RETURN(auto plan, internal::MakeScanPlan(parts, result.group_by, q.filter, 1u << 18));
  auto [kernel, slots] = internal::RunScan<RatchetKernel>(
      plan, [&] { return RatchetKernel(q.threshold, q.list_limit); });
  for (uint32_t s : internal::SlotsInKeyOrder(slots)) {
    if (kernel.with_prev_[s] == 0) continue;
    RatchetRow row;
    row.key = plan.layout.Decode(slots.KeyOf(s));
    row.with_prev = static_cast<int64_t>(kernel.with_prev_[s]);
    row.disappointed = static_cast<int64_t>(kernel.disappointed_[s]);
    row.share = static_cast<double>(row.disappointed) / static_cast<double>(row.with_prev);
    result.disappointed_total += row.disappointed;
    result.rows.push_back(std::move(row));
  }
  result.disappointed = std::move(kernel.list_);
  std::sort(result.disappointed.begin(), result.disappointed.end(), MoreRecent);
  return result;
}

}  // namespace beleving::engine
