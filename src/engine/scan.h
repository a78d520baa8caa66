// Internal: the scan framework every engine query runs on.
//
// A query becomes a ScanPlan: the partitions in scope, the chunks that can
// hold matching rows (zone maps on submitted_at), a compiled filter and a
// key layout that maps the group-by values of a row to one integer key
//   key = sum_i (value_i - lo_i) * stride_i      (first key most significant)
// When the product of the key ranges is small, keys index a dense array
// directly (a perfect hash, as in DuckDB's perfect aggregate hash table);
// otherwise a per-thread hash map assigns slots.
//
// Rows are processed in blocks of kBlockRows: a selection mask, then the key
// and slot of every row, then the kernel (the aggregate) consumes the block.
// Large scans run on two threads, each with its own slots and kernel state,
// merged at the end. Kernels only add integers, so results do not depend on
// the thread split.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "engine/query.h"
#include "engine/storage.h"

namespace beleving::engine::internal {

inline constexpr uint32_t kBlockRows = 2048;
inline constexpr uint64_t kParallelRows = 1u << 18;

struct CompiledFilter {
  bool has_from = false, has_to = false;
  int64_t from = 0, to = 0;
  struct Set {
    DimColumn col;
    uint32_t lo = 0, hi = 0;
    std::vector<uint64_t> bits;    // over [lo, hi] when small
    std::vector<uint32_t> sorted;  // otherwise
    bool Contains(uint32_t v) const {
      if (!bits.empty()) {
        // Branch-free: a set of few values (one survey of three) leaves
        // most rows out of [lo, hi], which a branch would mispredict.
        const uint32_t d = v - lo;  // wraps below lo
        const bool in = d <= hi - lo;
        const uint32_t k = in ? d : 0;
        return in & (((bits[k >> 6] >> (k & 63)) & 1) != 0);
      }
      if (v < lo || v > hi) return false;
      return std::binary_search(sorted.begin(), sorted.end(), v);
    }
  };
  std::vector<Set> sets;
  // Filter::visible: a row passes when it is in at least one of these sets.
  bool has_any_of = false;
  std::vector<Set> any_of;
  bool has_channel = false;
  uint8_t channel_bits = 0;
};

struct KeyPart {
  GroupKey key;
  int64_t lo = 0, hi = -1;
  uint64_t stride = 1;
};

struct KeyLayout {
  std::vector<KeyPart> parts;
  uint64_t total = 1;  // number of distinct composite keys
  bool dense = true;
  std::vector<int64_t> Decode(uint64_t key) const;
};

struct PartitionPlan {
  const Partition* partition = nullptr;
  // Local calendar bucket (as days since epoch) of each local day number.
  int64_t day_lo = 0;
  std::vector<int64_t> bucket_of_day;
};

struct ScanPlan {
  std::vector<PartitionPlan> parts;
  CompiledFilter filter;
  KeyLayout layout;
  struct Unit {
    uint32_t part, chunk;
  };
  std::vector<Unit> units;
  uint64_t unit_rows = 0;
};

// `partitions` are the partitions in scope (already tenant-checked).
// `dense_limit`: the most slots a dense array may have for this kernel.
Result<ScanPlan> MakeScanPlan(const std::vector<const Partition*>& partitions,
                              const std::vector<GroupKey>& keys, const Filter& filter,
                              uint64_t dense_limit);

// Maps composite keys to kernel slots (identity when dense).
class SlotMap {
 public:
  explicit SlotMap(const KeyLayout& layout)
      : dense_(layout.dense), dense_size_(layout.dense ? static_cast<uint32_t>(layout.total) : 0) {}
  bool dense() const { return dense_; }
  uint32_t size() const { return dense_ ? dense_size_ : static_cast<uint32_t>(keys_.size()); }
  uint32_t Slot(uint64_t key) {
    if (dense_) return static_cast<uint32_t>(key);
    auto [it, inserted] = map_.try_emplace(key, static_cast<uint32_t>(keys_.size()));
    if (inserted) keys_.push_back(key);
    return it->second;
  }
  uint64_t KeyOf(uint32_t slot) const { return dense_ ? slot : keys_[slot]; }

 private:
  bool dense_;
  uint32_t dense_size_;
  std::unordered_map<uint64_t, uint32_t> map_;
  std::vector<uint64_t> keys_;
};

// What a kernel sees of one block of rows of one chunk.
struct Block {
  const Partition* partition;
  const Chunk* chunk;
  uint32_t begin, count;  // rows [begin, begin + count) of the chunk
  const uint8_t* mask;    // nullptr: every row selected; else 0/1 per row
  const uint16_t* sel;    // with a mask: the selected rows, ascending (see key_bytes)
  uint32_t selected;      // with a mask: how many (0 < selected < count)
  const uint32_t* slot;   // slot of each row (valid where selected); see key_bytes
  int64_t uniform_slot;   // >= 0: every row of the block has this slot
  // Byte keys (only for a kernel that declares kByteKeys): a block whose
  // key is one value (uniform_slot) or varies in one 1-byte column has no
  // `sel` (the kernel reads the mask). When key_bytes is not null, `slot`
  // is not filled either; the slot of row i is
  //   key_slot0 + key_bytes[i] * key_stride   (dense, modulo 2^32)
  // and every key_bytes[i] lies in [key_lo, key_hi].
  const uint8_t* key_bytes;
  uint32_t key_slot0, key_stride;
  uint32_t key_lo, key_hi;
};

// Fills keys for one block; returns false when the block has no selected row.
class BlockPreparer {
 public:
  // `byte_keys`: the kernel reads Block::key_bytes when it is set.
  BlockPreparer(const ScanPlan& plan, SlotMap* slots, bool byte_keys = false)
      : plan_(plan), slots_(slots), byte_keys_(byte_keys) {}
  bool Prepare(const ScanPlan::Unit& u, uint32_t begin, uint32_t count, Block* out);

