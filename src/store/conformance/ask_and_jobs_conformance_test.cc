// Asking (triggers, fatigue, invitations, mails, QR codes) and the durable
// jobs table (claims, leases, dedupe) with the JobRunner on top, on both
// backends.
#include <atomic>
#include <set>
#include <thread>

#include "core/clock.h"
#include "jobs/job_runner.h"
#include "store/ask_store.h"
#include "store/conformance/backend.h"
#include "store/dimension_store.h"
#include "store/job_store.h"
#include "store/moment_store.h"
#include "store/survey_store.h"

namespace beleving::store::conformance {
namespace {

using store::TenantScope;
using AskAndJobsTest = BackendTest;

TEST_P(AskAndJobsTest, SettingsAndTriggers) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  int64_t survey = 0, tp = 0;
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(survey, SurveyStore::Create(c, t, {0, "nps", "NPS", "{}", 0, 0}, 0));
    ASSIGN_OR_RETURN(tp, DimensionStore::Insert(c, t, *FindDimension("touchpoints"),
                                                {0, "balie", "Balie", {}, 0}, 0));
    ASSIGN_OR_RETURN(AskSettings dflt, AskStore::Settings(c, t));
    EXPECT_EQ(dflt.fatigue_days, 30);
    AskSettings s;
    s.daily_cap = 5;
    RETURN_IF_ERROR(AskStore::PutSettings(c, t, s, 1));
    s.sample_percent = 50;
    RETURN_IF_ERROR(AskStore::PutSettings(c, t, s, 2));
    ASSIGN_OR_RETURN(AskSettings got, AskStore::Settings(c, t));
    EXPECT_EQ(got.daily_cap, 5);
    EXPECT_EQ(got.sample_percent, 50);

    SurveyTrigger dflt_trigger;
    dflt_trigger.survey_id = survey;
    dflt_trigger.delay_seconds = 60;
    RETURN_IF_ERROR(AskStore::PutTrigger(c, t, dflt_trigger, 1));
    dflt_trigger.delay_seconds = 90;  // replaces the default, no second row
    RETURN_IF_ERROR(AskStore::PutTrigger(c, t, dflt_trigger, 2));
    SurveyTrigger at_tp;
    at_tp.touchpoint_id = tp;
    at_tp.survey_id = survey;
    at_tp.enabled = false;
    RETURN_IF_ERROR(AskStore::PutTrigger(c, t, at_tp, 3));
    ASSIGN_OR_RETURN(auto all, AskStore::Triggers(c, t));
    REQUIRE_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].touchpoint_key, "");
    EXPECT_EQ(all[0].delay_seconds, 90);
    EXPECT_EQ(all[0].survey_key, "nps");
    EXPECT_EQ(all[1].touchpoint_key, "balie");
    EXPECT_FALSE(all[1].enabled);
    // The touchpoint's own trigger wins over the default.
    ASSIGN_OR_RETURN(auto own, AskStore::TriggerFor(c, t, tp));
    EXPECT_TRUE(own && own->touchpoint_id == tp && !own->enabled);
    ASSIGN_OR_RETURN(auto fallback, AskStore::TriggerFor(c, t, std::nullopt));
    EXPECT_TRUE(fallback && !fallback->touchpoint_id && fallback->delay_seconds == 90);
    ASSIGN_OR_RETURN(auto other_tp, AskStore::TriggerFor(c, t, tp + 100));
    EXPECT_TRUE(other_tp && !other_tp->touchpoint_id);
    ASSIGN_OR_RETURN(bool deleted, AskStore::DeleteTrigger(c, t, tp));
    EXPECT_TRUE(deleted);
    ASSIGN_OR_RETURN(deleted, AskStore::DeleteTrigger(c, t, std::nullopt));
    EXPECT_TRUE(deleted);
    ASSIGN_OR_RETURN(auto none, AskStore::TriggerFor(c, t, tp));
    EXPECT_FALSE(none);
    return Status::Ok();
  });
}

