// Acting on a case from its page: plain HTML forms that POST with the
// session's `_csrf` token and call the case service (loop/case_service.h),
// the same functions the API calls: the case is reached through the
// session's TenantScope (another organisation's id, or a case outside a
// manager's teams, is a 404), the change is audited, and the browser is
// redirected back (303). A refused change shows the case page again with
// the reason (422); nothing is stored.
//
// The forms' declarations give the fields and their transport bounds; the
// rules (which status may follow, what is too long) are the service's, so
// a refusal is the page with the reason, not a bare 400.
#include <algorithm>

#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

constexpr size_t kFieldBound = 32 * 1024;  // a form field's transport bound

loop::CaseService& Cases(Ctx& c) { return c.app.services().loop().cases(); }

// The result of a change: back to the case, or the case page with the
// reason (`failed_key`) for a refused one, or an error page.
http::Response Done(Ctx& c, const Result<loop::CaseView>& r, std::string_view failed_key,
                    std::string_view context) {
  if (r.ok()) return Redirect("/cases/" + std::to_string(r->record.id));
  if (LoopFormError(&c, r.status(), failed_key, context)) return CasePage(c);
  return StatusPage(c, r.status());
}

std::optional<std::string> NonEmpty(std::optional<std::string> v) {
  if (v && Trim(*v).empty()) return std::nullopt;
  return v;
}

http::Response ChangeStatus(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  return Done(
      c, Cases(c).ChangeStatus(c.who, *id, c.Form("status").value_or(""), NonEmpty(c.Form("note"))),
      "loop.case.status_failed", "status");
}

http::Response AddNote(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  return Done(c, Cases(c).AddNote(c.who, *id, c.Form("text").value_or("")), "loop.case.note_failed",
              "note");
}

http::Response AddContact(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  return Done(c, Cases(c).AddContact(c.who, *id, c.Form("channel"), c.Form("summary").value_or("")),
              "loop.case.contact_failed", "contact");
}

http::Response SetWaiting(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  return Done(c, Cases(c).SetWaiting(c.who, *id, c.Form("waiting").value_or("") == "1"),
              "loop.case.waiting_failed", "waiting");
}

// Severity and owner: the same function as PATCH /api/v1/cases/{id}.
http::Response UpdateCase(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  loop::CaseUpdate in;
  in.severity = c.Form("severity");
  in.owner = NonEmpty(c.Form("owner"));
  return Done(c, Cases(c).Update(c.who, *id, in), "loop.case.update_failed", "update");
}

api::Operation FormOperation(std::string id, std::string summary, std::vector<api::Property> form) {
  return {std::move(id),
          std::move(summary),
          "Dashboard",
          {{"id", api::Schema::String(1, 18).Pattern("^[0-9]+$"), true, "The case"}},
          {},
          std::nullopt,
          api::Schema::Object(std::move(form)),
          {{303, "Done: back to the case page", "", std::nullopt, "text/html"},
           {404, "No such case (or not visible to the session)", "", std::nullopt, "text/html"},
           {400, "The form does not match its declaration (unknown field, too long)", "",
            std::nullopt, "text/html"},
           {403, "The form expired (CSRF token) or the role may not do this", "", std::nullopt,
            "text/html"},
           {422, "Refused: the case page with the reason; nothing stored", "", std::nullopt,
            "text/html"}}};
}

api::Schema Field(size_t min = 0) { return api::Schema::String(min, kFieldBound); }

}  // namespace

