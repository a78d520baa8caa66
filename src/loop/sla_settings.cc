#include "loop/sla_settings.h"

#include <algorithm>

#include "loop/case_kinds.h"
#include "loop/loop_access.h"
#include "store/org_store.h"

namespace beleving::loop {
namespace {

Status CheckMinutes(const std::optional<int64_t>& v, const char* field) {
  if (v && (*v < 1 || *v > kMaxSlaMinutes)) {
    return InvalidArgument("a target is whole minutes from 1 to " + std::to_string(kMaxSlaMinutes),
                           field);
  }
  return Status::Ok();
}

}  // namespace

const store::SlaPolicyRecord* PolicyFor(const std::vector<store::SlaPolicyRecord>& policies,
                                        const std::string& case_type) {
  for (const auto& p : policies) {
    if (p.case_type == case_type) return &p;
  }
  return nullptr;
}

SlaPolicy PolicyOf(const store::SlaPolicyRecord& r) {
  SlaPolicy p;
  p.case_type = r.case_type;
  p.acknowledge_minutes = r.acknowledge_minutes;
  p.first_contact_minutes = r.first_contact_minutes;
  p.resolve_minutes = r.resolve_minutes;
  p.at_risk_percent = r.at_risk_percent;
  p.business_hours = r.business_hours;
  return p;
}

Result<TimeZone> SlaSettings::Zone(store::SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, org_id));
  std::string name = org ? org->time_zone : "UTC";
  std::lock_guard<std::mutex> lock(mu_);
  auto it = zones_.find(name);
  if (it != zones_.end()) return it->second;
  auto tz = TimeZone::Load(name);
  TimeZone z = tz.ok() ? *tz : TimeZone::Utc();
  zones_.emplace(name, z);
  return z;
}

Result<BusinessCalendar> SlaSettings::Calendar(store::SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(auto zone, Zone(c, org_id));
  ASSIGN_OR_RETURN(auto rec, store::SlaStore::Calendar(c, store::TenantScope::System(org_id)));
  if (!rec) {
    BusinessCalendar cal;
    cal.zone = zone;
    return cal;
  }
  ASSIGN_OR_RETURN(auto hours, ParseJson(rec->hours));
  ASSIGN_OR_RETURN(auto holidays, ParseJson(rec->holidays));
  return ParseCalendar(hours, holidays, zone);
}

Result<std::vector<store::SlaPolicyRecord>> SlaSettings::Policies(store::SqlConn& c,
                                                                  int64_t org_id) {
  return store::SlaStore::Policies(c, store::TenantScope::System(org_id));
}

Result<SlaSettingsView> SlaSettings::Get(const security::Principal& who) {
  SlaSettingsView v;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(v.calendar, Calendar(c, who.tenant.org_id()));
    ASSIGN_OR_RETURN(v.policies, Policies(c, who.tenant.org_id()));
    return Status::Ok();
  }));
  return v;
}

Result<BusinessCalendar> SlaSettings::PutCalendar(const security::Principal& who,
                                                  const CalendarInput& in) {
  RETURN_IF_ERROR(CheckAdmin(who));
  if (in.days && in.days->empty()) {
    return InvalidArgument("choose at least one working day", "/hours/days");
  }
  if (in.holidays.size() > kMaxHolidays) {
    return InvalidArgument("at most 1000 holidays", "/holidays");
  }
  json::object hours;
  if (in.days) {
    json::array days;
    for (int d : *in.days) days.push_back(d);
    hours["days"] = std::move(days);
  }
  if (in.start) hours["start"] = *in.start;
  if (in.end) hours["end"] = *in.end;
  json::array holidays;
  for (const auto& h : in.holidays) holidays.push_back(json::value(h));
  ASSIGN_OR_RETURN(auto cal, ParseCalendar(hours, holidays, TimeZone::Utc()));
  store::CalendarRecord rec{ToJsonText(CalendarHoursJson(cal)),
                            ToJsonText(CalendarHolidaysJson(cal))};
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(store::SlaStore::PutCalendar(c, who.tenant, rec, now));
    return Audit(c, who, "update", "sla_calendar", now);
  }));
  return cal;
}

Result<store::SlaPolicyRecord> SlaSettings::PutPolicy(const security::Principal& who,
                                                      const std::string& case_type,
                                                      const SlaPolicyInput& in) {
  RETURN_IF_ERROR(CheckAdmin(who));
  if (std::find(kCaseTypes.begin(), kCaseTypes.end(), case_type) == kCaseTypes.end()) {
    return NotFound("unknown case type");
  }
  RETURN_IF_ERROR(CheckMinutes(in.acknowledge_minutes, "/acknowledge_minutes"));
  RETURN_IF_ERROR(CheckMinutes(in.first_contact_minutes, "/first_contact_minutes"));
  RETURN_IF_ERROR(CheckMinutes(in.resolve_minutes, "/resolve_minutes"));
  const int64_t risk = in.at_risk_percent.value_or(kDefaultAtRiskPercent);
  if (risk < kMinAtRiskPercent || risk > kMaxAtRiskPercent) {
    return InvalidArgument("at_risk_percent is a percentage from 1 to 99", "/at_risk_percent");
  }
  store::SlaPolicyRecord p;
  p.case_type = case_type;
  p.acknowledge_minutes = in.acknowledge_minutes;
  p.first_contact_minutes = in.first_contact_minutes;
  p.resolve_minutes = in.resolve_minutes;
  p.at_risk_percent = static_cast<int>(risk);
  p.business_hours = in.business_hours.value_or(true);
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(store::SlaStore::PutPolicy(c, who.tenant, p, now));
    return Audit(c, who, "update", "sla_policy:" + case_type, now);
  }));
  return p;
}

}  // namespace beleving::loop
