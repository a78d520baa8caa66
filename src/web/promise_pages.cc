// The promise board (/promises): three columns (due today, overdue in the
// grace period with the date it becomes broken, broken this week) and the
// promises due later, each unsettled one with its forms
// (promise_actions.cc). Filtered by team, location and promise type through
// GET parameters kept in the links; the filtering is the ledger's
// (PromiseLedger::Board), the page only words it. The kept-rate report is
// /promises/report (promise_report_page.cc).
#include "web/promise_pages.h"

#include <algorithm>
#include <map>

#include "web/filter_links.h"
#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

const char* kFilters[] = {"team", "location", "type"};

// The board's filters as the URL carries them; a key the organisation does
// not have names nothing and is dropped.
std::map<std::string, std::string> ReadFilters(
    const Ctx& c, const Names& names, const std::vector<store::StandardPromiseRecord>& standards) {
  std::map<std::string, std::string> f;
  for (const char* n : kFilters) {
    auto v = c.req.Query(n);
    if (v && !v->empty()) f[n] = *v;
  }
  auto known = [](const std::unordered_map<int64_t, insight::NamedItem>& items,
                  const std::string& key) {
    return std::any_of(items.begin(), items.end(),
                       [&](const auto& it) { return it.second.key == key; });
  };
  if (f.count("team") && !known(names.teams, f["team"])) f.erase("team");
  if (f.count("location") && !known(names.locations, f["location"])) f.erase("location");
  if (f.count("type") && f["type"] != loop::kManualPromiseType &&
      std::none_of(standards.begin(), standards.end(),
                   [&](const auto& s) { return s.key == f["type"]; })) {
    f.erase("type");
  }
  return f;
}

std::string Select(const Ctx& c, const char* name, const std::string& label,
                   std::vector<std::pair<std::string, std::string>> options,
                   const std::string& selected) {
  std::string h = "<div class=\"field\"><label for=\"pf-" + std::string(name) + "\">" + Esc(label) +
                  "</label><select id=\"pf-" + name + "\" name=\"" + name +
                  "\"><option value=\"\">" + Esc(c.T("promise.board.any")) + "</option>";
  for (const auto& [value, text] : options) {
    h += "<option value=\"" + Esc(value) + "\"" + (selected == value ? " selected" : "") + ">" +
         Esc(text) + "</option>";
  }
  return h + "</select></div>";
}

std::vector<std::pair<std::string, std::string>> Items(
    const std::unordered_map<int64_t, insight::NamedItem>& items) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [id, it] : items) out.emplace_back(it.key, it.name);
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.second < b.second; });
  return out;
}

std::string FilterForm(const Ctx& c, const Names& names,
                       const std::vector<store::StandardPromiseRecord>& standards,
                       const std::map<std::string, std::string>& f) {
  auto get = [&](const char* n) {
    auto it = f.find(n);
    return it == f.end() ? std::string() : it->second;
  };
  std::vector<std::pair<std::string, std::string>> types;
  for (const auto& s : standards) types.emplace_back(s.key, s.text);
  types.emplace_back(loop::kManualPromiseType, c.T("promise.type.manual"));
  std::string h =
      "<form method=\"get\" action=\"/promises\" class=\"filters\" id=\"promise-filters\">";
  h += Select(c, "team", c.T("promise.board.team"), Items(names.teams), get("team"));
  h +=
      Select(c, "location", c.T("promise.board.location"), Items(names.locations), get("location"));
  h += Select(c, "type", c.T("promise.board.type"), types, get("type"));
  h += "<button type=\"submit\">" + Esc(c.T("promise.board.filter")) + "</button></form>";
  // Each active filter as a link that drops it (the others stay).
  std::string chips;
  for (const auto& [name, value] : f) {
    chips += " <a class=\"chip\" href=\"" + Esc(FilterLink("/promises", f, name, "")) + "\">" +
             Esc(c.F("promise.board.drop", {{"filter", c.T("promise.board." + name)}})) + "</a>";
  }
  if (!chips.empty()) h += "<p class=\"small\">" + chips + "</p>";
  return h;
}

