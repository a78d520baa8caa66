#include "engine/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <thread>

#include "core/time_format.h"

namespace beleving::engine {
namespace {

constexpr int64_t kT0 = 1740787200;  // 2025-03-01T00:00:00Z

ResponseFacts R(uint32_t id, uint32_t org, int64_t ts, int nps) {
  ResponseFacts f{};
  f.response_id = id;
  f.org = org;
  f.submitted_at = ts;
  f.nps = static_cast<int8_t>(nps);
  return f;
}

MeasureResult MustMeasure(const Engine& e, MeasureQuery q) {
  auto r = e.Measures(q);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : MeasureResult{};
}

// ---- measures ------------------------------------------------------------------

TEST(NpsWithCi, MatchesTheFormula) {
  // NpsInterval95: one pseudo-answer per category. P = 5, passive 3, D = 2:
  // p = 6/13, d = 3/13, centre 100 * 3/13, Var = 100^2 (9/13 - 9/169) / 13.
  auto e = NpsWithCi(5, 3, 2);
  ASSERT_TRUE(e);
  EXPECT_DOUBLE_EQ(e->nps, 30);
  const double centre = 300.0 / 13,
               half = 1.959963984540054 * 100 * std::sqrt((9.0 / 13 - 9.0 / 169) / 13);
  EXPECT_NEAR(e->ci_low, centre - half, 1e-12);
  EXPECT_NEAR(e->ci_high, centre + half, 1e-12);
  EXPECT_NEAR(e->ci_low, -20.37859583568847, 1e-9);  // python3, the same formula
  // All promoters: the interval no longer collapses (it did with plain Wald),
  // and it holds the observed 100.
  e = NpsWithCi(4, 0, 0);
  EXPECT_DOUBLE_EQ(e->nps, 100);
  EXPECT_NEAR(e->ci_low, 3.1808984718031468, 1e-9);
  EXPECT_DOUBLE_EQ(e->ci_high, 100);
  // One promoter, one detractor.
  e = NpsWithCi(1, 0, 1);
  EXPECT_DOUBLE_EQ(e->nps, 0);
  EXPECT_NEAR(e->ci_low, -78.39855938160217, 1e-9);
  EXPECT_NEAR(e->ci_high, 78.39855938160217, 1e-9);
  EXPECT_FALSE(NpsWithCi(0, 0, 0));
}

TEST(Measures, EmptyEngineGivesOneEmptyTotalRow) {
  Engine e;
  auto r = MustMeasure(e, {Scope::Org(1), {}, {}});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].measures.count, 0);
  EXPECT_FALSE(r.rows[0].measures.nps);
  EXPECT_FALSE(r.rows[0].measures.mean_score);
  // Grouped: no groups at all.
  EXPECT_TRUE(MustMeasure(e, {Scope::Org(1), {}, {"team"}}).rows.empty());
}

TEST(Engine, RowsAndMemoryCountEveryOrganisation) {
  Engine e;
  EXPECT_EQ(e.Rows(), 0u);
  EXPECT_EQ(e.MemoryBytes(), 0u);
  std::vector<ResponseFacts> rs = {R(1, 1, kT0, 9), R(2, 2, kT0, 3), R(3, 1, kT0 + 60, 10)};
  ASSERT_TRUE(e.Append(rs).ok());
  EXPECT_EQ(e.Rows(), 3u);
  EXPECT_GT(e.MemoryBytes(), 0u);
}

TEST(Measures, OneResponse) {
  Engine e;
  ResponseFacts f = R(1, 1, kT0, 9);
  f.csat = 4;
  f.ces = 3;
  ASSERT_TRUE(e.Append({&f, 1}).ok());
  const ScoreMeasures m = MustMeasure(e, {Scope::Org(1), {}, {}}).rows[0].measures;
  EXPECT_EQ(m.count, 1);
  EXPECT_EQ(m.promoters, 1);
  EXPECT_DOUBLE_EQ(*m.nps, 100);
  EXPECT_DOUBLE_EQ(*m.mean_score, 9);
  EXPECT_DOUBLE_EQ(*m.share_tens, 0);
  EXPECT_DOUBLE_EQ(*m.csat, 100);
  EXPECT_DOUBLE_EQ(*m.ces_mean, 3);
  EXPECT_DOUBLE_EQ(*m.ces_easy_share, 0);
  EXPECT_EQ(m.distribution[9], 1);
}

