// Closing the loop (store/loop_store.h) on both backends: calendars and SLA
// policies, cases and their log, complaints, promises, webhooks and alert
// deliveries, follow-ups and the tick's cursors.
#include "store/alert_store.h"
#include "store/case_store.h"
#include "store/complaint_store.h"
#include "store/conformance/backend.h"
#include "store/dimension_store.h"
#include "store/follow_up_store.h"
#include "store/loop_feed_store.h"
#include "store/moment_store.h"
#include "store/promise_store.h"
#include "store/sla_store.h"

namespace beleving::store::conformance {
namespace {

using store::TenantScope;
using LoopStoreTest = BackendTest;

TEST_P(LoopStoreTest, CalendarsAndPolicies) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto none, SlaStore::Calendar(c, store::TenantScope::System(org)));
    EXPECT_FALSE(none);
    RETURN_IF_ERROR(SlaStore::PutCalendar(c, t, {"{\"days\":[1]}", "[]"}, 1));
    RETURN_IF_ERROR(SlaStore::PutCalendar(c, t, {"{\"days\":[2]}", "[\"2025-12-25\"]"}, 2));
    ASSIGN_OR_RETURN(auto cal, SlaStore::Calendar(c, store::TenantScope::System(org)));
    EXPECT_TRUE(cal && cal->hours == "{\"days\":[2]}" && cal->holidays == "[\"2025-12-25\"]");
    SlaPolicyRecord p;
    p.case_type = "complaint";
    p.resolve_minutes = 600;
    RETURN_IF_ERROR(SlaStore::PutPolicy(c, t, p, 1));
    p.acknowledge_minutes = 60;
    p.business_hours = false;
    RETURN_IF_ERROR(SlaStore::PutPolicy(c, t, p, 2));
    SlaPolicyRecord q;
    q.case_type = "Detractor";  // upper case sorts before lower case (binary order)
    RETURN_IF_ERROR(SlaStore::PutPolicy(c, t, q, 3));
    ASSIGN_OR_RETURN(auto ps, SlaStore::Policies(c, store::TenantScope::System(org)));
    REQUIRE_EQ(ps.size(), 2u);
    EXPECT_EQ(ps[0].case_type, "Detractor");
    EXPECT_FALSE(ps[0].resolve_minutes);
    EXPECT_EQ(ps[1].acknowledge_minutes.value_or(0), 60);
    EXPECT_FALSE(ps[1].business_hours);
    return Status::Ok();
  });
}

