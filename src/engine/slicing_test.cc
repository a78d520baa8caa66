// Survey, survey version and customer attributes as engine dimensions: every
// measure and analysis groups and filters by them (hand-computed values),
// sparse columns appear mid-partition, and ReplaceOrg swaps a partition.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "engine/engine.h"

namespace beleving::engine {
namespace {

constexpr int64_t kT0 = 1740787200;  // 2025-03-01T00:00:00Z
constexpr int kSegment = 2;          // the attribute slot "segment" uses here
constexpr int kTier = 0;             // and "tier"

struct Row {
  uint32_t id, survey;
  uint16_t version, segment, tier;
  int nps;
  uint32_t team, customer;
};

// Org 1. Segment codes: 1 zakelijk, 2 particulier; tier codes 1, 2.
const std::vector<Row> kRows = {
    {1, 0, 0, 0, 0, 8, 1, 103}, {2, 5, 1, 1, 0, 10, 1, 100}, {3, 5, 1, 2, 1, 9, 1, 101},
    {4, 5, 2, 1, 1, 7, 2, 100}, {5, 5, 2, 0, 2, 3, 2, 102},  {6, 9, 1, 2, 0, 10, 1, 101},
    {7, 9, 1, 1, 0, 6, 2, 100}, {8, 9, 1, 2, 2, 5, 2, 102},
};

ResponseFacts Facts(const Row& r) {
  ResponseFacts f{};
  f.response_id = r.id;
  f.org = 1;
  f.submitted_at = kT0 + int64_t{r.id} * 3600;
  f.nps = static_cast<int8_t>(r.nps);
  f.team = r.team;
  f.customer = r.customer;
  f.survey = r.survey;
  f.survey_version = r.version;
  f.attributes[kSegment] = r.segment;
  f.attributes[kTier] = r.tier;
  // Drivers for the key-driver query: reliability follows the score.
  f.drivers[2] = static_cast<int8_t>(r.nps >= 9 ? 5 : r.nps >= 7 ? 3 : 1);
  return f;
}

class Slicing : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<ResponseFacts> rs;
    for (const Row& r : kRows) rs.push_back(Facts(r));
    ASSERT_TRUE(e_.Append(rs).ok());
  }
  MeasureResult Measure(Filter f, std::vector<std::string> group_by) {
    auto r = e_.Measures({Scope::Org(1), std::move(f), std::move(group_by)});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : MeasureResult{};
  }
  Engine e_;
};

TEST(GroupKeys, SurveyVersionAndAttributeNames) {
  auto keys = ParseGroupBy({"survey", "survey_version", "attribute_3", "month"});
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ((*keys)[0], GroupKey::kSurvey);
  EXPECT_EQ((*keys)[1], GroupKey::kSurveyVersion);
  EXPECT_EQ((*keys)[2], AttributeKey(3));
  EXPECT_EQ(AttributeSlot((*keys)[2]), 3);
  EXPECT_EQ(AttributeSlot(GroupKey::kSurvey), -1);
  EXPECT_EQ(GroupKeyName(AttributeKey(7)), "attribute_7");
  EXPECT_EQ(FormatGroupValue(AttributeKey(0), 12), "12");
  EXPECT_FALSE(ParseGroupKey("attribute_8").ok());
  EXPECT_FALSE(ParseGroupKey("customer.segment").ok());  // the caller maps names to slots
  EXPECT_EQ(ParseGroupBy({"survey", "survey"}).status().field(), "/group_by/1");
}