std::string Item(const Ctx& c, const loop::PromiseView& v, bool forms) {
  const auto& p = v.record;
  std::string meta;
  if (v.customer) meta += Esc(v.customer->name) + " · ";
  if (v.employee) meta += Esc(v.employee->name) + " · ";
  if (v.team) meta += Esc(v.team->name) + " · ";
  if (p.status == "broken") {
    meta += Esc(c.F("promise.board.broken_at", {{"date", Date(c, p.settled_at.value_or(0))}}));
    if (p.compensation) {
      meta += " · " + Esc(c.F("promise.board.compensated", {{"text", *p.compensation}}));
    }
  } else {
    meta += Esc(c.F("loop.promise.due", {{"date", Date(c, p.due_at)}})) + " · " +
            Esc(PromiseStateText(c, loop::PromiseStateName(v.state)));
    if (v.state == loop::PromiseState::kOverdue) {
      meta +=
          " · " + Esc(c.F("promise.broken_from", {{"date", Date(c, p.due_at + p.grace_seconds)}}));
    }
  }
  return "<li class=\"promise\"><p>" + Esc(p.text) + "</p><p class=\"muted small\">" + meta +
         "</p>" + (forms ? PromiseActionForms(c, p.id) : std::string()) + "</li>";
}

std::string Column(const Ctx& c, const std::string& title, const char* id,
                   const std::vector<loop::PromiseView>& rows, bool forms) {
  std::string items;
  for (const auto& v : rows) items += Item(c, v, forms);
  return "<section class=\"panel\" id=\"" + std::string(id) + "\"><h2>" + Esc(title) + " (" +
         Num(c, static_cast<double>(rows.size())) + ")</h2><ul>" +
         (items.empty() ? "<li class=\"muted\">—</li>" : items) + "</ul></section>";
}

}  // namespace

http::Response PromisesPage(Ctx& c) {
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  auto& ledger = c.app.services().loop().promises();
  auto standards = ledger.Standards(c.who);
  if (!standards.ok()) return StatusPage(c, standards.status());
  const auto f = ReadFilters(c, *names, *standards);
  loop::PromiseFilter filter;
  for (const auto& [name, value] : f) {
    (name == "team" ? filter.team : name == "location" ? filter.location : filter.type) = value;
  }
  auto board = ledger.Board(c.who, filter);
  if (!board.ok()) return StatusPage(c, board.status());
  std::string h = FilterForm(c, *names, *standards, f);
  h += "<p><a href=\"/promises/report\">" + Esc(c.T("promise.board.report")) + "</a></p>";
  h += "<div class=\"board\">" +
       Column(c, c.T("promise.board.due_today"), "due-today", board->due_today, true) +
       Column(c, c.T("promise.board.overdue"), "overdue", board->overdue, true) +
       Column(c, c.T("promise.board.broken_week"), "broken-week", board->broken_this_week, false) +
       "</div>";
  h += Column(c, c.T("loop.promise.later"), "later", board->later, true);
  h += CharterTile(c);
  return Page(c, 200, "promises", c.T("loop.promise.board"), h);
}

void RegisterPromisePages(api::App& app) {
  AddPage(app, "GET", "/promises", PageAccess::kStaff,
          PageOperation(
              "pagePromises",
              "Promise board: due today, overdue (in grace), broken this week and "
              "later, filtered by team, location and promise type, with the forms to "
              "mark them",
              {{"team", api::Schema::String(0, loop::kMaxKeyLength), false, "team key"},
               {"location", api::Schema::String(0, loop::kMaxKeyLength), false, "location key"},
               {"type", api::Schema::String(0, loop::kMaxPromiseType), false,
                "a standard promise's key, or manual (free text)"}}),
          PromisesPage);
  RegisterPromiseReportPage(app);
}

}  // namespace beleving::web
