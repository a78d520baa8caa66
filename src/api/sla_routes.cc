// /api/v1/sla-policies and /api/v1/reports/sla: the business calendar, the
// SLA targets per case type, and how the targets were met.
#include "api/loop_routes.h"
#include "core/time_format.h"

namespace beleving::api {
namespace {

const char* kTag = "SLAs";

Schema HhMm() { return Schema::String(5, 5).Pattern("^[0-2][0-9]:[0-5][0-9]$").Example("08:30"); }

Schema CalendarUpdate() {
  return Schema::Object(
             {{"hours", Schema::Object({{"days", Schema::Array(Schema::Integer(1, 7), 7, 1)
                                                     .Describe("working days, 1 = Monday")},
                                        {"start", HhMm()},
                                        {"end", HhMm()}})},
              {"holidays",
               Schema::Array(Schema::String(10, 10).Format("date"), loop::kMaxHolidays)}})
      .Named("BusinessCalendarUpdate")
      .Example(json::object{{"hours", json::object{{"days", json::array{1, 2, 3, 4, 5}},
                                                   {"start", "08:30"},
                                                   {"end", "17:30"}}},
                            {"holidays", json::array{"2030-12-25"}}});
}

Schema PolicyUpdate() {
  return Schema::Object({
                            {"acknowledge_minutes", Schema::Integer(1, loop::kMaxSlaMinutes)},
                            {"first_contact_minutes", Schema::Integer(1, loop::kMaxSlaMinutes)},
                            {"resolve_minutes", Schema::Integer(1, loop::kMaxSlaMinutes)},
                            {"at_risk_percent",
                             Schema::Integer(loop::kMinAtRiskPercent, loop::kMaxAtRiskPercent)
                                 .Describe("default 75")},
                            {"business_hours", Schema::Boolean().Describe("default true")},
                        })
      .Named("SlaPolicyUpdate")
      .Example(json::object{{"acknowledge_minutes", 240}, {"resolve_minutes", 2880}});
}

json::object CalendarJson(const loop::BusinessCalendar& cal) {
  return {{"hours", loop::CalendarHoursJson(cal)}, {"holidays", loop::CalendarHolidaysJson(cal)}};
}

json::object TargetCountsJson(const loop::SlaTargetCounts& t) {
  json::object o{{"met", t.met}, {"missed", t.missed}, {"breached_open", t.breached_open}};
  o["mean_seconds"] =
      t.finished
          ? json::value(static_cast<double>(t.total_used_seconds) / static_cast<double>(t.finished))
          : json::value(nullptr);
  return o;
}

json::value Time(const std::optional<UnixSeconds>& t) {
  return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
}

json::object SlaReportJson(const loop::SlaReport& rep) {
  json::array rows, cases;
  for (const auto& r : rep.by_type) {
    rows.push_back(json::object{{"case_type", r.case_type},
                                {"opened", r.opened},
                                {"closed", r.closed},
                                {"acknowledge", TargetCountsJson(r.acknowledge)},
                                {"first_contact", TargetCountsJson(r.first_contact)},
                                {"resolve", TargetCountsJson(r.resolve)}});
  }
  for (const auto& k : rep.cases) {
    cases.push_back(json::object{{"id", k.record.id},
                                 {"type", k.record.case_type},
                                 {"status", k.record.status},
                                 {"opened_at", FormatRfc3339(k.record.opened_at)},
                                 {"acknowledged_at", Time(k.record.acknowledged_at)},
                                 {"first_contact_at", Time(k.record.first_contact_at)},
                                 {"closed_at", Time(k.record.closed_at)},
                                 {"escalation_level", k.record.escalation_level},
                                 {"sla", SlaStateJson(k.sla)}});
  }
  return {{"by_type", std::move(rows)}, {"cases", std::move(cases)}};
}

http::Response PutCalendar(Call& call) {
  loop::CalendarInput in;
  const json::value* hours =
      call.body.is_object() ? call.body.get_object().if_contains("hours") : nullptr;
  if (hours && hours->is_object()) {
    if (const auto* days = hours->get_object().if_contains("days"); days && days->is_array()) {
      in.days.emplace();
      for (const auto& d : days->get_array()) in.days->push_back(static_cast<int>(d.as_int64()));
    }
    in.start = OptString(*hours, "start");
    in.end = OptString(*hours, "end");
  }
  if (const auto* h =
          call.body.is_object() ? call.body.get_object().if_contains("holidays") : nullptr;
      h && h->is_array()) {
    for (const auto& d : h->get_array()) in.holidays.emplace_back(d.as_string());
  }
  return JsonOrProblem(LoopOf(call).sla().PutCalendar(*call.who, in), CalendarJson);
}

http::Response PutPolicy(Call& call) {
  loop::SlaPolicyInput in;
  in.acknowledge_minutes = OptInt(call.body, "acknowledge_minutes");
  in.first_contact_minutes = OptInt(call.body, "first_contact_minutes");
  in.resolve_minutes = OptInt(call.body, "resolve_minutes");
  in.at_risk_percent = OptInt(call.body, "at_risk_percent");
  in.business_hours = OptBool(call.body, "business_hours");
  return JsonOrProblem(
      LoopOf(call).sla().PutPolicy(*call.who, call.req.path_params["case_type"], in),
      SlaPolicyJson);
}

Parameter PeriodParameter(const char* name, const char* what) {
  return {name,
          Schema::OneOf(
              {Schema::String(10, 10).Format("date"), Schema::String(11, 40).Format("date-time")})
              .Example(json::value("2030-01-01")),
          false, what};
}

}  // namespace

void RegisterSlaRoutes(App& app) {
  app.Add("GET", "/api/v1/sla-policies", Access::kRead,
          Operation{"getSlaPolicies",
                    "The business calendar and the SLA targets per case type",
                    kTag,
                    {},
                    {},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "The calendar and the policies", "SlaSettings")}},
          [](Call& call) {
            return JsonOrProblem(
                LoopOf(call).sla().Get(*call.who), [](const loop::SlaSettingsView& v) {
                  json::object cal = CalendarJson(v.calendar);
                  cal["time_zone"] = v.calendar.zone.name();
                  json::array items;
                  for (const auto& p : v.policies) items.push_back(SlaPolicyJson(p));
                  return json::object{{"calendar", std::move(cal)}, {"policies", std::move(items)}};
                });
          });

  app.Add("PUT", "/api/v1/sla-policies/calendar", Access::kAdmin,
          Operation{"putBusinessCalendar",
                    "Working days, hours and holidays (the organisation's time zone)",
                    kTag,
                    {},
                    {},
                    CalendarUpdate(),
                    std::nullopt,
                    {Answer(200, "The calendar", "BusinessCalendar"),
                     Answer(400,
                            "A time is not HH:MM, the end is not after the start, or a holiday "
                            "is not a date")}},
          PutCalendar);

  app.Add("PUT", "/api/v1/sla-policies/{case_type}", Access::kAdmin,
          Operation{"putSlaPolicy",
                    "The SLA targets of one case type (absent targets: none)",
                    kTag,
                    {{"case_type", Schema::Enum(loop::kCaseTypes), true, "The case type"}},
                    {},
                    PolicyUpdate(),
                    std::nullopt,
                    {Answer(200, "The policy", "SlaPolicy"), Answer(404, "No such case type")}},
          PutPolicy);

  app.Add("GET", "/api/v1/reports/sla", Access::kRead,
          Operation{"getSlaReport",
                    "SLA outcomes of the cases opened in [from, to)",
                    kTag,
                    {},
                    {PeriodParameter("from", "Opened at or after (date or date-time)"),
                     PeriodParameter("to", "Opened before (date or date-time)")},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "Per case type and per case", "SlaReport")}},
          [](Call& call) {
            std::optional<UnixSeconds> from, to;
            if (Status st = ParsePeriod(call.req, &from, &to); !st.ok()) {
              return http::ProblemFromStatus(st);
            }
            return JsonOrProblem(LoopOf(call).sla_watch().Report(*call.who, from, to),
                                 SlaReportJson);
          });
}

}  // namespace beleving::api
