// The cases inbox (/cases): the cases the session sees, most urgent first
// (SLA breached, at risk, high severity, then the longest waiting).
#include <algorithm>
#include <map>

#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

constexpr int kMaxCases = 1000;
constexpr size_t kShown = 50;

// SLA flags (loop/sla_watch.h): even bits at risk, odd bits breached, per
// timer (acknowledge, first contact, resolve).
bool Breached(const loop::CaseView& k) { return (k.record.sla_flags & 0x2A) != 0; }
bool AtRisk(const loop::CaseView& k) { return (k.record.sla_flags & 0x15) != 0; }
bool Severe(const loop::CaseView& k) {
  return k.record.severity == "high" || k.record.severity == "critical";
}

http::Response CasesPage(Ctx& c) {
  const bool all = c.req.Query("all").value_or("") == "1";
  // Every case the session sees, in pages of the service's maximum.
  std::vector<loop::CaseView> rows;
  loop::CaseQuery q;
  q.open_only = !all;
  q.limit = kMaxCases;
  auto page = c.app.services().loop().cases().List(c.who, q);
  if (!page.ok()) return StatusPage(c, page.status());
  rows = std::move(page->cases);
  const bool more = page->more;
  int64_t n_breached = 0, n_risk = 0, n_high = 0;
  std::map<std::string, int64_t> by_type;
  for (const auto& k : rows) {
    n_breached += Breached(k);
    n_risk += AtRisk(k) && !Breached(k);
    n_high += Severe(k);
    by_type[k.record.case_type]++;
  }
  auto urgency = [](const loop::CaseView& k) {
    return (Breached(k) ? 4 : 0) + (AtRisk(k) ? 2 : 0) + (Severe(k) ? 1 : 0);
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& x, const auto& y) {
    if (urgency(x) != urgency(y)) return urgency(x) > urgency(y);
    return x.record.opened_at < y.record.opened_at;
  });
  std::string h = "<div class=\"lede\"><a href=\"/cases" + std::string(all ? "" : "?all=1") +
                  "\">" + Esc(c.T(all ? "loop.cases.open_only" : "loop.cases.include_closed")) +
                  "</a></div><div class=\"cards\">";
  auto card = [&](const std::string& label, int64_t n, const std::string& cls) {
    h += "<div class=\"card " + cls + "\"><div class=\"label\">" + Esc(label) +
         "</div><div class=\"value\">" + Num(c, static_cast<double>(n)) +
         (more && cls == "hero" ? "+" : "") + "</div></div>";
  };
  card(c.T(all ? "loop.cases.all" : "loop.cases.open"), static_cast<int64_t>(rows.size()), "hero");
  card(c.T("loop.cases.sla_breached"), n_breached, n_breached ? "bad" : "");
  card(c.T("loop.cases.sla_at_risk"), n_risk, n_risk ? "warn" : "");
  card(c.T("loop.cases.high_severity"), n_high, "");
  h += "</div>";
  if (!by_type.empty()) {
    h += "<p class=\"muted\">";
    bool first = true;
    for (const auto& [type, n] : by_type) {
      h += (first ? "" : " · ") + Esc(CaseTypeText(c, type)) + " " + Num(c, static_cast<double>(n));
      first = false;
    }
    h += "</p>";
  }
  if (rows.empty()) {
    h += "<p class=\"muted\">" + Esc(c.T("loop.cases.none")) + "</p>";
    return Page(c, 200, "cases", c.T("loop.cases.title"), h);
  }
  h += "<table class=\"data\"><thead><tr><th scope=\"col\">" + Esc(c.T("loop.case.case")) +
       "</th><th scope=\"col\">" + Esc(c.T("loop.case.sla")) + "</th><th scope=\"col\">" +
       Esc(c.T("loop.case.type")) + "</th><th scope=\"col\">" + Esc(c.T("loop.case.status")) +
       "</th><th scope=\"col\">" + Esc(c.T("loop.case.severity")) + "</th><th scope=\"col\">" +
       Esc(c.T("loop.case.team")) + "</th><th scope=\"col\">" + Esc(c.T("loop.case.opened")) +
       "</th></tr></thead><tbody>";
  for (size_t i = 0; i < rows.size() && i < kShown; ++i) {
    const auto& k = rows[i];
    std::string sla =
        Breached(k) ? "<span class=\"sla bad\">" +
                          Esc(TimerStateText(c, loop::TimerState::kBreached)) + "</span>"
        : AtRisk(k) ? "<span class=\"sla warn\">" +
                          Esc(TimerStateText(c, loop::TimerState::kAtRisk)) + "</span>"
                    : "<span class=\"muted\">" + Esc(c.T("loop.cases.sla_ok")) + "</span>";
    h += "<tr><th scope=\"row\"><a href=\"/cases/" + std::to_string(k.record.id) + "\">" +
         Esc(CaseTitle(c, k)) + "</a></th><td>" + sla + "</td><td>" +
         Esc(CaseTypeText(c, k.record.case_type)) + "</td><td>" +
         Esc(CaseStatusText(c, k.record.status)) + "</td><td>" +
         Esc(SeverityText(c, k.record.severity)) + "</td><td>" +
         (k.team ? Esc(k.team->name) : "—") + "</td><td>" + Date(c, k.record.opened_at) +
         "</td></tr>";
  }
  h += "</tbody></table>";
  if (rows.size() > kShown) {
    h += "<p class=\"muted\">" +
         Esc(c.F("loop.cases.most_urgent", {{"shown", Num(c, static_cast<double>(kShown))},
                                            {"total", Num(c, static_cast<double>(rows.size()))}})) +
         "</p>";
  }
  return Page(c, 200, "cases", c.T("loop.cases.title"), h);
}

}  // namespace

void RegisterCasePages(api::App& app) {
  AddPage(app, "GET", "/cases", PageAccess::kStaff,
          PageOperation(
              "pageCases",
              "Case inbox: open cases with their SLA state, severity and team (all=1 "
              "also closed ones)",
              {{"all", api::Schema::Enum({"", "0", "1"}), false, "1 lists closed cases as well"}}),
          CasesPage);
  AddPage(app, "GET", "/cases/{id}", PageAccess::kStaff,
          PageOperation("pageCase",
                        "One case: its status flow, history, notes, contacts, promises and the "
                        "forms that move it on",
                        {}, true),
          CasePage);
}

}  // namespace beleving::web
