#include "outbound/mail_texts.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "outbound/mail_date.h"

namespace beleving::outbound {
namespace {

TEST(MailTextsTest, FollowUpInTheCustomersLanguageWithItsDates) {
  auto zone = *TimeZone::Load("Europe/Amsterdam");
  // 23:30 UTC on 30 November is 1 December in Amsterdam.
  FollowUpMailFacts f{"Acme", 12, "https://x/followup/T", *ParseRfc3339("2026-11-30T23:30:00Z"),
                      zone};
  auto nl = FollowUpMail(i18n::Lang::kNl, f);
  EXPECT_EQ(nl.subject, "Bent u tevreden over de afhandeling van uw melding?");
  EXPECT_NE(nl.text.find("uw melding (nummer 12)"), std::string::npos) << nl.text;
  EXPECT_NE(nl.text.find("geldig tot en met 1-12-2026"), std::string::npos) << nl.text;
  EXPECT_NE(nl.text.find("https://x/followup/T\n"), std::string::npos);
  EXPECT_NE(nl.text.find("Met vriendelijke groet,\nAcme"), std::string::npos);
  auto en = FollowUpMail(i18n::Lang::kEn, f);
  EXPECT_EQ(en.subject, "Are you satisfied with how we handled your request?");
  EXPECT_NE(en.text.find("valid until 1 Dec 2026"), std::string::npos) << en.text;
}

TEST(MailTextsTest, AlertNamesTheEventForPeopleAndLinksTheCase) {
  auto m =
      AlertMail(i18n::Lang::kNl, "Nieuwe case", "Case 4 geopend: Te laat", "https://x/cases/4");
  EXPECT_EQ(m.subject, "[Beleving] Nieuwe case");
  EXPECT_EQ(m.text.rfind("Case 4 geopend: Te laat\n\n", 0), 0u);
  EXPECT_NE(m.text.find("https://x/cases/4"), std::string::npos);
  EXPECT_EQ(AlertMail(i18n::Lang::kEn, "Case opened", "x", "").text.find("http"),
            std::string::npos);
}

TEST(MailDateTest, Rfc5322InUtc) {
  EXPECT_EQ(MailDate(*ParseRfc3339("2026-11-23T21:10:00Z")), "Mon, 23 Nov 2026 21:10:00 +0000");
  EXPECT_EQ(MailDate(0), "Thu, 1 Jan 1970 00:00:00 +0000");
}

}  // namespace
}  // namespace beleving::outbound
