// Customer attributes end to end below the API: ingest items set them, each
// response keeps the snapshot it was stored with (forward only), applying to
// history rewrites earlier snapshots and the engine's partition, and the
// engine slices by them with hand-computed NPS. An App on a real SQLite
// file and a manual clock.
#include "capture/attributes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "app/services_test_fixture.h"
#include "core/time_format.h"
#include "store/dimension_store.h"
#include "store/moment_store.h"
#include "store/survey_store.h"

namespace beleving::capture {
namespace {

UnixSeconds At(const char* t) { return *ParseRfc3339(t); }

class AttributesAppTest : public app::ServicesTest {
 protected:
  AttributesAppTest() : ServicesTest("UTC") {}
  void SetUp() override {
    clock_.Set(At("2025-03-07T16:00:00Z"));
    ServicesTest::SetUp();
    if (HasFatalFailure()) return;
    org_ = acme_;
  }
  store::TenantScope Tenant() const { return store::TenantScope::System(org_); }
  security::Principal Who() const { return security::Principal::Operator(org_, "test"); }

  ResponseInput Response(const std::string& id, const std::string& customer, int nps) {
    ResponseInput r;
    r.external_id = id;
    r.submitted_at = At("2025-03-03T10:00:00Z");
    r.keys.customer = customer;
    r.answers.nps = nps;
    return r;
  }
  Status Ingest(std::vector<ResponseInput> batch) {
    return s_->ingest().Responses(Tenant(), batch).status();
  }
  store::AttributeDictionary Dictionary() {
    store::AttributeDictionary d;
    EXPECT_TRUE(s_->db()
                    .Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(d, store::AttributeStore::Dictionary(c, Tenant()));
                      return Status::Ok();
                    })
                    .ok());
    return d;
  }
  int64_t CustomerId(const std::string& key) {
    std::optional<int64_t> id;
    EXPECT_TRUE(s_->db()
                    .Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(id,
                                       store::DimensionStore::IdByKey(
                                           c, Tenant(), *store::FindDimension("customers"), key));
                      return Status::Ok();
                    })
                    .ok());
    return id.value_or(0);
  }
  // NPS per value of `key` ("" = no value), as the engine computes it.
  std::map<std::string, double> NpsBy(const std::string& key) {
    const auto d = Dictionary();
    const auto slot = d.SlotOf(key);
    EXPECT_TRUE(slot.has_value());
    auto r = s_->engine().Measures(
        {engine::Scope::Org(static_cast<uint32_t>(org_)),
         {},
         {std::string(engine::GroupKeyName(engine::AttributeKey(slot.value_or(0))))}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::map<std::string, double> out;
    if (!r.ok()) return out;
    for (const auto& row : r->rows) {
      out[d.ValueOf(*slot, static_cast<int>(row.key[0]))] = row.measures.nps.value_or(-999);
    }
    return out;
  }

  int64_t org_ = 0;
};

TEST_F(AttributesAppTest, IngestSetsAttributesAndResponsesKeepTheirSnapshot) {
  auto a = Response("r1", "anna", 10);
  a.keys.attributes = {{"segment", "zakelijk"}, {"tier", "goud"}};
  auto b = Response("r2", "bram", 6);
  b.keys.attributes = {{"segment", "particulier"}};
  auto c = Response("r3", "anna", 8);  // no attributes given: anna's still apply
  auto d = Response("r4", "cor", 9);   // never any attributes
  ASSERT_TRUE(Ingest({a, b, c, d}).ok());

  const auto dict = Dictionary();
  ASSERT_EQ(dict.keys.size(), 2u);
  EXPECT_EQ(dict.SlotOf("segment"), 0);
  EXPECT_EQ(dict.SlotOf("tier"), 1);
  EXPECT_EQ(dict.CodeOf(0, "zakelijk"), 1);
  EXPECT_EQ(dict.CodeOf(0, "particulier"), 2);
  // zakelijk: 10 8 -> 50; particulier: 6 -> -100; none: 9 -> 100.
  EXPECT_EQ(NpsBy("segment"),
            (std::map<std::string, double>{{"", 100}, {"particulier", -100}, {"zakelijk", 50}}));

  // Anna moves to particulier: only her later responses follow.
  auto e = Response("r5", "anna", 0);
  e.keys.attributes = {{"segment", "particulier"}, {"tier", std::nullopt}};
  ASSERT_TRUE(Ingest({e}).ok());
  // zakelijk: 10 8 -> 50; particulier: 6 0 -> -100; none: 9 -> 100.
  EXPECT_EQ(NpsBy("segment"),
            (std::map<std::string, double>{{"", 100}, {"particulier", -100}, {"zakelijk", 50}}));
  // goud: 10 8 -> 50; none: 6 9 0 -> (1 - 2) / 3.
  EXPECT_EQ(NpsBy("tier"), (std::map<std::string, double>{{"", -100.0 / 3}, {"goud", 50}}));

  // Applied to anna's history on request: her 10 and 8 become particulier.
  auto n = s_->customer_attributes().ApplyToHistory(Who(), CustomerId("anna"));
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 3);  // r1, r3, r5
  // particulier: 10 6 8 0 -> (1 - 2) / 4 = -25.
  EXPECT_EQ(NpsBy("segment"), (std::map<std::string, double>{{"", 100}, {"particulier", -25}}));
  EXPECT_EQ(NpsBy("tier"), (std::map<std::string, double>{{"", 0}}));  // 10 6 8 9 0 -> 2-2

  // The database holds the same snapshots the engine shows.
  ASSERT_TRUE(s_->db()
                  .Read([&](store::SqlConn& cn) -> Status {
                    ASSIGN_OR_RETURN(auto rs,
                                     store::MomentStore::ListResponses(cn, Tenant(), {}, 0, 10));
                    EXPECT_EQ(rs.size(), 5u);
                    for (const auto& r : rs) {
                      const int want = r.customer_key == "cor" ? 0 : 2;
                      EXPECT_EQ(r.attributes[0], want) << r.external_id;
                      EXPECT_EQ(r.attributes[1], 0) << r.external_id;
                    }
                    return Status::Ok();
                  })
                  .ok());
}

