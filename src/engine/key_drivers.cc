#include "engine/key_drivers.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "engine/engine.h"
#include "engine/kernels.h"
#include "engine/storage.h"

namespace beleving::engine {

// ---- Linear algebra ----------------------------------------------------------

void JacobiEigen(std::vector<std::vector<double>> a, std::vector<double>* values,
                 std::vector<std::vector<double>>* vectors) {
  const size_t n = a.size();
  auto& v = *vectors;
  v.assign(n, std::vector<double>(n, 0.0));
  for (size_t i = 0; i < n; ++i) v[i][i] = 1;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0;
    for (size_t p = 0; p < n; ++p) {
      for (size_t q = p + 1; q < n; ++q) off += a[p][q] * a[p][q];
    }
    if (off < 1e-30) break;
    for (size_t p = 0; p < n; ++p) {
      for (size_t q = p + 1; q < n; ++q) {
        if (std::fabs(a[p][q]) < 1e-300) continue;
        // Rotation that zeroes a[p][q] (Golub & Van Loan, symmetric Schur).
        const double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const double t =
            (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (size_t k = 0; k < n; ++k) {  // A <- A J
          const double akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (size_t k = 0; k < n; ++k) {  // A <- J^T A
          const double apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (size_t k = 0; k < n; ++k) {  // V <- V J
          const double vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  values->resize(n);
  for (size_t i = 0; i < n; ++i) (*values)[i] = a[i][i];
}

RelativeWeights JohnsonRelativeWeights(const std::vector<std::vector<double>>& rxx,
                                       const std::vector<double>& rxy) {
  const size_t n = rxy.size();
  RelativeWeights out;
  out.raw.assign(n, 0.0);
  if (n == 0) return out;
  std::vector<double> lambda;
  std::vector<std::vector<double>> v;
  JacobiEigen(rxx, &lambda, &v);
  // L = V diag(sqrt l) V^T and its (pseudo-)inverse.
  std::vector<std::vector<double>> l(n, std::vector<double>(n, 0.0)), linv = l;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      for (size_t k = 0; k < n; ++k) {
        if (lambda[k] <= 1e-10) continue;
        const double root = std::sqrt(lambda[k]);
        l[i][j] += v[i][k] * root * v[j][k];
        linv[i][j] += v[i][k] / root * v[j][k];
      }
    }
  }
  std::vector<double> beta(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) beta[i] += linv[i][j] * rxy[j];
  }
  for (size_t j = 0; j < n; ++j) {
    for (size_t k = 0; k < n; ++k) out.raw[j] += l[j][k] * l[j][k] * beta[k] * beta[k];
    out.r_squared += out.raw[j];
  }
  return out;
}

// ---- The scan ------------------------------------------------------------------

namespace {

using internal::Block;

constexpr int kPairs = kMaxDrivers * (kMaxDrivers - 1) / 2;
// Per slot: [0] scored responses; per driver 9 values: (score, driver) pair
// sums n, sx, sxx, sy, syy, sxy and rated n, sum, top-2 count; then per
// driver pair (i < j) the pair sums n, si, sii, sj, sjj, sij.
constexpr size_t kDriverBase = 1;
constexpr size_t kPairBase = kDriverBase + 9 * kMaxDrivers;
constexpr size_t kSlotWidth = kPairBase + 6 * kPairs;

inline size_t PairIndex(int i, int j) {  // i < j
  return static_cast<size_t>(i * kMaxDrivers - i * (i + 1) / 2 + (j - i - 1));
}

// Adds the six pairwise-complete sums of a and b over the block.
// Built for AVX2 and baseline x86-64, picked at run time (the build does not
// assume -march). The loops are plain C++ that GCC vectorises.
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define BELEVING_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define BELEVING_VECTOR_CLONES
#endif

template <bool kMasked>
BELEVING_VECTOR_CLONES void PairSums(const int8_t* a, const int8_t* b, const uint8_t* mask,
                                     uint32_t n, int64_t* out) {
  int32_t cn = 0, sa = 0, saa = 0, sb = 0, sbb = 0, sab = 0;
  for (uint32_t i = 0; i < n; ++i) {
    int32_t x = a[i], y = b[i];
    int32_t m = (x >= 0) & (y >= 0);
    if constexpr (kMasked) m &= mask[i];
    x *= m;
    y *= m;
    cn += m;
    sa += x;
    saa += x * x;
    sb += y;
    sbb += y * y;
    sab += x * y;
  }
  out[0] += cn;
  out[1] += sa;
  out[2] += saa;
  out[3] += sb;
  out[4] += sbb;
  out[5] += sab;
}

template <bool kMasked>
BELEVING_VECTOR_CLONES void RatedSums(const int8_t* a, const uint8_t* mask, uint32_t n,
                                      int64_t* out) {
  int32_t cn = 0, s = 0, top = 0;
  for (uint32_t i = 0; i < n; ++i) {
    int32_t x = a[i];
    int32_t m = x >= 0;
    if constexpr (kMasked) m &= mask[i];
    cn += m;
    s += x * m;
    top += (x >= 4) & m;
  }
  out[0] += cn;
  out[1] += s;
  out[2] += top;
}

class DriverKernel {
 public:
  void Resize(uint32_t slots) {
    if (size_t{slots} * kSlotWidth > sums_.size()) sums_.resize(size_t{slots} * kSlotWidth);
  }

  void Consume(const Block& b) {
    const internal::Chunk& c = *b.chunk;
    const uint32_t present = b.partition->optional_present();
    int drivers[kMaxDrivers];
    int nd = 0;
    for (int d = 0; d < kMaxDrivers; ++d) {
      if (present & (1u << (internal::kFirstDriverCol + d))) drivers[nd++] = d;
    }
    const int8_t* score = c.nps + b.begin;
    auto col = [&](int d) {
      return c.optional[static_cast<size_t>(internal::kFirstDriverCol + d)] + b.begin;
    };
    if (b.uniform_slot >= 0) {
      int64_t* s = &sums_[static_cast<size_t>(b.uniform_slot) * kSlotWidth];
      if (b.mask == nullptr) {
        UniformBlock<false>(b, score, col, drivers, nd, s);
      } else {
        UniformBlock<true>(b, score, col, drivers, nd, s);
      }
      return;
    }
    internal::ForSelected(b, [&](uint32_t i) {
      int64_t* s = &sums_[size_t{b.slot[i]} * kSlotWidth];
      const int x = score[i];
      s[0] += x >= 0;
      for (int k = 0; k < nd; ++k) {
        const int d = drivers[k];
        const int y = col(d)[i];
        if (y < 0) continue;
        int64_t* r = s + kDriverBase + 9 * static_cast<size_t>(d);
        r[6] += 1;
        r[7] += y;
        r[8] += y >= 4;
        if (x >= 0) {
          r[0] += 1;
          r[1] += x;
          r[2] += x * x;
          r[3] += y;
          r[4] += y * y;
          r[5] += x * y;
        }
        for (int k2 = k + 1; k2 < nd; ++k2) {
          const int d2 = drivers[k2];
          const int z = col(d2)[i];
          if (z < 0) continue;
          int64_t* p = s + kPairBase + 6 * PairIndex(d, d2);
          p[0] += 1;
          p[1] += y;
          p[2] += y * y;
          p[3] += z;
          p[4] += z * z;
          p[5] += y * z;
        }
      }
    });
  }

  void MergeFrom(const DriverKernel& o, const std::vector<uint32_t>& remap) {
    for (uint32_t k = 0; k < remap.size(); ++k) {
      for (size_t w = 0; w < kSlotWidth; ++w) {
        sums_[size_t{remap[k]} * kSlotWidth + w] += o.sums_[size_t{k} * kSlotWidth + w];
      }
    }
  }

  const int64_t* Slot(uint32_t s) const { return &sums_[size_t{s} * kSlotWidth]; }

 private:
  template <bool kMasked, class Col>
  static void UniformBlock(const Block& b, const int8_t* score, Col col, const int* drivers, int nd,
                           int64_t* s) {
    int32_t scored = 0;
    for (uint32_t i = 0; i < b.count; ++i) {
      int32_t m = score[i] >= 0;
      if constexpr (kMasked) m &= b.mask[i];
      scored += m;
    }
    s[0] += scored;
    for (int k = 0; k < nd; ++k) {
      const int d = drivers[k];
      int64_t* r = s + kDriverBase + 9 * static_cast<size_t>(d);
      PairSums<kMasked>(score, col(d), b.mask, b.count, r);
      RatedSums<kMasked>(col(d), b.mask, b.count, r + 6);
      for (int k2 = k + 1; k2 < nd; ++k2) {
        PairSums<kMasked>(col(d), col(drivers[k2]), b.mask, b.count,
                          s + kPairBase + 6 * PairIndex(d, drivers[k2]));
      }
    }
  }

  std::vector<int64_t> sums_;
};

// Pearson r from pair sums (n, sa, saa, sb, sbb, sab), written as the SQL
// peers do: exact integers, one floating-point expression.
std::optional<double> Pearson(const int64_t* p) {
  const int64_t n = p[0], sa = p[1], saa = p[2], sb = p[3], sbb = p[4], sab = p[5];
  const double den =
      std::sqrt(static_cast<double>(n * saa - sa * sa) * static_cast<double>(n * sbb - sb * sb));
  if (n < 2 || den == 0) return std::nullopt;
  return static_cast<double>(n * sab - sa * sb) / den;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

KeyDriversGroup Finish(const int64_t* s, int64_t min_n) {
  KeyDriversGroup g;
  g.responses = s[0];
  std::vector<size_t> model;  // indices into g.drivers
  for (int d = 0; d < kMaxDrivers; ++d) {
    const int64_t* r = s + kDriverBase + 9 * static_cast<size_t>(d);
    if (r[6] == 0) continue;
    DriverStats ds;
    ds.driver = d;
    ds.name = std::string(kDriverNames[static_cast<size_t>(d)]);
    ds.n = r[0];
    ds.n_rated = r[6];
    ds.r = Pearson(r);
    ds.mean_rating = static_cast<double>(r[7]) / static_cast<double>(r[6]);
    ds.top2_share = static_cast<double>(r[8]) * 100 / static_cast<double>(r[6]);
    if (ds.r && ds.n >= min_n) model.push_back(g.drivers.size());
    g.drivers.push_back(std::move(ds));
  }
  if (model.empty()) return g;
  const size_t m = model.size();
  std::vector<std::vector<double>> rxx(m, std::vector<double>(m, 0.0));
  std::vector<double> rxy(m);
  for (size_t i = 0; i < m; ++i) {
    rxx[i][i] = 1;
    rxy[i] = *g.drivers[model[i]].r;
    for (size_t j = i + 1; j < m; ++j) {
      const int a = g.drivers[model[i]].driver, b = g.drivers[model[j]].driver;
      const auto r = Pearson(s + kPairBase + 6 * PairIndex(a, b));
      rxx[i][j] = rxx[j][i] = r.value_or(0.0);
    }
  }
  const RelativeWeights w = JohnsonRelativeWeights(rxx, rxy);
  g.r_squared = w.r_squared;
  std::vector<double> weights(m), perf(m);
  for (size_t i = 0; i < m; ++i) {
    DriverStats& ds = g.drivers[model[i]];
    ds.raw_weight = w.raw[i];
    if (w.r_squared > 0) ds.weight_share = w.raw[i] / w.r_squared;
    weights[i] = w.raw[i];
    perf[i] = *ds.top2_share;
  }
  const double mw = Median(weights), mp = Median(perf);
  for (size_t i = 0; i < m; ++i) {
    DriverStats& ds = g.drivers[model[i]];
    const bool important = *ds.raw_weight >= mw, strong = *ds.top2_share >= mp;
    ds.quadrant = important ? (strong ? "keep" : "fix") : (strong ? "maintain" : "low_priority");
  }
  return g;
}

}  // namespace

Result<KeyDriversResult> Engine::KeyDrivers(const KeyDriversQuery& q) const {
  BeforeQuery();
  if (q.min_n < 2) return InvalidArgument("min_n must be at least 2", "/min_n");
  KeyDriversResult result;
  ASSIGN_OR_RETURN(result.group_by, ParseGroupBy(q.group_by));
  std::shared_lock lock(mu_);
  ASSIGN_OR_RETURN(auto parts, PartitionsIn(q.scope));
  ASSIGN_OR_RETURN(auto plan, internal::MakeScanPlan(parts, result.group_by, q.filter, 4096));
  auto [kernel, slots] = internal::RunScan<DriverKernel>(plan, [] { return DriverKernel(); });
  lock.unlock();
  for (uint32_t s : internal::SlotsInKeyOrder(slots)) {
    const int64_t* sums = kernel.Slot(s);
    bool any = sums[0] > 0;
    for (int d = 0; d < kMaxDrivers && !any; ++d)
      any = sums[kDriverBase + 9 * static_cast<size_t>(d) + 6] > 0;
    if (!any) continue;
    KeyDriversGroup g = Finish(sums, q.min_n);
    g.key = plan.layout.Decode(slots.KeyOf(s));
    result.groups.push_back(std::move(g));
  }
  return result;
}

}  // namespace beleving::engine
