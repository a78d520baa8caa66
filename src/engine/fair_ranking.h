// Fair ranking of employees, teams and locations by NPS.
//
// Raw NPS rewards luck: an employee with 4 answers, all 10s, tops a list of
// people with hundreds. Each group's (promoter, passive, detractor) shares
// get a Dirichlet prior centred on its organisation's pooled shares, with a
// concentration alpha0 estimated per organisation by the method of moments
// from the between-group variance; groups are ranked by posterior mean NPS.
// Formulas and worked example: docs/ranking.md.
//
// One fair score per group, whoever looks: the prior and every group's
// counts come from the whole organisation for the query's period and
// response filters; the viewer's visibility (a manager's teams) and a chosen
// slice only select which groups are returned (RankingQuery::filter).
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
  // The caller's filter, with their visibility folded in (as for Measures).
  // Its parts play two roles:
  //  - from, to, touchpoints, channels, customers, surveys, survey_versions,
  //    attributes: which responses count. The prior and each group's counts
  //    are computed over the whole organisation with these only.
  //  - locations, teams, employees and visible (a viewer's scope or a chosen slice):
  //    which groups are returned, namely those with at least one response
  //    matching the whole filter. They never change a group's counts or the
  //    prior, so an admin and a manager get the same fair score for a team.
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
  double ci_low = 0, ci_high = 0;  // 95% interval (NpsInterval over the posterior)
  // 1 = best among the returned rows (the groups the filter selects: the
  // whole org for an unrestricted viewer); null below min_count.
  std::optional<int64_t> rank;
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

// The pure computation behind Engine::FairRanking, in two steps. Shrink:
// `rows` are all groups of one org with counts filled in; fills the posterior
// fields and returns the prior. Rank: orders `rows` (ranked rows first by
// posterior, then unranked) and numbers those with a known id and
// n >= min_count from 1. ShrinkAndRank does both on the same rows.
RankingPrior Shrink(uint32_t org, std::vector<RankingRow>* rows);
void Rank(std::vector<RankingRow>* rows, int64_t min_count);
RankingPrior ShrinkAndRank(uint32_t org, std::vector<RankingRow>* rows, int64_t min_count);

}  // namespace beleving::engine
