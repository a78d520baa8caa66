#include "loop/email_import.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace beleving::loop {
namespace {

UnixSeconds At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

TEST(EmailImportTest, MultipartEncodedWordsAndTransferEncodings) {
  std::string eml =
      "From: =?ISO-8859-1?Q?Jos=E9_Jansen?= <jose@example.nl>\r\n"
      "Subject: =?UTF-8?B?S2xhY2h0OiB0ZSBsYW5n?=\r\n =?UTF-8?Q?_gewacht?=\r\n"
      "Date: Tue, 4 Mar 2025 10:15:00 +0100\r\n"
      "Message-ID: <abc@mail.example>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
      "--b1\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n"
      "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
      "Ik wacht al twee weken op een reactie =\r\nvan jullie. Caf=C3=A9.\r\n"
      "--b1--\r\n";
  auto m = ParseEmail(eml);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->from_name, "Jos\xC3\xA9 Jansen");
  EXPECT_EQ(m->from_address, "jose@example.nl");
  EXPECT_EQ(m->subject, "Klacht: te lang gewacht");
  EXPECT_EQ(m->message_id, "abc@mail.example");
  EXPECT_EQ(*m->date, At("2025-03-04T09:15:00Z"));
  EXPECT_EQ(m->body, "Ik wacht al twee weken op een reactie van jullie. Caf\xC3\xA9.");

  std::string b64 =
      "From: a@b.example\nSubject: x\nContent-Transfer-Encoding: base64\n\nSGFsbG8gd2VyZWxk\n";
  auto m2 = ParseEmail(b64);
  ASSERT_TRUE(m2.ok());
  EXPECT_EQ(m2->body, "Hallo wereld");

  auto box = ParseMbox(
      "From a@b Tue Mar  4 10:00:00 2025\nSubject: one\nMessage-ID: <1@x>\n\n"
      ">From here\n\nFrom c@d Tue Mar  4 11:00:00 2025\nSubject: two\n\nbody\n");
  ASSERT_TRUE(box.ok()) << box.status().ToString();
  ASSERT_EQ(box->size(), 2u);
  EXPECT_EQ((*box)[0].body, "From here");
  EXPECT_EQ((*box)[1].subject, "two");
  EXPECT_EQ((*box)[1].line, 8u);  // the line after its "From " line
}

TEST(EmailImportTest, CsvQuotedNewlinesAndErrorsWithLineAndColumn) {
  auto t = ParseCsv("a,b\n1,\"x\ny\"\"z\"\n2,3\n");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][1], "x\ny\"z");
  EXPECT_EQ(t->row_lines[1], 4u);
  auto bad = ParseCsv("a,b\n1,2\n3,\"open\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "3:3");
  auto count = ParseCsv("a,b\n1,2,3\n");
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.status().field(), "2:1");
}

}  // namespace
}  // namespace beleving::loop
