// Fair ranking of employees, teams and locations by NPS.
//
// Raw NPS rewards luck: an employee with 4 answers, all 10s, tops a list of
// people with hundreds. Each group's (promoter, passive, detractor) shares
// get a Dirichlet prior centred on its organisation's pooled shares, with a
// concentration alpha0 estimated per organisation by the method of moments
// from the between-group variance; groups are ranked by posterior mean NPS.
// Formulas and worked example: docs/ranking.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/query.h"

namespace beleving::engine {

struct RankingQuery {
  Scope scope;
  Filter filter;
  std::string level = "employee";  // "employee", "team" or "location"
  int64_t min_count = 10;          // groups with fewer NPS answers get no rank
};

struct RankingRow {
  uint32_t org = 0;
  uint32_t id = 0;  // employee, team or location store id (0 = unknown)
  int64_t n = 0, promoters = 0, passives = 0, detractors = 0;
  double raw_nps = 0;
  double posterior_nps = 0;        // posterior mean of 100 * (P - D)
  double ci_low = 0, ci_high = 0;  // 95% credible interval (normal approximation)
  std::optional<int64_t> rank;     // 1 = best within the org; null below min_count
};

// The prior of one organisation.
struct RankingPrior {
  uint32_t org = 0;
  int64_t groups = 0;
  std::array<double, 3> pooled{};  // promoter, passive, detractor shares
  double alpha0 = 0;               // prior concentration ("pseudo answers"); +inf = pool fully
};

struct RankingResult {
  std::string level;
  // Per org: ranked rows by rank, then unranked rows by posterior (desc), id.
  std::vector<RankingRow> rows;
  std::vector<RankingPrior> priors;
};

// The pure computation behind Engine::FairRanking: `rows` of one org with
// counts filled in; fills posterior fields and ranks and returns the prior.
RankingPrior ShrinkAndRank(uint32_t org, std::vector<RankingRow>* rows, int64_t min_count);

}  // namespace beleving::engine
