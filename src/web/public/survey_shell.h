// The frame of the public pages behind a survey link (the survey, the
// thank-you page, unsubscribe, the link problems): server-rendered HTML that
// works without JavaScript, mobile-first, WCAG 2.1 AA, in the customer's
// language, with one stylesheet (/s/assets/survey.css) and no inline style
// or script (the CSP allows neither). Every text comes from the catalogue
// (resources/i18n/ask.tsv).
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"
#include "i18n/catalogue.h"

namespace beleving::web {

// The page up to and including <main class="card">, titled `title`.
std::string PublicHead(i18n::Lang lang, std::string_view title);
// Closes what PublicHead opened.
std::string PublicFoot();

// A link that leads nowhere, as a page: 404 (unknown link), 410 (expired),
// 403 (a form that is not the link's own) or 500 (could not be saved: try
// again).
http::Response LinkProblemPage(i18n::Lang lang, int status);

// 303 See Other to `location` (after a POST).
http::Response SeeOther(const std::string& location);

}  // namespace beleving::web