TEST_P(AskAndJobsTest, InvitationsMailsAndQrCodes) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  int64_t survey = 0, cust = 0, inv = 0;
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(survey, SurveyStore::Create(c, t, {0, "nps", "NPS", "{}", 0, 0}, 0));
    ASSIGN_OR_RETURN(
        cust, DimensionStore::Insert(
                  c, t, *FindDimension("customers"),
                  {0, "k1", "Klaas", {{"email", "k@x.nl"}, {"consent", SqlValue(true)}}, 0}, 0));
    ASSIGN_OR_RETURN(auto contact, AskStore::CustomerByKey(c, t, "k1"));
    EXPECT_TRUE(contact && contact->consent && !contact->opted_out && !contact->erased);
    RETURN_IF_ERROR(AskStore::OptOut(c, t, cust));
    ASSIGN_OR_RETURN(contact, AskStore::Customer(c, t, cust));
    EXPECT_TRUE(contact && contact->opted_out && contact->email == "k@x.nl");

    Invitation i;
    i.token_hash = "th1";
    i.survey_id = survey;
    i.customer_id = cust;
    i.status = "queued";
    i.send_at = 100;
    i.expires_at = 1000;
    i.form_nonce = "n";
    i.created_at = 100;
    ASSIGN_OR_RETURN(inv, AskStore::InsertInvitation(c, t, i));
    Invitation qr = i;
    qr.token_hash = "th2";
    qr.customer_id.reset();
    RETURN_IF_ERROR(AskStore::InsertInvitation(c, t, qr).status());
    return Status::Ok();
  });
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(bool since, AskStore::InvitedSince(c, t, cust, 50));
    EXPECT_TRUE(since);
    ASSIGN_OR_RETURN(since, AskStore::InvitedSince(c, t, cust, 101));
    EXPECT_FALSE(since);
    ASSIGN_OR_RETURN(int64_t n, AskStore::CountInvitedSince(c, t, 0));
    EXPECT_EQ(n, 1);  // the anonymous one does not count
    ASSIGN_OR_RETURN(auto list, AskStore::ListInvitations(c, t, 0, 10));
    EXPECT_EQ(list.size(), 1u);

    RETURN_IF_ERROR(AskStore::SetDelivery(c, t, inv, "sent", std::nullopt, 150, false));
    RETURN_IF_ERROR(AskStore::SetDelivery(c, t, inv, "failed", std::string("boom"), std::nullopt,
                                          true));  // a reminder keeps the status
    RETURN_IF_ERROR(AskStore::SaveDraft(c, t, inv, "{\"nps\":7}"));
    ASSIGN_OR_RETURN(auto got, AskStore::InvitationByTokenHash(c, "th1"));
    EXPECT_TRUE(got.has_value());
    EXPECT_EQ(got->status, "sent");
    EXPECT_EQ(got->sent_at.value_or(0), 150);
    EXPECT_FALSE(got->reminded_at.has_value());
    EXPECT_EQ(got->last_error.value_or(""), "boom");
    EXPECT_EQ(got->draft, "{\"nps\":7}");
    ASSIGN_OR_RETURN(bool answered, AskStore::MarkAnswered(c, t, inv, 200));
    EXPECT_TRUE(answered);
    ASSIGN_OR_RETURN(answered, AskStore::MarkAnswered(c, t, inv, 201));
    EXPECT_FALSE(answered);
    // An answered invitation stays answered when a late delivery report comes.
    RETURN_IF_ERROR(AskStore::SetDelivery(c, t, inv, "sent", std::nullopt, 300, false));
    ASSIGN_OR_RETURN(got, AskStore::InvitationById(c, t, inv));
    EXPECT_EQ(got->status, "answered");
    EXPECT_EQ(got->answered_at.value_or(0), 200);

    ASSIGN_OR_RETURN(bool first, AskStore::BeginMail(c, inv, "invite"));
    EXPECT_TRUE(first);
    RETURN_IF_ERROR(AskStore::EndMail(c, inv, "invite", false, std::string("smtp down"), 5));
    ASSIGN_OR_RETURN(bool retry, AskStore::BeginMail(c, inv, "invite"));
    EXPECT_TRUE(retry);
    RETURN_IF_ERROR(AskStore::EndMail(c, inv, "invite", true, std::nullopt, 6));
    ASSIGN_OR_RETURN(bool again, AskStore::BeginMail(c, inv, "invite"));
    EXPECT_FALSE(again);  // sent once, never twice
    ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT attempts, sent_at FROM invitation_mails"));
    EXPECT_EQ(row[0].as_int(), 2);
    EXPECT_EQ(row[1].as_int(), 6);

    ASSIGN_OR_RETURN(std::string code,
                     AskStore::QrCode(c, t, survey, std::nullopt, std::nullopt, "code1", 1));
    EXPECT_EQ(code, "code1");
    ASSIGN_OR_RETURN(code, AskStore::QrCode(c, t, survey, std::nullopt, std::nullopt, "code2", 2));
    EXPECT_EQ(code, "code1");  // the same place keeps its code
    ASSIGN_OR_RETURN(auto target, AskStore::QrByCode(c, "code1"));
    EXPECT_TRUE(target && target->survey_id == survey && !target->touchpoint_id);
    ASSIGN_OR_RETURN(auto id, AskStore::DimensionId(c, t, "customers", "k1"));
    EXPECT_EQ(id.value_or(0), cust);
    ASSIGN_OR_RETURN(std::string key, AskStore::DimensionKey(c, t, "customers", cust));
    EXPECT_EQ(key, "k1");
    EXPECT_FALSE(AskStore::DimensionId(c, t, "users", "x").ok());
    return Status::Ok();
  });
}

