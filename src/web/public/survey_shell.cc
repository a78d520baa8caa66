#include "web/public/survey_shell.h"

#include "core/html.h"

namespace beleving::web {

std::string PublicHead(i18n::Lang lang, std::string_view title) {
  return "<!doctype html>\n<html lang=\"" + std::string(i18n::Code(lang)) +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\"><title>" +
         HtmlEscape(title) +
         "</title><link rel=\"stylesheet\" href=\"/s/assets/survey.css\"></head><body><main "
         "class=\"card\">";
}

std::string PublicFoot() { return "</main></body></html>\n"; }

http::Response LinkProblemPage(i18n::Lang lang, int status) {
  std::string_view kind = status == 410   ? "expired"
                          : status == 403 ? "forged"
                          : status >= 500 ? "failed"
                                          : "unknown";
  const std::string base = "ask.link." + std::string(kind);
  const std::string title = i18n::Text(lang, base + ".title");
  const std::string text = i18n::Text(lang, base + ".text");
  return http::Html(status, PublicHead(lang, title) + "<h1>" + HtmlEscape(title) + "</h1><p>" +
                                HtmlEscape(text) + "</p>" + PublicFoot());
}

http::Response SeeOther(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.Set("Location", location);
  r.body = "See " + location + "\n";
  return r;
}

}  // namespace beleving::web
