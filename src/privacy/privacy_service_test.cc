#include "privacy/privacy_service.h"

#include <gtest/gtest.h>

#include "app/services_test_fixture.h"
#include "store/health_store.h"
#include "workspace/workspace.h"

namespace beleving::privacy {
namespace {

using security::Role;

class PrivacyServiceTest : public app::ServicesTest {
 protected:
  void SetUp() override {
    app::ServicesTest::SetUp();
    capture::ResponseInput r;
    r.external_id = "r1";
    r.submitted_at = clock_.Now() - 86400;
    r.keys.customer = "k1";
    r.answers.nps = 4;
    r.answers.comment = "Niemand belde terug, vraag naar Klaas";
    ASSERT_TRUE(s_->ingest().Responses(store::TenantScope::System(acme_), {r}).ok());
    auto id = s_->privacy().CustomerByKey(Operator(acme_), "k1");
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    customer_ = *id;
  }
  Privacy& privacy() { return s_->privacy(); }
  int64_t customer_ = 0;
};

TEST_F(PrivacyServiceTest, ExportHoldsTheCustomersRowsAndIsAudited) {
  auto doc = privacy().Export(Session(acme_, Role::kAdmin, 4), customer_);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->at("customer").as_object().at("key").as_string(), "k1");
  ASSERT_EQ(doc->at("tables").as_object().at("responses").as_array().size(), 1u);
  EXPECT_EQ(Audit(acme_).front(), "user:4 export customer:" + std::to_string(customer_));
  EXPECT_EQ(privacy().CustomerByKey(Operator(acme_), "k2").status().code(), StatusCode::kNotFound);
}

TEST_F(PrivacyServiceTest, EraseAnonymisesAuditsAndTellsItsSinks) {
  int erased = 0;
  privacy().OnErased([&] { ++erased; });
  // Another organisation's admin: the customer looks missing, nothing changes.
  EXPECT_EQ(privacy().Erase(Session(globex_, Role::kAdmin), customer_).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(erased, 0);
  auto counts = privacy().Erase(Session(acme_, Role::kAdmin, 4), customer_);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->responses, 1);
  EXPECT_EQ(erased, 1);
  EXPECT_EQ(Audit(acme_).front(), "user:4 erase customer:" + std::to_string(customer_));
  auto doc = privacy().Export(Operator(acme_), customer_);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->at("customer").as_object().at("key").as_string(),
            "erased-" + std::to_string(customer_));
  const auto& response = doc->at("tables").as_object().at("responses").as_array().at(0);
  EXPECT_TRUE(response.as_object().at("comment").is_null());
  EXPECT_EQ(response.as_object().at("nps").as_int64(), 4) << "scores stay";
}

TEST_F(PrivacyServiceTest, RetentionIsBoundedAuditedAndScheduled) {
  auto admin = Session(acme_, Role::kAdmin, 4);
  for (int bad : {0, -1, kMaxRetentionMonths + 1}) {
    Status st = privacy().SetRetention(admin, bad);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(st.field(), "/months");
  }
  ASSERT_TRUE(privacy().SetRetention(admin, 24).ok());
  EXPECT_EQ(privacy().Retention(admin).value(), std::optional<int>(24));
  EXPECT_EQ(Audit(acme_).front(), "user:4 update retention");
  ASSERT_TRUE(privacy().SetRetention(admin, std::nullopt).ok());
  EXPECT_FALSE(privacy().Retention(admin).value().has_value());
  EXPECT_FALSE(privacy().Retention(Session(globex_, Role::kAdmin)).value().has_value());
}

TEST_F(PrivacyServiceTest, OnlyAdministratorsAndOperators) {
  for (const security::Principal& who :
       {Session(acme_, Role::kManager), Session(acme_, Role::kConsultant),
        Key(acme_, security::kScopeRead | security::kScopeIngest)}) {
    bool more = false;
    EXPECT_EQ(privacy().Export(who, customer_).status().code(), StatusCode::kPermissionDenied);
    EXPECT_EQ(privacy().Erase(who, customer_).status().code(), StatusCode::kPermissionDenied);
    EXPECT_EQ(privacy().SetRetention(who, 12).code(), StatusCode::kPermissionDenied);
    EXPECT_EQ(privacy().AuditLog(who, 0, 10, &more).status().code(), StatusCode::kPermissionDenied);
  }
  EXPECT_TRUE(privacy().Export(Key(acme_, security::kScopeAdmin), customer_).ok());
}

