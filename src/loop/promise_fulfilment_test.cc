// Promises kept without paperwork, the grace period, compensation, the
// charter and the under-promise figures: the ledger with a manual clock and
// the organisation's business hours (Europe/Amsterdam, 08:30-17:30 on
// weekdays). No HTTP.
#include <gtest/gtest.h>

#include "capture/moment.h"
#include "loop/loop_fixture_test.h"
#include "loop/promise_ledger.h"

namespace beleving::loop {
namespace {

class PromiseFulfilmentTest : public LoopServiceTest {
 protected:
  PromiseLedger& ledger() { return loop_->promises(); }

  // "terugbellen binnen 4 uur": made at every interaction at the counter,
  // kept by a phone interaction of the same customer.
  void CallbackStandard(int64_t grace_seconds = 3600) {
    NewStandardPromise s;
    s.key = "terugbellen";
    s.touchpoint = "balie";
    s.text = "terugbellen binnen 4 uur";
    s.due_after_hours = 4;
    s.kept_by_channel = "phone";
    s.grace_seconds = grace_seconds;
    s.compensation = "een bloemetje";
    auto made = ledger().CreateStandard(Operator(), s);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
  }

  // One interaction, stored now, then the tick.
  void Interaction(const std::string& id, const char* at, const std::string& customer,
                   const std::string& touchpoint, const std::string& channel = "") {
    std::string doc = R"({"interactions":[{"external_id":")" + id + R"(","occurred_at":")" + at +
                      R"(","customer":")" + customer + R"(","touchpoint":")" + touchpoint +
                      R"(","team":"verhuur","employee":"lead1")";
    if (!channel.empty()) doc += R"(,"channel":")" + channel + "\"";
    doc += "}]}";
    auto json = ParseJson(doc);
    ASSERT_TRUE(json.ok());
    auto batch = capture::DecodeInteractions(*json);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    auto r = ingest_->Interactions(Tenant(), *batch);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    jobs_->RunDue();
  }

  std::vector<PromiseView> All() {
    bool more = false;
    auto v = ledger().List(Operator(), std::nullopt, 0, 100, &more);
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : std::vector<PromiseView>{};
  }

  PromiseView OfCustomer(const std::string& key) {
    for (auto& p : All()) {
      if (p.customer && p.customer->key == key)
        return ledger().Get(Operator(), p.record.id).value();
    }
    ADD_FAILURE() << "no promise for " << key;
    return {};
  }
};

TEST_F(PromiseFulfilmentTest, KeptByAPhoneCallWithinFourBusinessHoursElseOverdueThenBroken) {
  CallbackStandard();
  // Friday 17:00 in Amsterdam: half an hour left today, so four business
  // hours end on Monday at 12:00 (11:00Z).
  Interaction("visit-1", "2025-03-07T16:00:00Z", "anne", "balie");
  Interaction("visit-2", "2025-03-07T16:00:00Z", "bert", "balie");
  ASSERT_EQ(All().size(), 2u);
  EXPECT_EQ(OfCustomer("anne").record.due_at, At("2025-03-10T11:00:00Z"));
  EXPECT_EQ(OfCustomer("anne").state, PromiseState::kOpen);

  // Monday 10:00: Anne is called back; an e-mail to Bert keeps nothing.
  clock_.Set(At("2025-03-10T09:00:00Z"));
  Interaction("call-anne", "2025-03-10T09:00:00Z", "anne", "telefoon", "phone");
  Interaction("mail-bert", "2025-03-10T09:00:00Z", "bert", "mail", "email");
  PromiseView anne = OfCustomer("anne");
  EXPECT_EQ(anne.record.status, "kept");
  EXPECT_EQ(anne.record.kept_evidence.value_or(""), "interaction");
  ASSERT_TRUE(anne.record.kept_interaction_id.has_value());
  EXPECT_EQ(*anne.record.settled_at, At("2025-03-10T09:00:00Z"));
  EXPECT_EQ(OfCustomer("bert").record.status, "open");

  // Monday 11:30: Bert's promise is overdue, in its grace period; the owner
  // is alerted once.
  RunAt("2025-03-10T11:30:00Z");
  PromiseView bert = OfCustomer("bert");
  EXPECT_EQ(bert.record.status, "open");
  EXPECT_EQ(bert.state, PromiseState::kOverdue);
  EXPECT_TRUE(bert.record.overdue_alerted);
  RunAt("2025-03-10T11:40:00Z");
  // After the grace period: broken, with a case.
  RunAt("2025-03-10T12:00:00Z");
  bert = OfCustomer("bert");
  EXPECT_EQ(bert.record.status, "broken");
  EXPECT_TRUE(bert.record.broken_case_id.has_value());
  // A call after it was broken keeps nothing.
  Interaction("call-bert", "2025-03-10T12:30:00Z", "bert", "telefoon", "phone");
  EXPECT_EQ(OfCustomer("bert").record.status, "broken");

  // The kept rate and the charter: one of two.
  auto rep = ledger().Report(Operator());
  ASSERT_TRUE(rep.ok());
  EXPECT_DOUBLE_EQ(*rep->total.kept_rate, 0.5);
  auto charter = ledger().Charter(Operator());
  ASSERT_TRUE(charter.ok());
  ASSERT_EQ(charter->items.size(), 1u);
  EXPECT_EQ(charter->items[0].made, 2);
  EXPECT_DOUBLE_EQ(*charter->items[0].kept_rate, 0.5);
  EXPECT_FALSE(charter->published);
  EXPECT_EQ(ledger().PublicCharter("acme").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ledger().PublishCharter(Session(security::Role::kManager), true).code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(ledger().PublishCharter(Operator(), true).ok());
  auto pub = ledger().PublicCharter("acme");
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->org_name, "Acme");
  EXPECT_EQ(pub->items[0].standard.text, "terugbellen binnen 4 uur");
  EXPECT_EQ(AuditEntries()[0].action, "publish");
  EXPECT_EQ(ledger().PublicCharter("nobody").status().code(), StatusCode::kNotFound);
}

