#include "loop/sla.h"

#include <algorithm>
#include <cstdio>

#include "core/time_format.h"

namespace beleving::loop {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kMaxDays = 3660;  // look at most ten years ahead

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

int IsoWeekday(int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7) + 1; }

UnixSeconds LocalToUtc(const TimeZone& z, int64_t local) {
  int32_t guess = z.OffsetAt(local);
  return local - z.OffsetAt(local - guess);
}

bool IsBusinessDay(const BusinessCalendar& cal, int64_t day) {
  int wd = IsoWeekday(day);
  if (std::find(cal.days.begin(), cal.days.end(), wd) == cal.days.end()) return false;
  return !std::binary_search(cal.holidays.begin(), cal.holidays.end(), day);
}

// The business window of a local day in UTC.
std::pair<UnixSeconds, UnixSeconds> Window(const BusinessCalendar& cal, int64_t day) {
  int64_t base = day * kDay;
  return {LocalToUtc(cal.zone, base + cal.start_minute * 60),
          LocalToUtc(cal.zone, base + cal.end_minute * 60)};
}

Result<int> ParseHhMm(const std::string& s, const std::string& field) {
  int h = 0, m = 0;
  char tail = 0;
  if (s.size() != 5 || std::sscanf(s.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 ||
      m < 0 || m > 59 || (h == 24 && m != 0)) {
    return InvalidArgument("a time must be HH:MM", field);
  }
  return h * 60 + m;
}

std::string FormatHhMm(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 100, minutes % 60);
  return buf;
}

}  // namespace

int64_t BusinessCalendar::BusinessSeconds(UnixSeconds from, UnixSeconds to) const {
  if (to <= from) return 0;
  if (days.empty() || end_minute <= start_minute) return 0;
  int64_t first = FloorDiv(zone.ToLocal(from), kDay) - 1;
  int64_t last = FloorDiv(zone.ToLocal(to), kDay) + 1;
  if (last - first > kMaxDays) last = first + kMaxDays;
  int64_t total = 0;
  for (int64_t d = first; d <= last; ++d) {
    if (!IsBusinessDay(*this, d)) continue;
    auto [ws, we] = Window(*this, d);
    int64_t s = std::max(ws, from), e = std::min(we, to);
    if (e > s) total += e - s;
  }
  return total;
}

UnixSeconds BusinessCalendar::AddBusinessSeconds(UnixSeconds from, int64_t seconds) const {
  if (seconds <= 0) return from;
  if (days.empty() || end_minute <= start_minute) return from + seconds;
  int64_t remaining = seconds;
  int64_t first = FloorDiv(zone.ToLocal(from), kDay) - 1;
  for (int64_t d = first; d <= first + kMaxDays; ++d) {
    if (!IsBusinessDay(*this, d)) continue;
    auto [ws, we] = Window(*this, d);
    int64_t s = std::max(ws, from);
    if (we <= s) continue;
    if (remaining <= we - s) return s + remaining;
    remaining -= we - s;
  }
  return from + seconds;  // no business time within ten years: fall back to wall time
}

Result<BusinessCalendar> ParseCalendar(const json::value& hours, const json::value& holidays,
                                       TimeZone zone) {
  BusinessCalendar cal;
  cal.zone = std::move(zone);
  if (!hours.is_null()) {
    if (!hours.is_object()) return InvalidArgument("hours must be an object", "/hours");
    JsonFields f(hours.get_object(), "/hours");
    if (const auto* days = f.Get("days")) {
      if (!days->is_array() || days->get_array().size() > 7) {
        return InvalidArgument("days must be a list of weekdays 1 (Monday) .. 7", "/hours/days");
      }
      cal.days.clear();
      for (const auto& d : days->get_array()) {
        if (!d.is_int64() || d.get_int64() < 1 || d.get_int64() > 7) {
          return InvalidArgument("days must be a list of weekdays 1 (Monday) .. 7", "/hours/days");
        }
        cal.days.push_back(static_cast<int>(d.get_int64()));
      }
    }
    ASSIGN_OR_RETURN(auto start, f.OptString("start", 5));
    ASSIGN_OR_RETURN(auto end, f.OptString("end", 5));
    if (start) {
      ASSIGN_OR_RETURN(cal.start_minute, ParseHhMm(*start, "/hours/start"));
    }
    if (end) {
      ASSIGN_OR_RETURN(cal.end_minute, ParseHhMm(*end, "/hours/end"));
    }
    RETURN_IF_ERROR(f.RejectUnknown());
    if (cal.end_minute <= cal.start_minute) {
      return InvalidArgument("end must be after start", "/hours/end");
    }
  }
  if (!holidays.is_null()) {
    if (!holidays.is_array() || holidays.get_array().size() > 1000) {
      return InvalidArgument("holidays must be a list of at most 1000 dates", "/holidays");
    }
    size_t i = 0;
    for (const auto& h : holidays.get_array()) {
      std::string field = "/holidays/" + std::to_string(i++);
      if (!h.is_string() || h.get_string().size() != 10) {
        return InvalidArgument("a holiday must be a date YYYY-MM-DD", field);
      }
      ASSIGN_OR_RETURN(auto t, ParseDateOrDateTime(std::string(h.get_string()), field));
      cal.holidays.push_back(FloorDiv(t, kDay));
    }
    std::sort(cal.holidays.begin(), cal.holidays.end());
  }
  return cal;
}

