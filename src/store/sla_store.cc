#include "store/sla_store.h"

namespace beleving::store {

Result<std::optional<CalendarRecord>> SlaStore::Calendar(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT hours, holidays FROM loop_calendars WHERE org_id = $1", {t.org_id()}));
  if (rows.empty()) return std::optional<CalendarRecord>();
  return std::optional<CalendarRecord>(CalendarRecord{rows[0][0].as_text(), rows[0][1].as_text()});
}

Status SlaStore::PutCalendar(SqlConn& c, const TenantScope& t, const CalendarRecord& r,
                             UnixSeconds now) {
  return c
      .Exec(
          "INSERT INTO loop_calendars (org_id, hours, holidays, updated_at) VALUES ($1,$2,$3,$4) "
          "ON CONFLICT (org_id) DO UPDATE SET hours = excluded.hours, holidays = "
          "excluded.holidays, updated_at = excluded.updated_at",
          {t.org_id(), r.hours, r.holidays, now})
      .status();
}

Result<std::vector<SlaPolicyRecord>> SlaStore::Policies(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT id, case_type, acknowledge_minutes, first_contact_minutes, "
                           "resolve_minutes, at_risk_percent, business_hours FROM sla_policies "
                           "WHERE org_id = $1 ORDER BY case_type",
                           {t.org_id()}));
  std::vector<SlaPolicyRecord> out;
  for (const auto& r : rows) {
    SlaPolicyRecord p;
    p.id = r[0].as_int();
    p.case_type = r[1].as_text();
    p.acknowledge_minutes = r[2].as_opt_int();
    p.first_contact_minutes = r[3].as_opt_int();
    p.resolve_minutes = r[4].as_opt_int();
    p.at_risk_percent = static_cast<int>(r[5].as_int());
    p.business_hours = r[6].as_int() != 0;
    out.push_back(std::move(p));
  }
  return out;
}

Status SlaStore::PutPolicy(SqlConn& c, const TenantScope& t, const SlaPolicyRecord& p,
                           UnixSeconds now) {
  return c
      .Exec(
          "INSERT INTO sla_policies (org_id, case_type, acknowledge_minutes, "
          "first_contact_minutes, resolve_minutes, at_risk_percent, business_hours, created_at) "
          "VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (org_id, case_type) DO UPDATE SET "
          "acknowledge_minutes = excluded.acknowledge_minutes, first_contact_minutes = "
          "excluded.first_contact_minutes, resolve_minutes = excluded.resolve_minutes, "
          "at_risk_percent = excluded.at_risk_percent, business_hours = excluded.business_hours",
          {t.org_id(), p.case_type, p.acknowledge_minutes, p.first_contact_minutes,
           p.resolve_minutes, p.at_risk_percent, p.business_hours, now})
      .status();
}

}  // namespace beleving::store