TEST_F(Slicing, TwoSurveysGiveSeparateRowsAndTheSameTotal) {
  const auto total = Measure({}, {});
  ASSERT_EQ(total.rows.size(), 1u);
  EXPECT_EQ(total.rows[0].measures.count, 8);
  EXPECT_DOUBLE_EQ(*total.rows[0].measures.nps, 0);  // P 3, D 3 of 8

  const auto by_survey = Measure({}, {"survey"});
  ASSERT_EQ(by_survey.rows.size(), 3u);
  EXPECT_EQ(by_survey.rows[0].key, std::vector<int64_t>{0});  // no survey
  EXPECT_EQ(by_survey.rows[0].measures.count, 1);
  EXPECT_DOUBLE_EQ(*by_survey.rows[0].measures.nps, 0);  // one 8
  EXPECT_EQ(by_survey.rows[1].key, std::vector<int64_t>{5});
  EXPECT_EQ(by_survey.rows[1].measures.count, 4);
  EXPECT_DOUBLE_EQ(*by_survey.rows[1].measures.nps, 25);  // 10 9 7 3
  EXPECT_EQ(by_survey.rows[2].key, std::vector<int64_t>{9});
  EXPECT_NEAR(*by_survey.rows[2].measures.nps, -100.0 / 3, 1e-12);  // 10 6 5
  int64_t sum = 0;
  for (const auto& r : by_survey.rows) sum += r.measures.count;
  EXPECT_EQ(sum, total.rows[0].measures.count);

  Filter only5;
  only5.surveys = {5};
  const auto five = Measure(only5, {});
  EXPECT_EQ(five.rows[0].measures.count, 4);
  EXPECT_DOUBLE_EQ(*five.rows[0].measures.nps, 25);
}

TEST_F(Slicing, QuestionSetVersions) {
  const auto r = Measure({}, {"survey", "survey_version"});
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[1].key, (std::vector<int64_t>{5, 1}));
  EXPECT_DOUBLE_EQ(*r.rows[1].measures.nps, 100);  // 10 9
  EXPECT_EQ(r.rows[2].key, (std::vector<int64_t>{5, 2}));
  EXPECT_DOUBLE_EQ(*r.rows[2].measures.nps, -50);  // 7 3
  EXPECT_EQ(r.rows[3].key, (std::vector<int64_t>{9, 1}));
  EXPECT_EQ(r.rows[3].measures.count, 3);

  Filter f;
  f.surveys = {5};
  f.survey_versions = {2};
  const auto v2 = Measure(f, {});
  EXPECT_EQ(v2.rows[0].measures.count, 2);
  EXPECT_DOUBLE_EQ(*v2.rows[0].measures.nps, -50);
}

