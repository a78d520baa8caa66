// Consistency: how evenly a group delivers. A team whose scores are all 8 and
// one whose scores are half 10 and half 6 have the same mean; the second is
// the one with a problem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/query.h"

namespace beleving::engine {

struct ConsistencyQuery {
  Scope scope;
  Filter filter;
  std::vector<std::string> group_by;   // see ParseGroupBy
  int standard = 7;                    // share_below counts scores < standard
  int64_t min_employee_responses = 5;  // employees below this are left out of the spread
};

// Spread between the employees of a group (only when grouping by team).
struct EmployeeSpread {
  int64_t employees = 0;         // employees with >= min_employee_responses scores
  std::optional<double> stddev;  // population stddev of their mean scores
  std::optional<double> min_mean, max_mean;
};

struct ConsistencyRow {
  std::vector<int64_t> key;
  int64_t n = 0;  // NPS answers (0..10 scores) in the group
  double mean = 0;
  double stddev = 0;                        // population standard deviation of the score
  double q1 = 0, q3 = 0, iqr = 0;           // type-7 quartiles of the score
  double share_below = 0;                   // fraction of scores < standard
  std::optional<EmployeeSpread> employees;  // set when group_by contains "team"
};

struct ConsistencyResult {
  std::vector<GroupKey> group_by;
  std::vector<ConsistencyRow> rows;  // groups with at least one score, in key order
};

}  // namespace beleving::engine
