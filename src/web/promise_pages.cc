// The promise board (/promises): promises not settled yet, in three
// columns (overdue, due within 48 hours, later), each with its forms
// (promise_actions.cc).
#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {

http::Response PromisesPage(Ctx& c) {
  auto rows = c.app.services().loop().promises().Unsettled(c.who, 300);
  if (!rows.ok()) return StatusPage(c, rows.status());
  const int64_t now = c.app.clock().Now();
  std::string cols[3];
  for (const auto& v : *rows) {
    const auto& p = v.record;
    const int col = p.due_at < now ? 0 : p.due_at < now + 2 * 86400 ? 1 : 2;
    cols[col] += "<li class=\"promise\"><p>" + Esc(p.text) + "</p><p class=\"muted small\">" +
                 (v.employee ? Esc(v.employee->name) + " · " : "") +
                 Esc(c.F("loop.promise.due", {{"date", Date(c, p.due_at)}})) + " · " +
                 Esc(PromiseStateText(c, loop::PromiseStateName(v.state))) +
                 (v.state == loop::PromiseState::kOverdue
                      ? " · " + Esc(c.F("promise.broken_from",
                                        {{"date", Date(c, p.due_at + p.grace_seconds)}}))
                      : std::string()) +
                 "</p>" + PromiseActionForms(c, p.id) + "</li>";
  }
  const char* heads[3] = {"loop.promise.overdue", "loop.promise.within_48h", "loop.promise.later"};
  std::string h = "<div class=\"board\">";
  for (int i = 0; i < 3; ++i) {
    h += "<section class=\"panel col" + std::to_string(i) + "\"><h2>" + Esc(c.T(heads[i])) +
         "</h2><ul>" + (cols[i].empty() ? "<li class=\"muted\">—</li>" : cols[i]) +
         "</ul></section>";
  }
  h += "</div>" + CharterTile(c);
  return Page(c, 200, "promises", c.T("loop.promise.board"), h);
}

void RegisterPromisePages(api::App& app) {
  AddPage(app, "GET", "/promises", PageAccess::kStaff,
          PageOperation("pagePromises",
                        "Promise board: promises due, overdue, kept and broken, with the forms "
                        "to mark them",
                        {}),
          PromisesPage);
}

}  // namespace beleving::web