TEST_P(LoopStoreTest, CasesEventsAndComplaints) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  auto other = TenantScope::System(MakeOrg("beta"));
  int64_t kase = 0;
  MustWrite([&](SqlConn& c) -> Status {
    CaseRecord k;
    k.org_id = org;
    k.case_type = "complaint";
    k.source_key = "complaint:1";
    k.title = "Te laat";
    k.opened_at = 100;
    ASSIGN_OR_RETURN(auto id, CaseStore::InsertCase(c, k));
    EXPECT_TRUE(id.has_value());
    kase = id.value_or(0);
    ASSIGN_OR_RETURN(auto twice, CaseStore::InsertCase(c, k));
    EXPECT_FALSE(twice);   // the same source opens one case
    k.source_key.reset();  // cases without a source never conflict
    ASSIGN_OR_RETURN(auto a, CaseStore::InsertCase(c, k));
    ASSIGN_OR_RETURN(auto b, CaseStore::InsertCase(c, k));
    EXPECT_TRUE(a && b);
    return Status::Ok();
  });
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto k, CaseStore::GetCase(c, t, kase));
    REQUIRE_EQ(k.has_value(), true);
    EXPECT_EQ(k->status, "received");
    EXPECT_FALSE(k->customer_satisfied.has_value());
    k->status = "closed";
    k->closed_at = 200;
    k->customer_satisfied = false;
    k->pauses = "[[1,2]]";
    k->sla_flags = 5;
    k->updated_at = 200;
    RETURN_IF_ERROR(CaseStore::UpdateCase(c, *k));
    ASSIGN_OR_RETURN(k, CaseStore::GetCase(c, t, kase));
    EXPECT_EQ(k->status, "closed");
    EXPECT_EQ(k->customer_satisfied, std::optional<bool>(false));
    EXPECT_EQ(k->pauses, "[[1,2]]");
    EXPECT_EQ(k->sla_flags, 5);
    ASSIGN_OR_RETURN(auto foreign, CaseStore::GetCase(c, other, kase));
    EXPECT_FALSE(foreign);
    CaseFilter open;
    open.open_only = true;
    ASSIGN_OR_RETURN(auto opens, CaseStore::ListCases(c, t, open, 0, 10));
    EXPECT_EQ(opens.size(), 2u);
    CaseFilter closed;
    closed.status = "closed";
    closed.opened_from = 50;
    ASSIGN_OR_RETURN(auto closeds, CaseStore::ListCases(c, t, closed, 0, 10));
    EXPECT_EQ(closeds.size(), 1u);
    RETURN_IF_ERROR(CaseStore::AddCaseEvent(c, store::TenantScope::System(org),
                                            {0, kase, "note", "user:1", "gebeld", 150}));
    RETURN_IF_ERROR(CaseStore::AddCaseEvent(c, store::TenantScope::System(org),
                                            {0, kase, "status", "user:1", "closed", 200}));
    ASSIGN_OR_RETURN(auto events, CaseStore::CaseEvents(c, store::TenantScope::System(org), kase));
    REQUIRE_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].body, "gebeld");
    ASSIGN_OR_RETURN(auto sys_open,
                     CaseStore::SysOpenCases(c, store::SystemScope::AllOrganisations(), 0, 10));
    EXPECT_TRUE(sys_open.empty());  // no SLA policy for complaints yet
    SlaPolicyRecord p;
    p.case_type = "complaint";
    RETURN_IF_ERROR(SlaStore::PutPolicy(c, t, p, 1));
    ASSIGN_OR_RETURN(sys_open,
                     CaseStore::SysOpenCases(c, store::SystemScope::AllOrganisations(), 0, 10));
    EXPECT_EQ(sys_open.size(), 2u);

    ComplaintRecord cp;
    cp.org_id = org;
    cp.source = "email";
    cp.source_ref = "<m1@x>";
    cp.received_at = 10;
    cp.narrative = "Lang verhaal";
    ASSIGN_OR_RETURN(auto cid, ComplaintStore::InsertComplaint(c, cp));
    EXPECT_TRUE(cid.has_value());
    ASSIGN_OR_RETURN(auto dup, ComplaintStore::InsertComplaint(c, cp));
    EXPECT_FALSE(dup);
    RETURN_IF_ERROR(
        ComplaintStore::SetComplaintCase(c, store::TenantScope::System(org), *cid, kase));
    ASSIGN_OR_RETURN(auto got, ComplaintStore::GetComplaint(c, t, *cid));
    EXPECT_TRUE(got && got->case_id == kase && got->narrative == "Lang verhaal");
    ASSIGN_OR_RETURN(auto list, ComplaintStore::ListComplaints(c, t, 0, 10));
    EXPECT_EQ(list.size(), 1u);
    ASSIGN_OR_RETURN(auto none, ComplaintStore::ListComplaints(c, other, 0, 10));
    EXPECT_TRUE(none.empty());
    return Status::Ok();
  });
}