TEST_F(AttributesAppTest, CustomerKeysInGroupByAndFilters) {
  auto a = Response("r1", "anna", 10);
  a.keys.attributes = {{"segment", "zakelijk"}};
  auto b = Response("r2", "bram", 6);
  b.keys.attributes = {{"segment", "particulier"}};
  ASSERT_TRUE(Ingest({a, b, Response("r3", "cor", 9)}).ok());
  const auto dict = Dictionary();
  std::vector<std::string> group_by = {"team", "customer.segment"};
  ASSERT_TRUE(ResolveCustomerGroupBy(dict, &group_by).ok());
  EXPECT_EQ(group_by, (std::vector<std::string>{"team", "attribute_0"}));
  group_by = {"customer.tier"};
  EXPECT_EQ(ResolveCustomerGroupBy(dict, &group_by).field(), "/group_by/0");

  auto count = [&](const std::string& key, std::vector<std::string> values) -> int64_t {
    engine::Filter f;
    Status st = AddCustomerFilter(dict, key, values, "/customer." + key, &f);
    EXPECT_TRUE(st.ok()) << st.ToString();
    auto r = s_->engine().Measures({engine::Scope::Org(static_cast<uint32_t>(org_)), f, {}});
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->rows.at(0).measures.count : -1;
  };
  EXPECT_EQ(count("segment", {"zakelijk"}), 1);
  EXPECT_EQ(count("segment", {"zakelijk", "particulier"}), 2);
  EXPECT_EQ(count("segment", {"zakelijk", ""}), 2);  // "" = no value: cor
  EXPECT_EQ(count("segment", {"onbekend"}), 0);
  EXPECT_EQ(count("tier", {"goud"}), 0);
  EXPECT_EQ(count("tier", {""}), 3);
  engine::Filter f;
  EXPECT_EQ(AddCustomerFilter(dict, "Tier", {"x"}, "/customer.Tier", &f).field(), "/customer.Tier");
}

