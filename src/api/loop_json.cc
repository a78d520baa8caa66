#include "api/loop_json.h"

#include "core/time_format.h"

namespace beleving::api {
namespace {

json::value Time(const std::optional<UnixSeconds>& t) {
  return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
}
json::value Text(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value Id(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value Key(const std::optional<loop::DimRef>& r) {
  return r && !r->key.empty() ? json::value(r->key) : json::value(nullptr);
}

const json::value* Field(const json::value& body, std::string_view key) {
  if (!body.is_object()) return nullptr;
  const json::value* v = body.get_object().if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

}  // namespace

json::object CaseJson(const loop::CaseView& v) {
  const store::CaseRecord& k = v.record;
  json::object o;
  o["id"] = k.id;
  o["type"] = k.case_type;
  o["status"] = k.status;
  o["severity"] = k.severity;
  o["title"] = k.title;
  o["description"] = Text(k.description);
  o["customer"] = Key(v.customer);
  o["team"] = Key(v.team);
  o["location"] = Key(v.location);
  o["owner"] = Key(v.owner);
  o["escalation_level"] = k.escalation_level;
  o["escalated_to"] = k.escalation_level == 3 ? json::value("org_admins") : Key(v.escalated_to);
  o["response_id"] = Id(k.response_id);
  o["interaction_id"] = Id(k.interaction_id);
  o["complaint_id"] = Id(k.complaint_id);
  o["promise_id"] = Id(k.promise_id);
  o["opened_at"] = FormatRfc3339(k.opened_at);
  o["acknowledged_at"] = Time(k.acknowledged_at);
  o["first_contact_at"] = Time(k.first_contact_at);
  o["responded_at"] = Time(k.responded_at);
  o["closed_at"] = Time(k.closed_at);
  o["waiting_on_customer"] = k.waiting_since.has_value();
  o["resolution"] = Text(k.resolution);
  o["customer_satisfied"] =
      k.customer_satisfied ? json::value(*k.customer_satisfied) : json::value(nullptr);
  return o;
}

json::object SlaStateJson(const loop::SlaState& s) {
  json::object o;
  for (const auto* t : {&s.acknowledge, &s.first_contact, &s.resolve}) {
    if (t->state == loop::TimerState::kNone) continue;
    o[t->target] = json::object{{"state", loop::TimerStateName(t->state)},
                                {"allowed_seconds", t->allowed_seconds},
                                {"used_seconds", t->used_seconds},
                                {"due_at", Time(t->due_at)}};
  }
  return o;
}

json::object CaseDetailJson(const loop::CaseDetail& d) {
  json::object o = CaseJson(d.view);
  o["sla"] = SlaStateJson(d.sla);
  json::array log;
  for (const auto& e : d.log) {
    log.push_back(json::object{
        {"kind", e.kind}, {"actor", e.actor}, {"at", FormatRfc3339(e.at)}, {"body", e.body}});
  }
  o["log"] = std::move(log);
  return o;
}

json::object PromiseJson(const loop::PromiseView& v, bool with_history) {
  const store::PromiseRecord& p = v.record;
  json::object o;
  o["id"] = p.id;
  o["type"] = p.promise_type;
  o["text"] = p.text;
  o["status"] = p.status;
  o["employee"] = Key(v.employee);
  o["team"] = Key(v.team);
  o["customer"] = Key(v.customer);
  o["interaction_id"] = Id(p.interaction_id);
  o["case_id"] = Id(p.case_id);
  o["made_at"] = FormatRfc3339(p.made_at);
  o["due_at"] = FormatRfc3339(p.due_at);
  o["settled_at"] = Time(p.settled_at);
  o["broken_case_id"] = Id(p.broken_case_id);
  o["state"] = std::string(loop::PromiseStateName(v.state));
  if (p.kept_by_touchpoint) {
    o["kept_by"] = json::object{{"touchpoint", *p.kept_by_touchpoint}};
  } else if (p.kept_by_channel) {
    o["kept_by"] = json::object{{"channel", *p.kept_by_channel}};
  } else {
    o["kept_by"] = nullptr;
  }
  o["grace_seconds"] = p.grace_seconds;
  o["kept_evidence"] = Text(p.kept_evidence);
  o["kept_interaction_id"] = Id(p.kept_interaction_id);
  o["compensation"] = Text(p.compensation);
  o["compensated_at"] = Time(p.compensated_at);
  if (with_history) {
    json::array h;
    for (const auto& x : v.history) {
      h.push_back(json::object{{"old_due_at", FormatRfc3339(x.change.old_due_at)},
                               {"new_due_at", FormatRfc3339(x.change.new_due_at)},
                               {"note", Text(x.change.note)},
                               {"actor", x.change.actor},
                               {"at", FormatRfc3339(x.change.at)}});
    }
    o["history"] = std::move(h);
  }
  return o;
}

json::object StandardPromiseJson(const store::StandardPromiseRecord& s) {
  return {{"id", s.id},
          {"key", s.key},
          {"touchpoint", s.touchpoint_key},
          {"text", s.text},
          {"due_after_seconds", s.due_after_seconds},
          {"business_hours", s.business_hours},
          {"active", s.active},
          {"kept_by",
           s.kept_by_touchpoint ? json::value(json::object{{"touchpoint", *s.kept_by_touchpoint}})
           : s.kept_by_channel  ? json::value(json::object{{"channel", *s.kept_by_channel}})
                                : json::value(nullptr)},
          {"grace_seconds", s.grace_seconds},
          {"compensation", Text(s.compensation)}};
}

json::object ComplaintJson(const store::ComplaintRecord& x) {
  return {{"id", x.id},
          {"source", x.source},
          {"source_ref", x.source_ref},
          {"received_at", FormatRfc3339(x.received_at)},
          {"name", Text(x.name)},
          {"email", Text(x.email)},
          {"product", Text(x.product)},
          {"issue", Text(x.issue)},
          {"subject", Text(x.subject)},
          {"narrative", Text(x.narrative)},
          {"case_id", Id(x.case_id)}};
}

json::object WebhookJson(const store::WebhookRecord& w, bool with_secret) {
  json::object o{{"id", w.id},
                 {"url", w.url},
                 {"format", w.format},
                 {"retry_base_seconds", w.retry_base_seconds},
                 {"max_attempts", w.max_attempts},
                 {"active", w.active}};
  if (with_secret) o["secret"] = w.secret;
  return o;
}

json::object DeliveryJson(const store::DeliveryRecord& d) {
  return {{"id", d.id},
          {"webhook_id", d.webhook_id},
          {"rule_id", Id(d.rule_id)},
          {"event", d.event},
          {"state", d.state},
          {"attempts", d.attempts},
          {"last_status", d.last_status ? json::value(*d.last_status) : json::value(nullptr)},
          {"last_error", Text(d.last_error)},
          {"created_at", FormatRfc3339(d.created_at)},
          {"delivered_at", Time(d.delivered_at)}};
}

json::object EmailDeliveryJson(const store::EmailDeliveryRecord& d) {
  return {{"id", d.id},
          {"rule_id", Id(d.rule_id)},
          {"event", d.event},
          {"to", d.recipient},
          {"subject", d.subject},
          {"state", d.state},
          {"attempts", d.attempts},
          {"last_error", Text(d.last_error)},
          {"created_at", FormatRfc3339(d.created_at)},
          {"delivered_at", Time(d.delivered_at)}};
}

json::object AlertRuleJson(const store::AlertRuleRecord& r) {
  return {{"id", r.id},
          {"event", r.event},
          {"keyword", Text(r.keyword)},
          {"webhook_id", Id(r.webhook_id)},
          {"email", Text(r.email)},
          {"active", r.active}};
}

json::object SlaPolicyJson(const store::SlaPolicyRecord& p) {
  return {{"case_type", p.case_type},
          {"acknowledge_minutes", Id(p.acknowledge_minutes)},
          {"first_contact_minutes", Id(p.first_contact_minutes)},
          {"resolve_minutes", Id(p.resolve_minutes)},
          {"at_risk_percent", p.at_risk_percent},
          {"business_hours", p.business_hours}};
}

std::optional<std::string> OptString(const json::value& body, std::string_view key) {
  const json::value* v = Field(body, key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::optional<int64_t> OptInt(const json::value& body, std::string_view key) {
  const json::value* v = Field(body, key);
  if (!v || !v->is_int64()) return std::nullopt;
  return v->get_int64();
}

std::optional<bool> OptBool(const json::value& body, std::string_view key) {
  const json::value* v = Field(body, key);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

std::optional<UnixSeconds> OptTime(const json::value& body, std::string_view key) {
  auto s = OptString(body, key);
  if (!s) return std::nullopt;
  auto t = ParseRfc3339(*s, "");
  if (!t.ok()) return std::nullopt;
  return *t;
}

}  // namespace beleving::api
