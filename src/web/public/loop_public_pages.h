// The loop's public pages: no sign-in, no JavaScript, server-rendered HTML
// in the organisation's or the customer's language, with the complaint
// form's stylesheet (the CSP forbids inline styles). Registered by the
// dashboard (web/pages.h).
//
// - /complaints/{org}: the public complaint form (complaint_page.cc). A
//   complaint opens a case; the thank-you page shows its reference K-<id>.
// - /followup/{token}: the satisfaction follow-up after a case was closed
//   (follow_up_page.cc). The token in the URL is the only credential, so
//   the form needs no CSRF token; it reads and writes only its own
//   follow-up and case.
#pragma once

#include <string>
#include <string_view>

#include "api/app.h"
#include "i18n/catalogue.h"

namespace beleving::web {

void RegisterComplaintPage(api::App& app);
void RegisterFollowUpPage(api::App& app);
void RegisterCharterPage(api::App& app);  // /charter/{org} (charter_page.cc)

// The language of a public page: the reader's own choice when they made
// one (?lang= or the lang cookie, as in call.lang), else `fallback` (the
// customer's or the organisation's language).
i18n::Lang PublicPageLang(const api::Call& call, i18n::Lang fallback);

// A whole public page: <html lang>, the title, the stylesheet, `inner`
// (HTML) under an <h1> of `title` (text).
std::string LoopPublicPage(i18n::Lang lang, std::string_view title, const std::string& inner,
                           bool noindex = false);

}  // namespace beleving::web
