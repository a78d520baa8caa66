// The counter page (/promises/counter, issue 16): a promise written down at
// the counter on a phone, in three taps once the customer is found.
//
//   1. find the customer: one search field (GET ?q=, name, e-mail or phone:
//      capture::Dimensions::SearchCustomers), results as big links, and
//      below it the interactions just logged today by this person or at
//      their location (Dimensions::JustLogged), one tap each;
//   2. ?customer=KEY: the active standard promises as big links (one tap
//      chooses one: ?standard=KEY presets the text and the due time from its
//      deadline), a free text as alternative, the due time (datetime-local,
//      in the organisation's time zone), "e-mail this promise to the
//      customer" (checked when the customer has an address), one button;
//   3. POST /promises/counter: PromiseLedger::Make, as the API does (the
//      employee is the person's employee link), then the confirmation.
// Plain HTML forms and links: no JavaScript needed.
#include <cstdio>

#include "core/time_format.h"
#include "web/counter_pages.h"
#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

constexpr int kJustLogged = 8;
constexpr int64_t kDefaultDueSeconds = 86400;  // a free promise: tomorrow, same time

TimeZone ZoneOf(const Ctx& c) { return c.insight().Zone(c.who); }

// "2026-12-03T17:00" in the organisation's zone (a datetime-local value).
std::string LocalInput(UnixSeconds t, const TimeZone& zone) {
  const int64_t local = zone.ToLocal(t);
  const int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  const int64_t secs = local - days * 86400;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d", static_cast<long long>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>((secs % 3600) / 60));
  return buf;
}

// A datetime-local value ("2026-12-03T17:00", seconds optional) read in the
// organisation's zone; nullopt when it is not one.
std::optional<UnixSeconds> ParseLocal(const std::string& s, const TimeZone& zone) {
  if (s.size() != 16 && s.size() != 19) return std::nullopt;
  auto wall = ParseRfc3339(s + (s.size() == 16 ? ":00Z" : "Z"));
  if (!wall.ok()) return std::nullopt;
  // The offset at the instant that wall time names (twice: near a change).
  const int64_t guess = *wall - zone.OffsetAt(*wall);
  return *wall - zone.OffsetAt(guess);
}

std::string CustomerLink(const store::CustomerHit& h, const std::string& detail) {
  return "<li><a class=\"tap\" href=\"/promises/counter?customer=" + http::UrlEncode(h.key) +
         "\">" + Esc(h.name.value_or(h.key)) +
         (detail.empty() ? std::string() : "<small>" + Esc(detail) + "</small>") + "</a></li>";
}

std::string Contact(const store::CustomerHit& h) {
  std::string s = h.email.value_or("");
  if (h.phone && !h.phone->empty()) s += (s.empty() ? "" : " · ") + *h.phone;
  return s;
}

// Step 1: the search field, its results, the interactions just logged.
http::Response FindPage(Ctx& c) {
  const std::string q = Trim(c.req.Query("q").value_or(""));
  std::string h =
      "<div class=\"counter\"><section class=\"panel\"><h2><label "
      "for=\"counter-q\">" +
      Esc(c.T("counter.search.label")) +
      "</label></h2><form method=\"get\" action=\"/promises/counter\" "
      "class=\"search\" role=\"search\"><input type=\"search\" id=\"counter-q\" name=\"q\" "
      "maxlength=\"200\" "
      "autocomplete=\"off\" value=\"" +
      Esc(q) + "\" placeholder=\"" + Esc(c.T("counter.search.placeholder")) +
      "\"><button type=\"submit\">" + Esc(c.T("counter.search.button")) + "</button></form>";
  if (!q.empty()) {
    auto hits = c.app.services().dimensions().SearchCustomers(c.who, q);
    if (!hits.ok()) return StatusPage(c, hits.status());
    h += "<h2>" + Esc(c.T("counter.search.results")) + "</h2>";
    if (hits->empty()) {
      h += "<p class=\"muted\">" + Esc(c.T("counter.search.none")) + "</p>";
    } else {
      h += "<ul class=\"taps\" id=\"counter-hits\">";
      for (const auto& hit : *hits) h += CustomerLink(hit, Contact(hit));
      h += "</ul>";
    }
  }
  h += "</section><section class=\"panel\"><h2>" + Esc(c.T("counter.just_logged")) + "</h2>";
  const UnixSeconds now = c.app.clock().Now();
  const TimeZone zone = ZoneOf(c);
  // Today in the organisation's zone.
  const int64_t local = zone.ToLocal(now);
  const UnixSeconds midnight = now - (local - (local / 86400) * 86400);
  auto recent = c.app.services().dimensions().JustLogged(c.who, midnight, kJustLogged);
  if (!recent.ok()) return StatusPage(c, recent.status());
  if (recent->empty()) {
    h += "<p class=\"muted\">" + Esc(c.T("counter.just_logged.none")) + "</p>";
  } else {
    h += "<ul class=\"taps\" id=\"counter-recent\">";
    for (const auto& r : *recent) {
      std::string detail = LocalInput(r.occurred_at, zone).substr(11);
      if (r.touchpoint) detail += " · " + *r.touchpoint;
      if (r.channel) detail += " · " + ChannelText(c, *r.channel);
      h += CustomerLink(r.customer, detail);
    }
    h += "</ul>";
  }
  h += "</section>";
  if (!c.is_employee()) {
    h += "<p><a href=\"/promises/standards\">" + Esc(c.T("standards.link")) + "</a></p>";
  }
  h += "</div>";
  return Page(c, 200, "counter", c.T("counter.title"), h);
}

