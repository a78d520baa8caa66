// One case (/cases/{id}): its facts, its SLA timers, the action forms
// (case_actions.cc) and its history, worded for the reader.
#include "text/redact.h"
#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

std::string Fact(const std::string& label, const std::string& value_html) {
  return "<dt>" + Esc(label) + "</dt><dd>" + value_html + "</dd>";
}

std::string SlaFacts(const Ctx& c, const loop::SlaState& sla) {
  std::string h;
  for (const auto* t : {&sla.acknowledge, &sla.first_contact, &sla.resolve}) {
    if (t->state == loop::TimerState::kNone) continue;
    std::string value = Esc(TimerStateText(c, t->state));
    if (t->due_at) value += " · " + Esc(c.F("loop.case.sla_due", {{"date", Date(c, *t->due_at)}}));
    h += Fact(c.T(std::string("loop.sla.target.") + t->target), value);
  }
  return h;
}

std::string InLang(const Ctx& c, const std::map<std::string, std::string>& text) {
  for (const char* lang : {c.lang == Lang::kNl ? "nl" : "en", "nl", "en", ""}) {
    if (auto it = text.find(lang); it != text.end()) return it->second;
  }
  return text.empty() ? "" : text.begin()->second;
}

// The customer, the response and the contact moment the case came from.
std::string OriginSection(const Ctx& c, const loop::CaseView& v, const loop::CaseOrigin& o) {
  std::string facts;
  if (v.customer) facts += Fact(c.T("loop.case.customer"), Esc(v.customer->name));
  if (o.customer_email) {
    facts += Fact(c.T("loop.case.email"), "<a href=\"mailto:" + Esc(*o.customer_email) + "\">" +
                                              Esc(*o.customer_email) + "</a>");
  }
  if (o.customer_phone) {
    facts += Fact(c.T("loop.case.phone"), "<a href=\"tel:" + Esc(*o.customer_phone) + "\">" +
                                              Esc(*o.customer_phone) + "</a>");
  }
  if (o.interaction) {
    facts += Fact(c.T("loop.case.moment"), Date(c, o.interaction->occurred_at));
    if (o.interaction->channel) {
      facts += Fact(c.T("loop.case.channel"), Esc(ChannelText(c, *o.interaction->channel)));
    }
  }
  if (o.touchpoint) {
    facts +=
        Fact(c.T("loop.case.touchpoint"), "<a href=\"/moments/" + std::to_string(o.touchpoint->id) +
                                              "\">" + Esc(o.touchpoint->name) + "</a>");
  }
  if (o.employee) {
    facts += Fact(c.T("loop.case.employee"), "<a href=\"/people/" + std::to_string(o.employee->id) +
                                                 "\">" + Esc(o.employee->name) + "</a>");
  }
  if (o.response) {
    const auto& r = *o.response;
    facts += Fact(c.T("loop.case.answered"), Date(c, r.submitted_at));
    if (o.survey) facts += Fact(c.T("loop.case.survey"), Esc(o.survey->name));
    if (r.nps) facts += Fact(c.T("loop.case.score"), ScoreBadge(*r.nps));
    if (r.csat) facts += Fact(c.T("loop.case.csat"), Num(c, *r.csat));
    if (r.ces) facts += Fact(c.T("loop.case.ces"), Num(c, *r.ces));
  }
  if (facts.empty()) return "";
  std::string h = "<section class=\"panel\" id=\"case-origin\"><h2>" +
                  Esc(c.T("loop.case.origin")) + "</h2><dl class=\"facts\">" + facts + "</dl>";
  if (o.response && o.response->comment && !o.response->comment->empty()) {
    h += "<blockquote class=\"comment\">" + Esc(text::Redact(*o.response->comment)) +
         "</blockquote>";
  }
  if (!o.answers.empty()) {
    h += "<h3>" + Esc(c.T("loop.case.answers")) + "</h3><dl class=\"facts\">";
    for (const auto& a : o.answers) {
      h += Fact(InLang(c, a.question), Esc(text::Redact(InLang(c, a.value))));
    }
    h += "</dl>";
  }
  return h + "</section>";
}

}  // namespace

http::Response CasePage(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  auto detail = c.app.services().loop().cases().Get(c.who, *id);
  if (!detail.ok()) return StatusPage(c, detail.status());
  const loop::CaseView& v = detail->view;
  const auto& k = v.record;
  std::string h = "<p class=\"lede\"><a href=\"/cases\">" + Esc(c.T("loop.case.all_cases")) +
                  "</a></p><dl class=\"facts\">" +
                  Fact(c.T("loop.case.status"), Esc(CaseStatusText(c, k.status))) +
                  Fact(c.T("loop.case.type"), Esc(CaseTypeText(c, k.case_type))) +
                  Fact(c.T("loop.case.severity"), Esc(SeverityText(c, k.severity))) +
                  Fact(c.T("loop.case.opened"), Date(c, k.opened_at));
  if (v.team) h += Fact(c.T("loop.case.team"), Esc(v.team->name));
  if (v.owner) h += Fact(c.T("loop.case.owner"), Esc(v.owner->name));
  if (k.escalation_level > 0) {
    h += Fact(c.T("loop.case.escalated_to"),
              Esc(k.escalation_level >= 3 ? c.T("loop.case.escalated_admins")
                                          : (v.escalated_to ? v.escalated_to->name : "—")));
  }
  if (k.closed_at) h += Fact(c.T("loop.case.closed"), Date(c, *k.closed_at));
  if (k.customer_satisfied) {
    h += Fact(c.T("loop.case.customer_satisfied"),
              Esc(c.T(*k.customer_satisfied ? "loop.yes" : "loop.no")));
  }
  h += SlaFacts(c, detail->sla) + "</dl>";
  if (k.description && !k.description->empty()) {
    h += "<section class=\"panel\"><h2>" + Esc(c.T("loop.case.description")) + "</h2><p>" +
         Esc(text::Redact(*k.description)) + "</p></section>";
  }
  h += OriginSection(c, v, detail->origin);
  h += CaseActionForms(c, *names, v);
  h += "<section class=\"panel\"><h2>" + Esc(c.T("loop.case.history")) + "</h2><ol class=\"log\">";
  for (const auto& e : detail->log) {
    h += "<li><time>" + Date(c, e.at) + "</time> <strong>" + Esc(LogKindText(c, e.kind)) +
         "</strong> " + Esc(text::Redact(LogEntryText(c, e))) + " <span class=\"muted\">" +
         Esc(ActorText(c, e.who)) + "</span></li>";
  }
  h += "</ol></section>";
  return Page(c, 200, "cases", CaseTitle(c, v), h);
}

}  // namespace beleving::web
