// Service levels for cases: business hours, holidays, pauses while waiting on
// the customer, and the pure evaluation of a case's timers.
//
// Everything here is a pure function of its arguments (no clock, no store),
// so SLA behaviour is unit-tested exactly; the loop service (loop/loop.h)
// feeds it the stored case, policy and calendar and the injected Clock's now.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "core/status.h"
#include "core/timezone.h"

namespace beleving::loop {

// When the organisation works: weekdays (1 = Monday .. 7 = Sunday) from
// start to end minute of the local day, minus holidays (local dates).
struct BusinessCalendar {
  TimeZone zone;
  std::vector<int> days = {1, 2, 3, 4, 5};
  int start_minute = 8 * 60 + 30;  // 08:30
  int end_minute = 17 * 60 + 30;   // 17:30
  std::vector<int64_t> holidays;   // days since 1970-01-01 (local), sorted

  // Business seconds in [from, to) (0 when to <= from).
  int64_t BusinessSeconds(UnixSeconds from, UnixSeconds to) const;
  // The instant at which `seconds` business seconds after `from` have passed.
  UnixSeconds AddBusinessSeconds(UnixSeconds from, int64_t seconds) const;
};

// Parses {"days":[1..7],"start":"HH:MM","end":"HH:MM"} and ["YYYY-MM-DD",..].
Result<BusinessCalendar> ParseCalendar(const json::value& hours, const json::value& holidays,
                                       TimeZone zone);
json::object CalendarHoursJson(const BusinessCalendar& cal);
json::array CalendarHolidaysJson(const BusinessCalendar& cal);

struct SlaPolicy {
  std::string case_type;
  std::optional<int64_t> acknowledge_minutes, first_contact_minutes, resolve_minutes;
  int at_risk_percent = 75;
  bool business_hours = true;
};

// The timing facts of one case that the SLA depends on.
struct CaseTimes {
  UnixSeconds opened_at = 0;
  std::optional<UnixSeconds> acknowledged_at, first_contact_at, closed_at;
  std::optional<UnixSeconds> waiting_since;                 // paused now (waiting on the customer)
  std::vector<std::pair<UnixSeconds, UnixSeconds>> pauses;  // finished pauses [from, to)
};

enum class TimerState { kNone, kRunning, kAtRisk, kBreached, kMet, kMissed };
const char* TimerStateName(TimerState s);

struct TimerEval {
  const char* target = "";  // "acknowledge", "first_contact", "resolve"
  TimerState state = TimerState::kNone;
  int64_t allowed_seconds = 0;        // the target
  int64_t used_seconds = 0;           // counted time used (up to the stop or now)
  std::optional<UnixSeconds> due_at;  // when it breaches if nothing happens (nullopt when paused
                                      // or stopped)
  std::optional<UnixSeconds> at_risk_at;
};

struct SlaState {
  TimerEval acknowledge, first_contact, resolve;
  bool at_risk() const;   // any running timer at risk
  bool breached() const;  // any timer breached or missed
};

// The state of a case's three timers at `now`. Time counts in business
// seconds when the policy says so, never while the case waits on the
// customer, and stops at the event that meets the target.
SlaState EvaluateSla(const CaseTimes& c, const SlaPolicy& policy, const BusinessCalendar& calendar,
                     UnixSeconds now);

}  // namespace beleving::loop
