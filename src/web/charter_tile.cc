// The service charter on the dashboard: its figures (kept rate and
// promises made over the last 90 days, broken this week) and each active
// standard promise with its kept rate and count over the last 90 days (the overview and the
// promise board show it), and for admins the switch that publishes the
// public page /charter/SLUG (PromiseLedger::PublishCharter, as the API and
// `beleving charter publish` do).
#include "web/work_pages.h"

namespace beleving::web {
namespace {

http::Response Publish(Ctx& c) {
  const bool on = c.Form("published").value_or("") == "1";
  Status st = c.app.services().loop().promises().PublishCharter(c.who, on);
  if (!st.ok()) return StatusPage(c, st);
  return Redirect("/promises");
}

}  // namespace

std::string CharterTile(const Ctx& c) {
  auto v = c.app.services().loop().promises().Charter(c.who);
  if (!v.ok() || v->items.empty()) return "";
  std::string h =
      "<section class=\"panel\" id=\"charter-tile\"><h2>" + Esc(c.T("charter.tile.title")) +
      "</h2><p class=\"charter-figures\">" +
      Esc(c.F("charter.tile.figures",
              {{"rate", v->kept_rate ? Percent(c, *v->kept_rate) : c.T("charter.no_rate")},
               {"made", Num(c, static_cast<double>(v->made))},
               {"broken", Num(c, static_cast<double>(v->broken_this_week))}})) +
      "</p><p class=\"muted small\">" + Esc(c.T("charter.tile.days")) + "</p><ul class=\"list\">";
  for (const auto& i : v->items) {
    h += "<li>" + Esc(i.standard.text) + " <span class=\"muted\">" +
         Esc(i.kept_rate ? c.F("charter.kept_rate", {{"rate", Percent(c, *i.kept_rate)}})
                         : c.T("charter.no_rate")) +
         " · " + Esc(i18n::Plural(c.lang, "charter.made", i.made)) + "</span></li>";
  }
  h += "</ul>";
  const std::string link = "/charter/" + c.org_slug;
  if (v->published) {
    h += "<p>" + Esc(c.T("charter.tile.public")) + " <a href=\"" + Esc(link) + "\">" + Esc(link) +
         "</a></p>";
  } else {
    h += "<p class=\"muted\">" + Esc(c.T("charter.tile.private")) + "</p>";
  }
  if (c.who.IsAdmin()) {
    h += "<form method=\"post\" action=\"/promises/charter\" class=\"inline\">" + CsrfField(c) +
         "<input type=\"hidden\" name=\"published\" value=\"" + (v->published ? "0" : "1") +
         "\"><button type=\"submit\" class=\"small\">" +
         Esc(c.T(v->published ? "charter.tile.unpublish" : "charter.tile.publish")) +
         "</button></form>";
  }
  return h + "</section>";
}

void RegisterCharterActions(api::App& app) {
  AddPage(app, "POST", "/promises/charter", PageAccess::kAdmin,
          api::Operation{
              "pagePublishCharter",
              "Dashboard: publish (1) or unpublish (0) the public charter page",
              "Dashboard",
              {},
              {},
              std::nullopt,
              api::Schema::Object({{"published", api::Schema::Enum({"0", "1"}), api::kRequired}}),
              {{303, "Done: back to the promise board", "", std::nullopt, "text/html"},
               {400, "The form does not match its declaration", "", std::nullopt, "text/html"},
               {403, "The form expired (CSRF token) or the role is not admin", "", std::nullopt,
                "text/html"}}},
          Publish);
}

}  // namespace beleving::web