TEST_F(PrivacyServiceTest, TheAuditLogPagesNewestFirstWithinItsBounds) {
  auto admin = Session(acme_, Role::kAdmin, 4);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(privacy().Export(admin, customer_).ok());
  bool more = false;
  auto first = privacy().AuditLog(admin, 0, 2, &more);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_TRUE(more);
  EXPECT_GT((*first)[0].id, (*first)[1].id);
  auto rest = privacy().AuditLog(admin, first->back().id, 10, &more);
  ASSERT_TRUE(rest.ok());
  EXPECT_FALSE(more);
  EXPECT_EQ(rest->size(), 2u) << "one more export and the organisation's creation";
  for (int bad : {0, kMaxAuditPage + 1}) {
    auto r = privacy().AuditLog(admin, 0, bad, &more);
    EXPECT_EQ(r.status().field(), "/query/limit") << bad;
  }
  // Only this organisation's entries.
  auto theirs = privacy().AuditLog(Session(globex_, Role::kAdmin), 0, 100, &more);
  ASSERT_TRUE(theirs.ok());
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ((*theirs)[0].subject, "org:" + std::to_string(globex_));
}

TEST_F(PrivacyServiceTest, TheDatabaseAnswersAndIsWhole) {
  EXPECT_TRUE(s_->CheckHealth().ok());
  std::string verdict;
  ASSERT_TRUE(s_->db()
                  .Read([&](store::SqlConn& c) -> Status {
                    ASSIGN_OR_RETURN(verdict, store::HealthStore::IntegrityCheck(c));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(verdict, "ok");
}

// --- organisations (workspace/workspace.h)

class OrganisationsTest : public app::ServicesTest {};

TEST_F(OrganisationsTest, OnlyAnOperatorCreatesOneWithItsSurveyAndAnAuditEntry) {
  auto& orgs = s_->organisations();
  EXPECT_EQ(orgs.Create(Session(acme_, Role::kAdmin), {"initech", "Initech", "Europe/Amsterdam"})
                .status()
                .code(),
            StatusCode::kPermissionDenied);
  for (auto [in, field] :
       {std::pair{workspace::NewOrganisation{"A", "x", "UTC"}, "/slug"},
        {workspace::NewOrganisation{"-x", "x", "UTC"}, "/slug"},
        {workspace::NewOrganisation{"initech", "", "UTC"}, "/name"},
        {workspace::NewOrganisation{"initech", "I", "../etc/passwd"}, "/time_zone"}}) {
    auto r = orgs.Create(security::Principal::Operator(0, "ops"), in);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << field;
    EXPECT_EQ(r.status().field(), field);
  }
  auto taken = orgs.Create(security::Principal::Operator(0, "ops"), {"acme", "Acme 2", "UTC"});
  EXPECT_EQ(taken.status().code(), StatusCode::kAlreadyExists);
  auto made = orgs.Create(security::Principal::Operator(0, "ops"),
                          {"initech", "Initech", "Europe/Amsterdam"});
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(Audit(made->id).front(), "cli:ops create org:" + std::to_string(made->id));
  EXPECT_EQ(orgs.BySlug("initech")->id, made->id);
  EXPECT_EQ(orgs.BySlug("nope").status().code(), StatusCode::kNotFound);
  // Its default survey takes responses at once.
  capture::ResponseInput r;
  r.external_id = "r1";
  r.submitted_at = clock_.Now();
  r.survey = "nps";
  r.answers.nps = 8;
  EXPECT_TRUE(s_->ingest().Responses(store::TenantScope::System(made->id), {r}).ok());
}

}  // namespace
}  // namespace beleving::privacy
