// Internal: aggregate kernels shared by several engine queries.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/measures.h"
#include "engine/scan.h"

namespace beleving::engine::internal {

// Calls f(i) for every selected row of the block, in row order (through
// the selection vector: no branch per row on the mask).
template <class F>
inline void ForSelected(const Block& b, F f) {
  if (b.mask == nullptr) {
    for (uint32_t i = 0; i < b.count; ++i) f(i);
  } else {
    for (uint32_t k = 0; k < b.selected; ++k) f(uint32_t{b.sel[k]});
  }
}

// Answer distributions per slot: NPS (12 bins: not answered, 0..10) and,
// when asked for, CSAT (7 bins) and CES (9 bins); bin v + 1 counts value v,
// so bin 0 = not answered.
//
// Lanes: with few slots, rows of one slot follow each other closely, and
// with one counter per (slot, bin) every increment waits for the previous
// one to the same counter. A kernel sized for at most kLaneSlots slots at
// its first Resize keeps four counters per cell (row i counts in lane
// i mod 4), summed when read; larger or growing (hashed) slot sets keep one.
class AnswerCountsKernel {
 public:
  static constexpr uint32_t kLaneSlots = 4096;
  // Takes Block::key_bytes (scan.h): counts (key byte, value) pairs of a
  // block in a small local table, then adds them to the slots.
  static constexpr bool kByteKeys = true;

  AnswerCountsKernel(bool csat, bool ces) : want_csat_(csat), want_ces_(ces) {}

  void Resize(uint32_t slots) {
    if (!sized_) {
      sized_ = true;
      lanes_ = slots > 0 && slots <= kLaneSlots ? 4 : 1;
    }
    if (slots <= slots_) return;
    slots_ = slots;
    nps_.resize(size_t{slots} * 12 * lanes_);
    if (want_csat_) csat_.resize(size_t{slots} * 7 * lanes_);
    if (want_ces_) ces_.resize(size_t{slots} * 9 * lanes_);
  }

  void Consume(const Block& b) {
    Count(b, b.chunk->nps + b.begin, 12, nps_.data());
    const uint32_t present = b.partition->optional_present();
    if (want_csat_ && (present & (1u << kCsatCol))) {
      Count(b, b.chunk->optional[kCsatCol] + b.begin, 7, csat_.data());
    }
    if (want_ces_ && (present & (1u << kCesCol))) {
      Count(b, b.chunk->optional[kCesCol] + b.begin, 9, ces_.data());
    }
  }

  void MergeFrom(const AnswerCountsKernel& o, const std::vector<uint32_t>& remap) {
    auto merge = [&](std::vector<uint32_t>& to, const std::vector<uint32_t>& from, size_t bins) {
      for (uint32_t s = 0; s < remap.size(); ++s) {
        for (size_t k = 0; k < bins; ++k) to[Cell(remap[s], k, bins)] += o.Get(from, s, k, bins);
      }
    };
    merge(nps_, o.nps_, 12);
    if (want_csat_) merge(csat_, o.csat_, 7);
    if (want_ces_) merge(ces_, o.ces_, 9);
  }

  uint32_t slots() const { return slots_; }
  int64_t Responses(uint32_t slot) const {
    int64_t n = 0;
    for (size_t k = 0; k < 12; ++k) n += Get(nps_, slot, k, 12);
    return n;
  }
  AnswerCounts Counts(uint32_t slot) const {
    AnswerCounts c;
    c.responses = Responses(slot);
    for (size_t k = 0; k < 11; ++k) c.nps[k] = Get(nps_, slot, k + 1, 12);
    if (want_csat_) {
      for (size_t k = 1; k < 6; ++k) c.csat[k] = Get(csat_, slot, k + 1, 7);
    }
    if (want_ces_) {
      for (size_t k = 1; k < 8; ++k) c.ces[k] = Get(ces_, slot, k + 1, 9);
    }
    return c;
  }

 private:
  // Lane 0 of (slot, bin).
  size_t Cell(uint32_t slot, size_t bin, size_t bins) const {
    return (size_t{slot} * bins + bin) * lanes_;
  }
  // The count of (slot, bin), its lanes summed.
  int64_t Get(const std::vector<uint32_t>& h, uint32_t slot, size_t bin, size_t bins) const {
    int64_t n = 0;
    for (size_t l = 0; l < lanes_; ++l) n += h[Cell(slot, bin, bins) + l];
    return n;
  }

