// /charter/SLUG: an organisation's public service charter, when it
// published it (`beleving charter publish`, or the dashboard's toggle):
// each active standard promise with its kept rate over the last 90 days
// and how often it was made. No sign-in, no JavaScript; Dutch or English by
// ?lang= or Accept-Language. 404 (a page) when the charter is not public.
#include "core/html.h"
#include "i18n/locale.h"
#include "web/public/loop_public_pages.h"

namespace beleving::web {
namespace {

std::string Esc(std::string_view s) { return HtmlEscape(s); }

std::string Render(i18n::Lang lang, const loop::CharterView& v) {
  std::string h = "<p>" + Esc(i18n::Format(lang, "charter.of", {{"org", v.org_name}})) + "</p>";
  h += "<p>" + Esc(i18n::Text(lang, "charter.intro")) + "</p>";
  if (v.items.empty()) h += "<p>" + Esc(i18n::Text(lang, "charter.empty")) + "</p>";
  h += "<ul class=\"charter\">";
  for (const auto& i : v.items) {
    h += "<li><h2>" + Esc(i.standard.text) + "</h2><p><strong>";
    h += Esc(i.kept_rate ? i18n::Format(lang, "charter.kept_rate",
                                        {{"rate", i18n::Percent(lang, *i.kept_rate)}})
                         : i18n::Text(lang, "charter.no_rate"));
    h += "</strong> &middot; " + Esc(i18n::Plural(lang, "charter.made", i.made)) + "</p>";
    if (i.standard.compensation) {
      h += "<p>" +
           Esc(i18n::Format(lang, "charter.compensation", {{"text", *i.standard.compensation}})) +
           "</p>";
    }
    h += "</li>";
  }
  return h + "</ul>";
}

}  // namespace

void RegisterCharterPage(api::App& app) {
  api::Operation op;
  op.id = "showCharter";
  op.summary = "An organisation's public service charter with each promise's kept rate";
  op.tag = "Public pages";
  op.path = {{"org", api::Schema::String(1, 63), true, "The organisation's slug"}};
  op.replies = {{200, "The charter (a page)", "", std::nullopt, "text/html"},
                {404, "No such organisation, or its charter is not public (a page)", "",
                 std::nullopt, "text/html"},
                {500, "The charter could not be read (a page)", "", std::nullopt, "text/html"}};
  app.Add(
      "GET", "/charter/{org}", api::Access::kPublic, std::move(op),
      [](api::Call& call) {
        auto v = call.services().loop().promises().PublicCharter(call.req.path_params["org"]);
        if (!v.ok()) {
          const bool missing = v.status().code() == StatusCode::kNotFound;
          const i18n::Lang lang = call.lang;
          return http::Html(
              missing ? 404 : 500,
              LoopPublicPage(lang, i18n::Text(lang, "charter.title"),
                             "<p>" +
                                 Esc(i18n::Text(lang, missing ? "charter.not_found"
                                                              : "error.not_found.text")) +
                                 "</p>",
                             /*noindex=*/true));
        }
        // ?lang=, the lang cookie, else the browser's Accept-Language (the
        // chain's order for public pages): a charter is read by anyone.
        const i18n::Lang lang = call.lang;
        return http::Html(
            200, LoopPublicPage(lang, i18n::Text(lang, "charter.title"), Render(lang, *v)));
      },
      4096);
}

}  // namespace beleving::web