TEST_F(Slicing, SegmentGroupsAndFilters) {
  const auto by_segment = Measure({}, {"attribute_2"});
  ASSERT_EQ(by_segment.rows.size(), 3u);
  EXPECT_EQ(by_segment.rows[0].key, std::vector<int64_t>{0});  // no segment: 8 3
  EXPECT_DOUBLE_EQ(*by_segment.rows[0].measures.nps, -50);
  EXPECT_EQ(by_segment.rows[1].measures.count, 3);  // zakelijk: 10 7 6
  EXPECT_DOUBLE_EQ(*by_segment.rows[1].measures.nps, 0);
  EXPECT_NEAR(*by_segment.rows[2].measures.nps, 100.0 / 3, 1e-12);  // particulier: 9 10 5

  // Two attributes: segment zakelijk or particulier, and no tier.
  Filter f;
  f.attributes = {{kSegment, {1, 2}}, {kTier, {0}}};
  const auto both = Measure(f, {});
  EXPECT_EQ(both.rows[0].measures.count, 3);  // ids 2, 6, 7: 10 10 6
  EXPECT_NEAR(*both.rows[0].measures.nps, 100.0 / 3, 1e-12);

  // Filtered by segment, grouped by survey.
  Filter zakelijk;
  zakelijk.attributes = {{kSegment, {1}}};
  const auto z = Measure(zakelijk, {"survey"});
  ASSERT_EQ(z.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(*z.rows[0].measures.nps, 50);    // survey 5: 10 7
  EXPECT_DOUBLE_EQ(*z.rows[1].measures.nps, -100);  // survey 9: 6

  // Grouped by segment and month, and by segment and team.
  const auto by_month = Measure({}, {"attribute_2", "month"});
  ASSERT_EQ(by_month.rows.size(), 3u);
  EXPECT_EQ(by_month.rows[1].key[1], 20148);  // 2025-03-01 in days since 1970
  const auto by_team = Measure(zakelijk, {"team", "attribute_2"});
  ASSERT_EQ(by_team.rows.size(), 2u);
  EXPECT_EQ(by_team.rows[1].key, (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(by_team.rows[1].measures.count, 2);  // ids 4, 7

  // A code that was never assigned matches nothing; an empty list restricts nothing.
  Filter none;
  none.attributes = {{kSegment, {UINT32_MAX}}};
  EXPECT_EQ(Measure(none, {}).rows[0].measures.count, 0);
  Filter empty;
  empty.attributes = {{kSegment, {}}};
  EXPECT_EQ(Measure(empty, {}).rows[0].measures.count, 8);
  // A slot that does not exist is a bad request naming it.
  Filter bad;
  bad.attributes = {{kSegment, {1}}, {8, {1}}};
  auto r = e_.Measures({Scope::Org(1), bad, {}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "/filter/attributes/1/slot");
}

TEST_F(Slicing, EveryAnalysisGroupsAndFiltersBySegment) {
  // Consistency by segment.
  ConsistencyQuery cq;
  cq.scope = Scope::Org(1);
  cq.group_by = {"attribute_2"};
  auto c = e_.Consistency(cq);
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->rows.size(), 3u);
  EXPECT_DOUBLE_EQ(c->rows[0].mean, 5.5);  // 8 3
  EXPECT_DOUBLE_EQ(c->rows[1].mean, 23.0 / 3);
  EXPECT_DOUBLE_EQ(c->rows[2].mean, 8);  // 9 10 5
  EXPECT_EQ(c->group_by, std::vector<GroupKey>{AttributeKey(kSegment)});

  // Expectation ratchet (threshold 3). Customer 100: 10, then 7 and 6 (both
  // zakelijk, both disappoint); 101: 9 then 10; 102: 3 then 5.
  RatchetQuery rq;
  rq.scope = Scope::Org(1);
  rq.group_by = {"attribute_2"};
  auto rr = e_.ExpectationRatchet(rq);
  ASSERT_TRUE(rr.ok());
  ASSERT_EQ(rr->rows.size(), 2u);
  EXPECT_EQ(rr->rows[0].key, std::vector<int64_t>{1});
  EXPECT_EQ(rr->rows[0].with_prev, 2);
  EXPECT_EQ(rr->rows[0].disappointed, 2);
  EXPECT_EQ(rr->rows[1].key, std::vector<int64_t>{2});
  EXPECT_EQ(rr->rows[1].with_prev, 2);
  EXPECT_EQ(rr->rows[1].disappointed, 0);
  rq.group_by = {};
  rq.filter.attributes = {{kSegment, {2}}};
  rr = e_.ExpectationRatchet(rq);
  ASSERT_TRUE(rr.ok());
  EXPECT_EQ(rr->disappointed_total, 0);
  EXPECT_EQ(rr->rows.at(0).with_prev, 2);  // judged against the whole history

  // Fair ranking: the segment filter chooses which responses count.
  RankingQuery fq;
  fq.scope = Scope::Org(1);
  fq.level = "team";
  fq.min_count = 1;
  auto all = e_.FairRanking(fq);
  ASSERT_TRUE(all.ok());
  std::map<uint32_t, int64_t> n_all;
  for (const auto& row : all->rows) n_all[row.id] = row.n;
  EXPECT_EQ(n_all, (std::map<uint32_t, int64_t>{{1, 4}, {2, 4}}));
  fq.filter.attributes = {{kSegment, {1}}};
  auto seg = e_.FairRanking(fq);
  ASSERT_TRUE(seg.ok());
  std::map<uint32_t, int64_t> n_seg;
  for (const auto& row : seg->rows) n_seg[row.id] = row.n;
  EXPECT_EQ(n_seg, (std::map<uint32_t, int64_t>{{1, 1}, {2, 2}}));  // ids 2 | 4, 7
  fq.filter = {};
  fq.filter.surveys = {9};
  auto s9 = e_.FairRanking(fq);
  ASSERT_TRUE(s9.ok());
  std::map<uint32_t, int64_t> n_s9;
  for (const auto& row : s9->rows) n_s9[row.id] = row.n;
  EXPECT_EQ(n_s9, (std::map<uint32_t, int64_t>{{1, 1}, {2, 2}}));  // ids 6 | 7, 8

  // Key drivers per segment and per survey.
  KeyDriversQuery kq;
  kq.scope = Scope::Org(1);
  kq.group_by = {"attribute_2"};
  kq.min_n = 2;
  auto kd = e_.KeyDrivers(kq);
  ASSERT_TRUE(kd.ok()) << kd.status().ToString();
  ASSERT_EQ(kd->groups.size(), 3u);
  EXPECT_EQ(kd->groups[1].key, std::vector<int64_t>{1});
  EXPECT_EQ(kd->groups[1].responses, 3);
  kq.group_by = {"survey"};
  kq.filter.attributes = {{kSegment, {1, 2}}};
  kd = e_.KeyDrivers(kq);
  ASSERT_TRUE(kd.ok()) << kd.status().ToString();
  ASSERT_EQ(kd->groups.size(), 2u);
  EXPECT_EQ(kd->groups[0].responses, 3);  // survey 5: ids 2, 3, 4
  EXPECT_EQ(kd->groups[1].responses, 3);  // survey 9: ids 6, 7, 8
}

TEST_F(Slicing, ColumnsNobodyUsesStayAbsent) {
  // Slots 1 and 3..7 never held a value: grouping by one gives a single
  // "no value" group, filtering on a code gives nothing.
  const auto r = Measure({}, {"attribute_5"});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].key, std::vector<int64_t>{0});
  EXPECT_EQ(r.rows[0].measures.count, 8);
  Filter f;
  f.attributes = {{5, {1}}};
  EXPECT_EQ(Measure(f, {}).rows[0].measures.count, 0);
  f.attributes = {{5, {0}}};
  EXPECT_EQ(Measure(f, {}).rows[0].measures.count, 8);
}

// Many rows over chunks and both scan threads: an attribute that first
// appears deep into a chunk with codes that need two bytes (a re-encode over
// earlier zeros), against a plain count.
TEST(SlicingAtScale, SparseColumnsAppearMidPartition) {
  Engine e;
  constexpr uint32_t kN = 300000;
  std::map<uint32_t, std::array<int64_t, 11>> want;  // code -> score counts
  std::map<uint32_t, int64_t> want_survey3_version;  // version -> rows
  std::vector<ResponseFacts> batch;
  for (uint32_t i = 1; i <= kN; ++i) {
    ResponseFacts f{};
    f.response_id = i;
    f.org = 4;
    f.submitted_at = kT0 + i;
    f.nps = static_cast<int8_t>(i % 11);
    f.employee = 1 + (i * 7919) % 5000;
    if (i > 20000) f.attributes[6] = static_cast<uint16_t>(i % 7 == 0 ? 300 + i % 5 : i % 4);
    if (i > 100000 && i % 3 == 0) {
      f.survey = 3;
      f.survey_version = static_cast<uint16_t>(1 + i / 150000);
      ++want_survey3_version[f.survey_version];
    }
    ++want[f.attributes[6]][static_cast<size_t>(f.nps)];
    batch.push_back(f);
    if (batch.size() == 7000) {
      ASSERT_TRUE(e.Append(batch).ok());
      batch.clear();
    }
  }
  ASSERT_TRUE(e.Append(batch).ok());
  auto r = e.Measures({Scope::Org(4), {}, {"attribute_6"}});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), want.size());
  for (const auto& row : r->rows) {
    const auto& w = want.at(static_cast<uint32_t>(row.key[0]));
    for (size_t s = 0; s < 11; ++s) EXPECT_EQ(row.measures.distribution[s], w[s]) << row.key[0];
  }
  // Hash slots (employee x code is too many for a dense array), filtered.
  Filter f;
  f.attributes = {{6, {301, 0}}};
  f.surveys = {0};
  r = e.Measures({Scope::Org(4), f, {"employee", "attribute_6"}});
  ASSERT_TRUE(r.ok());
  int64_t n = 0, expected = 0;
  for (const auto& row : r->rows) {
    EXPECT_TRUE(row.key[1] == 301 || row.key[1] == 0);
    n += row.measures.count;
  }
  for (uint32_t i = 1; i <= kN; ++i) {
    const uint32_t code = i > 20000 ? (i % 7 == 0 ? 300 + i % 5 : i % 4) : 0;
    const bool survey3 = i > 100000 && i % 3 == 0;
    if ((code == 301 || code == 0) && !survey3) ++expected;
  }
  EXPECT_EQ(n, expected);
  Filter s3;
  s3.surveys = {3};
  r = e.Measures({Scope::Org(4), s3, {"survey_version"}});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), want_survey3_version.size());
  for (const auto& row : r->rows) {
    EXPECT_EQ(row.measures.count, want_survey3_version.at(static_cast<uint32_t>(row.key[0])));
  }
}

