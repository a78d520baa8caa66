// Storage of the loop's service levels (loop/sla_settings.h): the business
// calendar of an organisation and its SLA targets per case type.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct SlaPolicyRecord {
  int64_t id = 0;
  std::string case_type;
  std::optional<int64_t> acknowledge_minutes, first_contact_minutes, resolve_minutes;
  int at_risk_percent = 75;
  bool business_hours = true;
};

struct CalendarRecord {
  std::string hours;     // JSON {"days":[1..7],"start":"HH:MM","end":"HH:MM"}
  std::string holidays;  // JSON ["YYYY-MM-DD", ...]
};

class SlaStore {
 public:
  // nullopt: the organisation keeps the default calendar.
  static Result<std::optional<CalendarRecord>> Calendar(SqlConn& c, const TenantScope& t);
  static Status PutCalendar(SqlConn& c, const TenantScope& t, const CalendarRecord& r,
                            UnixSeconds now);
  // By case type.
  static Result<std::vector<SlaPolicyRecord>> Policies(SqlConn& c, const TenantScope& t);
  // Inserts or replaces the policy of p.case_type.
  static Status PutPolicy(SqlConn& c, const TenantScope& t, const SlaPolicyRecord& p,
                          UnixSeconds now);
};

}  // namespace beleving::store
