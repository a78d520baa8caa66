#include "core/html.h"
#include "web/public/loop_public_pages.h"

namespace beleving::web {

i18n::Lang PublicPageLang(const api::Call& call, i18n::Lang fallback) {
  // The same tests as App's language step, which set call.lang from them.
  const auto query = call.req.Query("lang");
  const auto cookie = call.req.Cookie("lang");
  const bool chosen = (query && query->size() == 2 && i18n::ParseLang(*query)) ||
                      (cookie && i18n::ParseLang(*cookie));
  return chosen ? call.lang : fallback;
}

std::string LoopPublicPage(i18n::Lang lang, std::string_view title, const std::string& inner,
                           bool noindex) {
  const std::string t = HtmlEscape(title);
  return "<!doctype html><html lang=\"" + std::string(i18n::Code(lang)) +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\">" +
         (noindex ? "<meta name=\"robots\" content=\"noindex\">" : "") + "<title>" + t +
         "</title><link rel=\"stylesheet\" href=\"/complaints/assets/complaint.css\">"
         "</head><body><main><h1>" +
         t + "</h1>" + inner + "</main></body></html>";
}

}  // namespace beleving::web
