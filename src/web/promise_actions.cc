// Acting on a promise from the promise board: kept, broken, or a new due
// date agreed with the customer. The forms call the promise ledger
// (loop/promise_ledger.h), as the API does; a refused change shows the
// board again with the reason (422).
#include "core/time_format.h"
#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

constexpr size_t kFieldBound = 8 * 1024;

loop::PromiseLedger& Ledger(Ctx& c) { return c.app.services().loop().promises(); }

http::Response Done(Ctx& c, const Result<loop::PromiseView>& r, std::string_view context) {
  if (r.ok()) return Redirect("/promises");
  if (LoopFormError(&c, r.status(), "loop.promise.update_failed", context)) {
    return PromisesPage(c);
  }
  return StatusPage(c, r.status());
}

http::Response Keep(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  return Done(c, Ledger(c).Keep(c.who, *id), "settle");
}

http::Response Break(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  return Done(c, Ledger(c).Break(c.who, *id), "settle");
}

// A new due date: the end of that day (UTC), as the date input gives no time.
http::Response Renegotiate(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  const std::string due_text = Trim(c.Form("due").value_or(""));
  auto day = ParseDateOrDateTime(due_text, "/due");
  if (!day.ok() || due_text.size() != 10) {
    c.form_error = c.T("loop.promise.update_failed") + ": " + c.T("loop.error.renegotiate.date");
    return PromisesPage(c);
  }
  std::optional<std::string> note = c.Form("note");
  if (note && Trim(*note).empty()) note.reset();
  return Done(c, Ledger(c).Renegotiate(c.who, *id, *day + 86400 - 60, note), "renegotiate");
}

api::Operation FormOperation(std::string id, std::string summary, std::vector<api::Property> form) {
  return {std::move(id),
          std::move(summary),
          "Dashboard",
          {{"id", api::Schema::String(1, 18).Pattern("^[0-9]+$"), true, "The promise"}},
          {},
          std::nullopt,
          api::Schema::Object(std::move(form)),
          {{303, "Done: back to the promise board", "", std::nullopt, "text/html"},
           {404, "No such promise (or not visible to the session)", "", std::nullopt, "text/html"},
           {400, "The form does not match its declaration (unknown field, too long)", "",
            std::nullopt, "text/html"},
           {403, "The form expired (CSRF token) or the role may not do this", "", std::nullopt,
            "text/html"},
           {422,
            "Refused (settled already, a date not in the future): the board with the "
            "reason",
            "", std::nullopt, "text/html"}}};
}

}  // namespace

std::string PromiseActionForms(const Ctx& c, int64_t promise_id) {
  const std::string base = "/promises/" + std::to_string(promise_id);
  const std::string csrf = CsrfField(c);
  const std::string pid = "p" + std::to_string(promise_id);
  return "<div class=\"buttons\"><form method=\"post\" action=\"" + base +
         "/kept\" class=\"inline\">" + csrf + "<button type=\"submit\" class=\"small\">" +
         Esc(c.T("loop.promise.kept")) + "</button></form><form method=\"post\" action=\"" + base +
         "/broken\" class=\"inline\">" + csrf + "<button type=\"submit\" class=\"small danger\">" +
         Esc(c.T("loop.promise.broken")) + "</button></form></div><details><summary>" +
         Esc(c.T("loop.promise.renegotiate")) + "</summary><form method=\"post\" action=\"" + base +
         "/renegotiate\" class=\"stack\">" + csrf + "<div class=\"field\"><label for=\"" + pid +
         "-due\">" + Esc(c.T("loop.promise.new_date")) + "</label><input type=\"date\" id=\"" +
         pid + "-due\" name=\"due\" required></div><div class=\"field\"><label for=\"" + pid +
         "-note\">" + Esc(c.T("loop.case.note_optional")) + "</label><input id=\"" + pid +
         "-note\" name=\"note\" maxlength=\"2000\"></div><div class=\"buttons\"><button "
         "type=\"submit\" class=\"small\">" +
         Esc(c.T("loop.save")) + "</button></div></form></details>";
}

void RegisterPromiseActions(api::App& app) {
  RegisterCharterActions(app);
  AddPage(app, "POST", "/promises/{id}/kept", PageAccess::kStaff,
          FormOperation("pageKeepPromise", "Dashboard: mark a promise kept", {}), Keep);
  AddPage(app, "POST", "/promises/{id}/broken", PageAccess::kStaff,
          FormOperation("pageBreakPromise", "Dashboard: mark a promise broken", {}), Break);
  AddPage(app, "POST", "/promises/{id}/renegotiate", PageAccess::kStaff,
          FormOperation("pageRenegotiatePromise", "Dashboard: agree a new due date",
                        {{"due", api::Schema::String(0, 40), api::kRequired},
                         {"note", api::Schema::String(0, kFieldBound)}}),
          Renegotiate);
}

}  // namespace beleving::web
