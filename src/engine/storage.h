// Internal: the engine's in-memory columnar storage. Not part of the public
// API (see engine.h); documented in docs/engine.md.
//
// One Partition per organisation. A partition is a list of fixed-size chunks
// of kChunkRows rows. Each chunk is one anonymous memory mapping holding all
// its columns; pages are only made resident when written, so a column that
// never occurs in a partition (a driver nobody rated, CSAT on a survey that
// does not ask it) costs address space, not memory.
//
// Dimension columns (response id, location, team, employee, customer,
// touchpoint) are frame-of-reference encoded per chunk: value - base in 1, 2
// or 4 bytes, widened in place when a value does not fit. submitted_at is a
// 4-byte offset from a per-chunk base; a chunk is sealed early in the rare
// case a timestamp is more than 2^31 s from its base.
//
// Thread safety: none here; the Engine serialises appends against queries.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "core/timezone.h"
#include "engine/response_facts.h"

namespace beleving::engine::internal {

inline constexpr uint32_t kChunkShift = 14;
inline constexpr uint32_t kChunkRows = 1u << kChunkShift;  // 16384
// Rows per partition are addressed with 28 bits in the customer index.
inline constexpr uint64_t kMaxPartitionRows = (1ull << 28) - 1;

// Anonymous private mapping; zero-filled and lazily backed by memory.
class PageBuffer {
 public:
  PageBuffer() = default;
  explicit PageBuffer(size_t bytes);
  ~PageBuffer();
  PageBuffer(PageBuffer&& o) noexcept;
  PageBuffer& operator=(PageBuffer&& o) noexcept;
  PageBuffer(const PageBuffer&) = delete;
  PageBuffer& operator=(const PageBuffer&) = delete;
  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// A frame-of-reference encoded uint32 column of one chunk.
struct ForColumn {
  uint8_t* data = nullptr;  // kChunkRows * 4 bytes reserved
  uint8_t width = 1;        // bytes per value: 1, 2 or 4
  uint32_t base = 0;
  uint32_t lo = UINT32_MAX, hi = 0;  // min/max of the stored values

  uint32_t Get(uint32_t i) const {
    switch (width) {
      case 1:
        return base + data[i];
      case 2: {
        uint16_t v;
        std::memcpy(&v, data + 2 * i, 2);
        return base + v;
      }
      default: {
        uint32_t v;
        std::memcpy(&v, data + 4 * i, 4);
        return base + v;
      }
    }
  }
  // Stores value v as row `i` (== rows already stored), re-encoding if needed.
  void Put(uint32_t i, uint32_t v) {
    const uint64_t cap = width == 4 ? 0xffffffffull : (1ull << (8 * width)) - 1;
    if (v < base || static_cast<uint64_t>(v - base) > cap) Reencode(i, v);
    const uint32_t d = v - base;
    switch (width) {
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
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }

 private:
  void Reencode(uint32_t rows, uint32_t v);
};

// Columns of dimension ids, in this order. The first kDenseDims are written
// for every row. The others (survey, survey version, the attribute slots)
// are sparse: a partition writes one only once a non-zero value occurs in it
// (Partition::dim_present); until then every row reads 0 from the column's
// untouched, zero-filled pages (base 0, width 1), so an unused slot costs
// address space, not memory.
enum DimColumn : uint8_t {
  kLocationCol,
  kTeamCol,
  kEmployeeCol,
  kCustomerCol,
  kTouchpointCol,
  kSurveyCol,
  kSurveyVersionCol,
  kFirstAttributeCol,  // .. kFirstAttributeCol + kMaxAttributes - 1
};
inline constexpr int kDenseDims = 5;
inline constexpr int kDimColumns = kFirstAttributeCol + kMaxAttributes;
// Optional int8 answer columns: csat, ces, then the kMaxDrivers drivers.
inline constexpr int kCsatCol = 0, kCesCol = 1, kFirstDriverCol = 2;
inline constexpr int kOptionalColumns = 2 + kMaxDrivers;

struct Chunk {
  Chunk(const Chunk* previous, int64_t first_ts);

