// Acting on cases and promises from the dashboard: plain HTML forms that POST
// with the session's `_csrf` token and call the loop service (loop/loop.h)
// the way the cases API does (src/api/loop_routes.cc): the case or promise is
// loaded through the session's TenantScope (a manager reaches only cases of
// their teams and locations; another organisation's id is a 404), the
// change runs in one write, and the browser is redirected back (303).
#include <algorithm>
#include <array>
#include <cstdlib>
#include <functional>

#include "core/time_format.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

using LoopPtr = std::shared_ptr<loop::Loop>;

constexpr std::array<const char*, 6> kStatuses = {"received",      "acknowledged", "assessed",
                                                  "investigating", "responded",    "closed"};
constexpr std::array<const char*, 4> kSeverities = {"low", "normal", "high", "critical"};
constexpr std::array<const char*, 6> kChannels = {"phone", "email",  "face_to_face",
                                                  "chat",  "letter", "other"};

const char* StatusLabel(const Ctx& c, std::string_view s) {
  if (s == "received") return c.L("ontvangen", "received");
  if (s == "acknowledged") return c.L("bevestigd", "acknowledged");
  if (s == "assessed") return c.L("beoordeeld", "assessed");
  if (s == "investigating") return c.L("in onderzoek", "investigating");
  if (s == "responded") return c.L("beantwoord", "responded");
  if (s == "closed") return c.L("gesloten", "closed");
  return "?";
}

const char* SeverityLabel(const Ctx& c, std::string_view s) {
  if (s == "low") return c.L("laag", "low");
  if (s == "normal") return c.L("normaal", "normal");
  if (s == "high") return c.L("hoog", "high");
  return c.L("kritiek", "critical");
}

const char* ChannelLabel(const Ctx& c, std::string_view s) {
  if (s == "phone") return c.L("telefoon", "phone");
  if (s == "email") return c.L("e-mail", "e-mail");
  if (s == "face_to_face") return c.L("persoonlijk", "face to face");
  if (s == "chat") return c.L("chat", "chat");
  if (s == "letter") return c.L("brief", "letter");
  return c.L("anders", "other");
}

template <size_t N>
bool OneOf(const std::array<const char*, N>& set, std::string_view v) {
  for (const char* s : set) {
    if (v == s) return true;
  }
  return false;
}

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Runs `fn` on the case `id` visible to the session inside one write. On a
// rejected input (fn's InvalidArgument/Conflict) nothing is stored and the
// case page is shown again with the message; on success, a redirect.
http::Response WithCase(Ctx& c, const char* what_nl, const char* what_en,
                        const std::function<Status(store::SqlConn&, store::CaseRecord&)>& fn) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  Status st = c.app.db().Write([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(auto k, store::LoopStore::GetCase(conn, c.tenant(), *id));
    if (!k) return NotFound("no such case");
    return fn(conn, *k);
  });
  if (st.ok()) return Redirect("/cases/" + std::to_string(*id));
  if (FormErrorFrom(&c, st, c.L(what_nl, what_en))) return CasePage(c);
  return StatusPage(c, st);
}

http::Response ChangeStatus(Ctx& c, loop::Loop& lp) {
  std::string to = c.Form("status").value_or("");
  std::string note = Trim(c.Form("note").value_or(""));
  if (!OneOf(kStatuses, to)) {
    c.form_error = c.L("Kies een nieuwe status.", "Choose a new status.");
    return CasePage(c);
  }
  if (note.size() > 20000) {
    c.form_error = c.L("De toelichting is te lang (max. 20 000 tekens).",
                       "The note is too long (at most 20,000 characters).");
    return CasePage(c);
  }
  return WithCase(c, "De status kon niet veranderen", "The status could not change",
                  [&](store::SqlConn& conn, store::CaseRecord& k) -> Status {
                    if (!loop::CaseTransitionAllowed(k.status, to)) {
                      return Conflict(k.status + " -> " + to);
                    }
                    std::optional<std::string> n;
                    if (!note.empty()) n = note;
                    return lp.ChangeStatus(conn, k, to, c.who.actor(), n);
                  });
}

http::Response AddNote(Ctx& c, loop::Loop& lp) {
  std::string text = Trim(c.Form("text").value_or(""));
  if (text.empty() || text.size() > 20000) {
    c.form_error = c.L("Schrijf een notitie (max. 20 000 tekens).",
                       "Write a note (at most 20,000 characters).");
    return CasePage(c);
  }
  return WithCase(c, "De notitie is niet opgeslagen", "The note was not saved",
                  [&](store::SqlConn& conn, store::CaseRecord& k) -> Status {
                    return lp.AddEvent(conn, k, "note", c.who.actor(), {{"text", text}});
                  });
}

