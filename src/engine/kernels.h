// Internal: aggregate kernels shared by several engine queries.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/measures.h"
#include "engine/scan.h"

namespace beleving::engine::internal {

// Calls f(i) for every selected row of the block.
template <class F>
inline void ForSelected(const Block& b, F f) {
  if (b.mask == nullptr) {
    for (uint32_t i = 0; i < b.count; ++i) f(i);
  } else {
    for (uint32_t i = 0; i < b.count; ++i) {
      if (b.mask[i]) f(i);
    }
  }
}

// Answer distributions per slot: NPS (12 bins: not answered, 0..10) and,
// when asked for, CSAT (7 bins) and CES (9 bins); bin v + 1 counts value v,
// so bin 0 = not answered.
class AnswerCountsKernel {
 public:
  AnswerCountsKernel(bool csat, bool ces) : want_csat_(csat), want_ces_(ces) {}

  void Resize(uint32_t slots) {
    if (slots <= slots_) return;
    slots_ = slots;
    nps_.resize(size_t{slots} * 12);
    if (want_csat_) csat_.resize(size_t{slots} * 7);
    if (want_ces_) ces_.resize(size_t{slots} * 9);
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
    for (uint32_t s = 0; s < remap.size(); ++s) {
      for (size_t k = 0; k < 12; ++k) nps_[size_t{remap[s]} * 12 + k] += o.nps_[size_t{s} * 12 + k];
      if (want_csat_) {
        for (size_t k = 0; k < 7; ++k)
          csat_[size_t{remap[s]} * 7 + k] += o.csat_[size_t{s} * 7 + k];
      }
      if (want_ces_) {
        for (size_t k = 0; k < 9; ++k) ces_[size_t{remap[s]} * 9 + k] += o.ces_[size_t{s} * 9 + k];
      }
    }
  }

  uint32_t slots() const { return slots_; }
  int64_t Responses(uint32_t slot) const {
    int64_t n = 0;
    for (size_t k = 0; k < 12; ++k) n += static_cast<int64_t>(nps_[size_t{slot} * 12 + k]);
    return n;
  }
  AnswerCounts Counts(uint32_t slot) const {
    AnswerCounts c;
    c.responses = Responses(slot);
    for (size_t k = 0; k < 11; ++k)
      c.nps[k] = static_cast<int64_t>(nps_[size_t{slot} * 12 + k + 1]);
    if (want_csat_) {
      for (size_t k = 1; k < 6; ++k)
        c.csat[k] = static_cast<int64_t>(csat_[size_t{slot} * 7 + k + 1]);
    }
    if (want_ces_) {
      for (size_t k = 1; k < 8; ++k)
        c.ces[k] = static_cast<int64_t>(ces_[size_t{slot} * 9 + k + 1]);
    }
    return c;
  }

 private:
  // hist[slot * bins + value + 1] += 1 for selected rows (value -1 = missing).
  static void Count(const Block& b, const int8_t* v, size_t bins, uint32_t* hist) {
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
      uint32_t* out = hist + static_cast<size_t>(b.uniform_slot) * bins;
      for (size_t k = 0; k < bins; ++k) out[k] += h[0][k] + h[1][k] + h[2][k] + h[3][k];
      return;
    }
    ForSelected(
        b, [&](uint32_t i) { ++hist[size_t{b.slot[i]} * bins + static_cast<size_t>(v[i] + 1)]; });
  }

  bool want_csat_, want_ces_;
  uint32_t slots_ = 0;
  // 32-bit counters suffice: response ids are 32-bit and strictly
  // increasing, so the engine never holds 2^32 responses.
  std::vector<uint32_t> nps_, csat_, ces_;
};

}  // namespace beleving::engine::internal