TEST_P(AskAndJobsTest, TheInteractionCursor) {
  int64_t org = MakeOrg("acme");
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t start, AskStore::Cursor(c));
    EXPECT_EQ(start, 0);
    for (int i = 0; i < 3; ++i) {
      InteractionRecord in;
      in.org_id = org;
      in.external_id = "i" + std::to_string(i);
      in.occurred_at = i;
      RETURN_IF_ERROR(MomentStore::InsertInteraction(c, in).status());
    }
    ASSIGN_OR_RETURN(auto batch, AskStore::InteractionsAfter(c, 0, 2));
    REQUIRE_EQ(batch.size(), 2u);
    RETURN_IF_ERROR(AskStore::SetCursor(c, batch.back().id));
    ASSIGN_OR_RETURN(int64_t cur, AskStore::Cursor(c));
    EXPECT_EQ(cur, batch.back().id);
    ASSIGN_OR_RETURN(auto rest, AskStore::InteractionsAfter(c, cur, 10));
    EXPECT_EQ(rest.size(), 1u);
    return Status::Ok();
  });
}

TEST_P(AskAndJobsTest, JobsAreDedupedClaimedLeasedAndFinished) {
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto a, JobStore::Insert(c, 7, "mail", "{\"n\":1}", 100, std::nullopt, 1));
    ASSIGN_OR_RETURN(auto b, JobStore::Insert(c, 7, "mail", "{\"n\":2}", 50, std::string("d1"), 1));
    ASSIGN_OR_RETURN(auto dup, JobStore::Insert(c, 7, "mail", "{}", 50, std::string("d1"), 1));
    ASSIGN_OR_RETURN(auto other_kind,
                     JobStore::Insert(c, 7, "hook", "{}", 50, std::string("d1"), 1));
    ASSIGN_OR_RETURN(auto later, JobStore::Insert(c, 7, "mail", "{}", 500, std::nullopt, 1));
    EXPECT_TRUE(a && b && other_kind && later);
    EXPECT_FALSE(dup);
    return Status::Ok();
  });
  std::vector<JobRecord> claimed;
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(bool any, JobStore::AnyDue(c, {"mail"}, 10));
    EXPECT_FALSE(any);
    ASSIGN_OR_RETURN(any, JobStore::AnyDue(c, {"mail"}, 100));
    EXPECT_TRUE(any);
    ASSIGN_OR_RETURN(claimed, JobStore::ClaimDue(c, {"mail"}, 100, 300, 10));
    return Status::Ok();
  });
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].payload, "{\"n\":2}");  // the earlier run_at first
  EXPECT_EQ(claimed[0].state, "running");
  EXPECT_EQ(claimed[0].attempts, 1);
  MustWrite([&](SqlConn& c) -> Status {
    // Leased: not claimed again before the lease ends, claimed again after.
    ASSIGN_OR_RETURN(auto none, JobStore::ClaimDue(c, {"mail"}, 399, 300, 10));
    EXPECT_TRUE(none.empty());
    RETURN_IF_ERROR(JobStore::MarkDone(c, claimed[0].id, 150));
    RETURN_IF_ERROR(JobStore::MarkFailed(c, claimed[1].id, "smtp down", 200, false, 150));
    ASSIGN_OR_RETURN(auto again, JobStore::ClaimDue(c, {"mail"}, 400, 300, 10));
    EXPECT_EQ(again.size(), 1u);  // the failed one (run_at 200); "later" is not due
    if (!again.empty()) {
      EXPECT_EQ(again[0].id, claimed[1].id);
      EXPECT_EQ(again[0].attempts, 2);
      EXPECT_EQ(again[0].last_error.value_or(""), "smtp down");
      RETURN_IF_ERROR(JobStore::MarkFailed(c, again[0].id, "still down", 900, true, 400));
    }
    ASSIGN_OR_RETURN(auto done, JobStore::Get(c, claimed[0].id));
    EXPECT_TRUE(done && done->state == "done" && done->payload == "{}");
    ASSIGN_OR_RETURN(auto dead, JobStore::Get(c, claimed[1].id));
    EXPECT_TRUE(dead && dead->state == "dead");
    ASSIGN_OR_RETURN(auto list, JobStore::List(c, 7, "mail", 10));
    EXPECT_EQ(list.size(), 3u);
    if (!list.empty()) {
      EXPECT_GT(list.front().id, list.back().id);  // newest first
    }
    return Status::Ok();
  });
}

