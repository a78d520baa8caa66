// Moment outcomes on a hand-computed data set: rates per touchpoint and per
// customer segment, per NPS band of the linked response, and the value;
// outcome events for unknown interactions are refused naming them. An App
// on a real SQLite file.
#include "outcomes/outcomes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "app/services_test_fixture.h"
#include "core/time_format.h"

namespace beleving::outcomes {
namespace {

UnixSeconds At(const char* t) { return *ParseRfc3339(t); }

TEST(ComputeOutcomes, RatesPerBandAndValue) {
  using R = store::OutcomeRow;
  const std::vector<R> rows = {{"b", "bought", 1000, 10},
                               {"b", "bought", std::nullopt, 6},
                               {"b", "returned", 500, 9},
                               {"a", std::nullopt, std::nullopt, std::nullopt},
                               {"b", "bought", 250, std::nullopt}};
  const auto out = ComputeOutcomes(rows, "bought");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].group, "a");
  EXPECT_EQ(out[0].all.interactions, 1);
  EXPECT_EQ(out[0].all.rate(), 0.0);
  EXPECT_EQ(out[0].promoter.rate(), std::nullopt);
  EXPECT_EQ(out[1].all.interactions, 4);
  EXPECT_EQ(out[1].all.rate(), 0.75);
  EXPECT_EQ(out[1].promoter.rate(), 0.5);  // 10 bought, 9 returned
  EXPECT_EQ(out[1].detractor.rate(), 1.0);
  EXPECT_EQ(out[1].passive.interactions, 0);
  EXPECT_EQ(out[1].value_cents, 1250);  // returned 500 is not "bought"
  EXPECT_EQ(ComputeOutcomes(rows, "returned")[1].value_cents, 500);
}

