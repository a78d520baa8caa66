// The expectation ratchet: a customer who once gave a 10 measures the next
// visit against that 10. For every response, best_prev is the same
// customer's best NPS score over their strictly earlier responses (ordered by
// submitted_at, then response id); the response *disappoints* when
//   score <= best_prev - threshold.
//
// History is per organisation (a customer belongs to one tenant) and is never
// filtered: the query's filter picks which responses are judged, but each is
// judged against the customer's whole earlier history. The engine maintains
// best_prev at append time; responses that arrive out of order for their
// customer are repaired lazily by the next ratchet query (docs/engine.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/query.h"

namespace beleving::engine {

struct RatchetQuery {
  Scope scope;
  Filter filter;
  std::vector<std::string> group_by;  // see ParseGroupBy
  int threshold = 3;                  // 1..10
  size_t list_limit = 100;            // disappointed responses to list (0: none)
};

struct RatchetRow {
  std::vector<int64_t> key;
  int64_t with_prev = 0;        // scored responses whose customer has an earlier score
  int64_t disappointed = 0;     // of those, score <= best_prev - threshold
  std::optional<double> share;  // disappointed / with_prev (0..1)
};

struct DisappointedResponse {
  uint32_t response_id = 0;
  uint32_t org = 0;
  uint32_t customer = 0;
  int64_t submitted_at = 0;
  int score = 0;
  int best_prev = 0;
  uint32_t employee = 0, team = 0, touchpoint = 0;
};

struct RatchetResult {
  std::vector<GroupKey> group_by;
  std::vector<RatchetRow> rows;  // groups with with_prev > 0, in key order
  // Most recent first (submitted_at, then response id, descending).
  std::vector<DisappointedResponse> disappointed;
  int64_t disappointed_total = 0;
};

}  // namespace beleving::engine
