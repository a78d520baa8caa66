// The service levels an organisation sets: its business calendar (working
// days, hours, holidays, in the organisation's time zone) and its SLA
// targets per case type. Admins change them through the API, the settings
// page or nothing else; each change is audited. The loop's timers
// (loop/sla_watch.h) read them through Calendar and Policies.
//
// Thread safety: all methods may be called from any thread; the time zone
// cache is guarded by a mutex.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "loop/sla.h"
#include "security/principal.h"
#include "store/sla_store.h"
#include "store/sql.h"

namespace beleving::loop {

// A target is whole minutes from 1 to a year.
inline constexpr int64_t kMaxSlaMinutes = 366LL * 24 * 60;
inline constexpr int kMinAtRiskPercent = 1, kMaxAtRiskPercent = 99, kDefaultAtRiskPercent = 75;
inline constexpr size_t kMaxHolidays = 1000;

// The calendar as a person or a client gives it; absent parts keep the
// default (Monday to Friday, 08:30-17:30, no holidays).
struct CalendarInput {
  std::optional<std::vector<int>> days;   // 1 = Monday .. 7 = Sunday
  std::optional<std::string> start, end;  // "HH:MM"
  std::vector<std::string> holidays;      // "YYYY-MM-DD"
};

// Absent targets mean no target for that step.
struct SlaPolicyInput {
  std::optional<int64_t> acknowledge_minutes, first_contact_minutes, resolve_minutes;
  std::optional<int64_t> at_risk_percent;  // default 75
  std::optional<bool> business_hours;      // default true
};

struct SlaSettingsView {
  BusinessCalendar calendar;
  std::vector<store::SlaPolicyRecord> policies;  // by case type
};

class SlaSettings {
 public:
  SlaSettings(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Anyone who reads the organisation's cases may read its service levels.
  Result<SlaSettingsView> Get(const security::Principal& who);
  // Admins: InvalidArgument naming the field ("/hours/start", "/holidays/2")
  // for a time that is not HH:MM, an end not after the start, a day outside
  // 1..7, a holiday that is not a date.
  Result<BusinessCalendar> PutCalendar(const security::Principal& who, const CalendarInput& in);
  // Admins: NotFound for a case type that does not exist; InvalidArgument
  // for a target or percentage out of range.
  Result<store::SlaPolicyRecord> PutPolicy(const security::Principal& who,
                                           const std::string& case_type, const SlaPolicyInput& in);

  // Trusted reads inside a transaction (the timers, the case views).
  Result<BusinessCalendar> Calendar(store::SqlConn& c, int64_t org_id);
  Result<std::vector<store::SlaPolicyRecord>> Policies(store::SqlConn& c, int64_t org_id);
  // The organisation's time zone (UTC when unknown).
  Result<TimeZone> Zone(store::SqlConn& c, int64_t org_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, TimeZone> zones_;  // GUARDED_BY(mu_)
};

// The policy of `case_type` among `policies`, or null.
const store::SlaPolicyRecord* PolicyFor(const std::vector<store::SlaPolicyRecord>& policies,
                                        const std::string& case_type);
SlaPolicy PolicyOf(const store::SlaPolicyRecord& r);

}  // namespace beleving::loop