  uint32_t rows = 0;
  int64_t ts_base = 0;  // submitted_at = ts_base + ts[i]
  int64_t ts_min = INT64_MAX, ts_max = INT64_MIN;
  PageBuffer mem;
  ForColumn id;
  std::array<ForColumn, kDimColumns> dim;
  uint32_t* ts = nullptr;
  uint8_t* channel = nullptr;
  int8_t* nps = nullptr;
  // The customer's best earlier NPS score, -1 when none (see Partition).
  int8_t* best_prev = nullptr;
  std::array<int8_t*, kOptionalColumns> optional{};  // reserved, valid if present

  bool Fits(int64_t t) const { return t >= ts_base && t - ts_base <= 0xffffffffll; }
  int64_t TsAt(uint32_t i) const { return ts_base + ts[i]; }
};

// Per-customer running state of the expectation ratchet: an open-addressing
// table of 8-byte slots {customer, (last_row << 4) | (best + 1)}.
class CustomerIndex {
 public:
  // Returns the slot value for `customer` (inserting `fresh` when absent:
  // *inserted = true). Customer 0 is never stored.
  uint32_t* FindOrInsert(uint32_t customer, uint32_t fresh, bool* inserted);
  uint32_t* Find(uint32_t customer);
  size_t size() const { return size_; }
  size_t bytes() const { return buf_.size(); }

 private:
  void Grow();
  PageBuffer buf_;
  uint64_t* slots_ = nullptr;
  size_t capacity_ = 0, size_ = 0;
  int shift_ = 64;
};

struct DimRange {
  uint32_t lo = UINT32_MAX, hi = 0;
  bool empty() const { return lo > hi; }
};

class Partition {
 public:
  explicit Partition(uint32_t org) : org_(org) {}

  uint32_t org() const { return org_; }
  uint64_t rows() const { return rows_; }
  const std::vector<std::unique_ptr<Chunk>>& chunks() const { return chunks_; }
  // Bit k set: optional column k occurs in this partition.
  uint32_t optional_present() const { return optional_present_; }
  int64_t ts_min() const { return ts_min_; }
  int64_t ts_max() const { return ts_max_; }
  // Min/max over every row, including the 0 of rows without a value.
  const DimRange& range(DimColumn c) const { return ranges_[c]; }
  // Whether the rows' values of column `c` are stored (always for the dense
  // columns); otherwise every row's value is 0.
  bool dim_present(int c) const { return ((dims_present_ >> c) & 1) != 0; }
  std::array<bool, kChannelCount> channels_seen() const { return channels_seen_; }

  const TimeZone& time_zone() const { return tz_; }
  void set_time_zone(TimeZone tz) { tz_ = std::move(tz); }

  // Appends one validated response (row number = rows() before the call).
  void Append(const ResponseFacts& f);

  // True when some customer's responses arrived out of (ts, id) order since
  // the last RecomputeRatchet, so best_prev may be stale for them.
  bool ratchet_dirty() const { return !dirty_customers_.empty(); }
  size_t dirty_customers() const { return dirty_customers_.size(); }
  // Recomputes best_prev for every response of the dirty customers (sorted
  // by customer, ts, response id) and their running state.
  void RecomputeRatchet();

  // Bytes held (mapped chunk pages actually written are a subset).
  size_t customer_index_bytes() const { return customers_.bytes(); }

 private:
  Chunk* ChunkFor(int64_t ts);
  int64_t TsAtRow(uint32_t row) const {
    return chunks_[row >> kChunkShift]->TsAt(row & (kChunkRows - 1));
  }

  uint32_t org_;
  TimeZone tz_;
  std::vector<std::unique_ptr<Chunk>> chunks_;
  uint64_t rows_ = 0;
  uint32_t optional_present_ = 0;
  uint32_t dims_present_ = (1u << kDenseDims) - 1;
  int64_t ts_min_ = INT64_MAX, ts_max_ = INT64_MIN;
  std::array<DimRange, kDimColumns> ranges_{};
  std::array<bool, kChannelCount> channels_seen_{};
  CustomerIndex customers_;
  std::vector<uint32_t> dirty_customers_;
};

}  // namespace beleving::engine::internal