class OutcomesAppTest : public app::ServicesTest {
 protected:
  OutcomesAppTest() : ServicesTest("UTC") {}
  void SetUp() override {
    clock_.Set(At("2025-03-07T16:00:00Z"));
    ServicesTest::SetUp();
    if (HasFatalFailure()) return;
    org_ = acme_;
    // id, touchpoint, customer, segment, nps of the linked response (-1 none).
    struct Moment {
      const char *id, *touchpoint, *customer, *segment;
      int nps;
    };
    const std::vector<Moment> moments = {
        {"i1", "balie", "anna", "zakelijk", 10},  {"i2", "balie", "bram", "zakelijk", 9},
        {"i3", "balie", "cor", "particulier", 7}, {"i4", "balie", "dirk", nullptr, 3},
        {"i5", "web", "anna", nullptr, 8},        {"i6", "web", "eva", nullptr, -1},
        {"i7", "web", "bram", nullptr, 2}};
    std::vector<capture::InteractionInput> ins;
    std::vector<capture::ResponseInput> rs;
    for (const Moment& m : moments) {
      capture::InteractionInput in;
      in.external_id = m.id;
      in.occurred_at = At("2025-03-03T09:00:00Z");
      in.keys.customer = m.customer;
      in.keys.touchpoint = m.touchpoint;
      if (m.segment) in.keys.attributes = {{"segment", m.segment}};
      ins.push_back(in);
      if (m.nps < 0) continue;
      capture::ResponseInput r;
      r.external_id = std::string("r-") + m.id;
      r.submitted_at = At("2025-03-03T10:00:00Z");
      r.interaction = m.id;
      r.answers.nps = m.nps;
      rs.push_back(r);
    }
    // i6 brings its outcome along at ingest; the others get theirs later.
    ins[5].outcome = "bought";
    ins[5].value_cents = 1000;
    ASSERT_TRUE(s_->ingest().Interactions(Tenant(), ins).ok());
    ASSERT_TRUE(s_->ingest().Responses(Tenant(), rs).ok());
    Status st = s_->outcomes().Record(Who(), {{"i1", "bought", 10000, std::nullopt},
                                              {"i2", "bought", 5050, At("2025-03-04T10:00:00Z")},
                                              {"i3", "not_bought", std::nullopt, std::nullopt},
                                              {"i5", "bought", 2000, std::nullopt},
                                              {"i7", "returned", 2000, std::nullopt}});
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  store::TenantScope Tenant() const { return store::TenantScope::System(org_); }
  security::Principal Who() const { return security::Principal::Operator(org_, "test"); }
  std::vector<OutcomeGroupRow> By(const std::string& group_by, const std::string& outcome) {
    OutcomesQuery q;
    q.group_by = group_by;
    q.outcome = outcome;
    auto r = s_->outcomes().By(Who(), q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<OutcomeGroupRow>{};
  }

  int64_t org_ = 0;
};

TEST_F(OutcomesAppTest, RatesPerTouchpointAndBand) {
  const auto rows = By("touchpoint", "bought");
  ASSERT_EQ(rows.size(), 2u);
  const auto& balie = rows[0];
  EXPECT_EQ(balie.group, "balie");
  EXPECT_EQ(balie.all.interactions, 4);
  EXPECT_EQ(balie.all.rate(), 0.5);
  EXPECT_EQ(balie.promoter.rate(), 1.0);   // 10, 9 bought
  EXPECT_EQ(balie.passive.rate(), 0.0);    // 7 did not
  EXPECT_EQ(balie.detractor.rate(), 0.0);  // 3: no outcome
  EXPECT_EQ(balie.value_cents, 15050);
  const auto& web = rows[1];
  EXPECT_EQ(web.all.interactions, 3);
  EXPECT_DOUBLE_EQ(*web.all.rate(), 2.0 / 3);
  EXPECT_EQ(web.passive.rate(), 1.0);
  EXPECT_EQ(web.detractor.rate(), 0.0);
  EXPECT_EQ(web.promoter.rate(), std::nullopt);  // no promoter there
  EXPECT_EQ(web.value_cents, 3000);

  const auto returned = By("touchpoint", "returned");
  EXPECT_DOUBLE_EQ(*returned[1].all.rate(), 1.0 / 3);
  EXPECT_EQ(returned[1].detractor.rate(), 1.0);
  EXPECT_EQ(returned[0].all.with_outcome, 0);
}

TEST_F(OutcomesAppTest, RatesPerSegmentAndOtherGroupings) {
  // anna and bram zakelijk (i1 i2 i5 i7), cor particulier (i3), dirk and eva none (i4 i6).
  const auto rows = By("customer.segment", "bought");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].group, "");
  EXPECT_EQ(rows[0].all.rate(), 0.5);
  EXPECT_EQ(rows[1].group, "particulier");
  EXPECT_EQ(rows[1].all.rate(), 0.0);
  EXPECT_EQ(rows[2].group, "zakelijk");
  EXPECT_EQ(rows[2].all.rate(), 0.75);
  EXPECT_EQ(rows[2].promoter.rate(), 1.0);
  EXPECT_EQ(rows[2].passive.rate(), 1.0);
  EXPECT_EQ(rows[2].detractor.rate(), 0.0);
  EXPECT_EQ(rows[2].value_cents, 17050);

  // A key never used: every interaction in the "" group.
  const auto unknown = By("customer.tier", "bought");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].all.interactions, 7);
  // By survey: no response answered a survey.
  EXPECT_EQ(By("survey", "bought").size(), 1u);

  OutcomesQuery bad;
  bad.group_by = "colour";
  EXPECT_EQ(s_->outcomes().By(Who(), bad).status().field(), "/group_by");
  bad.group_by = "team";
  bad.outcome = "Bought!";
  EXPECT_EQ(s_->outcomes().By(Who(), bad).status().field(), "/outcome");
}

