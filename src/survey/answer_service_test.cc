// Answering a survey link without HTTP: one write per step, the response
// built from the invitation's ids and handed to the responses sinks, double
// submits, forged forms, expired and unknown links, unsubscribe.
#include "survey/answer_service.h"

#include "store/ask_store.h"
#include "store/moment_store.h"
#include "survey/ask_test_fixture.h"

namespace beleving::survey {
namespace {

class AnswerServiceTest : public AskTest {
 protected:
  void SetUp() override {
    AskTest::SetUp();
    capture::InteractionInput in;
    in.external_id = "visit-1";
    in.occurred_at = clock_.Now() - 600;
    in.keys.customer = "c42";
    in.keys.touchpoint = "balie";
    in.keys.location = "utrecht";
    in.keys.team = "verhuur";
    in.keys.employee = "e17";
    in.keys.channel = "face_to_face";
    auto done = ingest_->Interactions(store::TenantScope::System(acme_), {in});
    ASSERT_TRUE(done.ok()) << done.status().ToString();
    interaction_ = done->ids.at(0);
    ASSERT_TRUE(real_
                    ->Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(auto i,
                                       store::MomentStore::GetInteraction(
                                           c, store::TenantScope::System(acme_), interaction_));
                      visit_ = *i;
                      return Status::Ok();
                    })
                    .ok());
    // The customer reads English.
    ASSERT_TRUE(real_
                    ->Write([&](store::SqlConn& c) {
                      return c
                          .Exec("UPDATE customers SET language = 'en' WHERE id = $1",
                                {*visit_.customer_id})
                          .status();
                    })
                    .ok());
    auto made = invitations_->Create(Admin(), {"nps", "c42", interaction_, false});
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    token_ = made->url.substr(made->url.size() - 43);
    invitation_ = made->invitation.id;
    db_->writes = 0;
  }

  Result<StepResult> Post(FormFields form) {
    return answers_->Submit(token_, i18n::Lang::kNl, form);
  }
  std::string Nonce() { return answers_->Open(token_, i18n::Lang::kNl)->nonce; }
  std::vector<store::ResponseRecord> Stored() {
    std::vector<store::ResponseRecord> out;
    EXPECT_TRUE(real_
                    ->Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(out, store::MomentStore::ListResponses(
                                                c, store::TenantScope::System(acme_), {}, 0, 100));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  int64_t interaction_ = 0, invitation_ = 0;
  store::InteractionRecord visit_;
  std::string token_;
};

TEST_F(AnswerServiceTest, OneWritePerStepAndTheResponseCarriesTheInvitationsIds) {
  const std::string nonce = Nonce();
  auto one = Post({{"nonce", nonce}, {"step", "1"}, {"nps", "4"}});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->outcome, StepOutcome::kSaved);
  EXPECT_EQ(db_->writes, 1);  // the draft
  EXPECT_TRUE(Stored().empty());

  db_->writes = 0;
  auto two = Post({{"nonce", nonce},
                   {"step", "2"},
                   {"reason", "  Lang gewacht  "},
                   {"comment", "Verder aardig"}});
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(two->outcome, StepOutcome::kAnswered);
  // One commit per answer: the response and the answered invitation together.
  EXPECT_EQ(db_->writes, 1);

  auto stored = Stored();
  ASSERT_EQ(stored.size(), 1u);
  const auto& r = stored[0];
  EXPECT_EQ(r.external_id, "invitation-" + std::to_string(invitation_));
  EXPECT_EQ(r.nps, 4);
  EXPECT_EQ(r.comment, "Lang gewacht\n\nVerder aardig");
  EXPECT_EQ(r.interaction_id, interaction_);
  EXPECT_EQ(r.customer_id, visit_.customer_id);
  EXPECT_EQ(r.employee_id, visit_.employee_id);
  EXPECT_EQ(r.team_id, visit_.team_id);
  EXPECT_EQ(r.location_id, visit_.location_id);
  EXPECT_EQ(r.touchpoint_id, visit_.touchpoint_id);
  EXPECT_EQ(r.channel, "face_to_face");
  EXPECT_EQ(r.survey_key, "nps");
  EXPECT_EQ(r.submitted_at, clock_.Now());
  // The sinks (the engine, then the loop) saw it once, after its commit.
  ASSERT_EQ(sunk_.size(), 1u);
  EXPECT_EQ(sunk_[0].id, r.id);
  EXPECT_EQ(sunk_[0].employee_id, visit_.employee_id);

  auto link = answers_->Open(token_, i18n::Lang::kEn);
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->state, LinkState::kAnswered);
  EXPECT_EQ(link->score(), 4);
  EXPECT_FALSE(link->cacheable());
}

TEST_F(AnswerServiceTest, ASecondSubmitStoresNothing) {
  const std::string nonce = Nonce();
  ASSERT_TRUE(Post({{"nonce", nonce}, {"step", "1"}, {"nps", "9"}}).ok());
  const FormFields two = {{"nonce", nonce}, {"step", "2"}, {"reason", "Snel"}};
  ASSERT_EQ(Post(two)->outcome, StepOutcome::kAnswered);
  db_->writes = 0;
  EXPECT_EQ(Post(two)->outcome, StepOutcome::kAlreadyAnswered);
  EXPECT_EQ(Post({{"nonce", nonce}, {"step", "1"}, {"nps", "2"}})->outcome,
            StepOutcome::kAlreadyAnswered);
  EXPECT_EQ(db_->writes, 0);
  EXPECT_EQ(Stored().size(), 1u);
  EXPECT_EQ(sunk_.size(), 1u);
}