  // Counts value v[i] (-1 = missing) of every selected row in its slot.
  void Count(const Block& b, const int8_t* v, size_t bins, uint32_t* hist) {
    if (b.uniform_slot >= 0) {
      // Four interleaved local histograms break the store-to-load chain.
      uint32_t h[4][12] = {};
      if (b.mask == nullptr) {
        uint32_t i = 0;
        for (; i + 4 <= b.count; i += 4) {
          ++h[0][v[i] + 1];
          ++h[1][v[i + 1] + 1];
          ++h[2][v[i + 2] + 1];
          ++h[3][v[i + 3] + 1];
        }
        for (; i < b.count; ++i) ++h[0][v[i] + 1];
      } else {
        for (uint32_t i = 0; i < b.count; ++i) h[i & 3][v[i] + 1] += b.mask[i];
      }
      uint32_t* out = hist + Cell(static_cast<uint32_t>(b.uniform_slot), 0, bins);
      for (size_t k = 0; k < bins; ++k) out[k * lanes_] += h[0][k] + h[1][k] + h[2][k] + h[3][k];
      return;
    }
    if (b.key_bytes != nullptr) {
      CountByteKeys(b, v, bins, hist);
      return;
    }
    const uint32_t* slot = b.slot;
    if (lanes_ == 4) {
      if (b.mask == nullptr) {
        for (uint32_t i = 0; i < b.count; ++i) {
          ++hist[((size_t{slot[i]} * bins + static_cast<size_t>(v[i] + 1)) << 2) | (i & 3)];
        }
      } else {
        for (uint32_t k = 0; k < b.selected; ++k) {
          const uint32_t i = b.sel[k];
          ++hist[((size_t{slot[i]} * bins + static_cast<size_t>(v[i] + 1)) << 2) | (k & 3)];
        }
      }
      return;
    }
    ForSelected(
        b, [&](uint32_t i) { ++hist[size_t{slot[i]} * bins + static_cast<size_t>(v[i] + 1)]; });
  }

  void CountByteKeys(const Block& b, const int8_t* v, size_t bins, uint32_t* hist) {
    const uint32_t lo = b.key_lo, range = b.key_hi - b.key_lo + 1;
    const uint8_t* kb = b.key_bytes;
    const size_t cells = size_t{range} * bins;
    const uint32_t n = b.count;
    const uint8_t* m = b.mask;  // byte-key blocks have no selection vector
    if (cells > kLocalCells) {
      for (uint32_t i = 0; i < n; ++i) {
        const uint32_t slot = b.key_slot0 + kb[i] * b.key_stride;
        hist[Cell(slot, static_cast<size_t>(v[i] + 1), bins)] += m == nullptr ? 1u : m[i];
      }
      return;
    }
    uint32_t* h = local_;
    if (cells < 255) {
      // Each row's cell as one byte, 16 rows per instruction (255 for a
      // row the mask leaves out), then a histogram of those bytes.
      uint8_t* __restrict code = code_;
      const auto lo8 = static_cast<uint8_t>(lo), bins8 = static_cast<uint8_t>(bins);
      for (uint32_t i = 0; i < n; ++i) {
        code[i] = static_cast<uint8_t>(static_cast<uint8_t>(kb[i] - lo8) * bins8 +
                                       static_cast<uint8_t>(v[i] + 1));
      }
      if (m != nullptr) {
        for (uint32_t i = 0; i < n; ++i) code[i] |= static_cast<uint8_t>(m[i] - 1);
      }
      uint32_t* __restrict h0 = h;
      uint32_t* __restrict h1 = h0 + 256;
      uint32_t* __restrict h2 = h1 + 256;
      uint32_t* __restrict h3 = h2 + 256;
      std::fill(h0, h0 + 4 * 256, 0u);
      uint32_t i = 0;
      for (; i + 4 <= n; i += 4) {
        ++h0[code[i]];
        ++h1[code[i + 1]];
        ++h2[code[i + 2]];
        ++h3[code[i + 3]];
      }
      for (; i < n; ++i) ++h0[code[i]];
      for (uint32_t d = 0; d < range; ++d) {
        const uint32_t slot = b.key_slot0 + (lo + d) * b.key_stride;
        uint32_t* out = hist + Cell(slot, 0, bins);
        const size_t c0 = size_t{d} * bins;
        for (size_t k = 0; k < bins; ++k) {
          out[k * lanes_] += h0[c0 + k] + h1[c0 + k] + h2[c0 + k] + h3[c0 + k];
        }
      }
      return;
    }
    // local_[lane * cells + (key byte - lo) * bins + bin]
    std::fill(h, h + 4 * cells, 0u);
    for (uint32_t i = 0; i < n; ++i) {
      h[(i & 3) * cells + (kb[i] - lo) * bins + static_cast<size_t>(v[i] + 1)] +=
          m == nullptr ? 1u : m[i];
    }
    for (uint32_t d = 0; d < range; ++d) {
      const uint32_t slot = b.key_slot0 + (lo + d) * b.key_stride;
      uint32_t* out = hist + Cell(slot, 0, bins);
      const uint32_t* in = h + size_t{d} * bins;
      for (size_t k = 0; k < bins; ++k) {
        out[k * lanes_] += in[k] + in[cells + k] + in[2 * cells + k] + in[3 * cells + k];
      }
    }
  }

  static constexpr size_t kLocalCells = 1024;

  bool want_csat_, want_ces_;
  bool sized_ = false;
  size_t lanes_ = 1;
  uint32_t slots_ = 0;
  // 32-bit counters suffice: response ids are 32-bit and strictly
  // increasing, so the engine never holds 2^32 responses.
  std::vector<uint32_t> nps_, csat_, ces_;
  uint32_t local_[4 * kLocalCells];
  alignas(64) uint8_t code_[kBlockRows];
};

}  // namespace beleving::engine::internal
