#include "web/loop_texts.h"

#include <algorithm>

namespace beleving::web {
namespace {

std::string Lookup(const Ctx& c, std::string_view prefix, std::string_view value) {
  std::string key = std::string(prefix) + std::string(value);
  if (!i18n::Has(key)) return std::string(value);  // the catalogue test keeps this unreachable
  return c.T(key);
}

std::string StringField(const json::object& body, std::string_view key) {
  const auto* v = body.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string Hours(const Ctx& c, const json::object& body, std::string_view key) {
  const auto* v = body.if_contains(key);
  double seconds = v && v->is_int64() ? static_cast<double>(v->get_int64()) : 0.0;
  return Num(c, seconds / 3600.0, 1);
}

std::string EmployeeName(const Ctx& c, const loop::CaseLogEntry& e) {
  return e.employee ? e.employee->name : c.T("loop.log.unknown_person");
}

std::string Opened(const Ctx& c, const loop::CaseLogEntry& e) {
  std::string out = c.T("loop.log.opened");
  if (e.employee) out += " · " + c.F("loop.log.owner", {{"name", e.employee->name}});
  return out;
}

std::string StatusMove(const Ctx& c, const loop::CaseLogEntry& e) {
  std::string out =
      c.F("loop.log.status", {{"from", CaseStatusText(c, StringField(e.body, "from"))},
                              {"to", CaseStatusText(c, StringField(e.body, "to"))}});
  if (e.body.contains("reopened")) out += " (" + c.T("loop.log.reopened") + ")";
  if (auto note = StringField(e.body, "note"); !note.empty()) {
    out += " · " + c.F("loop.log.note", {{"note", note}});
  }
  return out;
}

std::string Update(const Ctx& c, const loop::CaseLogEntry& e) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : " · ") + s; };
  for (const auto& [key, value] : e.body) {
    if (key == "severity" && value.is_string()) {
      add(c.F("loop.log.severity", {{"severity", SeverityText(c, value.get_string())}}));
    } else if (key == "title" && value.is_string()) {
      add(c.F("loop.log.title", {{"title", std::string(value.get_string())}}));
    } else if (key == "resolution" && value.is_string()) {
      add(c.F("loop.log.resolution", {{"resolution", std::string(value.get_string())}}));
    } else if (key == "customer_satisfied" && value.is_bool()) {
      add(c.T(value.get_bool() ? "loop.log.satisfied_yes" : "loop.log.satisfied_no"));
    } else if (key == "owner") {
      add(c.F("loop.log.owner", {{"name", EmployeeName(c, e)}}));
    }
  }
  return out;
}

std::string Escalation(const Ctx& c, const loop::CaseLogEntry& e) {
  const auto* level = e.body.if_contains("level");
  int64_t n = level && level->is_int64() ? level->get_int64() : 0;
  if (n >= 3) return c.T("loop.log.escalated_admins");
  return c.F(n == 1 ? "loop.log.escalated_lead" : "loop.log.escalated_manager",
             {{"name", EmployeeName(c, e)}});
}

std::string Sla(const Ctx& c, const loop::CaseLogEntry& e) {
  const std::string event = StringField(e.body, "event");
  return c.F(event == "sla.breached" ? "loop.log.sla_breached" : "loop.log.sla_at_risk",
             {{"target", Lookup(c, "loop.sla.target.", StringField(e.body, "target"))},
              {"used", Hours(c, e.body, "used_seconds")},
              {"allowed", Hours(c, e.body, "allowed_seconds")}});
}

std::string Satisfaction(const Ctx& c, const loop::CaseLogEntry& e) {
  const auto* yes = e.body.if_contains("satisfied");
  std::string out = c.T(yes && yes->is_bool() && yes->get_bool() ? "loop.log.satisfied_yes"
                                                                 : "loop.log.satisfied_no");
  if (auto comment = StringField(e.body, "comment"); !comment.empty()) out += ": " + comment;
  return out;
}

}  // namespace

std::string CaseStatusText(const Ctx& c, std::string_view status) {
  return Lookup(c, "loop.case.status.", status);
}
std::string CaseTypeText(const Ctx& c, std::string_view type) {
  return Lookup(c, "loop.case.type.", type);
}
std::string SeverityText(const Ctx& c, std::string_view severity) {
  return Lookup(c, "loop.case.severity.", severity);
}
std::string ChannelText(const Ctx& c, std::string_view channel) {
  return Lookup(c, "loop.contact.channel_", channel);
}
std::string EventText(const Ctx& c, std::string_view event) {
  return Lookup(c, "loop.event.", event);
}
std::string TimerStateText(const Ctx& c, loop::TimerState state) {
  return Lookup(c, "loop.sla.state.", loop::TimerStateName(state));
}
std::string PromiseStatusText(const Ctx& c, std::string_view status) {
  return Lookup(c, "loop.promise.status.", status);
}