TEST_P(AskAndJobsTest, TwoDatabasesOnOneStoreClaimEachJobOnce) {
  // Two Database objects on the same data stand for two servers (on SQLite
  // two processes on one file; on PostgreSQL, FOR UPDATE SKIP LOCKED).
  MustWrite([&](SqlConn& c) -> Status {
    for (int i = 0; i < 60; ++i) {
      RETURN_IF_ERROR(JobStore::Insert(c, 1, "k", "{}", 0, std::nullopt, 0).status());
    }
    return Status::Ok();
  });
  auto second = OpenAgain();
  ASSERT_TRUE(second);
  std::mutex mu;
  std::multiset<int64_t> seen;
  auto claim_all = [&](Database& db) {
    for (int failures = 0; failures < 100;) {
      std::vector<JobRecord> got;
      Status st = db.Write([&](SqlConn& c) -> Status {
        ASSIGN_OR_RETURN(got, JobStore::ClaimDue(c, {"k"}, 10, 300, 3));
        return Status::Ok();
      });
      if (!st.ok()) {
        ADD_FAILURE() << st.ToString();
        ++failures;
        continue;
      }
      if (got.empty()) return;
      std::lock_guard<std::mutex> lock(mu);
      for (const auto& j : got) seen.insert(j.id);
    }
  };
  std::thread a([&] { claim_all(db()); });
  std::thread b([&] { claim_all(*second); });
  a.join();
  b.join();
  EXPECT_EQ(seen.size(), 60u);
  for (int64_t id : seen) EXPECT_EQ(seen.count(id), 1u) << "job " << id << " claimed twice";
}

TEST_P(AskAndJobsTest, TheRunnerRunsAJobOnceAndRetriesAFailure) {
  ManualClock clock(1000);
  jobs::JobRunner runner(db(), clock);
  int ran = 0, flaky = 0;
  runner.Register("count", [&](SqlConn& c, const jobs::Job& job) -> Status {
    ++ran;
    EXPECT_EQ(job.payload, "{\"n\":1}");
    return c.Exec("UPDATE orgs SET name = 'ran' WHERE id = $1", {job.org_id}).status();
  });
  runner.Register(
      "flaky",
      [&](SqlConn&, const jobs::Job&) -> Status {
        return ++flaky < 2 ? Unavailable("not yet") : Status::Ok();
      },
      jobs::RetryPolicy{3, 10, 100});
  int64_t org = MakeOrg("acme");
  MustWrite([&](SqlConn& c) -> Status {
    RETURN_IF_ERROR(runner.Schedule(c, org, "count", "{\"n\":1}", 1000, "once").status());
    ASSIGN_OR_RETURN(auto dup, runner.Schedule(c, org, "count", "{\"n\":1}", 1000, "once"));
    EXPECT_FALSE(dup);
    return runner.Schedule(c, org, "flaky", "{}", 1000).status();
  });
  EXPECT_EQ(runner.RunDue(), 2u);
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(flaky, 1);
  EXPECT_EQ(runner.RunDue(), 0u);  // the retry waits for its backoff
  clock.Advance(10);
  EXPECT_EQ(runner.RunDue(), 1u);
  EXPECT_EQ(flaky, 2);
  EXPECT_EQ(ran, 1);
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT name FROM orgs WHERE id = $1", {org}));
    EXPECT_EQ(row[0].as_text(), "ran");
    ASSIGN_OR_RETURN(auto n, c.QueryInt("SELECT COUNT(*) FROM jobs WHERE state = 'done'"));
    EXPECT_EQ(n.value_or(0), 2);
    return Status::Ok();
  });
}

INSTANTIATE_BACKENDS(Store, AskAndJobsTest);

}  // namespace
}  // namespace beleving::store::conformance