std::string CaseActionForms(const Ctx& c, const Names& names, const loop::CaseView& v) {
  const auto& k = v.record;
  const std::string base = "/cases/" + std::to_string(k.id);
  const std::string csrf = CsrfField(c);
  std::string h = "<section class=\"panel\" aria-labelledby=\"acts\"><h2 id=\"acts\">" +
                  Esc(c.T("loop.case.actions")) + "</h2><div class=\"actions\">";
  // Status: every status the flow allows from here.
  std::string options;
  const auto from = loop::ParseCaseStatus(k.status);
  for (loop::CaseStatus s : from ? loop::NextStatuses(*from) : std::vector<loop::CaseStatus>{}) {
    const std::string name(loop::CaseStatusName(s));
    std::string label = *from == loop::CaseStatus::kClosed
                            ? c.F("loop.case.reopen_as", {{"status", CaseStatusText(c, name)}})
                            : CaseStatusText(c, name);
    options += "<option value=\"" + name + "\">" + Esc(label) + "</option>";
  }
  h += "<form method=\"post\" action=\"" + base + "/status\" id=\"case-status\">" + csrf + "<h3>" +
       Esc(c.T("loop.case.status")) + ": " + Esc(CaseStatusText(c, k.status)) + "</h3>";
  if (options.empty()) {
    h += "<p class=\"muted\">" + Esc(c.T("loop.case.no_next_step")) + "</p>";
  } else {
    h += "<div class=\"field\"><label for=\"cs-to\">" + Esc(c.T("loop.case.new_status")) +
         "</label><select id=\"cs-to\" name=\"status\">" + options +
         "</select></div><div class=\"field\"><label for=\"cs-note\">" +
         Esc(c.T("loop.case.note_optional")) +
         "</label><textarea id=\"cs-note\" name=\"note\" rows=\"2\" "
         "maxlength=\"20000\"></textarea></div><div class=\"buttons\"><button type=\"submit\">" +
         Esc(c.T("loop.case.change_status")) + "</button></div>";
  }
  h += "</form>";
  // Note.
  h += "<form method=\"post\" action=\"" + base + "/notes\" id=\"case-note\">" + csrf + "<h3>" +
       Esc(c.T("loop.case.note")) + "</h3><div class=\"field\"><label for=\"cn-text\">" +
       Esc(c.T("loop.case.text")) +
       "</label><textarea id=\"cn-text\" name=\"text\" rows=\"3\" maxlength=\"20000\" "
       "required></textarea></div><div class=\"buttons\"><button type=\"submit\">" +
       Esc(c.T("loop.case.add_note")) + "</button></div></form>";
  // Contact with the customer.
  h += "<form method=\"post\" action=\"" + base + "/contacts\" id=\"case-contact\">" + csrf +
       "<h3>" + Esc(c.T("loop.case.contact")) +
       "</h3><div class=\"field\"><label for=\"cc-channel\">" + Esc(c.T("loop.case.channel")) +
       "</label><select id=\"cc-channel\" name=\"channel\">";
  for (const auto& ch : loop::kContactChannels) {
    h += "<option value=\"" + ch + "\">" + Esc(ChannelText(c, ch)) + "</option>";
  }
  h += "</select></div><div class=\"field\"><label for=\"cc-summary\">" +
       Esc(c.T("loop.case.summary")) +
       "</label><textarea id=\"cc-summary\" name=\"summary\" rows=\"2\" maxlength=\"20000\" "
       "required></textarea></div><div class=\"buttons\"><button type=\"submit\">" +
       Esc(c.T("loop.case.log_contact")) + "</button></div></form>";
  // Severity and owner.
  h += "<form method=\"post\" action=\"" + base + "/update\" id=\"case-update\">" + csrf + "<h3>" +
       Esc(c.T("loop.case.severity_and_owner")) +
       "</h3><div class=\"field\"><label for=\"cu-sev\">" + Esc(c.T("loop.case.severity")) +
       "</label><select id=\"cu-sev\" name=\"severity\">";
  for (const auto& s : loop::kSeverities) {
    h += "<option value=\"" + s + "\"" + (k.severity == s ? " selected" : "") + ">" +
         Esc(SeverityText(c, s)) + "</option>";
  }
  h += "</select></div><div class=\"field\"><label for=\"cu-owner\">" +
       Esc(c.T("loop.case.owner")) + "</label><select id=\"cu-owner\" name=\"owner\">";
  if (!v.owner) h += "<option value=\"\">" + Esc(c.T("loop.case.no_owner")) + "</option>";
  std::vector<const store::NamedItem*> people;
  for (const auto& [id, item] : names.employees) people.push_back(&item);
  std::sort(people.begin(), people.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  for (const auto* e : people) {
    h += "<option value=\"" + Esc(e->key) + "\"" +
         (k.owner_employee_id == e->id ? " selected" : "") + ">" + Esc(e->name) + "</option>";
  }
  h += "</select></div><div class=\"buttons\"><button type=\"submit\">" + Esc(c.T("loop.save")) +
       "</button></div></form>";
  if (!k.closed_at) {
    const bool waiting = k.waiting_since.has_value();
    h += "<form method=\"post\" action=\"" + base + "/waiting\" id=\"case-waiting\">" + csrf +
         "<input type=\"hidden\" name=\"waiting\" value=\"" + (waiting ? "0" : "1") + "\"><h3>" +
         Esc(c.T("loop.case.waiting")) + "</h3><p class=\"muted\">" +
         Esc(waiting ? c.F("loop.case.waiting_since", {{"date", Date(c, *k.waiting_since)}})
                     : c.T("loop.case.clock_running")) +
         "</p><div class=\"buttons\"><button type=\"submit\">" +
         Esc(c.T(waiting ? "loop.case.resume" : "loop.case.wait")) + "</button></div></form>";
  }
  h += "</div></section>";
  return h;
}

void RegisterCaseActions(api::App& app) {
  AddPage(app, "POST", "/cases/{id}/status", PageAccess::kStaff,
          FormOperation("pageChangeCaseStatus", "Dashboard: move a case along the flow",
                        {{"status", Field(1), api::kRequired}, {"note", Field()}}),
          ChangeStatus);
  AddPage(app, "POST", "/cases/{id}/notes", PageAccess::kStaff,
          FormOperation("pageAddCaseNote", "Dashboard: add a note",
                        {{"text", Field(), api::kRequired}}),
          AddNote);
  AddPage(app, "POST", "/cases/{id}/contacts", PageAccess::kStaff,
          FormOperation("pageAddCaseContact", "Dashboard: log a contact with the customer",
                        {{"channel", Field(1)}, {"summary", Field(), api::kRequired}}),
          AddContact);
  AddPage(app, "POST", "/cases/{id}/waiting", PageAccess::kStaff,
          FormOperation("pageSetCaseWaiting", "Dashboard: wait on the customer (1) or resume (0)",
                        {{"waiting", api::Schema::Enum({"0", "1"}), api::kRequired}}),
          SetWaiting);
  AddPage(app, "POST", "/cases/{id}/update", PageAccess::kStaff,
          FormOperation("pageUpdateCase", "Dashboard: change severity and owner",
                        {{"severity", Field(1)}, {"owner", Field()}}),
          UpdateCase);
}

}  // namespace beleving::web