TEST_F(AttributesAppTest, ErrorsNameTheFieldAndStoreNothing) {
  auto no_customer = Response("r1", "x", 9);
  no_customer.keys.customer.reset();
  no_customer.keys.attributes = {{"segment", "zakelijk"}};
  Status st = Ingest({Response("r0", "a", 9), no_customer});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "/responses/1/attributes");

  // Eight keys fit; a ninth is refused, naming it, and the batch stores nothing.
  auto eight = Response("r2", "a", 9);
  for (int k = 0; k < 8; ++k) eight.keys.attributes["k" + std::to_string(k)] = "v";
  ASSERT_TRUE(Ingest({eight}).ok());
  auto ninth = Response("r3", "b", 9);
  ninth.keys.attributes = {{"k9", "v"}};
  st = Ingest({Response("r4", "c", 9), ninth});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "/responses/1/attributes/k9");
  EXPECT_EQ(s_->engine().Summary(engine::Scope::Org(static_cast<uint32_t>(org_))).responses, 1u);
  EXPECT_EQ(Dictionary().keys.size(), 8u);

  // Interactions set attributes too (their customer is required).
  InteractionInput in;
  in.external_id = "i1";
  in.occurred_at = At("2025-03-03T09:00:00Z");
  in.keys.customer = "d";
  in.keys.attributes = {{"k1", "w"}, {"K2", "x"}};
  auto bad = s_->ingest().Interactions(Tenant(), {in});
  EXPECT_EQ(bad.status().field(), "/interactions/0/attributes/K2");
  in.keys.attributes = {{"k1", "w"}};
  ASSERT_TRUE(s_->ingest().Interactions(Tenant(), {in}).ok());
  ASSERT_TRUE(Ingest({Response("r5", "d", 3)}).ok());
  EXPECT_EQ(NpsBy("k1"), (std::map<std::string, double>{{"v", 100}, {"w", -100}}));
}

TEST_F(AttributesAppTest, ACustomerAndItsAttributesAreOneTransaction) {
  const store::DimensionSpec& customers = *store::FindDimension("customers");
  const size_t audited = Audit(org_).size();  // the organisation's creation
  DimensionInput in;
  in.key = "anna";
  in.attributes = {{"segment", std::string(201, 'x')}};
  auto bad = s_->dimensions().Create(Who(), customers, in);
  EXPECT_EQ(bad.status().field(), "/attributes/segment");
  // Nothing stored: the key is still free, no audit entry.
  in.attributes = {{"segment", "zakelijk"}};
  auto made = s_->dimensions().Create(Who(), customers, in);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  auto log = Audit(org_);  // newest first: "actor action subject"
  ASSERT_EQ(log.size(), audited + 1);
  const std::string subject = " customer:" + std::to_string(made->id);
  EXPECT_EQ(log.front().substr(log.front().size() - subject.size()), subject) << log.front();
  ASSERT_TRUE(Ingest({Response("r1", "anna", 10)}).ok());
  EXPECT_EQ(NpsBy("segment"), (std::map<std::string, double>{{"zakelijk", 100}}));
  // Other kinds carry no attributes; a caller who does not manage changes none.
  DimensionInput loc;
  loc.key = "zwolle";
  loc.attributes = {{"segment", "x"}};
  EXPECT_EQ(
      s_->dimensions().Create(Who(), *store::FindDimension("locations"), loc).status().field(),
      "/attributes");
  security::Principal reader(security::Principal::Kind::kApiKey, Tenant());
  reader.scopes = security::kScopeRead;
  EXPECT_EQ(s_->customer_attributes()
                .Update(reader, {made->id, {{"segment", "b"}}, false})
                .status()
                .code(),
            StatusCode::kPermissionDenied);
}