TEST_F(OutcomesAppTest, EventsForUnknownInteractionsAreRefusedNamingThem) {
  Status st = s_->outcomes().Record(
      Who(), {{"i4", "bought", 100, std::nullopt}, {"nope", "bought", 100, std::nullopt}});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "/outcomes/1/interaction");
  EXPECT_NE(st.message().find("nope"), std::string::npos);
  // Nothing was set: i4 still has no outcome.
  EXPECT_EQ(By("touchpoint", "bought")[0].all.with_outcome, 2);
  st = s_->outcomes().Record(Who(), {{"i4", "Gekocht", 1, std::nullopt}});
  EXPECT_EQ(st.field(), "/outcomes/0/outcome");
  // An organisation's own outcome, set later, replaces the earlier one.
  ASSERT_TRUE(s_->outcomes().Record(Who(), {{"i7", "upgraded", 4200, std::nullopt}}).ok());
  const auto up = By("touchpoint", "upgraded");
  EXPECT_EQ(up[1].all.with_outcome, 1);
  EXPECT_EQ(up[1].value_cents, 4200);
  EXPECT_EQ(By("touchpoint", "returned")[1].all.with_outcome, 0);
}

}  // namespace
}  // namespace beleving::outcomes

namespace beleving::outcomes {
namespace {

TEST_F(OutcomesAppTest, RecordingNeedsTheIngestScopeAndIsAudited) {
  security::Principal reader(security::Principal::Kind::kApiKey, Tenant());
  reader.scopes = security::kScopeRead;
  reader.api_key_id = 9;
  EXPECT_EQ(s_->outcomes().Record(reader, {{"i4", "bought", 1, std::nullopt}}).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(By("touchpoint", "bought")[0].all.with_outcome, 2);  // nothing set
  EXPECT_TRUE(s_->outcomes().By(reader, {}).ok());
  security::Principal ingest = reader;
  ingest.scopes = security::kScopeIngest;
  ASSERT_TRUE(s_->outcomes().Record(ingest, {{"i4", "bought", 1, std::nullopt}}).ok());
  bool more = false;
  auto log = s_->privacy().AuditLog(Who(), 0, 10, &more);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_FALSE(log->empty());
  EXPECT_EQ(log->front().actor, "apikey:9");
  EXPECT_EQ(log->front().action, "update");
  EXPECT_EQ(log->front().subject, "outcomes:1");
  // A read key without the read scope reads nothing.
  security::Principal none = reader;
  none.scopes = security::kScopeIngest;
  EXPECT_EQ(s_->outcomes().By(none, {}).status().code(), StatusCode::kPermissionDenied);
}

OutcomeGroupRow Bands(std::string group, int64_t p, int64_t p_hit, int64_t d, int64_t d_hit) {
  OutcomeGroupRow r;
  r.group = std::move(group);
  r.promoter = {p, p_hit};
  r.detractor = {d, d_hit};
  return r;
}

TEST(ExperienceEffectTest, LargestDifferenceFirstOnlyWithEnoughInBothBands) {
  const std::vector<OutcomeGroupRow> rows = {
      Bands("balie", 10, 8, 5, 1),  // 0.8 - 0.2 = 0.6
      Bands("kassa", 5, 1, 10, 9),  // 0.2 - 0.9 = -0.7
      Bands("web", 4, 4, 20, 0),    // 1.0 - 0: too few promoters
      Bands("app", 6, 3, 6, 3)};    // 0
  const auto e = RankByExperience(rows, 5);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].group, "kassa");
  EXPECT_DOUBLE_EQ(e[0].difference, 0.2 - 0.9);
  EXPECT_EQ(e[0].promoters, 5);
  EXPECT_EQ(e[0].detractors, 10);
  EXPECT_EQ(e[1].group, "balie");
  EXPECT_DOUBLE_EQ(e[1].difference, 0.6);
  EXPECT_EQ(e[2].group, "app");
  EXPECT_EQ(RankByExperience(rows, 3).size(), 4u);
}

}  // namespace
}  // namespace beleving::outcomes