// Step 2: the customer is chosen; the standards, the text, the due time.
http::Response PickPage(Ctx& c, const std::string& customer_key) {
  auto customer = c.app.services().dimensions().CounterCustomer(c.who, customer_key);
  if (!customer.ok()) return StatusPage(c, customer.status());
  auto& ledger = c.app.services().loop().promises();
  auto standards = ledger.Standards(c.who);
  if (!standards.ok()) return StatusPage(c, standards.status());
  const std::string chosen = c.req.Query("standard").value_or(c.Form("standard").value_or(""));
  const UnixSeconds now = c.app.clock().Now();
  const TimeZone zone = ZoneOf(c);
  const std::string base = "/promises/counter?customer=" + http::UrlEncode(customer->key);
  std::string text = c.Form("text").value_or("");
  UnixSeconds due = now + kDefaultDueSeconds;
  std::string list;
  for (const auto& s : *standards) {
    if (!s.active) continue;
    const bool on = s.key == chosen;
    if (on) {
      auto d = ledger.DueOf(c.who, s, now);
      if (!d.ok()) return StatusPage(c, d.status());
      due = *d;
      if (text.empty()) text = s.text;
    }
    list += "<li><a class=\"tap\" href=\"" + Esc(base + "&standard=" + http::UrlEncode(s.key)) +
            "\"" + (on ? " aria-current=\"true\"" : "") + ">" + Esc(s.text) + "</a></li>";
  }
  const std::string due_value = c.Form("due").value_or(LocalInput(due, zone));
  const bool has_email = customer->email && !customer->email->empty();
  std::string h = "<div class=\"counter\"><section class=\"panel\"><h2>" +
                  Esc(customer->name.value_or(customer->key)) + "</h2><p class=\"muted\">" +
                  Esc(Contact(*customer)) + "</p><p><a href=\"/promises/counter\">" +
                  Esc(c.T("counter.other_customer")) + "</a></p></section>";
  h += "<section class=\"panel\"><h2>" + Esc(c.T("counter.standards")) + "</h2>";
  h += list.empty() ? "<p class=\"muted\">" + Esc(c.T("counter.standards.none")) + "</p>"
                    : "<ul class=\"taps\" id=\"counter-standards\">" + list + "</ul>";
  h += "<form method=\"post\" action=\"/promises/counter\" class=\"stack\" id=\"counter-make\">" +
       CsrfField(c) + "<input type=\"hidden\" name=\"customer\" value=\"" + Esc(customer->key) +
       "\">";
  if (!chosen.empty()) {
    h += "<input type=\"hidden\" name=\"standard\" value=\"" + Esc(chosen) + "\">";
  }
  h += "<div class=\"field\"><label for=\"counter-text\">" +
       Esc(c.T(chosen.empty() ? "counter.text" : "counter.text.standard")) +
       "</label><textarea id=\"counter-text\" name=\"text\" rows=\"3\" maxlength=\"1000\" "
       "required>" +
       Esc(text) + "</textarea></div><div class=\"field\"><label for=\"counter-due\">" +
       Esc(c.T("counter.due")) +
       "</label><input type=\"datetime-local\" id=\"counter-due\" name=\"due\" required "
       "value=\"" +
       Esc(due_value) + "\"></div>" +
       (has_email ? "<label class=\"check\"><input type=\"checkbox\" name=\"email\" value=\"1\" "
                    "checked> " +
                        Esc(c.T("counter.email")) + "</label>"
                  : "<p class=\"muted\">" + Esc(c.T("counter.email.none")) + "</p>") +
       "<button type=\"submit\" class=\"make\">" + Esc(c.T("counter.make")) +
       "</button></form></section></div>";
  return Page(c, 200, "counter", c.T("counter.title"), h);
}

