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
