// Customer attributes (dictionary, current values, response snapshots,
// applying to history) and survey question-set versions on both backends.
#include "store/attribute_store.h"
#include "store/conformance/backend.h"
#include "store/dimension_store.h"
#include "store/moment_store.h"
#include "store/privacy_store.h"
#include "store/survey_store.h"

namespace beleving::store::conformance {
namespace {

using AttributeStoreTest = BackendTest;

int64_t Customer(SqlConn& c, const TenantScope& t, const std::string& key) {
  auto id = DimensionStore::Ensure(c, t, *FindDimension("customers"), key, {}, 1);
  EXPECT_TRUE(id.ok());
  return id.ok() ? *id : 0;
}

TEST_P(AttributeStoreTest, DictionaryCurrentValuesAndLimits) {
  const auto t = TenantScope::System(MakeOrg("acme"));
  const auto other = TenantScope::System(MakeOrg("beta"));
  int64_t anna = 0, bram = 0;
  MustWrite([&](SqlConn& c) -> Status {
    anna = Customer(c, t, "anna");
    bram = Customer(c, t, "bram");
    RETURN_IF_ERROR(AttributeStore::SetCustomerAttributes(
        c, t, anna, {{"segment", "zakelijk"}, {"tier", "goud"}}, 5));
    RETURN_IF_ERROR(AttributeStore::SetCustomerAttributes(
        c, t, bram, {{"segment", "particulier"}, {"region", "noord"}}, 5));
    // Setting the same value again, and changing one, keep the codes.
    return AttributeStore::SetCustomerAttributes(c, t, anna,
                                                 {{"segment", "particulier"}, {"tier", "goud"}}, 6);
  });
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto d, AttributeStore::Dictionary(c, t));
    REQUIRE_EQ(d.keys.size(), 3u);
    // Keys take slots in order of first use (a map iterates keys sorted:
    // "segment" before "tier"), values take codes.
    EXPECT_EQ(d.SlotOf("segment"), 0);
    EXPECT_EQ(d.SlotOf("tier"), 1);
    EXPECT_EQ(d.SlotOf("region"), 2);
    EXPECT_EQ(d.SlotOf("nope"), std::nullopt);
    EXPECT_EQ(d.CodeOf(0, "zakelijk"), 1);
    EXPECT_EQ(d.CodeOf(0, "particulier"), 2);
    EXPECT_EQ(d.CodeOf(1, "goud"), 1);
    EXPECT_EQ(d.ValueOf(2, 1), "noord");
    EXPECT_EQ(d.ValueOf(2, 0), "");
    ASSIGN_OR_RETURN(auto attrs, AttributeStore::CustomerAttributes(c, t, anna));
    EXPECT_EQ(attrs,
              (std::map<std::string, std::string>{{"segment", "particulier"}, {"tier", "goud"}}));
    ASSIGN_OR_RETURN(auto codes, AttributeStore::CustomerCodes(c, t, bram));
    EXPECT_EQ(codes, (AttributeCodes{2, 0, 1, 0, 0, 0, 0, 0}));
    // Another organisation sees none of it.
    ASSIGN_OR_RETURN(auto foreign, AttributeStore::Dictionary(c, other));
    EXPECT_TRUE(foreign.keys.empty());
    ASSIGN_OR_RETURN(auto none, AttributeStore::CustomerCodes(c, other, anna));
    EXPECT_EQ(none, AttributeCodes{});
    return Status::Ok();
  });

  // Removing a value frees nothing in the dictionary.
  MustWrite([&](SqlConn& c) -> Status {
    return AttributeStore::SetCustomerAttributes(c, t, anna, {{"tier", std::nullopt}}, 7);
  });
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto attrs, AttributeStore::CustomerAttributes(c, t, anna));
    EXPECT_EQ(attrs.size(), 1u);
    ASSIGN_OR_RETURN(auto d, AttributeStore::Dictionary(c, t));
    EXPECT_EQ(d.CodeOf(1, "goud"), 1);
    return Status::Ok();
  });

  // A customer of another organisation is not found; bad keys and values
  // name their field.
  Status st = db().Write([&](SqlConn& c) {
    return AttributeStore::SetCustomerAttributes(c, other, anna, {{"segment", "x"}}, 8);
  });
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  st = db().Write([&](SqlConn& c) {
    return AttributeStore::SetCustomerAttributes(c, t, anna, {{"Segment", "x"}}, 8);
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "/attributes/Segment");
  st = db().Write([&](SqlConn& c) {
    return AttributeStore::SetCustomerAttributes(c, t, anna, {{"segment", "a\nb"}}, 8);
  });
  EXPECT_EQ(st.field(), "/attributes/segment");

  // Eight keys per organisation: five more fit, the ninth is refused.
  MustWrite([&](SqlConn& c) -> Status {
    return AttributeStore::SetCustomerAttributes(
        c, t, bram, {{"k4", "v"}, {"k5", "v"}, {"k6", "v"}, {"k7", "v"}, {"k8", "v"}}, 9);
  });
  st = db().Write([&](SqlConn& c) {
    return AttributeStore::SetCustomerAttributes(c, t, bram, {{"k9", "v"}}, 9);
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "/attributes/k9");

  // 1000 values per key; the 1001st is refused.
  MustWrite([&](SqlConn& c) -> Status {
    for (int i = 0; i < kMaxAttributeValues - 2; ++i) {  // zakelijk, particulier exist
      RETURN_IF_ERROR(AttributeStore::SetCustomerAttributes(
          c, t, bram, {{"segment", "s" + std::to_string(i)}}, 10));
    }
    return Status::Ok();
  });
  st = db().Write([&](SqlConn& c) {
    return AttributeStore::SetCustomerAttributes(c, t, bram, {{"segment", "one more"}}, 11);
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "/attributes/segment");
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto d, AttributeStore::Dictionary(c, t));
    EXPECT_EQ(d.keys[0].values.size(), static_cast<size_t>(kMaxAttributeValues));
    EXPECT_EQ(d.CodeOf(0, "s997"), kMaxAttributeValues);
    return Status::Ok();
  });
}

