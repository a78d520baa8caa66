#include "engine/storage.h"

#include <sys/mman.h>

#include <algorithm>
#include <new>
#include <tuple>
#include <utility>

namespace beleving::engine::internal {

// ---- PageBuffer ------------------------------------------------------------

PageBuffer::PageBuffer(size_t bytes) : size_(bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  data_ = static_cast<uint8_t*>(p);
}

PageBuffer::~PageBuffer() {
  if (data_ != nullptr) munmap(data_, size_);
}

PageBuffer::PageBuffer(PageBuffer&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}

PageBuffer& PageBuffer::operator=(PageBuffer&& o) noexcept {
  if (this != &o) {
    if (data_ != nullptr) munmap(data_, size_);
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
  }
  return *this;
}

// ---- ForColumn -------------------------------------------------------------

namespace {
uint8_t WidthFor(uint64_t span) { return span <= 0xff ? 1 : span <= 0xffff ? 2 : 4; }
uint64_t CapOf(uint8_t w) { return w == 4 ? 0xffffffffull : (1ull << (8 * w)) - 1; }
}  // namespace

void ForColumn::Reencode(uint32_t rows, uint32_t v) {
  const uint32_t need_lo = rows == 0 ? v : std::min(lo, v);
  const uint32_t need_hi = rows == 0 ? v : std::max(hi, v);
  const uint8_t new_width = std::max(width, WidthFor(static_cast<uint64_t>(need_hi) - need_lo));
  // Leave half the spare room below the lowest value, so a slightly lower
  // value later does not force another pass.
  const uint64_t spare = CapOf(new_width) - (need_hi - need_lo);
  const uint32_t new_base = need_lo - static_cast<uint32_t>(std::min<uint64_t>(need_lo, spare / 2));
  if (rows > 0) {
    const ForColumn old = *this;
    auto put = [&](uint32_t i, uint32_t d) {
      switch (new_width) {
        case 1:
          data[i] = static_cast<uint8_t>(d);
          break;
        case 2: {
          auto w = static_cast<uint16_t>(d);
          std::memcpy(data + 2 * i, &w, 2);
          break;
        }
        default:
          std::memcpy(data + 4 * i, &d, 4);
      }
    };
    // Widening in place is safe back to front; same width front to back.
    if (new_width > width) {
      for (uint32_t i = rows; i-- > 0;) put(i, old.Get(i) - new_base);
    } else {
      for (uint32_t i = 0; i < rows; ++i) put(i, old.Get(i) - new_base);
    }
  }
  width = new_width;
  base = new_base;
}

// ---- Chunk -----------------------------------------------------------------

namespace {
constexpr size_t kU32Bytes = size_t{kChunkRows} * 4;
constexpr size_t kU8Bytes = kChunkRows;
constexpr size_t kChunkBytes =
    (1 + kDimColumns + 1) * kU32Bytes + (3 + kOptionalColumns) * kU8Bytes;
}  // namespace

Chunk::Chunk(const Chunk* previous, int64_t first_ts) : mem(kChunkBytes) {
  uint8_t* p = mem.data();
  auto carve = [&](size_t n) {
    uint8_t* r = p;
    p += n;
    return r;
  };
  id.data = carve(kU32Bytes);
  for (auto& c : dim) c.data = carve(kU32Bytes);
  ts = reinterpret_cast<uint32_t*>(carve(kU32Bytes));
  channel = carve(kU8Bytes);
  nps = reinterpret_cast<int8_t*>(carve(kU8Bytes));
  best_prev = reinterpret_cast<int8_t*>(carve(kU8Bytes));
  for (auto& o : optional) o = reinterpret_cast<int8_t*>(carve(kU8Bytes));
  // Start with the previous chunk's encoding: in steady state no re-encoding.
  if (previous != nullptr) {
    id.base = previous->id.hi;
    id.width = previous->id.width;
    for (int c = 0; c < kDimColumns; ++c) {
      const ForColumn& prev = previous->dim[static_cast<size_t>(c)];
      // A sparse column never written keeps base 0: its zero pages read 0.
      dim[static_cast<size_t>(c)].base = prev.lo == UINT32_MAX ? 0 : prev.lo;
      dim[static_cast<size_t>(c)].width = prev.width;
    }
  }
  // Offsets are unsigned: leave room for earlier timestamps in this chunk.
  ts_base = first_ts - (int64_t{1} << 31);
}

// ---- CustomerIndex ---------------------------------------------------------

namespace {
inline size_t HashSlot(uint32_t key, int shift) {
  return static_cast<size_t>((uint64_t{key} * 0x9E3779B97F4A7C15ull) >> shift);
}
}  // namespace

void CustomerIndex::Grow() {
  const size_t new_cap = capacity_ == 0 ? 1024 : capacity_ * 2;
  PageBuffer nb(new_cap * sizeof(uint64_t));
  auto* ns = reinterpret_cast<uint64_t*>(nb.data());
  int new_shift = 64;
  for (size_t c = new_cap; c > 1; c >>= 1) --new_shift;
  const size_t mask = new_cap - 1;
  for (size_t i = 0; i < capacity_; ++i) {
    const uint64_t s = slots_[i];
    const auto key = static_cast<uint32_t>(s);
    if (key == 0) continue;
    size_t j = HashSlot(key, new_shift);
    while (ns[j] != 0) j = (j + 1) & mask;
    ns[j] = s;
  }
  buf_ = std::move(nb);
  slots_ = ns;
  capacity_ = new_cap;
  shift_ = new_shift;
}

uint32_t* CustomerIndex::FindOrInsert(uint32_t customer, uint32_t fresh, bool* inserted) {
  if ((size_ + 1) * 4 > capacity_ * 3) Grow();  // load factor <= 0.75
  const size_t mask = capacity_ - 1;
  size_t j = HashSlot(customer, shift_);
  for (;;) {
    const auto key = static_cast<uint32_t>(slots_[j]);
    if (key == customer) {
      *inserted = false;
      return reinterpret_cast<uint32_t*>(&slots_[j]) + 1;  // little-endian: high half
    }
    if (key == 0) {
      slots_[j] = (uint64_t{fresh} << 32) | customer;
      ++size_;
      *inserted = true;
      return reinterpret_cast<uint32_t*>(&slots_[j]) + 1;
    }
    j = (j + 1) & mask;
  }
}

uint32_t* CustomerIndex::Find(uint32_t customer) {
  if (capacity_ == 0) return nullptr;
  const size_t mask = capacity_ - 1;
  size_t j = HashSlot(customer, shift_);
  for (;;) {
    const auto key = static_cast<uint32_t>(slots_[j]);
    if (key == customer) return reinterpret_cast<uint32_t*>(&slots_[j]) + 1;
    if (key == 0) return nullptr;
    j = (j + 1) & mask;
  }
}

// ---- Partition -------------------------------------------------------------

namespace {
// Running state of one customer: (row address << 4) | (best score + 1).
inline uint32_t PackState(uint32_t row, int best) {
  return (row << 4) | static_cast<uint32_t>(best + 1);
}
inline uint32_t StateRow(uint32_t s) { return s >> 4; }
inline int StateBest(uint32_t s) { return static_cast<int>(s & 15) - 1; }
}  // namespace

Chunk* Partition::ChunkFor(int64_t ts) {
  if (chunks_.empty() || chunks_.back()->rows == kChunkRows || !chunks_.back()->Fits(ts)) {
    const Chunk* prev = chunks_.empty() ? nullptr : chunks_.back().get();
    chunks_.push_back(std::make_unique<Chunk>(prev, ts));
    Chunk* c = chunks_.back().get();
    // Optional columns present in this partition exist in every chunk.
    for (int k = 0; k < kOptionalColumns; ++k) {
      if (optional_present_ & (1u << k)) {
        std::memset(c->optional[static_cast<size_t>(k)], 0xff, kChunkRows);
      }
    }
  }
  return chunks_.back().get();
}

void Partition::Append(const ResponseFacts& f) {
  Chunk* c = ChunkFor(f.submitted_at);
  const uint32_t i = c->rows;
  const auto row = static_cast<uint32_t>(((chunks_.size() - 1) << kChunkShift) | i);
  c->id.Put(i, f.response_id);
  const uint32_t dims[kDimColumns] = {
      f.location,      f.team,           f.employee,      f.customer,      f.touchpoint,
      f.survey,        f.survey_version, f.attributes[0], f.attributes[1], f.attributes[2],
      f.attributes[3], f.attributes[4],  f.attributes[5], f.attributes[6], f.attributes[7]};
  static_assert(kMaxAttributes == 8 && kDimColumns == 15, "dims[] lists every column");
  for (int k = 0; k < kDimColumns; ++k) {
    DimRange& r = ranges_[static_cast<size_t>(k)];
    r.lo = std::min(r.lo, dims[k]);
    r.hi = std::max(r.hi, dims[k]);
    ForColumn& col = c->dim[static_cast<size_t>(k)];
    if (!dim_present(k)) {
      if (dims[k] == 0) continue;  // reads 0 from the untouched column
      // First value: from now on every row is stored. The chunk's earlier
      // rows hold 0 (zero pages, base 0): record them in the column's range
      // so that a re-encode keeps them 0.
      dims_present_ |= 1u << k;
      if (i > 0) {
        col.lo = 0;
        col.hi = std::max(col.hi, 0u);
      }
    }
    col.Put(i, dims[k]);
  }
  c->ts[i] = static_cast<uint32_t>(f.submitted_at - c->ts_base);
  c->ts_min = std::min(c->ts_min, f.submitted_at);
  c->ts_max = std::max(c->ts_max, f.submitted_at);
  ts_min_ = std::min(ts_min_, f.submitted_at);
  ts_max_ = std::max(ts_max_, f.submitted_at);
  c->channel[i] = static_cast<uint8_t>(f.channel);
  channels_seen_[static_cast<size_t>(f.channel)] = true;
  c->nps[i] = f.nps;

  int8_t opt[kOptionalColumns];
  opt[kCsatCol] = f.csat;
  opt[kCesCol] = f.ces;
  for (int d = 0; d < kMaxDrivers; ++d)
    opt[kFirstDriverCol + d] = f.drivers[static_cast<size_t>(d)];
  for (int k = 0; k < kOptionalColumns; ++k) {
    const uint32_t bit = 1u << k;
    if (opt[k] >= 0 && !(optional_present_ & bit)) {
      // First occurrence: the column now exists for every row (-1 before).
      optional_present_ |= bit;
      for (auto& ch : chunks_) std::memset(ch->optional[static_cast<size_t>(k)], 0xff, kChunkRows);
    }
    if (optional_present_ & bit) c->optional[static_cast<size_t>(k)][i] = opt[k];
  }

  // Expectation ratchet: best earlier score of this customer.
  int8_t best_prev = -1;
  if (f.customer != 0) {
    bool inserted;
    uint32_t* state = customers_.FindOrInsert(f.customer, PackState(row, f.nps), &inserted);
    if (!inserted) {
      const uint32_t s = *state;
      const int best = StateBest(s);
      const int new_best = std::max<int>(best, f.nps);
      if (f.submitted_at >= TsAtRow(StateRow(s))) {
        best_prev = static_cast<int8_t>(best);
        *state = PackState(row, new_best);
      } else {
        // Arrived before the customer's latest response: later rows may now
        // have a stale best_prev. Fixed lazily by RecomputeRatchet.
        *state = PackState(StateRow(s), new_best);
        dirty_customers_.push_back(f.customer);
      }
    }
  }
  c->best_prev[i] = best_prev;
  ++c->rows;
  ++rows_;
}

void Partition::RecomputeRatchet() {
  if (dirty_customers_.empty()) return;
  std::vector<uint32_t> dirty = std::move(dirty_customers_);
  dirty_customers_.clear();
  std::sort(dirty.begin(), dirty.end());
  dirty.erase(std::unique(dirty.begin(), dirty.end()), dirty.end());
  // Membership test: a bitmap over the id range when it is small.
  const uint32_t lo = dirty.front(), hi = dirty.back();
  std::vector<uint64_t> bits;
  const bool use_bits = hi - lo < (1u << 26);
  if (use_bits) {
    bits.assign(((hi - lo) >> 6) + 1, 0);
    for (uint32_t c : dirty) bits[(c - lo) >> 6] |= 1ull << ((c - lo) & 63);
  }
  auto is_dirty = [&](uint32_t c) {
    if (c < lo || c > hi) return false;
    if (use_bits) return ((bits[(c - lo) >> 6] >> ((c - lo) & 63)) & 1) != 0;
    return std::binary_search(dirty.begin(), dirty.end(), c);
  };
  struct Entry {
    uint32_t customer;
    int64_t ts;
    uint32_t id;
    uint32_t row;
  };
  std::vector<Entry> entries;
  for (size_t ci = 0; ci < chunks_.size(); ++ci) {
    const Chunk& c = *chunks_[ci];
    const ForColumn& cust = c.dim[kCustomerCol];
    for (uint32_t i = 0; i < c.rows; ++i) {
      const uint32_t cu = cust.Get(i);
      if (is_dirty(cu)) {
        entries.push_back(
            {cu, c.TsAt(i), c.id.Get(i), static_cast<uint32_t>((ci << kChunkShift) | i)});
      }
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.customer, a.ts, a.id) < std::tie(b.customer, b.ts, b.id);
  });
  for (size_t i = 0; i < entries.size();) {
    size_t j = i;
    int best = -1;
    bool first = true;
    for (; j < entries.size() && entries[j].customer == entries[i].customer; ++j) {
      const uint32_t row = entries[j].row;
      Chunk& c = *chunks_[row >> kChunkShift];
      const uint32_t k = row & (kChunkRows - 1);
      c.best_prev[k] = first ? int8_t{-1} : static_cast<int8_t>(best);
      first = false;
      best = std::max<int>(best, c.nps[k]);
    }
    bool inserted;
    uint32_t* state = customers_.FindOrInsert(entries[i].customer, 0, &inserted);
    *state = PackState(entries[j - 1].row, best);
    i = j;
  }
}

}  // namespace beleving::engine::internal
