// The scan's fast paths give the answers a plain loop over the rows gives.
//
// BlockPreparer picks, per chunk and filter set, no rows / every row / a
// range compare / a 256-entry table / the set itself, builds a selection
// vector, and hands AnswerCountsKernel byte keys when the key varies in one
// 1-byte column; the kernel counts in four lanes when it has few slots.
// These tests run many filters and groupings over 300,000 random rows (two
// scan threads, 1-, 2- and 4-byte columns, sparse columns) and compare every
// group's counts with a brute-force count of the same rows.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace beleving::engine {
namespace {

constexpr int64_t kT0 = 1740787200;  // 2025-03-01T00:00:00Z
constexpr uint32_t kRows = 300000;   // above the two-thread threshold

struct Counts {
  int64_t count = 0;
  std::array<int64_t, 11> dist{};
  int64_t csat = 0, ces = 0;
  bool operator==(const Counts&) const = default;
};

std::vector<ResponseFacts> RandomRows() {
  std::mt19937 rng(20261202);
  auto pick = [&](uint32_t lo, uint32_t hi) {
    return std::uniform_int_distribution<uint32_t>(lo, hi)(rng);
  };
  std::vector<ResponseFacts> rows;
  rows.reserve(kRows);
  for (uint32_t i = 1; i <= kRows; ++i) {
    ResponseFacts f{};
    f.response_id = i;
    f.org = pick(1, 3);
    f.submitted_at = kT0 + int64_t{i} * 37;
    // Org 1: teams 1..5 (1 byte); org 2: teams 1000..1400 (2 bytes once
    // the base is exceeded); org 3: teams 1..5 and a few 70,000+ (4 bytes).
    f.team = f.org == 2 ? pick(1000, 1400) : pick(1, 5);
    if (f.org == 3 && pick(0, 50) == 0) f.team = 70000 + pick(0, 9);
    f.employee = pick(1, 60000);
    // 1-byte keys whose cells (values x 12 bins) need the bigger tables:
    // 40 touchpoints (480 cells), 200 locations (2,400 cells).
    f.touchpoint = pick(1, 40);
    f.location = pick(1, 200);
    f.survey = pick(1, 3);
    // Org 2 has no segment until half-way: a sparse column appearing late.
    if (f.org != 2 || i > kRows / 2) f.attributes[0] = static_cast<uint16_t>(pick(1, 5));
    f.nps = static_cast<int8_t>(static_cast<int>(pick(0, 11)) - 1);  // -1 = not answered
    if (pick(0, 2) == 0) f.csat = static_cast<int8_t>(pick(1, 5));
    if (pick(0, 3) == 0) f.ces = static_cast<int8_t>(pick(1, 7));
    rows.push_back(f);
  }
  return rows;
}

// The value of a group key for a row, as MeasureRow::key holds it.
int64_t KeyOf(const ResponseFacts& f, const std::string& key) {
  if (key == "org") return f.org;
  if (key == "team") return f.team;
  if (key == "employee") return f.employee;
  if (key == "touchpoint") return f.touchpoint;
  if (key == "location") return f.location;
  if (key == "survey") return f.survey;
  if (key == "attribute_0") return f.attributes[0];
  if (key == "epoch_week") return f.submitted_at / 604800;
  ADD_FAILURE() << "unknown key " << key;
  return 0;
}

bool Passes(const ResponseFacts& f, const Filter& flt) {
  auto in = [](const std::vector<uint32_t>& set, uint32_t v) {
    return set.empty() || std::find(set.begin(), set.end(), v) != set.end();
  };
  if (flt.from && f.submitted_at < *flt.from) return false;
  if (flt.to && f.submitted_at >= *flt.to) return false;
  if (!in(flt.teams, f.team) || !in(flt.employees, f.employee) || !in(flt.surveys, f.survey)) {
    return false;
  }
  for (const auto& a : flt.attributes) {
    if (!in(a.codes, f.attributes[static_cast<size_t>(a.slot)])) return false;
  }
  return true;
}

std::map<std::vector<int64_t>, Counts> BruteForce(const std::vector<ResponseFacts>& rows,
                                                  const Filter& flt,
                                                  const std::vector<std::string>& group_by,
                                                  bool with_csat_ces) {
  std::map<std::vector<int64_t>, Counts> out;
  for (const auto& f : rows) {
    if (!Passes(f, flt)) continue;
    std::vector<int64_t> key;
    for (const auto& k : group_by) key.push_back(KeyOf(f, k));
    Counts& c = out[key];
    ++c.count;
    if (f.nps >= 0) ++c.dist[static_cast<size_t>(f.nps)];
    if (with_csat_ces) {
      c.csat += f.csat >= 0;
      c.ces += f.ces >= 0;
    }
  }
  return out;
}

class ScanPaths : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rows_ = new std::vector<ResponseFacts>(RandomRows());
    engine_ = new Engine();
    ASSERT_TRUE(engine_->Append(*rows_).ok());
  }
  static void TearDownTestSuite() {
    delete engine_;
    delete rows_;
  }

  // Every group of the engine's answer equals the brute-force count.
  static void Check(const Filter& flt, const std::vector<std::string>& group_by,
                    bool with_csat_ces = true) {
    MeasureQuery q{Scope::AllOrgs(), flt, group_by};
    q.csat = with_csat_ces;
    q.ces = with_csat_ces;
    auto res = engine_->Measures(q);
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    std::map<std::vector<int64_t>, Counts> got;
    for (const auto& r : res->rows) {
      Counts c;
      c.count = r.measures.count;
      c.dist = r.measures.distribution;
      c.csat = r.measures.csat_answers;
      c.ces = r.measures.ces_answers;
      got[r.key] = c;
    }
    auto want = BruteForce(*rows_, flt, group_by, with_csat_ces);
    if (group_by.empty()) want[{}];  // the total row is there even when empty
    ASSERT_EQ(got.size(), want.size());
    for (const auto& [key, c] : want) {
      auto it = got.find(key);
      ASSERT_NE(it, got.end()) << "missing group " << testing::PrintToString(key);
      EXPECT_EQ(it->second, c) << "group " << testing::PrintToString(key);
    }
  }

  static std::vector<ResponseFacts>* rows_;
  static Engine* engine_;
};
std::vector<ResponseFacts>* ScanPaths::rows_ = nullptr;
Engine* ScanPaths::engine_ = nullptr;

