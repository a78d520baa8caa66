#include "loop/sla.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace beleving::loop {
namespace {

UnixSeconds At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

TEST(BusinessCalendarTest, FridayAfternoonContinuesOnMonday) {
  BusinessCalendar cal;
  cal.zone = *TimeZone::Load("Europe/Amsterdam");
  // Friday 2025-03-07 17:00 local (16:00Z) + 4 business hours = Monday 12:00 local.
  EXPECT_EQ(cal.AddBusinessSeconds(At("2025-03-07T16:00:00Z"), 4 * 3600),
            At("2025-03-10T11:00:00Z"));
  EXPECT_EQ(cal.BusinessSeconds(At("2025-03-07T16:00:00Z"), At("2025-03-10T11:00:00Z")), 4 * 3600);
  // A holiday on Monday moves it to Tuesday.
  cal.holidays = {DaysFromCivil(2025, 3, 10)};
  EXPECT_EQ(cal.AddBusinessSeconds(At("2025-03-07T16:00:00Z"), 4 * 3600),
            At("2025-03-11T11:00:00Z"));
}

TEST(EvaluateSlaTest, PausedWhileWaitingOnTheCustomer) {
  BusinessCalendar cal;  // UTC, Mon-Fri 08:30-17:30
  SlaPolicy p;
  p.resolve_minutes = 120;
  CaseTimes c;
  c.opened_at = At("2025-03-10T09:00:00Z");  // Monday
  c.pauses = {{At("2025-03-10T10:00:00Z"), At("2025-03-10T12:00:00Z")}};
  auto s = EvaluateSla(c, p, cal, At("2025-03-10T12:30:00Z"));
  EXPECT_EQ(s.resolve.used_seconds, 90 * 60);
  EXPECT_EQ(s.resolve.state, TimerState::kAtRisk);
  EXPECT_EQ(*s.resolve.due_at, At("2025-03-10T13:00:00Z"));
  c.waiting_since = At("2025-03-10T12:30:00Z");
  s = EvaluateSla(c, p, cal, At("2025-03-10T16:00:00Z"));
  EXPECT_EQ(s.resolve.used_seconds, 90 * 60);
  EXPECT_FALSE(s.resolve.due_at.has_value());
  c.waiting_since.reset();
  c.closed_at = At("2025-03-10T12:45:00Z");
  s = EvaluateSla(c, p, cal, At("2025-03-11T16:00:00Z"));
  EXPECT_EQ(s.resolve.state, TimerState::kMet);
}

TEST(ParseCalendarTest, RefusesTimesAndDatesNamingTheField) {
  json::value holidays = json::array{"2025-12-25"};
  auto bad =
      ParseCalendar(json::object{{"start", "17:00"}, {"end", "09:00"}}, holidays, TimeZone::Utc());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "/hours/end");
  bad = ParseCalendar(json::object{{"start", "8:30"}}, nullptr, TimeZone::Utc());
  EXPECT_EQ(bad.status().field(), "/hours/start");
  bad = ParseCalendar(nullptr, json::array{"2025-12-25", "kerst"}, TimeZone::Utc());
  EXPECT_EQ(bad.status().field(), "/holidays/1");
  auto ok = ParseCalendar(json::object{{"days", json::array{1, 2}}}, holidays, TimeZone::Utc());
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->days, (std::vector<int>{1, 2}));
  EXPECT_EQ(ok->holidays.size(), 1u);
}

}  // namespace
}  // namespace beleving::loop