TEST(Measures, HandComputedGroupsAndMissingAnswers) {
  Engine e;
  // Team 10: scores 10, 10, 9, 8, 3 and one without NPS (csat only).
  // Team 20: all promoters 9, 10.
  std::vector<ResponseFacts> rs;
  const int team10[] = {10, 10, 9, 8, 3, -1};
  uint32_t id = 0;
  for (int s : team10) {
    ++id;
    ResponseFacts f = R(id, 1, kT0 + id, s);
    f.team = 10;
    f.ces = static_cast<int8_t>(s < 0 ? -1 : (s >= 9 ? 6 : 2));
    f.csat = static_cast<int8_t>(s < 0 ? 5 : -1);
    rs.push_back(f);
  }
  for (int s : {9, 10}) {
    ++id;
    ResponseFacts f = R(id, 1, kT0 + id, s);
    f.team = 20;
    rs.push_back(f);
  }
  ASSERT_TRUE(e.Append(rs).ok());
  auto r = MustMeasure(e, {Scope::Org(1), {}, {"team"}});
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].key, std::vector<int64_t>{10});
  const ScoreMeasures& a = r.rows[0].measures;
  EXPECT_EQ(a.count, 6);
  EXPECT_EQ(a.nps_answers, 5);
  EXPECT_EQ(a.promoters, 3);
  EXPECT_EQ(a.passives, 1);
  EXPECT_EQ(a.detractors, 1);
  EXPECT_DOUBLE_EQ(*a.nps, 40);         // 100 * (3 - 1) / 5
  EXPECT_DOUBLE_EQ(*a.share_tens, 40);  // 2 of 5
  EXPECT_DOUBLE_EQ(*a.mean_score, 8);   // 40 / 5
  EXPECT_EQ(a.csat_answers, 1);
  EXPECT_DOUBLE_EQ(*a.csat, 100);
  EXPECT_EQ(a.ces_answers, 5);
  EXPECT_DOUBLE_EQ(*a.ces_mean, (6 * 3 + 2 * 2) / 5.0);
  EXPECT_DOUBLE_EQ(*a.ces_easy_share, 60);
  // NpsInterval95 of (3, 1, 1): p = 4/8, d = 2/8 (python3, same formula).
  EXPECT_NEAR(*a.nps_ci_low, -32.456537261081216, 1e-9);
  EXPECT_NEAR(*a.nps_ci_high, 82.45653726108122, 1e-9);
  const ScoreMeasures& b = r.rows[1].measures;
  EXPECT_DOUBLE_EQ(*b.nps, 100);
  EXPECT_FALSE(b.csat);
  EXPECT_FALSE(b.ces_mean);
}

TEST(Measures, FiltersByPeriodAndDimensions) {
  Engine e;
  std::vector<ResponseFacts> rs;
  for (uint32_t i = 1; i <= 10; ++i) {
    ResponseFacts f = R(i, 1, kT0 + i * 86400, i % 2 ? 10 : 0);
    f.location = i <= 5 ? 1 : 2;
    f.channel = i % 3 == 0 ? Channel::kPhone : Channel::kOnline;
    rs.push_back(f);
  }
  ASSERT_TRUE(e.Append(rs).ok());
  Filter f;
  f.from = kT0 + 3 * 86400;  // responses 3..7
  f.to = kT0 + 8 * 86400;
  EXPECT_EQ(MustMeasure(e, {Scope::Org(1), f, {}}).rows[0].measures.count, 5);
  f.locations = {2};  // 6, 7
  EXPECT_EQ(MustMeasure(e, {Scope::Org(1), f, {}}).rows[0].measures.count, 2);
  f.channels = {Channel::kPhone};  // 6
  auto r = MustMeasure(e, {Scope::Org(1), f, {"channel"}});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].key[0], static_cast<int64_t>(Channel::kPhone));
  EXPECT_DOUBLE_EQ(*r.rows[0].measures.nps, -100);
  Filter bad;
  bad.from = kT0;
  bad.to = kT0;
  EXPECT_EQ(e.Measures({Scope::Org(1), bad, {}}).status().code(), StatusCode::kInvalidArgument);
}