TEST_F(AnswerServiceTest, TwoSubmitsAtOnceStoreOneResponse) {
  const std::string nonce = Nonce();
  ASSERT_TRUE(Post({{"nonce", nonce}, {"step", "1"}, {"nps", "9"}}).ok());
  const FormFields two = {{"nonce", nonce}, {"step", "2"}, {"reason", "Snel"}};
  std::vector<std::thread> posts;
  std::atomic<int> answered{0}, already{0};
  for (int i = 0; i < 4; ++i) {
    posts.emplace_back([&] {
      auto r = Post(two);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      (r->outcome == StepOutcome::kAnswered ? answered : already)++;
    });
  }
  for (auto& t : posts) t.join();
  EXPECT_EQ(answered, 1);
  EXPECT_EQ(already, 3);
  EXPECT_EQ(Stored().size(), 1u);
  EXPECT_EQ(sunk_.size(), 1u);
}

TEST_F(AnswerServiceTest, AMissingAnswerKeepsTheDraftAndStoresNoResponse) {
  // A survey with a required comment.
  Definition d = DefaultNpsSurvey();
  d.questions[1].required = true;
  auto nps = surveys_->GetByKey(Admin(), "nps");
  ASSERT_TRUE(surveys_->Replace(Admin(), nps->id, d).ok());
  const std::string nonce = Nonce();
  db_->writes = 0;
  auto bad = Post({{"nonce", nonce}, {"step", "1"}, {"nps", "11"}});
  EXPECT_EQ(bad->outcome, StepOutcome::kNeedsAnswer);
  EXPECT_EQ(bad->step, 1);
  EXPECT_TRUE(bad->missing.empty());  // the score
  EXPECT_EQ(db_->writes, 0);
  auto early = Post({{"nonce", nonce}, {"step", "2"}, {"comment", "x"}});
  EXPECT_EQ(early->outcome, StepOutcome::kScoreFirst);
  ASSERT_EQ(Post({{"nonce", nonce}, {"step", "1"}, {"nps", "6"}})->outcome, StepOutcome::kSaved);
  auto missing = Post({{"nonce", nonce}, {"step", "2"}, {"reason", "Te duur"}, {"comment", " "}});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->outcome, StepOutcome::kNeedsAnswer);
  EXPECT_EQ(missing->step, 2);
  EXPECT_EQ(missing->missing, "Anything else you would like to tell us?");  // in English
  EXPECT_TRUE(Stored().empty());
  // The reason is kept for the next view.
  auto link = answers_->Open(token_, i18n::Lang::kNl);
  EXPECT_EQ(link->draft.at("reason").as_string(), "Te duur");
}

TEST_F(AnswerServiceTest, ForgedExpiredAndUnknownLinks) {
  EXPECT_EQ(Post({{"nonce", "forged"}, {"step", "1"}, {"nps", "3"}})->outcome,
            StepOutcome::kForged);
  EXPECT_EQ(answers_->Submit(std::string(43, 'A'), i18n::Lang::kNl, {})->outcome,
            StepOutcome::kUnknownLink);
  EXPECT_EQ(answers_->Open("short", i18n::Lang::kEn)->state, LinkState::kUnknown);
  EXPECT_EQ(answers_->Open("short", i18n::Lang::kEn)->lang, i18n::Lang::kEn);
  clock_.Advance(15 * 86400);  // past the 14 days
  auto link = answers_->Open(token_, i18n::Lang::kNl);
  EXPECT_EQ(link->state, LinkState::kExpired);
  EXPECT_EQ(link->lang, i18n::Lang::kEn);  // the customer's language, not the reader's
  EXPECT_EQ(Post({{"nonce", link->nonce}, {"step", "1"}, {"nps", "3"}})->outcome,
            StepOutcome::kExpired);
  EXPECT_EQ(db_->writes, 0);
}

TEST_F(AnswerServiceTest, TheFirstViewIsCacheableUntilAnswersArrive) {
  auto link = answers_->Open(token_, i18n::Lang::kNl);
  EXPECT_TRUE(link->cacheable());
  pages_.Put(PageCache::Key(token_, ""), "page", link->expires_at, clock_.Now());
  ASSERT_TRUE(Post({{"nonce", link->nonce}, {"step", "1"}, {"nps", "8"}}).ok());
  EXPECT_EQ(pages_.size(), 0u);  // the post dropped the link's cached view
  EXPECT_FALSE(answers_->Open(token_, i18n::Lang::kNl)->cacheable());
}

TEST_F(AnswerServiceTest, UnsubscribeOptsOutAndIsAudited) {
  auto link = answers_->Unsubscribe(token_, i18n::Lang::kNl);
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->state, LinkState::kOpen);
  std::optional<store::CustomerContact> who;
  ASSERT_TRUE(real_
                  ->Read([&](store::SqlConn& c) -> Status {
                    ASSIGN_OR_RETURN(who, store::AskStore::CustomerByKey(
                                              c, store::TenantScope::System(acme_), "c42"));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_TRUE(who->opted_out);
  EXPECT_EQ(Audit().back(), "link:invitation-" + std::to_string(invitation_) +
                                " unsubscribe customer:" + std::to_string(who->id));
  EXPECT_EQ(answers_->Unsubscribe("short", i18n::Lang::kNl)->state, LinkState::kUnknown);
}

}  // namespace
}  // namespace beleving::survey