TEST_F(PromiseFulfilmentTest, KeptByTouchpointAndByTheApiWithEvidence) {
  NewStandardPromise s;
  s.key = "auto-klaar";
  s.touchpoint = "werkplaats";
  s.text = "Auto klaar op de afgesproken tijd";
  s.due_after_hours = 24;
  s.business_hours = false;
  s.kept_by_touchpoint = "ophalen";
  s.kept_by_channel = "phone";
  EXPECT_EQ(ledger().CreateStandard(Operator(), s).status().field(), "/kept_by");
  s.kept_by_channel.reset();
  ASSERT_TRUE(ledger().CreateStandard(Operator(), s).ok());
  Interaction("job-1", "2025-03-07T16:00:00Z", "anne", "werkplaats");
  Interaction("job-2", "2025-03-07T16:00:00Z", "bert", "werkplaats");
  clock_.Set(At("2025-03-08T10:00:00Z"));
  Interaction("pickup-1", "2025-03-08T10:00:00Z", "anne", "ophalen");
  EXPECT_EQ(OfCustomer("anne").record.kept_evidence.value_or(""), "interaction");
  auto kept = ledger().Keep(ApiKey(security::kScopeIngest), OfCustomer("bert").record.id);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->record.kept_evidence.value_or(""), "api");
}

TEST_F(PromiseFulfilmentTest, RenegotiatedKeepsHistoryAndBrokenIsCompensated) {
  CallbackStandard(/*grace_seconds=*/0);
  Interaction("visit-1", "2025-03-07T16:00:00Z", "anne", "balie");
  Interaction("visit-2", "2025-03-07T16:00:00Z", "bert", "balie");
  const int64_t anne = OfCustomer("anne").record.id, bert = OfCustomer("bert").record.id;
  auto r = ledger().Renegotiate(Operator(), anne, At("2025-03-11T11:00:00Z"),
                                std::string("Klant akkoord per telefoon"));
  ASSERT_TRUE(r.ok());
  RunAt("2025-03-10T11:00:00Z");  // Bert's due time, no grace: broken
  EXPECT_EQ(OfCustomer("bert").record.status, "broken");
  PromiseView a = OfCustomer("anne");
  EXPECT_EQ(a.record.status, "renegotiated");
  ASSERT_EQ(a.history.size(), 1u);
  EXPECT_EQ(a.history[0].change.old_due_at, At("2025-03-10T11:00:00Z"));
  EXPECT_EQ(*a.history[0].change.note, "Klant akkoord per telefoon");
  // A call before the new due time keeps it; the history stays.
  Interaction("call-anne", "2025-03-10T14:00:00Z", "anne", "telefoon", "phone");
  a = OfCustomer("anne");
  EXPECT_EQ(a.record.status, "kept");
  EXPECT_EQ(a.history.size(), 1u);

  EXPECT_EQ(ledger().Compensate(Operator(), anne, "x").status().code(), StatusCode::kConflict);
  EXPECT_EQ(ledger().Compensate(Operator(), bert, " ").status().field(), "/compensation");
  auto c = ledger().Compensate(Operator(), bert, "Een bos bloemen");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c->record.compensation, "Een bos bloemen");
  EXPECT_EQ(*c->record.compensated_at, clock_.Now());
  EXPECT_EQ(AuditEntries()[0].action, "compensate");
}

TEST_F(PromiseFulfilmentTest, StatesAreReadAtAMoment) {
  store::PromiseRecord p;
  p.made_at = 0;
  p.due_at = 4 * 3600;
  EXPECT_EQ(PromiseStateAt(p, 0), PromiseState::kOpen);
  EXPECT_EQ(PromiseStateAt(p, 3 * 3600), PromiseState::kDueSoon);
  EXPECT_EQ(PromiseStateAt(p, 4 * 3600), PromiseState::kOverdue);
  p.status = "renegotiated";
  EXPECT_EQ(PromiseStateAt(p, 60), PromiseState::kRenegotiated);
  p.status = "kept";
  EXPECT_EQ(PromiseStateAt(p, 5 * 3600), PromiseState::kKept);
  EXPECT_EQ(KeptTimingOf(0, 4 * 3600, 3600), KeptTiming::kEarly);
  EXPECT_EQ(KeptTimingOf(0, 4 * 3600, 4 * 3600 - 60), KeptTiming::kOnTime);
  EXPECT_EQ(KeptTimingOf(0, 4 * 3600, 4 * 3600 + 1), KeptTiming::kLate);
  for (const auto& name : PromiseStateNames()) {
    EXPECT_NE(i18n::Text(i18n::Lang::kNl, "loop.promise.state." + name),
              "loop.promise.state." + name);
  }
}

}  // namespace
}  // namespace beleving::loop
