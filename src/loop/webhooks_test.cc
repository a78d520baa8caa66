// Webhooks, alert rules and raising alerts, without HTTP.
#include "loop/webhooks.h"

#include "loop/loop_fixture_test.h"
#include "security/secrets.h"
#include "store/alert_store.h"

namespace beleving::loop {
namespace {

class WebhooksTest : public LoopServiceTest {
 protected:
  WebhookService& hooks() { return loop_->webhooks(); }
  std::vector<store::EmailDeliveryRecord> Mails() {
    auto m = hooks().EmailDeliveries(Operator(), 100);
    EXPECT_TRUE(m.ok());
    return m.ok() ? *m : std::vector<store::EmailDeliveryRecord>{};
  }
};

TEST_F(WebhooksTest, CreateChecksEveryFieldNamingIt) {
  NewWebhook in;
  in.url = "ftp://example.org/x";
  EXPECT_EQ(hooks().Create(Operator(), in).status().field(), "/url");
  in.url = "https://";
  EXPECT_EQ(hooks().Create(Operator(), in).status().field(), "/url");
  in.url = "https://example.org/hook";
  in.secret = "too-short";
  EXPECT_EQ(hooks().Create(Operator(), in).status().field(), "/secret");
  in.secret.reset();
  in.format = "xml";
  EXPECT_EQ(hooks().Create(Operator(), in).status().field(), "/format");
  in.format = "adaptive_card";
  in.max_attempts = 21;
  EXPECT_EQ(hooks().Create(Operator(), in).status().field(), "/max_attempts");
  in.max_attempts.reset();
  in.retry_base_seconds = 0;
  EXPECT_EQ(hooks().Create(Operator(), in).status().field(), "/retry_base_seconds");
  in.retry_base_seconds.reset();
  EXPECT_EQ(hooks().Create(Session(security::Role::kManager), in).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(AuditEntries().empty());  // nothing refused was stored or audited
  auto w = hooks().Create(Operator(), in);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->format, "adaptive_card");
  EXPECT_EQ(w->secret.size(), 43u);  // a random one, shown once
  auto listed = hooks().List(Operator());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].secret.empty());
}

TEST_F(WebhooksTest, EveryDoorLeavesTheSameAuditEntry) {
  NewWebhook in;
  in.url = "https://example.org/hook";
  auto by_key = hooks().Create(ApiKey(security::kScopeAdmin), in);
  auto by_person = hooks().Create(Session(security::Role::kAdmin), in);
  auto by_operator = hooks().Create(Operator(), in);
  ASSERT_TRUE(by_key.ok() && by_person.ok() && by_operator.ok());
  auto audit = AuditEntries();
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[2].actor, "apikey:3");
  EXPECT_EQ(audit[1].actor, "user:7");
  EXPECT_EQ(audit[0].actor, "cli:anna");
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(audit[i].action, "create");
  EXPECT_EQ(audit[2].subject, "webhook:" + std::to_string(by_key->id));
  EXPECT_EQ(audit[1].subject, "webhook:" + std::to_string(by_person->id));
}

TEST_F(WebhooksTest, RemovedWebhooksGetNothingAndKeepTheirLog) {
  NewWebhook in;
  in.url = "https://example.org/hook";
  auto w = hooks().Create(Operator(), in);
  NewAlertRule rule;
  rule.event = "case.opened";
  rule.webhook_id = w->id;
  ASSERT_TRUE(loop_->alerts().CreateRule(Operator(), rule).ok());
  NewCase c;
  c.title = "Eerste";
  ASSERT_TRUE(loop_->cases().Open(Operator(), c).ok());
  auto log = hooks().DeliveryLog(Operator(), w->id, 10);
  ASSERT_EQ(log->size(), 1u);
  const auto body = ParseJson((*log)[0].body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->as_object().at("text").as_string(),
            "Case 1 geopend: Eerste");  // the org's language
  // Re-send: pending again, audited.
  auto again = hooks().Resend(Operator(), w->id, (*log)[0].id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->state, "pending");
  EXPECT_EQ(AuditEntries()[0].action, "resend");
  EXPECT_EQ(hooks().Resend(Operator(), w->id + 1, (*log)[0].id).status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(hooks().Remove(Operator(), w->id).ok());
  EXPECT_EQ(hooks().Remove(Operator(), w->id).code(), StatusCode::kNotFound);
  c.title = "Tweede";
  ASSERT_TRUE(loop_->cases().Open(Operator(), c).ok());
  EXPECT_EQ(hooks().DeliveryLog(Operator(), w->id, 10)->size(), 1u);
  // Another organisation sees none of it.
  EXPECT_EQ(
      hooks().DeliveryLog(ApiKey(security::kScopeAdmin, other_org_), w->id, 10).status().code(),
      StatusCode::kNotFound);
}

TEST_F(WebhooksTest, AlertRulesAndAlertMailsInTheOrganisationsLanguage) {
  NewAlertRule rule;
  EXPECT_EQ(loop_->alerts().CreateRule(Operator(), rule).status().field(), "/event");
  rule.event = "keyword";
  rule.email = "lead@acme.example";
  EXPECT_EQ(loop_->alerts().CreateRule(Operator(), rule).status().field(), "/keyword");
  rule.keyword = "onbeschoft";
  rule.email = "not an address";
  EXPECT_EQ(loop_->alerts().CreateRule(Operator(), rule).status().field(), "/email");
  rule.email.reset();
  EXPECT_EQ(loop_->alerts().CreateRule(Operator(), rule).status().field(), "/webhook_id");
  rule.webhook_id = 999;
  EXPECT_EQ(loop_->alerts().CreateRule(Operator(), rule).status().field(), "/webhook_id");
  rule.webhook_id.reset();
  rule.email = "lead@acme.example";
  auto r = loop_->alerts().CreateRule(Operator(), rule);
  ASSERT_TRUE(r.ok());
  NewAlertRule opened;
  opened.event = "case.opened";
  opened.email = "lead@acme.example";
  ASSERT_TRUE(loop_->alerts().CreateRule(Operator(), opened).ok());

  Respond("kw1", "2025-03-07T16:00:00Z", 8);  // no comment: no keyword alert
  jobs_->RunDue();
  EXPECT_TRUE(Mails().empty());
  NewCase c;
  c.title = "Alert per e-mail";
  auto kase = loop_->cases().Open(Operator(), c);
  ASSERT_TRUE(kase.ok());
  auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].subject, "[Beleving] Nieuwe case");
  EXPECT_NE(mails[0].body.find("Alert per e-mail"), std::string::npos);
  EXPECT_NE(mails[0].body.find("https://x/cases/" + std::to_string(kase->record.id)),
            std::string::npos);
  EXPECT_EQ(mails[0].body.find("case_id"), std::string::npos);  // no raw codes
  ASSERT_TRUE(loop_->alerts().DeleteRule(Operator(), r->id).ok());
  EXPECT_EQ(loop_->alerts().DeleteRule(Operator(), r->id).code(), StatusCode::kNotFound);
}

TEST(WebhookSignatureTest, CoversTheTimeAndTheBody) {
  EXPECT_EQ(WebhookSignature("s3cret-s3cret-s3cret", 1700000000, "{}"),
            "t=1700000000,v1=" + security::HmacSha256Hex("s3cret-s3cret-s3cret", "1700000000.{}"));
}

}  // namespace
}  // namespace beleving::loop