TEST(Measures, BadRequests) {
  Engine e;
  auto r = e.Measures({Scope::Org(1), {}, {"planet"}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "/group_by/0");
  EXPECT_FALSE(e.Measures({Scope::Org(1), {}, {"team", "team"}}).ok());
  EXPECT_FALSE(e.Measures({Scope::Org(1), {}, {"day", "month"}}).ok());
  EXPECT_EQ(e.Measures({Scope::Orgs({}), {}, {}}).status().field(), "/scope");
  ResponseFacts f = R(1, 1, kT0, 11);
  EXPECT_EQ(e.Append({&f, 1}).field(), "/0/nps");
  f = R(5, 1, kT0, 5);
  ASSERT_TRUE(e.Append({&f, 1}).ok());
  f = R(5, 1, kT0, 5);
  EXPECT_EQ(e.Append({&f, 1}).field(), "/0/response_id");
}

TEST(Measures, TimeBucketsFollowTheOrgTimeZone) {
  Engine e;
  auto ams = TimeZone::Load("Europe/Amsterdam");
  ASSERT_TRUE(ams.ok());
  e.SetOrgTimeZone(1, *ams);
  // 2025-03-02T23:30Z is Monday 2025-03-03 00:30 in Amsterdam; in UTC (org 2)
  // it is still Sunday, ISO week 9.
  ResponseFacts rs[] = {R(1, 1, kT0 + 86400 + 23 * 3600 + 1800, 10),
                        R(2, 2, kT0 + 86400 + 23 * 3600 + 1800, 10)};
  ASSERT_TRUE(e.Append(rs).ok());
  auto label = [&](uint32_t org, const char* key) {
    auto r = MustMeasure(e, {Scope::Org(org), {}, {key}});
    return FormatGroupValue(r.group_by[0], r.rows.at(0).key[0]);
  };
  EXPECT_EQ(label(1, "day"), "2025-03-03");
  EXPECT_EQ(label(1, "week"), "2025-W10");
  EXPECT_EQ(label(2, "day"), "2025-03-02");
  EXPECT_EQ(label(2, "week"), "2025-W09");
  EXPECT_EQ(label(1, "month"), "2025-03");
  EXPECT_EQ(label(1, "quarter"), "2025-Q1");
  // TimeBucketLabel gives the same labels for one instant, and the zone's own
  // time is what counts.
  const int64_t t = kT0 + 86400 + 23 * 3600 + 1800;
  EXPECT_EQ(TimeBucketLabel(GroupKey::kDay, t, *ams), "2025-03-03");
  EXPECT_EQ(TimeBucketLabel(GroupKey::kIsoWeek, t, *ams), "2025-W10");
  EXPECT_EQ(TimeBucketLabel(GroupKey::kIsoWeek, t, TimeZone::Utc()), "2025-W09");
  EXPECT_EQ(TimeBucketLabel(GroupKey::kMonth, 1735687800, *ams), "2025-01");
  EXPECT_EQ(TimeBucketLabel(GroupKey::kMonth, 1735687800, TimeZone::Utc()), "2024-12");
  EXPECT_EQ(e.OrgTimeZone(1).name(), ams->name());
  EXPECT_EQ(e.OrgTimeZone(2).OffsetAt(t), 0);
  // New year: 2024-12-31T23:30Z is 2025-01-01 in Amsterdam, in ISO week 2025-W01.
  ResponseFacts ny = R(3, 1, 1735687800, 9);
  ASSERT_TRUE(e.Append({&ny, 1}).ok());
  Filter f;
  f.to = kT0;
  auto r = MustMeasure(e, {Scope::Org(1), f, {"quarter"}});
  EXPECT_EQ(FormatGroupValue(r.group_by[0], r.rows.at(0).key[0]), "2025-Q1");
  EXPECT_EQ(FormatGroupValue(GroupKey::kIsoWeek, DaysFromCivil(2024, 12, 30)), "2025-W01");
  auto w = MustMeasure(e, {Scope::AllOrgs(), {}, {"epoch_week"}});
  EXPECT_EQ(w.rows.front().key[0], 1735687800 / 604800);
}

TEST(Measures, TenantScopingNeverMixesOrgs) {
  Engine e;
  std::vector<ResponseFacts> rs;
  for (uint32_t i = 1; i <= 100; ++i) {
    ResponseFacts f = R(i, i % 2 ? 1 : 2, kT0 + i, i % 2 ? 10 : 0);
    f.team = 7;  // the same team id in both orgs
    rs.push_back(f);
  }
  ASSERT_TRUE(e.Append(rs).ok());
  auto a = MustMeasure(e, {Scope::Org(1), {}, {"team"}});
  ASSERT_EQ(a.rows.size(), 1u);
  EXPECT_EQ(a.rows[0].measures.count, 50);
  EXPECT_DOUBLE_EQ(*a.rows[0].measures.nps, 100);
  auto b = MustMeasure(e, {Scope::Org(2), {}, {}});
  EXPECT_DOUBLE_EQ(*b.rows[0].measures.nps, -100);
  EXPECT_EQ(MustMeasure(e, {Scope::Org(3), {}, {}}).rows[0].measures.count, 0);
  EXPECT_EQ(MustMeasure(e, {Scope::Orgs({1, 2}), {}, {"org"}}).rows.size(), 2u);
  EXPECT_EQ(e.Summary(Scope::Org(1)).responses, 50u);
  // Other analyses honour the scope too.
  RatchetQuery rq;
  rq.scope = Scope::Org(2);
  EXPECT_EQ(e.ExpectationRatchet(rq)->rows.size(), 0u);
  KeyDriversQuery kq;
  kq.scope = Scope::Org(1);
  EXPECT_EQ(e.KeyDrivers(kq)->groups.at(0).responses, 50);
}

TEST(Measures, LargeScanUsesBothThreadsWithSameAnswer) {
  Engine e;
  std::vector<ResponseFacts> rs;
  int64_t promoters = 0, detractors = 0;
  for (uint32_t i = 1; i <= 400000; ++i) {
    const int s = static_cast<int>((i * 7919u) % 11);
    promoters += s >= 9;
    detractors += s <= 6;
    ResponseFacts f = R(i, 1 + i % 3, kT0 + i * 60, s);
    f.employee = 1 + (i * 31u) % 5000;
    rs.push_back(f);
  }
  ASSERT_TRUE(e.Append(rs).ok());
  auto r = MustMeasure(e, {Scope::AllOrgs(), {}, {}});
  EXPECT_EQ(r.rows[0].measures.count, 400000);
  EXPECT_DOUBLE_EQ(*r.rows[0].measures.nps,
                   static_cast<double>(promoters - detractors) * 100 / 400000);
  auto by_emp = MustMeasure(e, {Scope::AllOrgs(), {}, {"employee"}});
  int64_t total = 0;
  for (const auto& row : by_emp.rows) total += row.measures.count;
  EXPECT_EQ(total, 400000);
  EXPECT_EQ(by_emp.rows.size(), 5000u);
}

// ---- consistency ---------------------------------------------------------------

TEST(Consistency, SpreadAndEmployeesInsideTeams) {
  Engine e;
  std::vector<ResponseFacts> rs;
  uint32_t id = 0;
  // Team 1: employee 11 scores 10,10,10,10; employee 12 scores 6,6,6,6.
  // Team 2: employee 21 scores 8 x 4, employee 22 only 2 answers (below min).
  auto add = [&](uint32_t team, uint32_t emp, int s, int times) {
    for (int k = 0; k < times; ++k) {
      ++id;
      ResponseFacts f = R(id, 1, kT0 + id, s);
      f.team = team;
      f.employee = emp;
      rs.push_back(f);
    }
  };
  add(1, 11, 10, 4);
  add(1, 12, 6, 4);
  add(2, 21, 8, 4);
  add(2, 22, 7, 2);
  ASSERT_TRUE(e.Append(rs).ok());
  ConsistencyQuery q;
  q.scope = Scope::Org(1);
  q.group_by = {"team"};
  q.min_employee_responses = 3;
  auto r = e.Consistency(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 2u);
  const ConsistencyRow& t1 = r->rows[0];
  EXPECT_EQ(t1.n, 8);
  EXPECT_DOUBLE_EQ(t1.mean, 8);
  EXPECT_DOUBLE_EQ(t1.stddev, 2);  // every score is 2 away from the mean
  // Sorted 6,6,6,6,10,10,10,10: h = 7/4 -> 6; h = 21/4 -> 10.
  EXPECT_DOUBLE_EQ(t1.q1, 6);
  EXPECT_DOUBLE_EQ(t1.q3, 10);
  EXPECT_DOUBLE_EQ(t1.iqr, 4);
  EXPECT_DOUBLE_EQ(t1.share_below, 0.5);  // 6 < 7
  ASSERT_TRUE(t1.employees);
  EXPECT_EQ(t1.employees->employees, 2);
  EXPECT_DOUBLE_EQ(*t1.employees->stddev, 2);
  EXPECT_DOUBLE_EQ(*t1.employees->min_mean, 6);
  EXPECT_DOUBLE_EQ(*t1.employees->max_mean, 10);
  const ConsistencyRow& t2 = r->rows[1];
  // 8,8,8,8,7,7: mean 7.6667, var = (4 * 1/9 + 2 * 4/9) / 6 = 2/9.
  EXPECT_NEAR(t2.stddev, std::sqrt(2.0 / 9), 1e-12);
  // Sorted 7,7,8,8,8,8: h = 1.25 -> 7 + .25; h = 3.75 -> 8.
  EXPECT_DOUBLE_EQ(t2.q1, 7.25);
  EXPECT_DOUBLE_EQ(t2.q3, 8);
  EXPECT_DOUBLE_EQ(t2.share_below, 0);
  EXPECT_EQ(t2.employees->employees, 1);
  EXPECT_DOUBLE_EQ(*t2.employees->stddev, 0);
  // Without team there is no employee spread.
  q.group_by = {};
  EXPECT_FALSE(e.Consistency(q)->rows.at(0).employees);
}

// ---- expectation ratchet -------------------------------------------------------

TEST(ExpectationRatchet, InOrderAppends) {
  Engine e;
  // Customer 5: 10, 7 (disappointed: 7 <= 10 - 3), 8 (not: 8 > 7), 2 (yes).
  // Customer 6: 6, 9 (no). Customer 0 (unknown) is never judged.
  std::vector<ResponseFacts> rs;
  uint32_t id = 0;
  auto add = [&](uint32_t customer, int s, int64_t dt) {
    ++id;
    ResponseFacts f = R(id, 1, kT0 + dt, s);
    f.customer = customer;
    f.employee = 100 + customer;
    rs.push_back(f);
  };
  add(5, 10, 0);
  add(6, 6, 10);
  add(5, 7, 20);
  add(5, 8, 30);
  add(6, 9, 40);
  add(5, 2, 50);
  add(0, 0, 60);
  add(0, 0, 70);
  ASSERT_TRUE(e.Append(rs).ok());
  RatchetQuery q;
  q.scope = Scope::Org(1);
  auto r = e.ExpectationRatchet(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].with_prev, 4);
  EXPECT_EQ(r->rows[0].disappointed, 2);
  EXPECT_DOUBLE_EQ(*r->rows[0].share, 0.5);
  ASSERT_EQ(r->disappointed.size(), 2u);
  EXPECT_EQ(r->disappointed[0].response_id, 6u);  // most recent first
  EXPECT_EQ(r->disappointed[0].best_prev, 10);
  EXPECT_EQ(r->disappointed[0].score, 2);
  EXPECT_EQ(r->disappointed[0].employee, 105u);
  EXPECT_EQ(r->disappointed[1].response_id, 3u);
  q.threshold = 5;
  EXPECT_EQ(e.ExpectationRatchet(q)->rows[0].disappointed, 1);
  q.threshold = 0;
  EXPECT_FALSE(e.ExpectationRatchet(q).ok());
}

