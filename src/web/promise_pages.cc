// The promise board.
#include <algorithm>
#include <map>

#include "core/json.h"
#include "security/authenticator.h"
#include "store/access_store.h"
#include "store/survey_store.h"
#include "survey/starter.h"
#include "web/page.h"
#include "web/pages.h"
#include "web/work_pages.h"

namespace beleving::web {

http::Response PromisesPage(Ctx& c) {
  const char* title = c.L("Beloftebord", "Promise board");
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  std::vector<store::PromiseRow> rows;
  Status st = c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(rows, store::DashboardStore::OpenPromises(conn, c.tenant(), 300));
    return Status::Ok();
  });
  if (!st.ok()) return StatusPage(c, st);
  int64_t now = c.app.clock().Now();
  std::string cols[3];
  for (const auto& p : rows) {
    int col = p.due_at < now ? 0 : p.due_at < now + 2 * 86400 ? 1 : 2;
    cols[col] += "<li class=\"promise\"><p>" + Esc(p.text) + "</p><p class=\"muted small\">" +
                 (p.employee_id ? Esc(names->Employee(*p.employee_id)) + " · " : "") +
                 c.L("uiterlijk ", "due ") + Date(c, p.due_at) + " · " + Esc(p.status) + "</p>" +
                 PromiseActionForms(c, p.id) + "</li>";
  }
  const char* heads[3] = {c.L("Verlopen", "Overdue"), c.L("Binnen 48 uur", "Within 48 hours"),
                          c.L("Later", "Later")};
  std::string h = "<div class=\"board\">";
  for (int i = 0; i < 3; ++i) {
    h += "<section class=\"panel col" + std::to_string(i) + "\"><h2>" + heads[i] + "</h2><ul>" +
         (cols[i].empty() ? "<li class=\"muted\">—</li>" : cols[i]) + "</ul></section>";
  }
  h += "</div>";
  return Page(c, 200, "promises", title, h);
}

void RegisterPromisePages(api::App& app) {
  AddPage(app, "GET", "/promises", PageAccess::kStaff, PromisesPage);
}

}  // namespace beleving::web
