// The business calendar and the SLA targets, without HTTP.
#include "loop/sla_settings.h"

#include "loop/loop_fixture_test.h"

namespace beleving::loop {
namespace {

using SlaSettingsTest = LoopServiceTest;

TEST_F(SlaSettingsTest, CalendarRulesAndTheOrganisationsTimeZone) {
  auto& sla = loop_->sla();
  CalendarInput in;
  in.days = std::vector<int>{};
  EXPECT_EQ(sla.PutCalendar(Operator(), in).status().field(), "/hours/days");
  in.days = std::vector<int>{1, 2, 3, 4};
  in.start = "17:00";
  in.end = "09:00";
  EXPECT_EQ(sla.PutCalendar(Operator(), in).status().field(), "/hours/end");
  in.start = "09:00";
  in.end = "17:00";
  in.holidays = {"2025-12-25", "kerst"};
  EXPECT_EQ(sla.PutCalendar(Operator(), in).status().field(), "/holidays/1");
  in.holidays = {"2025-12-25"};
  EXPECT_EQ(sla.PutCalendar(Session(security::Role::kManager), in).status().code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(sla.PutCalendar(Operator(), in).ok());
  auto got = sla.Get(Manager());  // readers see it
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->calendar.days, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(got->calendar.start_minute, 9 * 60);
  EXPECT_EQ(got->calendar.zone.name(), "Europe/Amsterdam");
  EXPECT_EQ(AuditEntries()[0].subject, "sla_calendar");
}

TEST_F(SlaSettingsTest, PolicyRules) {
  auto& sla = loop_->sla();
  SlaPolicyInput in;
  EXPECT_EQ(sla.PutPolicy(Operator(), "feature_request", in).status().code(),
            StatusCode::kNotFound);
  in.acknowledge_minutes = -5;
  EXPECT_EQ(sla.PutPolicy(Operator(), "detractor", in).status().field(), "/acknowledge_minutes");
  in.acknowledge_minutes = 120;
  in.at_risk_percent = 100;
  EXPECT_EQ(sla.PutPolicy(Operator(), "detractor", in).status().field(), "/at_risk_percent");
  in.at_risk_percent.reset();
  auto p = sla.PutPolicy(Operator(), "detractor", in);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->at_risk_percent, 75);
  EXPECT_TRUE(p->business_hours);
  EXPECT_EQ(sla.Get(Operator())->policies.size(), 1u);
  EXPECT_EQ(AuditEntries()[0].subject, "sla_policy:detractor");
}

}  // namespace
}  // namespace beleving::loop