TEST_P(LoopStoreTest, PeopleAroundACase) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t emp, DimensionStore::Insert(c, t, *FindDimension("employees"),
                                                         {0, "e1", "Eva", {}, 0}, 0));
    ASSIGN_OR_RETURN(int64_t loc,
                     DimensionStore::Insert(c, t, *FindDimension("locations"),
                                            {0, "ams", "Ams", {{"manager", SqlValue(emp)}}, 0}, 0));
    ASSIGN_OR_RETURN(
        int64_t team,
        DimensionStore::Insert(c, t, *FindDimension("teams"),
                               {0, "t", "T", {{"location", loc}, {"lead", SqlValue(emp)}}, 0}, 0));
    ASSIGN_OR_RETURN(auto lead, CaseStore::TeamLead(c, store::TenantScope::System(org), team));
    EXPECT_EQ(lead.value_or(0), emp);
    ASSIGN_OR_RETURN(auto where, CaseStore::TeamLocation(c, store::TenantScope::System(org), team));
    EXPECT_EQ(where.value_or(0), loc);
    ASSIGN_OR_RETURN(auto manager,
                     CaseStore::LocationManager(c, store::TenantScope::System(org), loc));
    EXPECT_EQ(manager.value_or(0), emp);
    ASSIGN_OR_RETURN(auto nobody,
                     CaseStore::TeamLead(c, store::TenantScope::System(org), team + 99));
    EXPECT_FALSE(nobody);
    ASSIGN_OR_RETURN(auto u1, c.QueryOne("INSERT INTO users (email, name, password_hash, "
                                         "created_at) VALUES ('a@x.nl', 'A', 'h', 0) RETURNING id",
                                         {}));
    ASSIGN_OR_RETURN(auto u2, c.QueryOne("INSERT INTO users (email, name, password_hash, disabled, "
                                         "created_at) VALUES ('b@x.nl', 'B', 'h', 1, 0) RETURNING "
                                         "id",
                                         {}));
    for (const auto& u : {u1, u2}) {
      RETURN_IF_ERROR(c.Exec("INSERT INTO memberships (user_id, org_id, role, created_at) VALUES "
                             "($1, $2, 'admin', 0)",
                             {u[0].as_int(), org})
                          .status());
    }
    ASSIGN_OR_RETURN(auto emails, CaseStore::AdminEmails(c, store::TenantScope::System(org)));
    EXPECT_EQ(emails, (std::vector<std::string>{"a@x.nl"}));  // not the disabled one
    return Status::Ok();
  });
}

TEST_P(LoopStoreTest, PromisesAndTheirHistory) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  int64_t cust = 0, pid = 0;
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t tp, DimensionStore::Insert(c, t, *FindDimension("touchpoints"),
                                                        {0, "balie", "Balie", {}, 0}, 0));
    ASSIGN_OR_RETURN(
        cust, DimensionStore::Insert(c, t, *FindDimension("customers"), {0, "k", "K", {}, 0}, 0));
    StandardPromiseRecord s;
    s.key = "callback";
    s.touchpoint_key = "balie";
    s.text = "We bellen binnen 4 uur terug";
    s.due_after_seconds = 4 * 3600;
    RETURN_IF_ERROR(PromiseStore::InsertStandard(c, t, s, 1).status());
    s.key = "off";
    s.active = false;
    RETURN_IF_ERROR(PromiseStore::InsertStandard(c, t, s, 1).status());
    ASSIGN_OR_RETURN(auto all, PromiseStore::Standards(c, store::TenantScope::System(org)));
    EXPECT_EQ(all.size(), 2u);
    ASSIGN_OR_RETURN(auto here,
                     PromiseStore::StandardsForTouchpoint(c, store::TenantScope::System(org), tp));
    REQUIRE_EQ(here.size(), 1u);
    EXPECT_EQ(here[0].key, "callback");
    EXPECT_TRUE(here[0].business_hours);

    PromiseRecord p;
    p.org_id = org;
    p.promise_type = "standard";
    p.source_key = "interaction:1:callback";
    p.customer_id = cust;
    p.text = "We bellen terug";
    p.made_at = 100;
    p.due_at = 1000;
    p.status = "open";
    ASSIGN_OR_RETURN(auto id, PromiseStore::InsertPromise(c, p, 100));
    REQUIRE_EQ(id.has_value(), true);
    pid = *id;
    ASSIGN_OR_RETURN(auto twice, PromiseStore::InsertPromise(c, p, 100));
    EXPECT_FALSE(twice);
    return Status::Ok();
  });
  Status dup = db().Write([&](SqlConn& c) {
    StandardPromiseRecord s;
    s.key = "callback";
    s.touchpoint_key = "balie";
    s.text = "x";
    return PromiseStore::InsertStandard(c, t, s, 1).status();
  });
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto due, PromiseStore::SysPromisesDueBefore(
                                   c, store::SystemScope::AllOrganisations(), 1001, 10));
    EXPECT_EQ(due.size(), 1u);
    ASSIGN_OR_RETURN(auto p, PromiseStore::GetPromise(c, t, pid));
    REQUIRE_EQ(p.has_value(), true);
    RETURN_IF_ERROR(PromiseStore::AddPromiseChange(c, store::TenantScope::System(org), pid,
                                                   {1000, 2000, "na overleg", "u", 500}));
    p->due_at = 2000;
    p->status = "renegotiated";
    p->due_soon_alerted = true;
    RETURN_IF_ERROR(PromiseStore::UpdatePromise(c, *p));
    ASSIGN_OR_RETURN(due, PromiseStore::SysPromisesDueBefore(
                              c, store::SystemScope::AllOrganisations(), 1001, 10));
    EXPECT_TRUE(due.empty());
    ASSIGN_OR_RETURN(auto changes,
                     PromiseStore::PromiseChanges(c, store::TenantScope::System(org), pid));
    REQUIRE_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].note.value_or(""), "na overleg");
    p->status = "kept";
    p->settled_at = 1500;
    RETURN_IF_ERROR(PromiseStore::UpdatePromise(c, *p));
    ASSIGN_OR_RETURN(auto kept, PromiseStore::ListPromises(c, t, std::string("kept"), 0, 10));
    REQUIRE_EQ(kept.size(), 1u);
    EXPECT_TRUE(kept[0].due_soon_alerted);
    // Responses of the customer after the promise was settled.
    for (int i = 0; i < 2; ++i) {
      ResponseRecord r;
      r.org_id = org;
      r.external_id = "r" + std::to_string(i);
      r.customer_id = cust;
      r.submitted_at = i == 0 ? 1400 : 1600;
      r.nps = i == 0 ? 2 : 9;
      RETURN_IF_ERROR(MomentStore::InsertResponse(c, r).status());
    }
    ASSIGN_OR_RETURN(auto after, PromiseStore::ResponsesAfterSettled(c, t));
    REQUIRE_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].status, "kept");
    EXPECT_EQ(after[0].nps, 9);
    return Status::Ok();
  });
}