http::Response CounterPage(Ctx& c) {
  const std::string customer = c.req.Query("customer").value_or("");
  if (!customer.empty()) return PickPage(c, customer);
  return FindPage(c);
}

// Step 3: the promise is made; the confirmation, or the form again with the
// reason (422).
http::Response MakeAtCounter(Ctx& c) {
  const std::string customer = c.Form("customer").value_or("");
  const TimeZone zone = ZoneOf(c);
  loop::NewPromise in;
  in.text = Trim(c.Form("text").value_or(""));
  in.customer = customer;
  if (auto s = c.Form("standard"); s && !s->empty()) in.type = *s;
  in.email_customer = c.Form("email").value_or("") == "1";
  auto link = c.app.services().dimensions().StaffLinkOf(c.who);
  if (!link.ok()) return StatusPage(c, link.status());
  if (*link) {
    in.employee = (*link)->employee_key;
    in.team = (*link)->team_key;
  }
  auto due = ParseLocal(Trim(c.Form("due").value_or("")), zone);
  if (!due) {
    c.form_error = c.T("counter.failed") + ": " + c.T("loop.error.counter.due_at");
    return PickPage(c, customer);
  }
  in.due_at = *due;
  auto made = c.app.services().loop().promises().Make(c.who, in);
  if (!made.ok()) {
    if (LoopFormError(&c, made.status(), "counter.failed", "counter")) return PickPage(c, customer);
    return StatusPage(c, made.status());
  }
  const auto& p = made->record;
  std::string h =
      "<div class=\"counter\"><section class=\"panel notice ok\" role=\"status\" "
      "id=\"counter-done\"><h2>" +
      Esc(c.T("counter.done")) + "</h2><p>" + Esc(p.text) + "</p><p>" +
      Esc(c.F("counter.done.due",
              {{"due", Date(c, p.due_at) + " " + LocalInput(p.due_at, zone).substr(11)}})) +
      "</p>" + (in.email_customer ? "<p>" + Esc(c.T("counter.done.email")) + "</p>" : "") +
      "<p><a class=\"tap\" href=\"/promises/counter\">" + Esc(c.T("counter.next")) +
      "</a></p></section></div>";
  return Page(c, 200, "counter", c.T("counter.title"), h);
}

}  // namespace

void RegisterCounterPage(api::App& app) {
  api::Operation page = PageOperation(
      "pagePromiseCounter",
      "The counter: find a customer, pick a standard promise or write one, set the due "
      "time (phone-first)",
      {{"q", api::Schema::String(0, capture::kMaxCustomerSearch), false,
        "Search customers by name, e-mail or phone"},
       {"customer", api::Schema::String(1, 200), false, "The chosen customer's key"},
       {"standard", api::Schema::String(1, loop::kMaxPromiseType), false,
        "The chosen standard promise's key"}});
  page.replies.push_back({404, "No such customer in the organisation: an HTML error page", "",
                          std::nullopt, "text/html"});
  AddPage(app, "GET", "/promises/counter", PageAccess::kAny, std::move(page), CounterPage);
  AddPage(app, "POST", "/promises/counter", PageAccess::kAny,
          api::Operation{
              "pageMakePromiseAtCounter",
              "Dashboard: make a promise at the counter (and e-mail it to the customer)",
              "Dashboard",
              {},
              {},
              std::nullopt,
              api::Schema::Object(
                  {{"customer", api::Schema::String(1, 200), api::kRequired},
                   {"standard", api::Schema::String(0, loop::kMaxPromiseType)},
                   {"text", api::Schema::String(0, loop::kMaxPromiseText), api::kRequired},
                   {"due", api::Schema::String(0, 40), api::kRequired},
                   {"email", api::Schema::Enum({"1"})}}),
              {{200, "The promise is made: the confirmation", "", std::nullopt, "text/html"},
               {400, "The form does not match its declaration", "", std::nullopt, "text/html"},
               {403, "The form expired (CSRF token)", "", std::nullopt, "text/html"},
               {404, "No such customer", "", std::nullopt, "text/html"},
               {422, "Refused (no text, a due time not in the future): the form with the reason",
                "", std::nullopt, "text/html"}}},
          MakeAtCounter);
}

}  // namespace beleving::web