TEST(ExpectationRatchet, OutOfOrderAppendsAreRepaired) {
  Engine e;
  // Arrival order differs from time order; ties on ts go by response id.
  // Time order of customer 9: (t=0, id 3) 10, (t=10, id 1) 6, (t=10, id 4) 9,
  // (t=20, id 2) 5.
  ResponseFacts a = R(1, 1, kT0 + 10, 6), b = R(2, 1, kT0 + 20, 5), c = R(3, 1, kT0, 10),
                d = R(4, 1, kT0 + 10, 9);
  for (auto* f : {&a, &b, &c, &d}) f->customer = 9;
  ASSERT_TRUE(e.Append({&a, 1}).ok());
  ASSERT_TRUE(e.Append({&b, 1}).ok());
  RatchetQuery q;
  q.scope = Scope::Org(1);
  // So far: 6 then 5: nobody disappointed.
  EXPECT_EQ(e.ExpectationRatchet(q)->rows[0].disappointed, 0);
  ASSERT_TRUE(e.Append({&c, 1}).ok());  // earlier than everything
  ASSERT_TRUE(e.Append({&d, 1}).ok());  // ties with id 1, comes after it
  auto r = e.ExpectationRatchet(q);
  ASSERT_TRUE(r.ok());
  // best_prev: id1 -> 10 (6 disappoints), id4 -> 10 (9 does not), id2 -> 10 (5 does).
  EXPECT_EQ(r->rows[0].with_prev, 3);
  EXPECT_EQ(r->rows[0].disappointed, 2);
  ASSERT_EQ(r->disappointed.size(), 2u);
  EXPECT_EQ(r->disappointed[0].response_id, 2u);
  EXPECT_EQ(r->disappointed[1].response_id, 1u);
  // Appending in order after the repair continues from the right state.
  ResponseFacts f = R(5, 1, kT0 + 30, 7);
  f.customer = 9;
  ASSERT_TRUE(e.Append({&f, 1}).ok());
  EXPECT_EQ(e.ExpectationRatchet(q)->rows[0].disappointed, 3);
}

