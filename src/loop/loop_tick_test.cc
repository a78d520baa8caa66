// The tick through the services: detractor and disappointment cases, SLA
// escalation in business hours, the SLA report.
#include "loop/loop_tick.h"

#include "loop/loop_fixture_test.h"
#include "store/sla_store.h"

namespace beleving::loop {
namespace {

using LoopTickTest = LoopServiceTest;

TEST_F(LoopTickTest, DetractorOpensCaseThatEscalatesInBusinessHoursAndReportsItsTimes) {
  SlaPolicyInput policy;
  policy.acknowledge_minutes = 240;  // 4 business hours
  policy.resolve_minutes = 5 * 9 * 60;
  ASSERT_TRUE(loop_->sla().PutPolicy(Operator(), "detractor", policy).ok());
  Respond("r1", "2025-03-07T16:00:00Z", 3);
  jobs_->RunDue();
  CaseView k = OnlyCase();
  EXPECT_EQ(k.record.case_type, "detractor");
  EXPECT_EQ(k.record.status, "received");
  EXPECT_EQ(k.record.owner_employee_id, lead_);  // the team lead
  ASSERT_TRUE(k.owner.has_value());
  EXPECT_EQ(k.owner->name, "Hanna de Vries");
  EXPECT_EQ(k.record.severity, "high");
  EXPECT_EQ(k.record.opened_at, At("2025-03-07T16:00:00Z"));
  ASSERT_TRUE(k.title_facts.has_value());
  EXPECT_EQ(k.title_facts->nps, 3);
  EXPECT_EQ(k.title_facts->employee_id, lead_);

  // The weekend does not count.
  RunAt("2025-03-08T12:00:00Z");
  RunAt("2025-03-09T20:00:00Z");
  RunAt("2025-03-10T09:59:00Z");  // Monday 10:59
  EXPECT_EQ(OnlyCase().record.escalation_level, 0);
  // 75% of 4 business hours = 3 h: 30 min on Friday + 2.5 h on Monday = 11:00.
  RunAt("2025-03-10T10:00:00Z");
  k = OnlyCase();
  EXPECT_EQ(k.record.escalation_level, 2);  // owner is the team lead: next is the location manager
  EXPECT_EQ(k.record.escalated_to_employee_id, manager_);
  RunAt("2025-03-10T10:59:59Z");
  EXPECT_EQ(OnlyCase().record.escalation_level, 2);
  RunAt("2025-03-10T11:00:00Z");                     // Monday 12:00: breached
  EXPECT_EQ(OnlyCase().record.escalation_level, 3);  // the org admins

  // Handle and close it (a person, through the service); the report shows the times.
  const auto who = Session(security::Role::kAdmin);
  auto step = [&](const char* at, const std::string& to) {
    clock_.Set(At(at));
    auto r = to == "contact" ? loop_->cases().AddContact(who, k.record.id, "phone", "Called back")
                             : loop_->cases().ChangeStatus(who, k.record.id, to, std::nullopt);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  };
  step("2025-03-10T12:00:00Z", "acknowledged");
  step("2025-03-10T12:30:00Z", "contact");
  step("2025-03-10T13:00:00Z", "investigating");
  step("2025-03-10T14:00:00Z", "responded");
  step("2025-03-10T15:00:00Z", "closed");
  auto bad = loop_->cases().ChangeStatus(who, k.record.id, "acknowledged", std::nullopt);
  EXPECT_EQ(bad.status().code(), StatusCode::kConflict);

  auto rep = loop_->sla_watch().Report(who, std::nullopt, std::nullopt);
  ASSERT_TRUE(rep.ok());
  ASSERT_EQ(rep->cases.size(), 1u);
  const auto& rc = rep->cases[0];
  EXPECT_EQ(*rc.record.acknowledged_at, At("2025-03-10T12:00:00Z"));
  EXPECT_EQ(*rc.record.first_contact_at, At("2025-03-10T12:30:00Z"));
  EXPECT_EQ(*rc.record.closed_at, At("2025-03-10T15:00:00Z"));
  // Acknowledged after 30 min on Friday + 4.5 h on Monday: missed.
  EXPECT_EQ(rc.sla.acknowledge.state, TimerState::kMissed);
  EXPECT_EQ(rc.sla.acknowledge.used_seconds, 5 * 3600);
  EXPECT_EQ(rc.sla.resolve.state, TimerState::kMet);
  EXPECT_EQ(rc.sla.resolve.used_seconds, 8 * 3600);  // 30 min Friday + 7.5 h Monday
  ASSERT_EQ(rep->by_type.size(), 1u);
  EXPECT_EQ(rep->by_type[0].opened, 1);
  EXPECT_EQ(rep->by_type[0].closed, 1);
  EXPECT_EQ(rep->by_type[0].acknowledge.missed, 1);
  EXPECT_EQ(rep->by_type[0].resolve.met, 1);

  // The log names who did what: the owner at opening, the escalations, SLA events.
  auto detail = loop_->cases().Get(who, k.record.id);
  ASSERT_TRUE(detail.ok());
  const auto& log = detail->log;
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0].kind, "status");
  EXPECT_EQ(log[0].who.kind, Actor::Kind::kSystem);
  ASSERT_TRUE(log[0].employee.has_value());
  EXPECT_EQ(log[0].employee->name, "Hanna de Vries");
  int escalations = 0;
  for (const auto& e : log) {
    if (e.kind != "escalation") continue;
    ++escalations;
    if (escalations == 1) {
      EXPECT_EQ(e.employee->id, manager_);
    }
  }
  EXPECT_EQ(escalations, 2);
}

TEST_F(LoopTickTest, DisappointmentAndItsTitleFacts) {
  Respond("a1", "2025-03-03T10:00:00Z", 10, "c7");
  Respond("a2", "2025-03-04T10:00:00Z", 7, "c7");  // not a detractor, but 10 -> 7
  jobs_->RunDue();
  CaseView k = OnlyCase();
  EXPECT_EQ(k.record.case_type, "disappointment");
  EXPECT_EQ(k.record.title, "Disappointment: NPS 7 after 10");  // the API's
  ASSERT_TRUE(k.title_facts.has_value());
  EXPECT_EQ(k.title_facts->nps, 7);
  EXPECT_EQ(k.title_facts->best_previous_nps, 10);
  ASSERT_TRUE(k.title_employee.has_value());
  EXPECT_EQ(k.title_employee->name, "Hanna de Vries");
}

TEST_F(LoopTickTest, AnIdleTickWritesNothing) {
  jobs_->RunDue();
  auto before = AuditEntries().size();
  RunAt("2025-03-07T16:00:05Z");
  auto page = loop_->cases().List(Operator(), CaseQuery{});
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->cases.empty());
  EXPECT_EQ(AuditEntries().size(), before);
}

}  // namespace
}  // namespace beleving::loop
