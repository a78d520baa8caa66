#include "engine/scan.h"

#include <limits>

#include "core/time_format.h"

namespace beleving::engine::internal {

namespace {

inline int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// The dimension column a key groups by; -1 for org, channel and time keys.
inline int ColumnOf(GroupKey k) {
  switch (k) {
    case GroupKey::kLocation:
      return kLocationCol;
    case GroupKey::kTeam:
      return kTeamCol;
    case GroupKey::kEmployee:
      return kEmployeeCol;
    case GroupKey::kTouchpoint:
      return kTouchpointCol;
    case GroupKey::kSurvey:
      return kSurveyCol;
    case GroupKey::kSurveyVersion:
      return kSurveyVersionCol;
    default: {
      const int slot = AttributeSlot(k);
      return slot >= 0 ? kFirstAttributeCol + slot : -1;
    }
  }
}

// Whether a key's value can differ between rows of partition `p`: not for
// org, nor for a sparse column the partition never stored (all 0).
inline bool KeyVaries(const Partition& p, GroupKey k) {
  if (k == GroupKey::kOrg) return false;
  const int col = ColumnOf(k);
  return col < 0 || p.dim_present(col);
}

bool IsLocalBucket(GroupKey k) {
  return k == GroupKey::kDay || k == GroupKey::kIsoWeek || k == GroupKey::kMonth ||
         k == GroupKey::kQuarter;
}

Result<CompiledFilter> CompileFilter(const Filter& f) {
  CompiledFilter c;
  if (f.from) {
    c.has_from = true;
    c.from = *f.from;
  }
  if (f.to) {
    c.has_to = true;
    c.to = *f.to;
  }
  if (c.has_from && c.has_to && c.from >= c.to) {
    return InvalidArgument("the period is empty: from must be before to", "/filter/from");
  }
  auto make = [](DimColumn col, std::vector<uint32_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    CompiledFilter::Set s;
    s.col = col;
    s.lo = ids.front();
    s.hi = ids.back();
    if (s.hi - s.lo < (1u << 24)) {
      s.bits.assign(((s.hi - s.lo) >> 6) + 1, 0);
      for (uint32_t v : ids) s.bits[(v - s.lo) >> 6] |= 1ull << ((v - s.lo) & 63);
    } else {
      s.sorted = std::move(ids);
    }
    return s;
  };
  auto add = [&](DimColumn col, std::vector<uint32_t> ids) {
    if (!ids.empty()) c.sets.push_back(make(col, std::move(ids)));
  };
  if (f.visible) {
    c.has_any_of = true;
    if (!f.visible->teams.empty()) c.any_of.push_back(make(kTeamCol, f.visible->teams));
    if (!f.visible->locations.empty()) {
      c.any_of.push_back(make(kLocationCol, f.visible->locations));
    }
  }
  add(kLocationCol, f.locations);
  add(kTeamCol, f.teams);
  add(kEmployeeCol, f.employees);
  add(kCustomerCol, f.customers);
  add(kTouchpointCol, f.touchpoints);
  add(kSurveyCol, f.surveys);
  add(kSurveyVersionCol, f.survey_versions);
  for (size_t i = 0; i < f.attributes.size(); ++i) {
    const auto& a = f.attributes[i];
    if (a.slot < 0 || a.slot >= kMaxAttributes) {
      return InvalidArgument("attribute slot must be 0.." + std::to_string(kMaxAttributes - 1),
                             "/filter/attributes/" + std::to_string(i) + "/slot");
    }
    add(static_cast<DimColumn>(kFirstAttributeCol + a.slot), a.codes);
  }
  if (!f.channels.empty()) {
    c.has_channel = true;
    for (Channel ch : f.channels) {
      const auto i = static_cast<unsigned>(ch);
      if (i >= kChannelCount) return InvalidArgument("unknown channel", "/filter/channels");
      c.channel_bits = static_cast<uint8_t>(c.channel_bits | (1u << i));
    }
  }
  return c;
}

// Calls f(i, stored) for rows [begin, begin + n) of a frame-of-reference
// column; the value is col.base + stored.
template <class F>
inline void ForEachStored(const ForColumn& col, uint32_t begin, uint32_t n, F f) {
  switch (col.width) {
    case 1: {
      const uint8_t* d = col.data + begin;
      for (uint32_t i = 0; i < n; ++i) f(i, uint32_t{d[i]});
      break;
    }
    case 2: {
      const auto* d = reinterpret_cast<const uint16_t*>(col.data) + begin;
      for (uint32_t i = 0; i < n; ++i) f(i, uint32_t{d[i]});
      break;
    }
    default: {
      const auto* d = reinterpret_cast<const uint32_t*>(col.data) + begin;
      for (uint32_t i = 0; i < n; ++i) f(i, d[i]);
    }
  }
}

}  // namespace

std::vector<int64_t> KeyLayout::Decode(uint64_t key) const {
  std::vector<int64_t> out(parts.size());
  for (size_t j = 0; j < parts.size(); ++j) {
    const auto range = static_cast<uint64_t>(parts[j].hi - parts[j].lo + 1);
    out[j] = parts[j].lo + static_cast<int64_t>((key / parts[j].stride) % range);
  }
  return out;
}

Result<ScanPlan> MakeScanPlan(const std::vector<const Partition*>& partitions,
                              const std::vector<GroupKey>& keys, const Filter& filter,
                              uint64_t dense_limit) {
  ScanPlan plan;
  ASSIGN_OR_RETURN(plan.filter, CompileFilter(filter));
  const CompiledFilter& f = plan.filter;
  GroupKey local_bucket = GroupKey::kOrg;
  bool has_local = false;
  for (GroupKey k : keys) {
    if (IsLocalBucket(k)) {
      has_local = true;
      local_bucket = k;
    }
  }
  auto overlaps = [&](int64_t lo, int64_t hi) {
    if (lo > hi) return false;
    if (f.has_from && hi < f.from) return false;
    if (f.has_to && lo >= f.to) return false;
    return true;
  };
  for (const Partition* p : partitions) {
    if (p == nullptr || p->rows() == 0 || !overlaps(p->ts_min(), p->ts_max())) continue;
    bool disjoint = false;
    for (const auto& s : f.sets) {
      const DimRange& r = p->range(s.col);
      if (r.empty() || r.hi < s.lo || r.lo > s.hi) disjoint = true;
    }
    if (f.has_any_of) {
      bool reachable = false;
      for (const auto& s : f.any_of) {
        const DimRange& r = p->range(s.col);
        if (!r.empty() && r.hi >= s.lo && r.lo <= s.hi) reachable = true;
      }
      if (!reachable) disjoint = true;
    }
    if (disjoint) continue;
    PartitionPlan pp;
    pp.partition = p;
    if (has_local) {
      // Offsets are within +-26 h; one spare day each side.
      pp.day_lo = FloorDiv(p->ts_min() - 26 * 3600, 86400);
      const int64_t day_hi = FloorDiv(p->ts_max() + 26 * 3600, 86400);
      pp.bucket_of_day.resize(static_cast<size_t>(day_hi - pp.day_lo + 1));
      for (int64_t d = pp.day_lo; d <= day_hi; ++d) {
        pp.bucket_of_day[static_cast<size_t>(d - pp.day_lo)] = BucketStartDay(local_bucket, d);
      }
    }
    const auto part_index = static_cast<uint32_t>(plan.parts.size());
    const auto& chunks = p->chunks();
    for (size_t ci = 0; ci < chunks.size(); ++ci) {
      const Chunk& c = *chunks[ci];
      if (c.rows == 0 || !overlaps(c.ts_min, c.ts_max)) continue;
      plan.units.push_back({part_index, static_cast<uint32_t>(ci)});
      plan.unit_rows += c.rows;
    }
    plan.parts.push_back(std::move(pp));
  }

  // Key ranges over the partitions that can contribute.
  for (GroupKey k : keys) {
    KeyPart part;
    part.key = k;
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    for (const PartitionPlan& pp : plan.parts) {
      const Partition& p = *pp.partition;
      switch (k) {
        case GroupKey::kOrg:
          lo = std::min<int64_t>(lo, p.org());
          hi = std::max<int64_t>(hi, p.org());
          break;
        case GroupKey::kChannel:
          lo = 0;
          hi = kChannelCount - 1;
          break;
        case GroupKey::kEpochWeek: {
          int64_t a = p.ts_min(), b = p.ts_max();
          if (f.has_from) a = std::max(a, f.from);
          if (f.has_to) b = std::min(b, f.to - 1);
          lo = std::min(lo, FloorDiv(a, 604800));
          hi = std::max(hi, FloorDiv(b, 604800));
          break;
        }
        default:
          if (const int col = ColumnOf(k); col >= 0) {
            const DimRange& r = p.range(static_cast<DimColumn>(col));
            lo = std::min<int64_t>(lo, r.lo);
            hi = std::max<int64_t>(hi, r.hi);
            break;
          }
          for (int64_t b : pp.bucket_of_day) {
            lo = std::min(lo, b);
            hi = std::max(hi, b);
          }
      }
    }
    if (lo > hi) lo = hi = 0;  // nothing to scan
    part.lo = lo;
    part.hi = hi;
    plan.layout.parts.push_back(part);
  }
  uint64_t total = 1;
  for (size_t j = plan.layout.parts.size(); j-- > 0;) {
    KeyPart& part = plan.layout.parts[j];
    part.stride = total;
    const auto range = static_cast<uint64_t>(part.hi - part.lo + 1);
    if (total > (uint64_t{1} << 62) / range) {
      return InvalidArgument("too many distinct groups for this group-by", "/group_by");
    }
    total *= range;
  }
  plan.layout.total = total;
  plan.layout.dense = total <= dense_limit;
  return plan;
}

// Fills keys[0..n) with `constant` plus every varying key part; returns
// false (keys untouched) when no part varies within a partition.
template <class K>
bool BlockPreparer::ComputeKeys(const PartitionPlan& pp, const Chunk& c, uint32_t begin, uint32_t n,
                                uint64_t constant, K* keys) {
  const Partition& p = *pp.partition;
  bool varying = false;
  for (const KeyPart& part : plan_.layout.parts) {
    if (!KeyVaries(p, part.key)) continue;  // in `constant`
    if (!varying) {
      std::fill(keys, keys + n, static_cast<K>(constant));
      varying = true;
    }
    const auto stride = static_cast<K>(part.stride);
    if (const int dim = ColumnOf(part.key); dim >= 0) {
      const ForColumn& col = c.dim[static_cast<size_t>(dim)];
      const auto off = static_cast<K>(int64_t{col.base} - part.lo);
      ForEachStored(col, begin, n, [&](uint32_t i, uint32_t v) {
        keys[i] += static_cast<K>((static_cast<K>(v) + off) * stride);
      });
      continue;
    }
    switch (part.key) {
      case GroupKey::kChannel: {
        const uint8_t* ch = c.channel + begin;
        const auto lo = static_cast<K>(part.lo);
        for (uint32_t i = 0; i < n; ++i) keys[i] += static_cast<K>((ch[i] - lo) * stride);
        break;
      }
      case GroupKey::kEpochWeek: {
        const uint32_t* ts = c.ts + begin;
        if (c.ts_base >= 0) {
          const auto base = static_cast<uint64_t>(c.ts_base);
          const auto lo = static_cast<uint64_t>(part.lo);
          for (uint32_t i = 0; i < n; ++i) {
            keys[i] += static_cast<K>(static_cast<K>((base + ts[i]) / 604800 - lo) * stride);
          }
        } else {
          for (uint32_t i = 0; i < n; ++i) {
            keys[i] += static_cast<K>(
                static_cast<K>(FloorDiv(c.ts_base + ts[i], 604800) - part.lo) * stride);
          }
        }
        break;
      }
      default: {  // local calendar buckets
        const TimeZone& tz = p.time_zone();
        const uint32_t* ts = c.ts + begin;
        const bool constant_offset = tz.NextTransitionAfter(c.ts_min) > c.ts_max;
        const int64_t off = tz.OffsetAt(c.ts_min);
        for (uint32_t i = 0; i < n; ++i) {
          const int64_t t = c.ts_base + ts[i];
          const int64_t local = t + (constant_offset ? off : tz.OffsetAt(t));
          const int64_t b =
              pp.bucket_of_day[static_cast<size_t>(FloorDiv(local, 86400) - pp.day_lo)];
          keys[i] += static_cast<K>(static_cast<K>(b - part.lo) * stride);
        }
      }
    }
  }
  return varying;
}

bool BlockPreparer::Prepare(const ScanPlan::Unit& u, uint32_t begin, uint32_t n, Block* out) {
  const PartitionPlan& pp = plan_.parts[u.part];
  const Partition& p = *pp.partition;
  const Chunk& c = *p.chunks()[u.chunk];
  const CompiledFilter& f = plan_.filter;
  bool masked = false;
  Prefetch(p, c, begin + n);

  const bool need_from = f.has_from && c.ts_min < f.from;
  const bool need_to = f.has_to && c.ts_max >= f.to;
  if (need_from || need_to) {
    // In the chunk's offset space; both bounds lie inside [ts_min, ts_max].
    const uint32_t lo = need_from ? static_cast<uint32_t>(f.from - c.ts_base) : 0;
    const uint32_t hi_incl = need_to ? static_cast<uint32_t>(f.to - 1 - c.ts_base) : UINT32_MAX;
    const uint32_t* ts = c.ts + begin;
    for (uint32_t i = 0; i < n; ++i) {
      mask_[i] = static_cast<uint8_t>((ts[i] >= lo) & (ts[i] <= hi_incl));
    }
    masked = true;
  }
  if (sets_chunk_ != &c) SeeChunk(c);
  for (size_t si = 0; si < f.sets.size(); ++si) {
    const auto& s = f.sets[si];
    if (!p.dim_present(s.col)) {
      if (!s.Contains(0)) return false;  // every row's value is 0
      continue;
    }
    if (stored_[si].kind == StoredSet::kNone) return false;
    if (stored_[si].kind == StoredSet::kAll) continue;
    MaskSet(si, c, begin, n, !masked);
    masked = true;
  }
  if (f.has_any_of) {
    if (!masked) std::fill(mask_, mask_ + n, uint8_t{1});
    masked = true;
    std::fill(any_, any_ + n, uint8_t{0});
    for (const auto& s : f.any_of) {
      ForEachStored(c.dim[s.col], begin, n, [&](uint32_t i, uint32_t v) {
        any_[i] = static_cast<uint8_t>(any_[i] | s.Contains(c.dim[s.col].base + v));
      });
    }
    for (uint32_t i = 0; i < n; ++i) mask_[i] = static_cast<uint8_t>(mask_[i] & any_[i]);
  }
  if (f.has_channel) {
    if (!masked) std::fill(mask_, mask_ + n, uint8_t{1});
    masked = true;
    const uint8_t* ch = c.channel + begin;
    for (uint32_t i = 0; i < n; ++i) {
      mask_[i] = static_cast<uint8_t>(mask_[i] & ((f.channel_bits >> ch[i]) & 1));
    }
  }
  uint32_t selected = n;
  if (masked) {
    selected = 0;
    for (uint32_t i = 0; i < n; ++i) selected += mask_[i];
    if (selected == 0) return false;
    if (selected == n) masked = false;
  }

  // Composite keys: dense layouts compute slots directly in 32 bits
  // (modular arithmetic; the final key is < 2^32), others 64-bit keys.
  uint64_t constant = 0;
  for (const KeyPart& part : plan_.layout.parts) {
    if (part.key == GroupKey::kOrg) {
      constant += static_cast<uint64_t>(p.org() - part.lo) * part.stride;
    } else if (!KeyVaries(p, part.key)) {  // an absent sparse column: every value 0
      constant += static_cast<uint64_t>(0 - part.lo) * part.stride;
    }
  }
  const bool dense = slots_->dense();
  out->partition = &p;
  out->chunk = &c;
  out->begin = begin;
  out->count = n;
  out->mask = masked ? mask_ : nullptr;
  out->sel = nullptr;
  out->selected = selected;
  out->slot = slot_;
  out->uniform_slot = -1;
  out->key_bytes = nullptr;
  if (dense && byte_keys_ && ByteKeys(p, c, begin, constant, out)) return true;
  if (masked) {
    // The selected rows, without a branch per row.
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; ++i) {
      sel_[k] = static_cast<uint16_t>(i);
      k += mask_[i];
    }
    out->sel = sel_;
  }
  const bool varying = dense ? ComputeKeys<uint32_t>(pp, c, begin, n, constant, slot_)
                             : ComputeKeys<uint64_t>(pp, c, begin, n, constant, key_);