// ---- fair ranking ---------------------------------------------------------------

TEST(FairRanking, ShrinksTowardTheOrgByMethodOfMoments) {
  // Employees (promoters, passives, detractors): 1 (8,1,1), 2 (2,3,5),
  // 3 (5,4,1), 4 (3,0,0). By hand (docs/ranking.md): N = 33, pooled shares
  // (18, 8, 7) / 33, Pearson X^2 = 13.00357, sum n^2 / N = 309 / 33,
  // rho = (X^2 / 2 - 3) / (33 - 309/33 - 3) = 0.169690, alpha0 = 1/rho - 1 =
  // 4.893097. Posterior means and intervals below were evaluated from those
  // formulas with python3 (stdlib) to full precision; the intervals are
  // NpsInterval95 over the posterior pseudo-counts (alpha0 pi_k + x_k).
  Engine e;
  std::vector<ResponseFacts> rs;
  uint32_t id = 0;
  auto add = [&](uint32_t emp, int s, int times) {
    for (int k = 0; k < times; ++k) {
      ++id;
      ResponseFacts f = R(id, 1, kT0 + id, s);
      f.employee = emp;
      f.team = 1;
      rs.push_back(f);
    }
  };
  add(1, 10, 8), add(1, 8, 1), add(1, 3, 1);
  add(2, 9, 2), add(2, 7, 3), add(2, 0, 5);
  add(3, 9, 5), add(3, 8, 4), add(3, 6, 1);
  add(4, 10, 3);
  ASSERT_TRUE(e.Append(rs).ok());
  RankingQuery q;
  q.scope = Scope::Org(1);
  auto r = e.FairRanking(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->priors.size(), 1u);
  EXPECT_NEAR(r->priors[0].alpha0, 4.893097213851932, 1e-9);
  EXPECT_NEAR(r->priors[0].pooled[0], 18.0 / 33, 1e-12);
  ASSERT_EQ(r->rows.size(), 4u);
  EXPECT_EQ(r->rows[0].id, 1u);
  EXPECT_EQ(*r->rows[0].rank, 1);
  EXPECT_NEAR(r->rows[0].posterior_nps, 57.95324022050744, 1e-9);
  EXPECT_NEAR(r->rows[0].ci_low, 12.668907873358414, 1e-9);
  EXPECT_NEAR(r->rows[0].ci_high, 83.80441143477793, 1e-9);
  EXPECT_DOUBLE_EQ(r->rows[0].raw_nps, 70);
  EXPECT_EQ(r->rows[1].id, 3u);
  EXPECT_NEAR(r->rows[1].posterior_nps, 37.80968004009226, 1e-9);
  EXPECT_EQ(r->rows[2].id, 2u);
  EXPECT_EQ(*r->rows[2].rank, 3);
  EXPECT_NEAR(r->rows[2].posterior_nps, -9.191960380876484, 1e-9);
  EXPECT_NEAR(r->rows[2].ci_low, -46.53607092036089, 1e-9);
  // Employee 4 (3 answers, all 10s) has the best posterior but no rank.
  EXPECT_EQ(r->rows[3].id, 4u);
  EXPECT_FALSE(r->rows[3].rank);
  EXPECT_NEAR(r->rows[3].posterior_nps, 58.67192914449495, 1e-9);
  EXPECT_NEAR(r->rows[3].ci_high, 89.21861043670626, 1e-9);
  q.level = "galaxy";
  EXPECT_EQ(e.FairRanking(q).status().field(), "/level");
}

