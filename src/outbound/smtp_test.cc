#include "outbound/smtp.h"

#include <gtest/gtest.h>

namespace beleving::outbound {
namespace {

TEST(SmtpTest, RendersHeadersAndEncodesUtf8) {
  Message m;
  m.from = "feedback@beleving.example";
  m.from_name = "Café Noord";
  m.to = "piet@example.com";
  m.subject = "Hoe was het?\r\nBcc: evil@example.com";
  m.text = "Hallo";
  m.headers = {{"List-Unsubscribe", "<http://x/u/T>"}};
  std::string out = Render(m, "Mon, 23 Nov 2026 20:00:00 +0000");
  EXPECT_NE(out.find("From: =?UTF-8?B?"), std::string::npos);
  EXPECT_EQ(out.find("\r\nBcc:"), std::string::npos);  // no header injection
  EXPECT_NE(out.find("List-Unsubscribe: <http://x/u/T>\r\n"), std::string::npos);
  EXPECT_NE(out.find("SGFsbG8=\r\n"), std::string::npos);  // base64("Hallo")
}

TEST(SmtpTest, AddressCheck) {
  EXPECT_TRUE(IsPlainAddress("a@b.nl"));
  EXPECT_FALSE(IsPlainAddress("a@b.nl>\r\nRCPT TO:<x@y"));
  EXPECT_FALSE(IsPlainAddress("no-at"));
  EXPECT_FALSE(IsPlainAddress("a@@b"));
}

TEST(SmtpTest, UnconfiguredIsAPreconditionFailure) {
  SmtpClient c("");
  Message m;
  m.from = "a@b.nl";
  m.to = "c@d.nl";
  EXPECT_EQ(c.Send(m, "").code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace beleving::outbound