TEST_P(LoopStoreTest, WebhooksRulesAndDeliveries) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  auto other = TenantScope::System(MakeOrg("beta"));
  MustWrite([&](SqlConn& c) -> Status {
    WebhookRecord w;
    w.url = "https://x.example/h";
    w.secret = "s";
    w.format = "json";
    ASSIGN_OR_RETURN(int64_t hook, AlertStore::InsertWebhook(c, t, w, 1));
    ASSIGN_OR_RETURN(auto hooks, AlertStore::Webhooks(c, t));
    EXPECT_EQ(hooks.size(), 1u);
    ASSIGN_OR_RETURN(auto none, AlertStore::Webhooks(c, other));
    EXPECT_TRUE(none.empty());
    ASSIGN_OR_RETURN(auto sys,
                     AlertStore::SysWebhook(c, store::SystemScope::AllOrganisations(), hook));
    EXPECT_TRUE(sys && sys->active && sys->max_attempts == 8);

    AlertRuleRecord r;
    r.event = "keyword";
    r.keyword = "boos";
    r.webhook_id = hook;
    ASSIGN_OR_RETURN(int64_t rule, AlertStore::InsertRule(c, t, r, 1));
    r.keyword.reset();
    r.webhook_id.reset();
    r.email = "a@x.nl";
    r.active = false;
    RETURN_IF_ERROR(AlertStore::InsertRule(c, t, r, 1).status());
    ASSIGN_OR_RETURN(auto rules, AlertStore::Rules(c, store::TenantScope::System(org)));
    REQUIRE_EQ(rules.size(), 2u);
    EXPECT_EQ(rules[0].keyword.value_or(""), "boos");
    EXPECT_FALSE(rules[1].active);
    ASSIGN_OR_RETURN(bool foreign, AlertStore::DeleteRule(c, other, rule));
    EXPECT_FALSE(foreign);
    ASSIGN_OR_RETURN(bool deleted, AlertStore::DeleteRule(c, t, rule));
    EXPECT_TRUE(deleted);

    DeliveryRecord d;
    d.org_id = org;
    d.webhook_id = hook;
    d.event = "detractor";
    d.body = "{}";
    d.state = "pending";
    d.created_at = 5;
    ASSIGN_OR_RETURN(int64_t did, AlertStore::InsertDelivery(c, d));
    ASSIGN_OR_RETURN(auto got,
                     AlertStore::SysDelivery(c, store::SystemScope::AllOrganisations(), did));
    REQUIRE_EQ(got.has_value(), true);
    EXPECT_FALSE(got->last_status);
    got->state = "delivered";
    got->attempts = 1;
    got->last_status = 204;
    got->delivered_at = 6;
    RETURN_IF_ERROR(AlertStore::UpdateDelivery(c, *got));
    ASSIGN_OR_RETURN(auto list, AlertStore::Deliveries(c, t, hook, 10));
    REQUIRE_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].last_status.value_or(0), 204);

    EmailDeliveryRecord e;
    e.org_id = org;
    e.event = "sla.breached";
    e.recipient = "a@x.nl";
    e.subject = "SLA";
    e.body = "b";
    e.state = "pending";
    ASSIGN_OR_RETURN(int64_t eid, AlertStore::InsertEmailDelivery(c, e));
    ASSIGN_OR_RETURN(auto eg, AlertStore::GetEmailDelivery(c, t, eid));
    REQUIRE_EQ(eg.has_value(), true);
    ASSIGN_OR_RETURN(auto eforeign, AlertStore::GetEmailDelivery(c, other, eid));
    EXPECT_FALSE(eforeign);
    eg->state = "failed";
    eg->attempts = 3;
    eg->last_error = "no smtp";
    RETURN_IF_ERROR(AlertStore::UpdateEmailDelivery(c, *eg));
    ASSIGN_OR_RETURN(auto es,
                     AlertStore::SysEmailDelivery(c, store::SystemScope::AllOrganisations(), eid));
    EXPECT_TRUE(es && es->state == "failed" && es->attempts == 3);
    ASSIGN_OR_RETURN(auto elist, AlertStore::EmailDeliveries(c, t, 10));
    EXPECT_EQ(elist.size(), 1u);
    return Status::Ok();
  });
}