TEST(FairRanking, NoBetweenGroupVarianceMeansFullPooling) {
  std::vector<RankingRow> rows(2);
  rows[0].id = 1;
  rows[1].id = 2;
  for (auto& r : rows) {
    r.n = 20;
    r.promoters = 10;
    r.passives = 5;
    r.detractors = 5;
  }
  RankingPrior p = ShrinkAndRank(1, &rows, 10);
  EXPECT_GE(p.alpha0, 1e8);
  EXPECT_NEAR(rows[0].posterior_nps, 25, 1e-9);
  EXPECT_EQ(*rows[0].rank, 1);  // tie broken by id
  EXPECT_EQ(*rows[1].rank, 2);
}

TEST(FairRanking, TheSameFairScoreForEveryViewer) {
  // Four teams of one org. An admin sees all four; a manager sees teams 1
  // and 2 (her scope arrives as the filter's team list). The prior is the
  // organisation's either way, so teams 1 and 2 get identical fair scores.
  Engine e;
  std::vector<ResponseFacts> rs;
  uint32_t id = 0;
  auto add = [&](uint32_t team, uint32_t emp, int s, int times) {
    for (int k = 0; k < times; ++k) {
      ++id;
      ResponseFacts f = R(id, 1, kT0 + id, s);
      f.team = team;
      f.employee = emp;
      rs.push_back(f);
    }
  };
  add(1, 11, 10, 6), add(1, 11, 8, 2), add(1, 12, 3, 2);
  add(2, 21, 9, 3), add(2, 21, 7, 4), add(2, 21, 0, 5);
  add(3, 31, 10, 12), add(3, 31, 2, 1);
  add(4, 41, 5, 9), add(4, 41, 9, 2);
  // Employee 12 also answered in team 3, which the manager does not see.
  add(3, 12, 10, 4);
  ASSERT_TRUE(e.Append(rs).ok());

  for (const char* level : {"team", "employee"}) {
    SCOPED_TRACE(level);
    RankingQuery admin;
    admin.scope = Scope::Org(1);
    admin.level = level;
    admin.min_count = 5;
    RankingQuery manager = admin;
    manager.filter.teams = {1, 2};
    auto all = e.FairRanking(admin);
    auto mine = e.FairRanking(manager);
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    ASSERT_TRUE(mine.ok()) << mine.status().ToString();
    ASSERT_EQ(all->priors.size(), 1u);
    ASSERT_EQ(mine->priors.size(), 1u);
    EXPECT_EQ(mine->priors[0].alpha0, all->priors[0].alpha0);
    EXPECT_EQ(mine->priors[0].pooled, all->priors[0].pooled);
    EXPECT_GT(all->priors[0].alpha0, 0);  // there is shrinkage to get wrong
    std::map<uint32_t, RankingRow> by_id;
    for (const auto& r : all->rows) by_id[r.id] = r;
    std::vector<uint32_t> want = std::string(level) == "team" ? std::vector<uint32_t>{1, 2}
                                                              : std::vector<uint32_t>{11, 12, 21};
    std::vector<uint32_t> got;
    for (const auto& r : mine->rows) {
      got.push_back(r.id);
      const RankingRow& a = by_id.at(r.id);
      EXPECT_EQ(r.n, a.n) << r.id;  // employee 12's team-3 answers count too
      EXPECT_EQ(r.posterior_nps, a.posterior_nps) << r.id;
      EXPECT_EQ(r.ci_low, a.ci_low) << r.id;
      EXPECT_EQ(r.ci_high, a.ci_high) << r.id;
    }
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want);
    // Ranks number the rows the viewer gets, best first.
    for (size_t i = 0; i < mine->rows.size(); ++i) {
      ASSERT_TRUE(mine->rows[i].rank);
      EXPECT_EQ(*mine->rows[i].rank, static_cast<int64_t>(i) + 1);
    }
  }
  // A period or channel filter still changes the population for everyone.
  RankingQuery early;
  early.scope = Scope::Org(1);
  early.level = "team";
  early.filter.to = kT0 + 11;  // team 1's first ten answers only
  auto r = e.FairRanking(early);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].n, 10);
}

