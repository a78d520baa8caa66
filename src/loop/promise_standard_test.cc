// Changing a standard promise, and the customer's copy of a promise made at
// the counter (issue 16), without HTTP.
#include <gtest/gtest.h>

#include "loop/loop_fixture_test.h"
#include "outbound/promise_mail_text.h"
#include "store/job_store.h"
#include "store/promise_store.h"

namespace beleving::loop {
namespace {

class StandardPromiseTest : public LoopServiceTest {
 protected:
  PromiseLedger& ledger() { return loop_->promises(); }
  store::StandardPromiseRecord Create() {
    NewStandardPromise s;
    s.key = "terugbellen";
    s.touchpoint = "balie";
    s.text = "We bellen binnen 4 uur terug";
    s.due_after_hours = 4;
    s.compensation = "Een bos bloemen";
    auto made = ledger().CreateStandard(Operator(), s);
    EXPECT_TRUE(made.ok()) << made.status().ToString();
    return made.ok() ? *made : store::StandardPromiseRecord{};
  }
  std::vector<store::JobRecord> Jobs(const std::string& kind) {
    std::vector<store::JobRecord> out;
    EXPECT_TRUE(db_->Read([&](store::SqlConn& c) -> Status {
                     ASSIGN_OR_RETURN(out, store::JobStore::List(c, org_, kind, 10));
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }
};

TEST_F(StandardPromiseTest, UpdateChangesOnlyWhatIsGivenInOneAuditedWrite) {
  auto s = Create();
  StandardPromiseChange in;
  in.text = "We bellen binnen 2 uur terug";
  in.due_after_hours = 2;
  in.kept_by_channel = "phone";
  auto u = ledger().UpdateStandard(Operator(), s.id, in);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->key, "terugbellen");
  EXPECT_EQ(u->touchpoint_key, "balie");
  EXPECT_EQ(u->due_after_seconds, 2 * 3600);
  EXPECT_TRUE(u->business_hours);
  EXPECT_EQ(*u->kept_by_channel, "phone");
  EXPECT_EQ(*u->compensation, "Een bos bloemen");
  EXPECT_EQ(AuditEntries()[0].subject, "standard_promise:" + std::to_string(s.id));
  EXPECT_EQ(AuditEntries()[0].action, "update");

  StandardPromiseChange clear;
  clear.clear_kept_by = true;
  clear.clear_compensation = true;
  clear.business_hours = false;
  clear.active = false;
  ASSERT_TRUE(ledger().UpdateStandard(Session(security::Role::kAdmin), s.id, clear).ok());
  auto all = ledger().Standards(Operator());
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  const auto& stored = (*all)[0];
  EXPECT_EQ(stored.text, "We bellen binnen 2 uur terug");
  EXPECT_FALSE(stored.kept_by_channel.has_value());
  EXPECT_FALSE(stored.compensation.has_value());
  EXPECT_FALSE(stored.business_hours);
  EXPECT_FALSE(stored.active) << "deactivated, never deleted";
  auto due = ledger().DueOf(Operator(), stored, clock_.Now());
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(*due, clock_.Now() + 2 * 3600) << "calendar hours now";
}

TEST_F(StandardPromiseTest, UpdateRefusesBadFieldsOtherRolesAndOtherOrganisations) {
  auto s = Create();
  auto field = [&](StandardPromiseChange in) {
    return ledger().UpdateStandard(Operator(), s.id, in).status().field();
  };
  StandardPromiseChange in;
  in.text = "  ";
  EXPECT_EQ(field(in), "/text");
  in = {};
  in.due_after_hours = 2;
  in.due_after_seconds = 60;
  EXPECT_EQ(field(in), "/due_after_hours");
  in = {};
  in.due_after_hours = 0;
  EXPECT_EQ(field(in), "/due_after_hours");
  in = {};
  in.kept_by_channel = "pigeon";
  EXPECT_EQ(field(in), "/kept_by/channel");
  in = {};
  in.kept_by_channel = "phone";
  in.clear_kept_by = true;
  EXPECT_EQ(field(in), "/kept_by");
  in = {};
  in.grace_seconds = -1;
  EXPECT_EQ(field(in), "/grace_seconds");
  in = {};
  in.compensation = " ";
  EXPECT_EQ(field(in), "/compensation");
  in = {};
  in.text = "Anders";
  EXPECT_EQ(ledger().UpdateStandard(Session(security::Role::kManager), s.id, in).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(ledger()
                .UpdateStandard(security::Principal::Operator(other_org_, "x"), s.id, in)
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ledger().UpdateStandard(Operator(), s.id + 100, in).status().code(),
            StatusCode::kNotFound);
  auto all = ledger().Standards(Operator());
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)[0].text, "We bellen binnen 4 uur terug") << "nothing changed";
}

TEST_F(StandardPromiseTest, MadeWithEmailQueuesOneMailWhenTheCustomerHasAnAddress) {
  ASSERT_TRUE(db_->Write([&](store::SqlConn& c) -> Status {
                   auto t = Tenant();
                   const auto& spec = *store::FindDimension("customers");
                   RETURN_IF_ERROR(
                       store::DimensionStore::Ensure(
                           c, t, spec, "met", {{"email", std::string("klant@example.nl")}}, 1)
                           .status());
                   return store::DimensionStore::Ensure(c, t, spec, "zonder", {}, 1).status();
                 })
                  .ok());
  NewPromise in;
  in.text = "Uw fiets is morgen klaar";
  in.due_at = clock_.Now() + 86400;
  in.customer = "met";
  in.email_customer = true;
  auto p = ledger().Make(Operator(), in);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  in.customer = "zonder";
  ASSERT_TRUE(ledger().Make(Operator(), in).ok());
  in.customer = "met";
  in.email_customer = false;
  ASSERT_TRUE(ledger().Make(Operator(), in).ok());
  auto jobs = Jobs("loop.promise_mail");
  ASSERT_EQ(jobs.size(), 1u) << "only the one asked for, to the customer with an address";
  EXPECT_NE(jobs[0].payload.find("\"promise_id\":" + std::to_string(p->record.id)),
            std::string::npos);
}

TEST(PromiseMailText, DutchWeekdayAndTimeInTheCustomersLanguage) {
  auto zone = TimeZone::Load("Europe/Amsterdam");
  ASSERT_TRUE(zone.ok());
  const UnixSeconds now = At("2026-12-01T09:00:00Z");       // Tuesday
  const UnixSeconds thursday = At("2026-12-03T16:00:00Z");  // 17:00 in Amsterdam
  EXPECT_EQ(outbound::DueWhen(i18n::Lang::kNl, thursday, now, *zone), "donderdag 17:00");
  EXPECT_EQ(outbound::DueWhen(i18n::Lang::kEn, thursday, now, *zone), "Thursday 17:00");
  EXPECT_EQ(outbound::DueWhen(i18n::Lang::kNl, At("2026-12-17T16:00:00Z"), now, *zone),
            "donderdag 17-12-2026 17:00");
  auto m = outbound::PromiseMail(i18n::Lang::kNl,
                                 {"Fietsenmaker", "uw fiets is klaar", thursday, now, *zone});
  EXPECT_NE(m.text.find("Wij beloven: uw fiets is klaar voor donderdag 17:00."), std::string::npos)
      << m.text;
  auto en = outbound::PromiseMail(i18n::Lang::kEn,
                                  {"Fietsenmaker", "your bike is ready", thursday, now, *zone});
  EXPECT_NE(en.text.find("We promise: your bike is ready by Thursday 17:00."), std::string::npos)
      << en.text;
}

}  // namespace
}  // namespace beleving::loop