http::Response AddContact(Ctx& c, loop::Loop& lp) {
  std::string channel = c.Form("channel").value_or("");
  std::string summary = Trim(c.Form("summary").value_or(""));
  if (!OneOf(kChannels, channel)) {
    c.form_error = c.L("Kies hoe je contact had.", "Choose how you were in contact.");
    return CasePage(c);
  }
  if (summary.empty() || summary.size() > 20000) {
    c.form_error = c.L("Vat het contact samen (max. 20 000 tekens).",
                       "Summarise the contact (at most 20,000 characters).");
    return CasePage(c);
  }
  return WithCase(c, "Het contact is niet vastgelegd", "The contact was not logged",
                  [&](store::SqlConn& conn, store::CaseRecord& k) -> Status {
                    return lp.AddContact(conn, k, channel, summary, c.who.actor());
                  });
}

http::Response SetWaiting(Ctx& c, loop::Loop& lp) {
  std::string v = c.Form("waiting").value_or("");
  if (v != "1" && v != "0") {
    c.form_error = c.L("Ongeldig formulier.", "Invalid form.");
    return CasePage(c);
  }
  return WithCase(c, "Wachten op de klant kon niet veranderen",
                  "Waiting on the customer could not change",
                  [&](store::SqlConn& conn, store::CaseRecord& k) -> Status {
                    if (k.closed_at) return Conflict("closed");
                    return lp.SetWaiting(conn, k, v == "1", c.who.actor());
                  });
}

// Severity and owner, as PATCH /api/v1/cases/{id} does: the case row and an
// "update" log entry naming what changed.
http::Response UpdateCase(Ctx& c, loop::Loop& lp) {
  std::string severity = c.Form("severity").value_or("");
  std::string owner = c.Form("owner").value_or("");
  if (!OneOf(kSeverities, severity)) {
    c.form_error = c.L("Kies een ernst.", "Choose a severity.");
    return CasePage(c);
  }
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  std::optional<int64_t> owner_id;
  if (!owner.empty()) {
    char* end = nullptr;
    long long v = std::strtoll(owner.c_str(), &end, 10);
    auto it = names->employees.find(v);
    if (*end != '\0' || it == names->employees.end()) {
      c.form_error = c.L("Kies een eigenaar uit de lijst.", "Choose an owner from the list.");
      return CasePage(c);
    }
    owner_id = v;
  }
  return WithCase(c, "De case is niet bijgewerkt", "The case was not updated",
                  [&](store::SqlConn& conn, store::CaseRecord& k) -> Status {
                    json::object changes;
                    if (k.severity != severity) {
                      k.severity = severity;
                      changes["severity"] = severity;
                    }
                    if (owner_id && k.owner_employee_id != owner_id) {
                      k.owner_employee_id = owner_id;
                      changes["owner"] = names->employees.at(*owner_id).key;
                    }
                    if (changes.empty()) return Status::Ok();
                    k.updated_at = c.app.clock().Now();
                    RETURN_IF_ERROR(store::LoopStore::UpdateCase(conn, k));
                    return lp.AddEvent(conn, k, "update", c.who.actor(), changes);
                  });
}

// --- promises

http::Response WithPromise(
    Ctx& c, const std::function<Status(store::SqlConn&, store::PromiseRecord&)>& fn) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  Status st = c.app.db().Write([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(auto p, store::LoopStore::GetPromise(conn, c.tenant(), *id));
    if (!p) return NotFound("no such promise");
    return fn(conn, *p);
  });
  if (st.ok()) return Redirect("/promises");
  if (FormErrorFrom(&c, st, c.L("De belofte is niet bijgewerkt", "The promise was not updated"))) {
    return PromisesPage(c);
  }
  return StatusPage(c, st);
}

http::Response Settle(Ctx& c, loop::Loop& lp, const std::string& status) {
  return WithPromise(c, [&](store::SqlConn& conn, store::PromiseRecord& p) {
    return lp.SettlePromise(conn, p, status, c.who.actor());
  });
}