  if (!varying) {
    const uint32_t s = slots_->Slot(constant);
    out->uniform_slot = s;
    std::fill(slot_, slot_ + n, s);
    return true;
  }
  if (dense) {
    bool same = true;
    for (uint32_t i = 1; i < n && same; ++i) same = slot_[i] == slot_[0];
    if (same) out->uniform_slot = slot_[0];
    return true;
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (!masked || mask_[i]) slot_[i] = slots_->Slot(key_[i]);
  }
  bool same = true;
  for (uint32_t i = 1; i < n && same; ++i) same = key_[i] == key_[0];
  if (same) {
    // Every row (selected or not) has the same key: a uniform block.
    if (masked && !mask_[0]) slot_[0] = slots_->Slot(key_[0]);
    out->uniform_slot = slot_[0];
  }
  return true;
}

void BlockPreparer::Prefetch(const Partition& p, const Chunk& c, uint32_t next) const {
  if (next >= c.rows) return;
  const uint32_t n = std::min(kBlockRows, c.rows - next);
  auto ahead = [&](const uint8_t* data, uint32_t width) {
    for (uint32_t off = 0; off < n * width; off += 64)
      __builtin_prefetch(data + next * width + off);
  };
  for (const auto& s : plan_.filter.sets) {
    if (p.dim_present(s.col)) ahead(c.dim[s.col].data, c.dim[s.col].width);
  }
  for (const KeyPart& part : plan_.layout.parts) {
    const int dim = ColumnOf(part.key);
    if (dim >= 0 && KeyVaries(p, part.key)) {
      ahead(c.dim[static_cast<size_t>(dim)].data, c.dim[static_cast<size_t>(dim)].width);
    }
  }
  ahead(reinterpret_cast<const uint8_t*>(c.nps), 1);
}