// ---- key drivers ------------------------------------------------------------------

TEST(RelativeWeights, UncorrelatedPredictorsGetTheirSquaredCorrelation) {
  auto w = JohnsonRelativeWeights({{1, 0}, {0, 1}}, {0.6, 0.3});
  EXPECT_NEAR(w.raw[0], 0.36, 1e-12);
  EXPECT_NEAR(w.raw[1], 0.09, 1e-12);
  EXPECT_NEAR(w.r_squared, 0.45, 1e-12);
}

TEST(RelativeWeights, ThreeCorrelatedPredictors) {
  // Expected values computed independently in python3 (stdlib only) without
  // an eigen decomposition: L = R^(1/2) by Denman-Beavers iteration
  // (Y <- (Y + Z^-1)/2, Z <- (Z + Y^-1)/2 from Y = R, Z = I, 60 steps),
  // inverses by Gauss-Jordan, beta = L^-1 r, raw_j = sum_k L_jk^2 beta_k^2;
  // R^2 cross-checked as r^T R^-1 r = 0.4417741935483872.
  auto w = JohnsonRelativeWeights({{1, .5, .3}, {.5, 1, .4}, {.3, .4, 1}}, {.6, .5, .4});
  EXPECT_NEAR(w.raw[0], 0.23809831462807646, 1e-10);
  EXPECT_NEAR(w.raw[1], 0.12241010495061223, 1e-10);
  EXPECT_NEAR(w.raw[2], 0.08126577396969831, 1e-10);
  EXPECT_NEAR(w.r_squared, 0.4417741935483872, 1e-10);
}

TEST(RelativeWeights, JacobiReconstructsTheMatrix) {
  std::vector<std::vector<double>> a = {{4, 1, 2}, {1, 3, 0.5}, {2, 0.5, 5}};
  std::vector<double> l;
  std::vector<std::vector<double>> v;
  JacobiEigen(a, &l, &v);
  for (size_t i = 0; i < 3; ++i) {
    for (size_t j = 0; j < 3; ++j) {
      double x = 0;
      for (size_t k = 0; k < 3; ++k) x += v[i][k] * l[k] * v[j][k];
      EXPECT_NEAR(x, a[i][j], 1e-12);
    }
  }
}