TEST_P(LoopStoreTest, FollowUpsAreAnsweredOnce) {
  int64_t org = MakeOrg("acme");
  MustWrite([&](SqlConn& c) -> Status {
    CaseRecord k;
    k.org_id = org;
    k.case_type = "complaint";
    k.title = "x";
    ASSIGN_OR_RETURN(auto kase, CaseStore::InsertCase(c, k));
    FollowUpRecord f;
    f.org_id = org;
    f.case_id = kase.value_or(0);
    f.email = "k@x.nl";
    ASSIGN_OR_RETURN(auto fid, FollowUpStore::InsertFollowUp(c, f));
    REQUIRE_EQ(fid.has_value(), true);
    ASSIGN_OR_RETURN(auto twice, FollowUpStore::InsertFollowUp(c, f));
    EXPECT_FALSE(twice);
    ASSIGN_OR_RETURN(bool armed, FollowUpStore::ArmFollowUp(
                                     c, store::SystemScope::AllOrganisations(), *fid, "tok", 999));
    EXPECT_TRUE(armed);
    RETURN_IF_ERROR(
        FollowUpStore::MarkFollowUpSent(c, store::SystemScope::AllOrganisations(), *fid, 10));
    ASSIGN_OR_RETURN(armed, FollowUpStore::ArmFollowUp(c, store::SystemScope::AllOrganisations(),
                                                       *fid, "tok2", 999));
    EXPECT_FALSE(armed);  // sent: the token stays
    ASSIGN_OR_RETURN(auto byhash, FollowUpStore::SysFollowUpByTokenHash(
                                      c, store::SystemScope::AllOrganisations(), "tok"));
    EXPECT_TRUE(byhash && byhash->id == *fid && byhash->sent_at == 10);
    ASSIGN_OR_RETURN(bool answered,
                     FollowUpStore::AnswerFollowUp(c, store::TenantScope::System(org), *fid, true,
                                                   std::string("fijn"), 20));
    EXPECT_TRUE(answered);
    ASSIGN_OR_RETURN(answered, FollowUpStore::AnswerFollowUp(c, store::TenantScope::System(org),
                                                             *fid, false, std::nullopt, 21));
    EXPECT_FALSE(answered);
    ASSIGN_OR_RETURN(auto got,
                     FollowUpStore::SysFollowUp(c, store::SystemScope::AllOrganisations(), *fid));
    EXPECT_TRUE(got && got->satisfied == std::optional<bool>(true) && got->comment == "fijn");
    return Status::Ok();
  });
}