bool BlockPreparer::ByteKeys(const Partition& p, const Chunk& c, uint32_t begin, uint64_t constant,
                             Block* out) {
  const KeyPart* only = nullptr;
  for (const KeyPart& part : plan_.layout.parts) {
    if (!KeyVaries(p, part.key)) continue;
    if (only != nullptr) return false;  // two varying parts
    only = &part;
  }
  if (only == nullptr) return false;
  const int dim = ColumnOf(only->key);
  if (dim < 0) return false;
  const ForColumn& col = c.dim[static_cast<size_t>(dim)];
  if (col.width != 1 || col.lo > col.hi) return false;
  const auto stride = static_cast<uint32_t>(only->stride);
  // Dense keys are below 2^32: modular 32-bit arithmetic gives the slot.
  const uint32_t slot0 =
      static_cast<uint32_t>(constant) + (col.base - static_cast<uint32_t>(only->lo)) * stride;
  if (col.lo == col.hi) {
    out->uniform_slot = slot0 + (col.lo - col.base) * stride;
    return true;
  }
  out->key_bytes = col.data + begin;
  out->key_slot0 = slot0;
  out->key_stride = stride;
  out->key_lo = col.lo - col.base;
  out->key_hi = col.hi - col.base;
  return true;
}

void BlockPreparer::SeeChunk(const Chunk& c) {
  sets_chunk_ = &c;
  const auto& sets = plan_.filter.sets;
  stored_.resize(sets.size());
  for (size_t si = 0; si < sets.size(); ++si) {
    const CompiledFilter::Set& s = sets[si];
    const ForColumn& col = c.dim[s.col];
    StoredSet& t = stored_[si];
    t.kind = StoredSet::kGeneric;
    if (c.rows == 0 || col.lo > col.hi) continue;
    if (col.hi < s.lo || col.lo > s.hi) {
      t.kind = StoredSet::kNone;
      continue;
    }
    if (col.hi - col.lo >= 4096) continue;  // too wide to look at every value
    // The values the chunk can hold that are in the set: none, all, one
    // run, or scattered.
    uint32_t first = 0, last = 0, in = 0;
    bool one_run = true;
    for (uint32_t v = col.lo;; ++v) {
      if (s.Contains(v)) {
        if (in == 0) first = v;
        one_run = one_run && (in == 0 || last == v - 1);
        last = v;
        ++in;
      }
      if (v == col.hi) break;
    }
    if (in == 0) {
      t.kind = StoredSet::kNone;
    } else if (in == col.hi - col.lo + 1) {
      t.kind = StoredSet::kAll;
    } else if (one_run) {
      t.kind = StoredSet::kRun;
      t.run_lo = first - col.base;
      t.run_last = last - first;
    } else if (col.width == 1) {
      t.kind = StoredSet::kTable;
      for (uint32_t d = 0; d < 256; ++d) t.in[d] = s.Contains(col.base + d) ? 1 : 0;
    }
  }
}