json::object CalendarHoursJson(const BusinessCalendar& cal) {
  json::array days;
  for (int d : cal.days) days.push_back(d);
  return {
      {"days", days}, {"start", FormatHhMm(cal.start_minute)}, {"end", FormatHhMm(cal.end_minute)}};
}

json::array CalendarHolidaysJson(const BusinessCalendar& cal) {
  json::array out;
  for (int64_t d : cal.holidays) out.push_back(json::value(FormatRfc3339(d * kDay).substr(0, 10)));
  return out;
}

const char* TimerStateName(TimerState s) {
  switch (s) {
    case TimerState::kNone:
      return "none";
    case TimerState::kRunning:
      return "running";
    case TimerState::kAtRisk:
      return "at_risk";
    case TimerState::kBreached:
      return "breached";
    case TimerState::kMet:
      return "met";
    case TimerState::kMissed:
      return "missed";
  }
  return "none";
}

bool SlaState::at_risk() const {
  for (const auto* t : {&acknowledge, &first_contact, &resolve}) {
    if (t->state == TimerState::kAtRisk) return true;
  }
  return false;
}

bool SlaState::breached() const {
  for (const auto* t : {&acknowledge, &first_contact, &resolve}) {
    if (t->state == TimerState::kBreached || t->state == TimerState::kMissed) return true;
  }
  return false;
}

namespace {

TimerEval EvaluateTimer(const char* name, const std::optional<int64_t>& minutes,
                        const std::optional<UnixSeconds>& stop, const CaseTimes& c,
                        const SlaPolicy& policy, const BusinessCalendar& cal, UnixSeconds now) {
  TimerEval t;
  t.target = name;
  if (!minutes) return t;
  auto counted = [&](UnixSeconds a, UnixSeconds b) -> int64_t {
    if (b <= a) return 0;
    return policy.business_hours ? cal.BusinessSeconds(a, b) : b - a;
  };
  auto add = [&](UnixSeconds from, int64_t s) -> UnixSeconds {
    return policy.business_hours ? cal.AddBusinessSeconds(from, s) : from + s;
  };
  UnixSeconds end = stop ? *stop : now;
  int64_t used = counted(c.opened_at, end);
  for (const auto& [pf, pt] : c.pauses) {
    used -= counted(std::max(pf, c.opened_at), std::min(pt, end));
  }
  bool waiting = c.waiting_since && !stop;
  if (waiting) used -= counted(std::max(*c.waiting_since, c.opened_at), end);
  if (used < 0) used = 0;
  t.allowed_seconds = *minutes * 60;
  t.used_seconds = used;
  int64_t risk_seconds = t.allowed_seconds * policy.at_risk_percent / 100;
  if (stop) {
    t.state = used <= t.allowed_seconds ? TimerState::kMet : TimerState::kMissed;
    return t;
  }
  if (used >= t.allowed_seconds) {
    t.state = TimerState::kBreached;
  } else if (used >= risk_seconds) {
    t.state = TimerState::kAtRisk;
  } else {
    t.state = TimerState::kRunning;
  }
  if (!waiting) {
    UnixSeconds base = std::max(now, c.opened_at);
    if (used < t.allowed_seconds) t.due_at = add(base, t.allowed_seconds - used);
    if (used < risk_seconds) t.at_risk_at = add(base, risk_seconds - used);
  }
  return t;
}

}  // namespace

SlaState EvaluateSla(const CaseTimes& c, const SlaPolicy& policy, const BusinessCalendar& calendar,
                     UnixSeconds now) {
  SlaState s;
  s.acknowledge = EvaluateTimer("acknowledge", policy.acknowledge_minutes, c.acknowledged_at, c,
                                policy, calendar, now);
  s.first_contact = EvaluateTimer("first_contact", policy.first_contact_minutes, c.first_contact_at,
                                  c, policy, calendar, now);
  s.resolve =
      EvaluateTimer("resolve", policy.resolve_minutes, c.closed_at, c, policy, calendar, now);
  return s;
}

}  // namespace beleving::loop