TEST_P(LoopStoreTest, TheTicksInput) {
  int64_t org = MakeOrg("acme");
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t none,
                     LoopFeedStore::MaxResponseId(c, store::SystemScope::AllOrganisations()));
    EXPECT_EQ(none, 0);
    ASSIGN_OR_RETURN(auto survey,
                     c.QueryOne("INSERT INTO surveys (org_id, key, name, definition, created_at, "
                                "updated_at) VALUES ($1, 's', 'S', '{\"q\":1}', 0, 0) RETURNING id",
                                {org}));
    ASSIGN_OR_RETURN(auto cust, c.QueryOne("INSERT INTO customers (org_id, key, created_at) VALUES "
                                           "($1, 'k', 0) RETURNING id",
                                           {org}));
    // Same customer: 6 at t=10, 9 at t=20, 3 at t=20 (later id), 4 at t=30.
    const int nps[] = {6, 9, 3, 4};
    const int at[] = {10, 20, 20, 30};
    for (int i = 0; i < 4; ++i) {
      ResponseRecord r;
      r.org_id = org;
      r.external_id = "r" + std::to_string(i);
      r.customer_id = cust[0].as_int();
      r.survey_id = survey[0].as_int();
      r.submitted_at = at[i];
      r.nps = nps[i];
      RETURN_IF_ERROR(MomentStore::InsertResponse(c, r).status());
      InteractionRecord in;
      in.org_id = org;
      in.external_id = "i" + std::to_string(i);
      in.occurred_at = at[i];
      RETURN_IF_ERROR(MomentStore::InsertInteraction(c, in).status());
    }
    ASSIGN_OR_RETURN(auto rs, LoopFeedStore::SysResponsesAfter(
                                  c, store::SystemScope::AllOrganisations(), 0, 10));
    REQUIRE_EQ(rs.size(), 4u);
    EXPECT_FALSE(rs[0].best_previous_nps);
    EXPECT_EQ(rs[1].best_previous_nps.value_or(-1), 6);
    EXPECT_EQ(rs[2].best_previous_nps.value_or(-1), 9);  // same second, earlier id counts
    EXPECT_EQ(rs[3].best_previous_nps.value_or(-1), 9);
    ASSIGN_OR_RETURN(int64_t max_r,
                     LoopFeedStore::MaxResponseId(c, store::SystemScope::AllOrganisations()));
    EXPECT_EQ(max_r, rs[3].id);
    ASSIGN_OR_RETURN(int64_t max_i,
                     LoopFeedStore::MaxInteractionId(c, store::SystemScope::AllOrganisations()));
    ASSIGN_OR_RETURN(auto is, LoopFeedStore::SysInteractionsAfter(
                                  c, store::SystemScope::AllOrganisations(), 0, 10));
    REQUIRE_EQ(is.size(), 4u);
    EXPECT_EQ(is.back().id, max_i);
    RETURN_IF_ERROR(
        LoopFeedStore::SetCursor(c, store::SystemScope::AllOrganisations(), "responses", 2));
    RETURN_IF_ERROR(
        LoopFeedStore::SetCursor(c, store::SystemScope::AllOrganisations(), "responses", 3));
    ASSIGN_OR_RETURN(int64_t cur,
                     LoopFeedStore::Cursor(c, store::SystemScope::AllOrganisations(), "responses"));
    EXPECT_EQ(cur, 3);
    ASSIGN_OR_RETURN(int64_t fresh, LoopFeedStore::Cursor(c, store::SystemScope::AllOrganisations(),
                                                          "interactions"));
    EXPECT_EQ(fresh, 0);
    ASSIGN_OR_RETURN(auto def, LoopFeedStore::SurveyDefinition(c, store::TenantScope::System(org),
                                                               survey[0].as_int()));
    EXPECT_EQ(def.value_or(""), "{\"q\":1}");
    return Status::Ok();
  });
}

INSTANTIATE_BACKENDS(Store, LoopStoreTest);

}  // namespace
}  // namespace beleving::store::conformance
