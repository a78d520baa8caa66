// Personal invitations made by a person, and QR links: who may, what is
// refused, when the e-mail is queued, the audit entries.
#include "survey/invitation_service.h"

#include "store/ask_store.h"
#include "store/dimension_store.h"
#include "store/job_store.h"
#include "store/moment_store.h"
#include "survey/ask_test_fixture.h"

namespace beleving::survey {
namespace {

class InvitationServiceTest : public AskTest {
 protected:
  // A customer of acme (key `key`).
  void Customer(const std::string& key, bool consent, bool opted_out, bool email = true) {
    ASSERT_TRUE(real_
                    ->Write([&](store::SqlConn& c) -> Status {
                      auto t = store::TenantScope::System(acme_);
                      ASSIGN_OR_RETURN(int64_t id, store::DimensionStore::Ensure(
                                                       c, t, *store::FindDimension("customers"),
                                                       key, {}, clock_.Now()));
                      RETURN_IF_ERROR(c.Exec("UPDATE customers SET consent = $2, opted_out = $3, "
                                             "email = $4, language = 'en' WHERE id = $1",
                                             {id, consent ? 1 : 0, opted_out ? 1 : 0,
                                              email ? store::SqlValue(key + "@example.com")
                                                    : store::SqlValue()})
                                          .status());
                      if (opted_out) RETURN_IF_ERROR(store::AskStore::OptOut(c, t, id));
                      return Status::Ok();
                    })
                    .ok());
  }
  int64_t MailJobs() {
    int64_t n = 0;
    EXPECT_TRUE(real_
                    ->Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(auto v, c.QueryInt("SELECT COUNT(*) FROM jobs WHERE kind "
                                                          "= 'ask.invite'"));
                      n = v.value_or(0);
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }
};

TEST_F(InvitationServiceTest, MailOnlyWithConsentAndAnAddressLinkEitherWay) {
  Customer("sanne", true, false);
  Customer("joop", false, false);
  Customer("kees", true, false, /*email=*/false);
  auto sanne = invitations_->Create(Admin(), {"nps", "sanne", std::nullopt, true});
  ASSERT_TRUE(sanne.ok()) << sanne.status().ToString();
  EXPECT_TRUE(sanne->mailed);
  EXPECT_EQ(sanne->invitation.status, "queued");
  EXPECT_EQ(sanne->invitation.language, "en");
  EXPECT_TRUE(sanne->url.starts_with("http://survey.test/s/"));
  EXPECT_TRUE(LooksLikeToken(sanne->url.substr(sanne->url.size() - 43)));
  auto joop = invitations_->Create(Admin(), {"nps", "joop", std::nullopt, true});
  ASSERT_TRUE(joop.ok());
  EXPECT_FALSE(joop->mailed);
  EXPECT_EQ(joop->invitation.status, "created");
  auto kees = invitations_->Create(Admin(), {"nps", "kees", std::nullopt, true});
  ASSERT_TRUE(kees.ok());
  EXPECT_FALSE(kees->mailed);
  auto quiet = invitations_->Create(Admin(), {"nps", "sanne", std::nullopt, false});
  ASSERT_TRUE(quiet.ok());
  EXPECT_FALSE(quiet->mailed);
  EXPECT_EQ(MailJobs(), 1);
  EXPECT_EQ(Audit().size(), 4u);
  EXPECT_EQ(Audit()[0], "user:7 create invitation:" + std::to_string(sanne->invitation.id));
  EXPECT_EQ(db_->writes, 4);  // one write each: invitation, mail job and audit entry together
}

TEST_F(InvitationServiceTest, RefusalsNameTheField) {
  Customer("piet", true, /*opted_out=*/true);
  auto field = [&](InvitationInput in) {
    return invitations_->Create(Admin(), in).status().field();
  };
  EXPECT_EQ(field({"nope", "piet", std::nullopt, true}), "/survey");
  EXPECT_EQ(field({"nps", "nobody", std::nullopt, true}), "/customer");
  EXPECT_EQ(field({"nps", "piet", std::nullopt, true}), "/customer");  // opted out
  Customer("anna", true, false);
  EXPECT_EQ(field({"nps", "anna", 999, true}), "/interaction_id");
  EXPECT_EQ(invitations_->Create(Employee(), {"nps", "anna", std::nullopt, true}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(Audit().empty());
  EXPECT_EQ(MailJobs(), 0);
}

TEST_F(InvitationServiceTest, AnInteractionOfAnotherCustomerIsRefused) {
  Customer("anna", true, false);
  Customer("bram", true, false);
  // Anna's visit, and a walk-in moment without a customer.
  int64_t annas = 0, walk_in = 0;
  ASSERT_TRUE(real_
                  ->Write([&](store::SqlConn& c) -> Status {
                    auto t = store::TenantScope::System(acme_);
                    ASSIGN_OR_RETURN(auto anna, store::AskStore::CustomerByKey(c, t, "anna"));
                    if (!anna) return Internal("anna missing");
                    store::InteractionRecord r;
                    r.org_id = acme_;
                    r.external_id = "visit-anna";
                    r.customer_id = anna->id;
                    r.occurred_at = r.created_at = clock_.Now();
                    ASSIGN_OR_RETURN(auto a, store::MomentStore::InsertInteraction(c, r));
                    r.external_id = "walk-in";
                    r.customer_id.reset();
                    ASSIGN_OR_RETURN(auto w, store::MomentStore::InsertInteraction(c, r));
                    if (!a || !w) return Internal("interaction not inserted");
                    annas = *a;
                    walk_in = *w;
                    return Status::Ok();
                  })
                  .ok());
  auto refused = invitations_->Create(Admin(), {"nps", "bram", annas, true});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "/interaction_id");
  EXPECT_NE(refused.status().message().find("another customer"), std::string::npos)
      << refused.status().message();
  EXPECT_TRUE(Audit().empty());
  EXPECT_EQ(MailJobs(), 0);
  EXPECT_TRUE(invitations_->List(Admin(), 0, 10)->items.empty());
  // Her own moment, and a moment of no one, may be named.
  auto own = invitations_->Create(Admin(), {"nps", "anna", annas, true});
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->invitation.interaction_id, annas);
  EXPECT_TRUE(invitations_->Create(Admin(), {"nps", "bram", walk_in, false}).ok());
  EXPECT_EQ(invitations_->List(Admin(), 0, 10)->items.size(), 2u);
}

TEST_F(InvitationServiceTest, ListPagesThroughPersonalInvitations) {
  Customer("sanne", false, false);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(invitations_->Create(Admin(), {"nps", "sanne", std::nullopt, true}).ok());
  }
  ASSERT_TRUE(qr_->Open(qr_->Link(Admin(), {})->code, "nl").ok());  // anonymous: not listed
  auto first = invitations_->List(Admin(), 0, 3);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 3u);
  ASSERT_TRUE(first->next_after);
  auto rest = invitations_->List(Admin(), *first->next_after, 3);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->items.size(), 2u);
  EXPECT_FALSE(rest->next_after);
  EXPECT_EQ(invitations_->List(Admin(), 0, 0).status().field(), "/query/limit");
  EXPECT_TRUE(invitations_->List(Admin(globex_), 0, 10)->items.empty());
}

