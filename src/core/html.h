// Escaping text for HTML element content and quoted attribute values. The
// one function every server-rendered page (survey page, complaint form,
// dashboard) uses, so none of them escapes differently.
#pragma once

#include <string>
#include <string_view>

namespace beleving {

// & < > " ' become entities; everything else, including UTF-8, is kept.
std::string HtmlEscape(std::string_view s);

}  // namespace beleving
