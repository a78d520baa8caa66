#include "engine/fair_ranking.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "engine/engine.h"

namespace beleving::engine {

namespace {
constexpr double kFullPooling = 1e9;  // alpha0 standing in for +infinity
}

RankingPrior Shrink(uint32_t org, std::vector<RankingRow>* rows) {
  RankingPrior prior;
  prior.org = org;
  // Groups that inform the prior: known ids with answers.
  double n_total = 0, sum_sq = 0;
  std::array<double, 3> totals{};
  for (const RankingRow& r : *rows) {
    if (r.id == 0 || r.n == 0) continue;
    ++prior.groups;
    const auto n = static_cast<double>(r.n);
    n_total += n;
    sum_sq += n * n;
    totals[0] += static_cast<double>(r.promoters);
    totals[1] += static_cast<double>(r.passives);
    totals[2] += static_cast<double>(r.detractors);
  }
  if (n_total > 0) {
    for (size_t k = 0; k < 3; ++k) prior.pooled[k] = totals[k] / n_total;
  }
  // Method of moments (docs/ranking.md): X^2 / (K - 1) estimates
  // (G - 1) + rho * (N - sum n_i^2 / N - (G - 1)), rho = 1 / (alpha0 + 1).
  double x2 = 0;
  int categories = 0;
  for (size_t k = 0; k < 3; ++k) categories += prior.pooled[k] > 0 ? 1 : 0;
  for (const RankingRow& r : *rows) {
    if (r.id == 0 || r.n == 0) continue;
    const double x[3] = {static_cast<double>(r.promoters), static_cast<double>(r.passives),
                         static_cast<double>(r.detractors)};
    for (size_t k = 0; k < 3; ++k) {
      if (prior.pooled[k] <= 0) continue;
      const double e = static_cast<double>(r.n) * prior.pooled[k];
      x2 += (x[k] - e) * (x[k] - e) / e;
    }
  }
  const auto g = static_cast<double>(prior.groups);
  if (prior.groups < 2 || categories < 2) {
    prior.alpha0 = 0;  // nothing to learn a spread from: no shrinkage
  } else {
    const double denom = n_total - sum_sq / n_total - (g - 1);
    const double rho = denom > 0 ? (x2 / (categories - 1) - (g - 1)) / denom : 0;
    if (rho <= 0) {
      prior.alpha0 = kFullPooling;
    } else if (rho >= 1) {
      prior.alpha0 = 0;
    } else {
      prior.alpha0 = std::min(kFullPooling, 1 / rho - 1);
    }
  }
  for (RankingRow& r : *rows) {
    r.raw_nps =
        r.n > 0 ? static_cast<double>(r.promoters - r.detractors) * 100 / static_cast<double>(r.n)
                : 0;
    const double a = prior.alpha0 + static_cast<double>(r.n);
    if (a <= 0) {
      r.posterior_nps = r.ci_low = r.ci_high = 0;
      continue;
    }
    const double mp = (prior.alpha0 * prior.pooled[0] + static_cast<double>(r.promoters)) / a;
    const double md = (prior.alpha0 * prior.pooled[2] + static_cast<double>(r.detractors)) / a;
    r.posterior_nps = 100 * (mp - md);
    // The engine's one NPS interval, over the posterior's pseudo-counts.
    const NpsInterval ci = NpsInterval95(mp * a, (1 - mp - md) * a, md * a);
    r.ci_low = ci.low;
    r.ci_high = ci.high;
  }
  return prior;
}

void Rank(std::vector<RankingRow>* rows, int64_t min_count) {
  auto better = [](const RankingRow& a, const RankingRow& b) {
    if (a.posterior_nps != b.posterior_nps) return a.posterior_nps > b.posterior_nps;
    return a.id < b.id;
  };
  auto ranked_end = std::partition(rows->begin(), rows->end(), [&](const RankingRow& r) {
    return r.id != 0 && r.n >= min_count;
  });
  std::sort(rows->begin(), ranked_end, better);
  std::sort(ranked_end, rows->end(), better);
  int64_t rank = 0;
  for (auto it = rows->begin(); it != rows->end(); ++it) {
    it->rank = it < ranked_end ? std::optional<int64_t>(++rank) : std::nullopt;
  }
}

RankingPrior ShrinkAndRank(uint32_t org, std::vector<RankingRow>* rows, int64_t min_count) {
  RankingPrior prior = Shrink(org, rows);
  Rank(rows, min_count);
  return prior;
}

Result<RankingResult> Engine::FairRanking(const RankingQuery& q) const {
  BeforeQuery();
  if (q.level != "employee" && q.level != "team" && q.level != "location") {
    return InvalidArgument("level must be employee, team or location", "/level");
  }
  if (q.min_count < 1) return InvalidArgument("min_count must be at least 1", "/min_count");
  // The population: the org for the period and the response filters. The
  // group lists of the filter and the caller's visibility only select rows
  // (see RankingQuery).
  Filter population = q.filter;
  population.locations.clear();
  population.teams.clear();
  population.employees.clear();
  population.visible.reset();
  const bool selects = !q.filter.locations.empty() || !q.filter.teams.empty() ||
                       !q.filter.employees.empty() || q.filter.visible.has_value();
  std::shared_lock lock(mu_);
  ASSIGN_OR_RETURN(auto measures, MeasuresLocked({q.scope, population, {"org", q.level}}));
  MeasureResult selected;
  if (selects) {
    ASSIGN_OR_RETURN(selected, MeasuresLocked({q.scope, q.filter, {"org", q.level}}));
  }
  lock.unlock();
  RankingResult result;
  result.level = q.level;
  const auto& rows = measures.rows;
  size_t next_selected = 0;  // both results are in key order
  for (size_t i = 0; i < rows.size();) {
    const auto org = static_cast<uint32_t>(rows[i].key[0]);
    std::vector<RankingRow> group;
    size_t j = i;
    for (; j < rows.size() && rows[j].key[0] == rows[i].key[0]; ++j) {
      const ScoreMeasures& m = rows[j].measures;
      if (m.nps_answers == 0) continue;
      RankingRow r;
      r.org = org;
      r.id = static_cast<uint32_t>(rows[j].key[1]);
      r.n = m.nps_answers;
      r.promoters = m.promoters;
      r.passives = m.passives;
      r.detractors = m.detractors;
      group.push_back(r);
    }
    result.priors.push_back(Shrink(org, &group));
    if (selects) {
      std::vector<RankingRow> shown;
      for (const RankingRow& r : group) {
        const std::vector<int64_t> key = {org, r.id};
        while (next_selected < selected.rows.size() && selected.rows[next_selected].key < key) {
          ++next_selected;
        }
        if (next_selected < selected.rows.size() && selected.rows[next_selected].key == key) {
          shown.push_back(r);
        }
      }
      group = std::move(shown);
    }
    Rank(&group, q.min_count);
    result.rows.insert(result.rows.end(), group.begin(), group.end());
    i = j;
  }
  return result;
}

}  // namespace beleving::engine