http::Response Renegotiate(Ctx& c, loop::Loop& lp) {
  std::string due_text = c.Form("due").value_or("");
  std::string note = Trim(c.Form("note").value_or(""));
  auto day = ParseDateOrDateTime(due_text, "/due");
  // A new due date means the end of that day (UTC).
  UnixSeconds due = day.ok() ? *day + 86400 - 60 : 0;
  if (!day.ok() || due_text.size() != 10) {
    c.form_error = c.L("Geef een nieuwe datum (jjjj-mm-dd).", "Give a new date (yyyy-mm-dd).");
    return PromisesPage(c);
  }
  if (due <= c.app.clock().Now()) {
    c.form_error =
        c.L("De nieuwe datum moet in de toekomst liggen.", "The new date must be in the future.");
    return PromisesPage(c);
  }
  if (note.size() > 2000) {
    c.form_error = c.L("De toelichting is te lang (max. 2000 tekens).",
                       "The note is too long (at most 2,000 characters).");
    return PromisesPage(c);
  }
  return WithPromise(c, [&](store::SqlConn& conn, store::PromiseRecord& p) {
    std::optional<std::string> n;
    if (!note.empty()) n = note;
    return lp.RenegotiatePromise(conn, p, due, n, c.who.actor());
  });
}

}  // namespace

