// The satisfaction follow-up, without HTTP or SMTP.
#include "loop/follow_ups.h"

#include "loop/loop_fixture_test.h"
#include "store/follow_up_store.h"

namespace beleving::loop {
namespace {

class FollowUpsTest : public LoopServiceTest {
 protected:
  // A closed case of a customer with `fields`; its id.
  int64_t ClosedCase(const std::string& customer,
                     const std::map<std::string, store::SqlValue>& fields) {
    EXPECT_TRUE(db_->Write([&](store::SqlConn& c) -> Status {
                     return store::DimensionStore::Ensure(c, Tenant(),
                                                          *store::FindDimension("customers"),
                                                          customer, fields, clock_.Now())
                         .status();
                   })
                    .ok());
    NewCase in;
    in.title = "Te lang gewacht";
    in.customer = customer;
    auto v = loop_->cases().Open(Operator(), in);
    EXPECT_TRUE(v.ok());
    for (const char* to : {"acknowledged", "investigating", "responded", "closed"}) {
      EXPECT_TRUE(loop_->cases().ChangeStatus(Operator(), v->record.id, to, std::nullopt).ok());
    }
    return v->record.id;
  }
  int64_t Count() {
    int64_t rows = -1;
    EXPECT_TRUE(db_->Read([&](store::SqlConn& c) -> Status {
                     ASSIGN_OR_RETURN(auto n, c.QueryInt("SELECT COUNT(*) FROM case_followups"));
                     rows = n.value_or(0);
                     return Status::Ok();
                   })
                    .ok());
    return rows;
  }
  void Arm(int64_t followup_id, const std::string& token) {
    ASSERT_TRUE(db_->Write([&](store::SqlConn& c) -> Status {
                     return store::FollowUpStore::ArmFollowUp(
                                c, store::SystemScope::AllOrganisations(), followup_id,
                                FollowUpTokenHash(token), clock_.Now() + kFollowUpValidSeconds)
                         .status();
                   })
                    .ok());
  }
  FollowUpState Answer(const std::string& token, bool yes, std::optional<std::string> comment) {
    auto v = loop_->follow_ups().Answer(token, yes, comment);
    return v.ok() ? v->state : FollowUpState::kUnknown;
  }
};

TEST_F(FollowUpsTest, ClosingAsksOnceAndTheAnswerIsSingleUse) {
  int64_t asked = ClosedCase(
      "c-mail", {{"email", std::string("klant@example.nl")}, {"language", std::string("en")}});
  ClosedCase("c-none", {});
  // Only the customer with an address gets a follow-up, in their language.
  EXPECT_EQ(Count(), 1);
  std::optional<store::FollowUpRecord> f;
  ASSERT_TRUE(db_->Read([&](store::SqlConn& c) -> Status {
                   ASSIGN_OR_RETURN(f, store::FollowUpStore::SysFollowUp(
                                           c, store::SystemScope::AllOrganisations(), 1));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->case_id, asked);
  EXPECT_EQ(f->language, "en");
  EXPECT_FALSE(f->token_hash.has_value());  // the mail job makes the token

  const std::string token(43, 'A');
  EXPECT_EQ(Answer(token, true, std::nullopt), FollowUpState::kUnknown);  // not sent yet
  Arm(f->id, token);
  EXPECT_EQ(loop_->follow_ups()
                .Answer(token, false, std::string(kMaxFollowUpComment + 1, 'x'))
                .status()
                .field(),
            "/comment");  // too long: nothing recorded
  EXPECT_EQ(Answer(token, false, "Het duurde te lang"), FollowUpState::kRecorded);
  EXPECT_EQ(Answer(token, true, std::nullopt), FollowUpState::kAlreadyAnswered);
  auto d = loop_->cases().Get(Operator(), asked);
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->view.record.customer_satisfied.has_value());
  EXPECT_FALSE(*d->view.record.customer_satisfied);  // the second answer changed nothing
  int satisfaction = 0;
  for (const auto& e : d->log) {
    if (e.kind != "satisfaction") continue;
    ++satisfaction;
    EXPECT_EQ(e.who.kind, Actor::Kind::kCustomer);
    EXPECT_EQ(e.body.at("comment").as_string(), "Het duurde te lang");
  }
  EXPECT_EQ(satisfaction, 1);
  auto audit = AuditEntries();
  EXPECT_EQ(audit[0].actor, "customer");
  EXPECT_EQ(audit[0].action, "answer");
  EXPECT_EQ(audit[0].subject, "case:" + std::to_string(asked));

  // Reopening and closing again does not ask a second time.
  for (const char* to : {"investigating", "responded", "closed"}) {
    ASSERT_TRUE(loop_->cases().ChangeStatus(Operator(), asked, to, std::nullopt).ok());
  }
  EXPECT_EQ(Count(), 1);
}

TEST_F(FollowUpsTest, NobodyToAskWhenTheCustomerOptedOut) {
  ClosedCase("c-out", {{"email", std::string("weg@example.nl")}, {"opted_out", true}});
  EXPECT_EQ(Count(), 0);
}

TEST_F(FollowUpsTest, TheLinkExpiresAfterThirtyDays) {
  ClosedCase("c-mail", {{"email", std::string("klant@example.nl")}});
  const std::string token(43, 'B');
  Arm(1, token);
  auto state = [&] {
    auto v = loop_->follow_ups().Find(token);
    return v.ok() ? v->state : FollowUpState::kUnknown;
  };
  clock_.Set(clock_.Now() + kFollowUpValidSeconds - 1);
  EXPECT_EQ(state(), FollowUpState::kOpen);
  clock_.Set(clock_.Now() + 1);
  EXPECT_EQ(state(), FollowUpState::kExpired);
  EXPECT_EQ(Answer(token, true, std::nullopt), FollowUpState::kExpired);
  EXPECT_EQ(state(), FollowUpState::kExpired);  // nothing was recorded
  EXPECT_EQ(loop_->follow_ups().Find("short")->state, FollowUpState::kUnknown);
}

TEST_F(FollowUpsTest, AFollowUpUnsentForThirtyDaysIsDroppedNotSent) {
  ClosedCase("c-mail", {{"email", std::string("klant@example.nl")}});
  jobs::Job job;
  job.kind = "loop.followup";
  job.payload = R"({"followup_id":1})";
  // In time, it would be sent: this fixture has no SMTP server, so it fails.
  EXPECT_FALSE(loop_->follow_ups().Deliver(job).ok());
  clock_.Set(clock_.Now() + kFollowUpValidSeconds);
  // A link's lifetime later, the job finishes without sending or arming.
  EXPECT_TRUE(loop_->follow_ups().Deliver(job).ok());
  std::optional<store::FollowUpRecord> f;
  ASSERT_TRUE(db_->Read([&](store::SqlConn& c) -> Status {
                   ASSIGN_OR_RETURN(f, store::FollowUpStore::SysFollowUp(
                                           c, store::SystemScope::AllOrganisations(), 1));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_TRUE(f.has_value());
  EXPECT_FALSE(f->sent_at.has_value());
  EXPECT_FALSE(f->token_hash.has_value());
}

}  // namespace
}  // namespace beleving::loop