namespace {

// mask[i] = (first ? 1 : mask[i]) & (d[i] - lo <= last), in the column's
// own width so that the compiler compares 16 or 8 rows per instruction.
template <class T>
void MaskRun(const T* __restrict d, uint32_t n, uint32_t lo, uint32_t last, bool first,
             uint8_t* __restrict mask) {
  const auto l = static_cast<T>(lo), w = static_cast<T>(last);
  if (first) {
    for (uint32_t i = 0; i < n; ++i) mask[i] = static_cast<T>(d[i] - l) <= w;
  } else {
    for (uint32_t i = 0; i < n; ++i) mask[i] &= static_cast<T>(d[i] - l) <= w;
  }
}

}  // namespace

void BlockPreparer::MaskSet(size_t si, const Chunk& c, uint32_t begin, uint32_t n, bool first) {
  const CompiledFilter::Set& s = plan_.filter.sets[si];
  const StoredSet& t = stored_[si];
  const ForColumn& col = c.dim[s.col];
  uint8_t* __restrict m = mask_;
  if (t.kind == StoredSet::kRun) {
    switch (col.width) {
      case 1:
        MaskRun(col.data + begin, n, t.run_lo, t.run_last, first, m);
        return;
      case 2:
        MaskRun(reinterpret_cast<const uint16_t*>(col.data) + begin, n, t.run_lo, t.run_last, first,
                m);
        return;
      default:
        MaskRun(reinterpret_cast<const uint32_t*>(col.data) + begin, n, t.run_lo, t.run_last, first,
                m);
        return;
    }
  }
  if (t.kind == StoredSet::kTable) {
    const uint8_t* __restrict d = col.data + begin;
    const uint8_t* __restrict in = t.in;
    if (first) {
      for (uint32_t i = 0; i < n; ++i) m[i] = in[d[i]];
    } else {
      for (uint32_t i = 0; i < n; ++i) m[i] &= in[d[i]];
    }
    return;
  }
  const uint32_t base = col.base;
  ForEachStored(col, begin, n, [&](uint32_t i, uint32_t v) {
    m[i] = static_cast<uint8_t>((first ? 1 : m[i]) & s.Contains(base + v));
  });
}

std::vector<uint32_t> SlotsInKeyOrder(const SlotMap& slots) {
  std::vector<uint32_t> order(slots.size());
  for (uint32_t s = 0; s < slots.size(); ++s) order[s] = s;
  if (!slots.dense()) {
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return slots.KeyOf(a) < slots.KeyOf(b); });
  }
  return order;
}

}  // namespace beleving::engine::internal