TEST(KeyDrivers, EndToEndOnUncorrelatedDrivers) {
  // certainty x1 = 1,2,1,2 and flexibility x2 = 1,1,2,2 are uncorrelated;
  // score = 4 x1 + 6 x2 - 10 = 0,4,6,10, so r1^2 = 4/13, r2^2 = 9/13, R^2 = 1.
  Engine e;
  const int x1[] = {1, 2, 1, 2}, x2[] = {1, 1, 2, 2}, y[] = {0, 4, 6, 10};
  std::vector<ResponseFacts> rs;
  for (uint32_t i = 0; i < 4; ++i) {
    ResponseFacts f = R(i + 1, 1, kT0 + i, y[i]);
    f.drivers[0] = static_cast<int8_t>(x1[i]);
    f.drivers[1] = static_cast<int8_t>(x2[i]);
    rs.push_back(f);
  }
  ResponseFacts only_rated = R(5, 1, kT0 + 9, -1);  // a rating without a score
  only_rated.drivers[0] = 5;
  rs.push_back(only_rated);
  ASSERT_TRUE(e.Append(rs).ok());
  KeyDriversQuery q;
  q.scope = Scope::Org(1);
  q.min_n = 2;
  auto r = e.KeyDrivers(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->groups.size(), 1u);
  const KeyDriversGroup& g = r->groups[0];
  EXPECT_EQ(g.responses, 4);
  ASSERT_EQ(g.drivers.size(), 2u);
  EXPECT_EQ(g.drivers[0].name, "certainty");
  EXPECT_EQ(g.drivers[0].n, 4);
  EXPECT_EQ(g.drivers[0].n_rated, 5);
  EXPECT_NEAR(*g.drivers[0].r, std::sqrt(4.0 / 13), 1e-12);
  EXPECT_NEAR(*g.drivers[0].raw_weight, 4.0 / 13, 1e-12);
  EXPECT_NEAR(*g.drivers[1].raw_weight, 9.0 / 13, 1e-12);
  EXPECT_NEAR(*g.r_squared, 1, 1e-12);
  EXPECT_NEAR(*g.drivers[1].weight_share, 9.0 / 13, 1e-12);
  EXPECT_DOUBLE_EQ(*g.drivers[0].mean_rating, 11.0 / 5);
  EXPECT_DOUBLE_EQ(*g.drivers[0].top2_share, 20);  // one 5 of five ratings
  EXPECT_DOUBLE_EQ(*g.drivers[1].top2_share, 0);
  EXPECT_EQ(g.drivers[1].quadrant, "fix");  // more important, weaker
  EXPECT_EQ(g.drivers[0].quadrant, "maintain");
}

// ---- concurrency -----------------------------------------------------------------

TEST(Engine, AppendsWhileQuerying) {
  Engine e;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    std::vector<ResponseFacts> batch;
    uint32_t id = 0;
    for (int b = 0; b < 200; ++b) {
      batch.clear();
      for (int k = 0; k < 500; ++k) {
        ++id;
        ResponseFacts f = R(id, 1 + id % 4, kT0 + id * 7, static_cast<int>(id % 11));
        f.customer = 1 + id % 997;
        f.team = 1 + id % 13;
        f.drivers[2] = static_cast<int8_t>(1 + id % 5);
        batch.push_back(f);
      }
      ASSERT_TRUE(e.Append(batch).ok());
    }
    done = true;
  });
  int64_t last = 0;
  while (!done) {
    auto m = e.Measures({Scope::AllOrgs(), {}, {}});
    ASSERT_TRUE(m.ok());
    const int64_t n = m->rows[0].measures.count;
    EXPECT_EQ(n % 500, 0);  // batches are atomic
    EXPECT_GE(n, last);     // and never disappear
    last = n;
    RatchetQuery rq;
    rq.scope = Scope::Orgs({1, 2});
    rq.group_by = {"team"};
    ASSERT_TRUE(e.ExpectationRatchet(rq).ok());
    KeyDriversQuery kq;
    kq.scope = Scope::Org(3);
    ASSERT_TRUE(e.KeyDrivers(kq).ok());
  }
  writer.join();
  EXPECT_EQ(e.Measures({Scope::AllOrgs(), {}, {}})->rows[0].measures.count, 100000);
}

}  // namespace
}  // namespace beleving::engine
