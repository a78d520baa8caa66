#include "core/html.h"

#include <gtest/gtest.h>

namespace beleving {
namespace {

TEST(HtmlEscape, EscapesMarkupAndQuotesKeepsUtf8) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("Geen probleem 😊 — één"), "Geen probleem 😊 — één");
}

}  // namespace
}  // namespace beleving