TEST_P(AttributeStoreTest, SnapshotsApplyForwardAndToHistoryOnRequest) {
  const int64_t org = MakeOrg("acme");
  const auto t = TenantScope::System(org);
  int64_t anna = 0, bram = 0;
  auto insert = [&](SqlConn& c, const std::string& id, int64_t customer) -> Status {
    ResponseRecord r;
    r.org_id = org;
    r.external_id = id;
    r.customer_id = customer;
    r.submitted_at = 100;
    r.nps = 9;
    ASSIGN_OR_RETURN(r.attributes, AttributeStore::CustomerCodes(c, t, customer));
    return MomentStore::InsertResponse(c, r).status();
  };
  MustWrite([&](SqlConn& c) -> Status {
    anna = Customer(c, t, "anna");
    bram = Customer(c, t, "bram");
    RETURN_IF_ERROR(AttributeStore::SetCustomerAttributes(c, t, anna, {{"segment", "a"}}, 1));
    RETURN_IF_ERROR(AttributeStore::SetCustomerAttributes(c, t, bram, {{"segment", "b"}}, 1));
    RETURN_IF_ERROR(insert(c, "r1", anna));
    RETURN_IF_ERROR(insert(c, "r2", bram));
    RETURN_IF_ERROR(AttributeStore::SetCustomerAttributes(c, t, anna, {{"segment", "b"}}, 2));
    RETURN_IF_ERROR(AttributeStore::SetCustomerAttributes(c, t, bram, {{"segment", "a"}}, 2));
    return insert(c, "r3", anna);
  });
  auto snapshots = [&]() {
    std::vector<int> out;
    EXPECT_TRUE(db().Read([&](SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(auto rs, MomentStore::ListResponses(c, t, {}, 0, 10));
                      for (const auto& r : rs) out.push_back(r.attributes[0]);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  };
  EXPECT_EQ(snapshots(), (std::vector<int>{1, 2, 2}));  // a, b, then anna's b
  int64_t n = 0;
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(n, AttributeStore::ApplyToHistory(c, t, anna));
    return Status::Ok();
  });
  EXPECT_EQ(n, 2);
  EXPECT_EQ(snapshots(), (std::vector<int>{2, 2, 2}));
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(n, AttributeStore::ApplyToHistory(c, t, std::nullopt));
    return Status::Ok();
  });
  EXPECT_EQ(n, 3);
  EXPECT_EQ(snapshots(), (std::vector<int>{2, 1, 2}));
  // The engine's scans carry the snapshot.
  std::vector<int> scanned;
  MustRead([&](SqlConn& c) -> Status {
    return MomentStore::ScanOrgResponses(
        c, t, [&](const ResponseRecord& r) { scanned.push_back(r.attributes[0]); });
  });
  EXPECT_EQ(scanned, (std::vector<int>{2, 1, 2}));

  // Erasure removes the current attributes; the codes in snapshots stay.
  MustWrite([&](SqlConn& c) -> Status {
    RETURN_IF_ERROR(PrivacyStore::EraseCustomer(c, t, anna, 3).status());
    ASSIGN_OR_RETURN(auto attrs, AttributeStore::CustomerAttributes(c, t, anna));
    EXPECT_TRUE(attrs.empty());
    return Status::Ok();
  });
  EXPECT_EQ(snapshots(), (std::vector<int>{2, 1, 2}));
}

TEST_P(AttributeStoreTest, SurveyVersionsFollowTheDefinition) {
  const int64_t org = MakeOrg("acme");
  const auto t = TenantScope::System(org);
  int64_t sid = 0;
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(sid, SurveyStore::Create(c, t, {0, "nps", "NPS", "{\"q\":1}", 0, 0}, 1));
    ASSIGN_OR_RETURN(auto s, SurveyStore::ById(c, t, sid));
    EXPECT_EQ(s->version, 1);
    RETURN_IF_ERROR(SurveyStore::Update(c, t, sid, "Renamed", "{\"q\":1}", 2).status());
    ASSIGN_OR_RETURN(s, SurveyStore::ById(c, t, sid));
    EXPECT_EQ(s->version, 1);  // a name alone is no new question set
    RETURN_IF_ERROR(SurveyStore::Update(c, t, sid, "Renamed", "{\"q\":2}", 3).status());
    RETURN_IF_ERROR(SurveyStore::Update(c, t, sid, "Renamed", "{\"q\":3}", 4).status());
    ASSIGN_OR_RETURN(s, SurveyStore::ByKey(c, t, "nps"));
    EXPECT_EQ(s->version, 3);
    ResponseRecord r;
    r.org_id = org;
    r.external_id = "r1";
    r.survey_id = sid;
    r.survey_version = s->version;
    r.submitted_at = 5;
    RETURN_IF_ERROR(MomentStore::InsertResponse(c, r).status());
    r.external_id = "r2";
    r.survey_version.reset();
    return MomentStore::InsertResponse(c, r).status();
  });
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, MomentStore::ListResponses(c, t, {}, 0, 10));
    REQUIRE_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[0].survey_version, 3);
    EXPECT_EQ(rs[1].survey_version, std::nullopt);
    EXPECT_EQ(rs[0].survey_key, "nps");
    return Status::Ok();
  });
}

}  // namespace

INSTANTIATE_BACKENDS(Store, AttributeStoreTest);

}  // namespace beleving::store::conformance