std::string PromiseStateText(const Ctx& c, std::string_view state) {
  return Lookup(c, "loop.promise.state.", state);
}

std::string ActorText(const Ctx& c, const loop::Actor& who) {
  using Kind = loop::Actor::Kind;
  switch (who.kind) {
    case Kind::kUser:
      return who.name;
    case Kind::kApiKey:
      return c.F("loop.actor.api_key", {{"name", who.name}});
    case Kind::kOperator:
      return c.F("loop.actor.operator", {{"name", who.name}});
    case Kind::kSystem:
      return c.T("loop.actor.system");
    case Kind::kCustomer:
      return c.T("loop.actor.customer");
    case Kind::kForm:
      return c.T("loop.actor.form");
    case Kind::kUnknown:
      break;
  }
  return c.T("loop.actor.unknown");
}

std::string CaseTitle(const Ctx& c, const loop::CaseView& v) {
  const auto& k = v.record;
  if (!v.title_facts) return k.title;
  const auto& f = *v.title_facts;
  std::string title;
  if (k.case_type == "detractor" && f.nps) {
    title = c.F("loop.case.title.detractor", {{"nps", std::to_string(*f.nps)}});
  } else if (k.case_type == "disappointment" && f.nps && f.best_previous_nps) {
    title = c.F("loop.case.title.disappointment",
                {{"nps", std::to_string(*f.nps)}, {"best", std::to_string(*f.best_previous_nps)}});
  } else if (k.case_type == "complaint") {
    title = f.complaint_subject
                ? c.F("loop.case.title.complaint_about", {{"subject", *f.complaint_subject}})
                : c.T("loop.case.title.complaint");
  } else if (k.case_type == "broken_promise" && f.promise_text) {
    title = c.F("loop.case.title.broken_promise", {{"promise", *f.promise_text}});
  } else {
    return k.title;
  }
  if (v.title_employee) title += " · " + v.title_employee->name;
  return title;
}

std::string LogKindText(const Ctx& c, std::string_view kind) {
  return Lookup(c, "loop.log.kind.", kind);
}

std::string LogEntryText(const Ctx& c, const loop::CaseLogEntry& e) {
  if (e.kind == "status") {
    return StringField(e.body, "from").empty() ? Opened(c, e) : StatusMove(c, e);
  }
  if (e.kind == "note") return StringField(e.body, "text");
  if (e.kind == "contact") {
    return c.F("loop.log.contact", {{"channel", ChannelText(c, StringField(e.body, "channel"))},
                                    {"summary", StringField(e.body, "summary")}});
  }
  if (e.kind == "waiting") {
    const auto* w = e.body.if_contains("waiting");
    return c.T(w && w->is_bool() && w->get_bool() ? "loop.log.waiting_on" : "loop.log.waiting_off");
  }
  if (e.kind == "update") return Update(c, e);
  if (e.kind == "escalation") return Escalation(c, e);
  if (e.kind == "sla") return Sla(c, e);
  if (e.kind == "satisfaction") return Satisfaction(c, e);
  return "";
}

bool LoopFormError(Ctx* c, const Status& st, std::string_view failed_key,
                   std::string_view context) {
  if (st.code() != StatusCode::kInvalidArgument && st.code() != StatusCode::kConflict &&
      st.code() != StatusCode::kAlreadyExists) {
    return false;
  }
  std::string field = st.field();
  std::replace(field.begin(), field.end(), '/', '.');
  // "/hours/end" -> loop.error.calendar.hours.end; holidays/3 -> ...holidays
  while (!field.empty() && std::isdigit(static_cast<unsigned char>(field.back()))) field.pop_back();
  if (!field.empty() && field.back() == '.') field.pop_back();
  std::string key = "loop.error." + std::string(context) +
                    (st.code() == StatusCode::kInvalidArgument ? field : ".conflict");
  std::string reason = i18n::Has(key) ? c->T(key) : st.message();
  c->form_error = c->T(failed_key) + ": " + reason;
  return true;
}

}  // namespace beleving::web