const std::vector<std::vector<std::string>> kGroupings = {
    {},           {"team"},       {"attribute_0"}, {"org", "attribute_0"}, {"survey", "team"},
    {"employee"}, {"epoch_week"}, {"touchpoint"},  {"org", "location"}};

Filter Surveys(std::vector<uint32_t> s) {
  Filter f;
  f.surveys = std::move(s);
  return f;
}
Filter Teams(std::vector<uint32_t> t) {
  Filter f;
  f.teams = std::move(t);
  return f;
}

TEST_F(ScanPaths, NoFilter) {
  for (const auto& g : kGroupings) Check({}, g);
}

TEST_F(ScanPaths, OneSurveyIsARangeCompare) {
  for (const auto& g : kGroupings) Check(Surveys({2}), g);
}

TEST_F(ScanPaths, ScatteredSurveysUseTheTable) {
  for (const auto& g : kGroupings) Check(Surveys({1, 3}), g);
}

TEST_F(ScanPaths, EverySurveyMasksNothing) {
  for (const auto& g : kGroupings) Check(Surveys({1, 2, 3}), g);
}

TEST_F(ScanPaths, TeamsAcrossColumnWidths) {
  for (const auto& g : kGroupings) {
    Check(Teams({2, 3, 4}), g);                 // a run in 1-byte chunks
    Check(Teams({1, 1003, 1200, 70004}), g);    // scattered over 1-, 2- and 4-byte chunks
    Check(Teams({1100, 1101, 1102, 1103}), g);  // a run of 2-byte values
    Check(Teams({9999}), g);                    // in no chunk
  }
}

TEST_F(ScanPaths, WideEmployeeSetsAndTime) {
  Filter f;
  for (uint32_t e = 7; e <= 60000; e += 997) f.employees.push_back(e);
  for (const auto& g : kGroupings) Check(f, g);
  Filter t = Surveys({2});
  t.from = kT0 + 1000 * 37;
  t.to = kT0 + 250000 * 37;
  for (const auto& g : kGroupings) Check(t, g);
}

TEST_F(ScanPaths, AttributeCodesIncludingTheSparseColumn) {
  Filter f;
  f.attributes.push_back({0, {2, 4}});
  for (const auto& g : kGroupings) Check(f, g);
  Filter none;  // code 0: org 2's rows before its segment column appeared
  none.attributes.push_back({0, {0}});
  for (const auto& g : kGroupings) Check(none, g);
  Filter both = Surveys({2});
  both.attributes.push_back({0, {1, 2}});
  for (const auto& g : kGroupings) Check(both, g);
}

TEST_F(ScanPaths, ScoreOnlyCountsNoCsatOrCes) {
  for (const auto& g : kGroupings) Check(Surveys({2}), g, /*with_csat_ces=*/false);
  MeasureQuery q{Scope::AllOrgs(), {}, {}};
  q.csat = false;
  q.ces = false;
  auto r = engine_->Measures(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows.at(0).measures.csat_answers, 0);
  EXPECT_FALSE(r->rows.at(0).measures.csat.has_value());
  EXPECT_FALSE(r->rows.at(0).measures.ces_mean.has_value());
}

}  // namespace
}  // namespace beleving::engine
