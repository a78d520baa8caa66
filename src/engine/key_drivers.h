// Key drivers: which experience drivers (certainty, flexibility, ...) move
// the NPS score, and how well each is delivered.
//
// Per driver: n (responses with both the driver rating and a score), the
// Pearson correlation r with the score, the mean rating and the % rated 4-5
// (performance). Relative importance is Johnson's (2000) relative weights on
// the pairwise-complete correlation matrix of the drivers: with
// R_xx = V diag(l) V^T (Jacobi eigen decomposition), L = V diag(sqrt l) V^T,
// beta = L^-1 r_xy, raw weight_j = sum_k L_jk^2 beta_k^2; the raw weights sum
// to R^2 of the regression of the score on the drivers. Quadrants split at
// the medians of weight and performance: "fix" (important, weak), "keep"
// (important, strong), "maintain" (less important, strong), "low_priority".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/query.h"

namespace beleving::engine {

struct KeyDriversQuery {
  Scope scope;
  Filter filter;
  std::vector<std::string> group_by;  // usually empty or {"org"}
  int64_t min_n = 30;  // drivers with fewer (driver, score) pairs stay out of the weights
};

struct DriverStats {
  int driver = 0;  // index into kDriverNames
  std::string name;
  int64_t n = 0;                       // responses with this driver and a score
  int64_t n_rated = 0;                 // responses with this driver rated
  std::optional<double> r;             // Pearson correlation with the score
  std::optional<double> mean_rating;   // over n_rated
  std::optional<double> top2_share;    // % of ratings that are 4-5 (performance)
  std::optional<double> raw_weight;    // Johnson's relative weight (sums to R^2)
  std::optional<double> weight_share;  // raw_weight / R^2
  std::string quadrant;                // fix | keep | maintain | low_priority | "" (not modelled)
};

struct KeyDriversGroup {
  std::vector<int64_t> key;
  int64_t responses = 0;  // responses with a score
  std::optional<double> r_squared;
  std::vector<DriverStats> drivers;  // every driver rated at least once, in driver order
};

struct KeyDriversResult {
  std::vector<GroupKey> group_by;
  std::vector<KeyDriversGroup> groups;  // in key order
};

// Symmetric eigen decomposition by cyclic Jacobi rotations. `a` is n x n
// symmetric (row-major); values ascending-unsorted, vectors as columns:
// a = V diag(values) V^T.
void JacobiEigen(std::vector<std::vector<double>> a, std::vector<double>* values,
                 std::vector<std::vector<double>>* vectors);

// Johnson's relative weights for predictor correlations `rxx` and
// predictor-criterion correlations `rxy`. Eigenvalues <= 1e-10 (a singular or
// not positive semi-definite pairwise matrix) are dropped (pseudo-inverse).
struct RelativeWeights {
  std::vector<double> raw;  // per predictor; sum = r_squared
  double r_squared = 0;
};
RelativeWeights JohnsonRelativeWeights(const std::vector<std::vector<double>>& rxx,
                                       const std::vector<double>& rxy);

}  // namespace beleving::engine