TEST(ReplaceOrg, RebuildsOnePartition) {
  Engine e;
  std::vector<ResponseFacts> rs;
  for (uint32_t i = 1; i <= 6; ++i) {
    ResponseFacts f{};
    f.response_id = i;
    f.org = i <= 4 ? 1 : 2;
    f.submitted_at = kT0 + i;
    f.nps = 9;
    f.attributes[1] = static_cast<uint16_t>(i <= 2 ? 0 : 1);
    rs.push_back(f);
  }
  ASSERT_TRUE(e.Append(rs).ok());
  auto count = [&](uint32_t org, uint32_t code) {
    Filter f;
    f.attributes = {{1, {code}}};
    return e.Measures({Scope::Org(org), f, {}})->rows[0].measures.count;
  };
  EXPECT_EQ(count(1, 1), 2);
  // The customer's attribute applied to all of org 1's history.
  std::vector<ResponseFacts> org1(rs.begin(), rs.begin() + 4);
  for (auto& f : org1) f.attributes[1] = 1;
  ASSERT_TRUE(e.ReplaceOrg(1, org1).ok());
  EXPECT_EQ(count(1, 1), 4);
  EXPECT_EQ(count(2, 1), 2);  // untouched
  EXPECT_EQ(e.LastResponseId(), 6u);
  // Later appends go to the new partition.
  ResponseFacts later = rs[0];
  later.response_id = 7;
  later.attributes[1] = 1;
  ASSERT_TRUE(e.Append({&later, 1}).ok());
  EXPECT_EQ(count(1, 1), 5);

  // Refused, with nothing changed: another org's row, ids out of order, an
  // id the engine never appended.
  std::vector<ResponseFacts> bad = org1;
  bad[1].org = 2;
  EXPECT_EQ(e.ReplaceOrg(1, bad).field(), "/1/org");
  bad = org1;
  std::swap(bad[0], bad[1]);
  EXPECT_EQ(e.ReplaceOrg(1, bad).field(), "/1/response_id");
  bad = org1;
  bad.back().response_id = 99;
  EXPECT_EQ(e.ReplaceOrg(1, bad).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(count(1, 1), 5);
  // An empty list removes the organisation's responses.
  ASSERT_TRUE(e.ReplaceOrg(2, {}).ok());
  EXPECT_EQ(e.Summary(Scope::Org(2)).responses, 0u);
  EXPECT_EQ(e.Summary(Scope::Org(1)).responses, 5u);
}

}  // namespace
}  // namespace beleving::engine