TEST_F(AttributesAppTest, UpdateAppliesForwardUnlessAskedForHistory) {
  auto a = Response("r1", "anna", 10);
  a.keys.attributes = {{"segment", "zakelijk"}};
  ASSERT_TRUE(Ingest({a, Response("r2", "bram", 0)}).ok());
  const int64_t bram = CustomerId("bram");

  AttributeUpdate u;
  u.customer_id = bram;
  u.changes = {{"segment", "zakelijk"}};
  auto n = s_->customer_attributes().Update(Who(), u);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(NpsBy("segment"), (std::map<std::string, double>{{"", -100}, {"zakelijk", 100}}));
  ASSERT_TRUE(Ingest({Response("r3", "bram", 8)}).ok());
  // zakelijk: 10 8 -> 50.
  EXPECT_EQ(NpsBy("segment"), (std::map<std::string, double>{{"", -100}, {"zakelijk", 50}}));

  u.apply_to_history = true;
  n = s_->customer_attributes().Update(Who(), u);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);  // r2, r3
  // zakelijk: 10 0 8 -> 0.
  EXPECT_EQ(NpsBy("segment"), (std::map<std::string, double>{{"zakelijk", 0}}));

  // An unknown customer is not found; a bad value names its key.
  u.customer_id = 999;
  EXPECT_EQ(s_->customer_attributes().Update(Who(), u).status().code(), StatusCode::kNotFound);
  u.customer_id = bram;
  u.changes = {{"segment", std::string(201, 'x')}};
  EXPECT_EQ(s_->customer_attributes().Update(Who(), u).status().field(), "/attributes/segment");
}

TEST_F(AttributesAppTest, ResponsesRecordTheSurveyAndItsQuestionSetVersion) {
  int64_t survey = 0;
  ASSERT_TRUE(s_->db()
                  .Write([&](store::SqlConn& c) -> Status {
                    ASSIGN_OR_RETURN(survey,
                                     store::SurveyStore::Create(
                                         c, Tenant(), {0, "relatie", "Relatie", "{\"a\":1}", 0, 0},
                                         clock_.Now()));
                    return Status::Ok();
                  })
                  .ok());  // the starter survey of a new organisation is "nps"
  auto a = Response("r1", "anna", 10);
  a.survey = "relatie";
  ASSERT_TRUE(Ingest({a, Response("r2", "bram", 0)}).ok());
  ASSERT_TRUE(s_->db()
                  .Write([&](store::SqlConn& c) -> Status {
                    // A new name keeps the version, new questions begin version 2.
                    RETURN_IF_ERROR(store::SurveyStore::Update(c, Tenant(), survey, "NPS 2",
                                                               "{\"a\":1}", clock_.Now())
                                        .status());
                    return store::SurveyStore::Update(c, Tenant(), survey, "NPS 2", "{\"a\":2}",
                                                      clock_.Now())
                        .status();
                  })
                  .ok());
  auto b = Response("r3", "cor", 9);
  b.survey = "relatie";
  auto c = Response("r4", "dirk", 2);
  c.survey = "relatie";
  ASSERT_TRUE(Ingest({b, c}).ok());
  auto r = s_->engine().Measures(
      {engine::Scope::Org(static_cast<uint32_t>(org_)), {}, {"survey", "survey_version"}});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), 3u);
  EXPECT_EQ(r->rows[0].key, (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(r->rows[1].key, (std::vector<int64_t>{survey, 1}));
  EXPECT_EQ(r->rows[1].measures.nps, 100);
  EXPECT_EQ(r->rows[2].key, (std::vector<int64_t>{survey, 2}));
  EXPECT_EQ(r->rows[2].measures.nps, 0);  // 9 2
}

}  // namespace
}  // namespace beleving::capture