std::string CaseActionForms(const Ctx& c, const Names& names, const store::CaseRecord& k) {
  const std::string base = "/cases/" + std::to_string(k.id);
  const std::string csrf = CsrfField(c);
  std::string h = "<section class=\"panel\" aria-labelledby=\"acts\"><h2 id=\"acts\">" +
                  std::string(c.L("Acties", "Actions")) + "</h2><div class=\"actions\">";
  // Status: only the transitions the loop allows from here.
  std::string options;
  for (const char* s : kStatuses) {
    if (!loop::CaseTransitionAllowed(k.status, s)) continue;
    std::string label = k.status == "closed"
                            ? std::string(c.L("heropenen (", "reopen (")) + StatusLabel(c, s) + ")"
                            : StatusLabel(c, s);
    options += "<option value=\"" + std::string(s) + "\">" + Esc(label) + "</option>";
  }
  h += "<form method=\"post\" action=\"" + base + "/status\" id=\"case-status\">" + csrf + "<h3>" +
       c.L("Status", "Status") + ": " + StatusLabel(c, k.status) + "</h3>";
  if (options.empty()) {
    h += "<p class=\"muted\">" +
         std::string(c.L("Geen volgende stap mogelijk.", "No next step possible.")) + "</p>";
  } else {
    h += "<div class=\"field\"><label for=\"cs-to\">" +
         std::string(c.L("Nieuwe status", "New status")) +
         "</label><select id=\"cs-to\" name=\"status\">" + options +
         "</select></div><div class=\"field\"><label for=\"cs-note\">" +
         c.L("Toelichting (optioneel)", "Note (optional)") +
         "</label><textarea id=\"cs-note\" name=\"note\" rows=\"2\" "
         "maxlength=\"20000\"></textarea></div><div class=\"buttons\"><button type=\"submit\">" +
         c.L("Status wijzigen", "Change status") + "</button></div>";
  }
  h += "</form>";
  // Note.
  h += "<form method=\"post\" action=\"" + base + "/notes\" id=\"case-note\">" + csrf + "<h3>" +
       c.L("Notitie", "Note") + "</h3><div class=\"field\"><label for=\"cn-text\">" +
       c.L("Tekst", "Text") +
       "</label><textarea id=\"cn-text\" name=\"text\" rows=\"3\" maxlength=\"20000\" "
       "required></textarea></div><div class=\"buttons\"><button type=\"submit\">" +
       c.L("Notitie toevoegen", "Add note") + "</button></div></form>";
  // Contact with the customer.
  h += "<form method=\"post\" action=\"" + base + "/contacts\" id=\"case-contact\">" + csrf +
       "<h3>" + c.L("Contact met de klant", "Contact with the customer") +
       "</h3><div class=\"field\"><label for=\"cc-channel\">" + c.L("Kanaal", "Channel") +
       "</label><select id=\"cc-channel\" name=\"channel\">";
  for (const char* ch : kChannels) {
    h += "<option value=\"" + std::string(ch) + "\">" + ChannelLabel(c, ch) + "</option>";
  }
  h += "</select></div><div class=\"field\"><label for=\"cc-summary\">" +
       std::string(c.L("Samenvatting", "Summary")) +
       "</label><textarea id=\"cc-summary\" name=\"summary\" rows=\"2\" maxlength=\"20000\" "
       "required></textarea></div><div class=\"buttons\"><button type=\"submit\">" +
       c.L("Contact vastleggen", "Log contact") + "</button></div></form>";
  // Severity, owner and waiting on the customer.
  h += "<form method=\"post\" action=\"" + base + "/update\" id=\"case-update\">" + csrf + "<h3>" +
       c.L("Ernst en eigenaar", "Severity and owner") +
       "</h3><div class=\"field\"><label for=\"cu-sev\">" + c.L("Ernst", "Severity") +
       "</label><select id=\"cu-sev\" name=\"severity\">";
  for (const char* s : kSeverities) {
    h += "<option value=\"" + std::string(s) + "\"" + (k.severity == s ? " selected" : "") + ">" +
         SeverityLabel(c, s) + "</option>";
  }
  h += "</select></div><div class=\"field\"><label for=\"cu-owner\">" +
       std::string(c.L("Eigenaar", "Owner")) + "</label><select id=\"cu-owner\" name=\"owner\">";
  if (!k.owner_employee_id) {
    h += "<option value=\"\">" + std::string(c.L("— geen —", "— none —")) + "</option>";
  }
  std::vector<const store::NamedItem*> people;
  for (const auto& [id, item] : names.employees) people.push_back(&item);
  std::sort(people.begin(), people.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  for (const auto* e : people) {
    h += "<option value=\"" + std::to_string(e->id) + "\"" +
         (k.owner_employee_id == e->id ? " selected" : "") + ">" + Esc(e->name) + "</option>";
  }
  h += "</select></div><div class=\"buttons\"><button type=\"submit\">" +
       std::string(c.L("Opslaan", "Save")) + "</button></div></form>";
  if (!k.closed_at) {
    bool waiting = k.waiting_since.has_value();
    h += "<form method=\"post\" action=\"" + base + "/waiting\" id=\"case-waiting\">" + csrf +
         "<input type=\"hidden\" name=\"waiting\" value=\"" + (waiting ? "0" : "1") + "\"><h3>" +
         c.L("Wachten op de klant", "Waiting on the customer") + "</h3><p class=\"muted\">" +
         (waiting ? std::string(c.L("Wacht sinds ", "Waiting since ")) + Date(c, *k.waiting_since) +
                        c.L("; de SLA-klok staat stil.", "; the SLA clock is paused.")
                  : std::string(c.L("De SLA-klok loopt.", "The SLA clock is running."))) +
         "</p><div class=\"buttons\"><button type=\"submit\">" +
         (waiting ? c.L("Hervatten", "Resume") : c.L("Wacht op klant", "Wait on customer")) +
         "</button></div></form>";
  }
  h += "</div></section>";
  return h;
}

std::string PromiseActionForms(const Ctx& c, int64_t promise_id) {
  const std::string base = "/promises/" + std::to_string(promise_id);
  const std::string csrf = CsrfField(c);
  const std::string pid = "p" + std::to_string(promise_id);
  return "<div class=\"buttons\"><form method=\"post\" action=\"" + base +
         "/kept\" class=\"inline\">" + csrf + "<button type=\"submit\" class=\"small\">" +
         c.L("Nagekomen", "Kept") + "</button></form><form method=\"post\" action=\"" + base +
         "/broken\" class=\"inline\">" + csrf + "<button type=\"submit\" class=\"small danger\">" +
         c.L("Niet nagekomen", "Broken") + "</button></form></div><details><summary>" +
         c.L("Nieuwe datum afspreken", "Renegotiate the date") +
         "</summary><form method=\"post\" "
         "action=\"" +
         base + "/renegotiate\" class=\"stack\">" + csrf + "<div class=\"field\"><label for=\"" +
         pid + "-due\">" + c.L("Nieuwe datum", "New date") + "</label><input type=\"date\" id=\"" +
         pid + "-due\" name=\"due\" required></div><div class=\"field\"><label for=\"" + pid +
         "-note\">" + c.L("Toelichting (optioneel)", "Note (optional)") + "</label><input id=\"" +
         pid +
         "-note\" name=\"note\" maxlength=\"2000\"></div>"
         "<div class=\"buttons\"><button type=\"submit\" class=\"small\">" +
         c.L("Opslaan", "Save") + "</button></div></form></details>";
}

void RegisterCaseActions(api::App& app, LoopPtr lp) {
  auto add = [&](const char* path, http::Response (*fn)(Ctx&, loop::Loop&)) {
    AddPage(app, "POST", path, PageAccess::kStaff, [lp, fn](Ctx& c) { return fn(c, *lp); });
  };
  add("/cases/{id}/status", ChangeStatus);
  add("/cases/{id}/notes", AddNote);
  add("/cases/{id}/contacts", AddContact);
  add("/cases/{id}/waiting", SetWaiting);
  add("/cases/{id}/update", UpdateCase);
  AddPage(app, "POST", "/promises/{id}/kept", PageAccess::kStaff,
          [lp](Ctx& c) { return Settle(c, *lp, "kept"); });
  AddPage(app, "POST", "/promises/{id}/broken", PageAccess::kStaff,
          [lp](Ctx& c) { return Settle(c, *lp, "broken"); });
  add("/promises/{id}/renegotiate", Renegotiate);
}

}  // namespace beleving::web