TEST_F(InvitationServiceTest, AQrLinkIsMadeOnceAndEachScanIsANewAnonymousLink) {
  auto a = qr_->Link(Admin(), {});
  auto b = qr_->Link(Admin(), {});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->code, b->code);
  EXPECT_EQ(a->url, "http://survey.test/q/" + a->code);
  EXPECT_EQ(Audit(), std::vector<std::string>{"user:7 create qr_code:" + a->code});
  QrRequest tp;
  tp.touchpoint = "kassa";
  EXPECT_EQ(qr_->Link(Admin(), tp).status().field(), "/query/touchpoint");
  QrRequest loc;
  loc.location = "utrecht";
  EXPECT_EQ(qr_->Link(Admin(), loc).status().field(), "/query/location");
  QrRequest s;
  s.survey = "nope";
  EXPECT_EQ(qr_->Link(Admin(), s).status().field(), "/query/survey");
  EXPECT_EQ(qr_->Link(ReadKey(), {}).status().code(), StatusCode::kPermissionDenied);

  auto t1 = qr_->Open(a->code, "en");
  auto t2 = qr_->Open(a->code, "nl");
  ASSERT_TRUE(t1.ok() && t2.ok() && *t1 && *t2);
  EXPECT_NE(**t1, **t2);
  auto link = answers_->Open(**t1, i18n::Lang::kNl);
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->state, LinkState::kOpen);
  EXPECT_EQ(link->lang, i18n::Lang::kEn);  // the language it was scanned in
  auto none = qr_->Open("nope", "nl");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
}

}  // namespace
}  // namespace beleving::survey