 private:
  template <class K>
  bool ComputeKeys(const PartitionPlan& pp, const Chunk& c, uint32_t begin, uint32_t n,
                   uint64_t constant, K* keys);

  // Sets (first) or narrows mask_ to the rows whose value is in set `i`.
  void MaskSet(size_t i, const Chunk& c, uint32_t begin, uint32_t n, bool first);

  // Asks the CPU to load the next block's filter and key columns and its
  // scores: chunk columns are 4 KB pages apart, which stops the hardware's
  // own prefetching at every page boundary.
  void Prefetch(const Partition& p, const Chunk& c, uint32_t next) const;
  // Sets out's byte keys when the block's key varies in one 1-byte column.
  bool ByteKeys(const Partition& p, const Chunk& c, uint32_t begin, uint64_t constant, Block* out);

  const ScanPlan& plan_;
  SlotMap* slots_;
  bool byte_keys_;
  // A filter set seen from one chunk, over the values the chunk holds
  // ([col.lo, col.hi]): none of them in the set, all of them, one run of
  // stored values (a range compare, 16 rows per instruction), a table of
  // the 256 stored values of a 1-byte column, or the set itself.
  struct StoredSet {
    enum Kind : uint8_t { kNone, kAll, kRun, kTable, kGeneric } kind = kGeneric;
    uint32_t run_lo = 0, run_last = 0;  // stored d is in when d - run_lo <= run_last
    uint8_t in[256];
  };
  void SeeChunk(const Chunk& c);
  const Chunk* sets_chunk_ = nullptr;
  std::vector<StoredSet> stored_;
  alignas(64) uint8_t mask_[kBlockRows];
  alignas(64) uint16_t sel_[kBlockRows];
  alignas(64) uint8_t any_[kBlockRows];  // Filter::visible, per block
  alignas(64) uint64_t key_[kBlockRows];
  alignas(64) uint32_t slot_[kBlockRows];
  alignas(64) uint32_t tmp_[kBlockRows];
};

// Runs `plan` with one kernel per thread and returns the merged kernel and
// its slot map. Kernel: Resize(uint32_t slots), Consume(const Block&),
// MergeFrom(const Kernel&, const std::vector<uint32_t>& remap).
template <class Kernel, class MakeKernel>
std::pair<Kernel, SlotMap> RunScan(const ScanPlan& plan, MakeKernel make) {
  const int threads = plan.unit_rows >= kParallelRows ? 2 : 1;
  std::vector<Kernel> kernels;
  std::vector<SlotMap> maps;
  for (int t = 0; t < threads; ++t) {
    kernels.push_back(make());
    maps.emplace_back(plan.layout);
    kernels.back().Resize(maps.back().size());
  }
  std::atomic<size_t> next{0};
  auto work = [&](int t) {
    constexpr bool kByteKeys = requires { Kernel::kByteKeys; };
    auto prep = std::make_unique<BlockPreparer>(plan, &maps[static_cast<size_t>(t)], kByteKeys);
    Kernel& k = kernels[static_cast<size_t>(t)];
    for (;;) {
      const size_t u = next.fetch_add(1);
      if (u >= plan.units.size()) break;
      const auto& unit = plan.units[u];
      const Chunk& c = *plan.parts[unit.part].partition->chunks()[unit.chunk];
      for (uint32_t b = 0; b < c.rows; b += kBlockRows) {
        Block blk;
        if (!prep->Prepare(unit, b, std::min(kBlockRows, c.rows - b), &blk)) continue;
        k.Resize(maps[static_cast<size_t>(t)].size());
        k.Consume(blk);
      }
    }
  };
  if (threads == 2) {
    std::thread helper(work, 1);
    work(0);
    helper.join();
    SlotMap& m0 = maps[0];
    const SlotMap& m1 = maps[1];
    std::vector<uint32_t> remap(m1.size());
    for (uint32_t s = 0; s < m1.size(); ++s) remap[s] = m0.Slot(m1.KeyOf(s));
    kernels[0].Resize(m0.size());
    kernels[0].MergeFrom(kernels[1], remap);
  } else {
    work(0);
  }
  return {std::move(kernels[0]), std::move(maps[0])};
}

// Slots in key order (dense: already; hash: sorted by key).
std::vector<uint32_t> SlotsInKeyOrder(const SlotMap& slots);

}  // namespace beleving::engine::internal
