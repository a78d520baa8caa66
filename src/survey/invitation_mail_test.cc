#include "survey/invitation_mail.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "survey/definition.h"
#include "survey/invitation_service.h"
#include "survey/starter.h"

namespace beleving::survey {
namespace {

MailFacts Facts() {
  return {"Acme", "Piet", "http://x/s/T", "http://x/u/T", *ParseRfc3339("2026-12-01T10:00:00Z")};
}

TEST(InvitationMailTest, DutchAndEnglishFromTheCatalogue) {
  auto tz = TimeZone::Load("Europe/Amsterdam");
  ASSERT_TRUE(tz.ok());
  MailText nl = RenderInvitationMail(MailPurpose::kInvite, i18n::Lang::kNl, Facts(), *tz);
  EXPECT_EQ(nl.subject, "Hoe was je ervaring met Acme?");
  EXPECT_NE(nl.body.find("Beste Piet,"), std::string::npos);
  EXPECT_NE(nl.body.find("Geef je mening: http://x/s/T"), std::string::npos);
  EXPECT_NE(nl.body.find("Meld je af: http://x/u/T"), std::string::npos);
  EXPECT_NE(nl.body.find("De link werkt tot 1-12-2026."), std::string::npos) << nl.body;
  MailText en = RenderInvitationMail(MailPurpose::kReminder, i18n::Lang::kEn, Facts(), *tz);
  EXPECT_EQ(en.subject, "Reminder: how was your experience with Acme?");
  EXPECT_NE(en.body.find("Dear Piet,"), std::string::npos);
  EXPECT_NE(en.body.find("The link works until 1 Dec 2026."), std::string::npos) << en.body;
  for (const auto& m : {nl, en}) {
    EXPECT_EQ(m.body.find('{'), std::string::npos) << m.body;
    EXPECT_EQ(m.body.find("ask."), std::string::npos) << m.body;  // no missing key
  }
}

TEST(InvitationMailTest, NoNameAGreetingStill) {
  MailFacts f = Facts();
  f.name.clear();
  EXPECT_NE(RenderInvitationMail(MailPurpose::kInvite, i18n::Lang::kNl, f, TimeZone::Utc())
                .body.find("Beste klant,"),
            std::string::npos);
  EXPECT_NE(RenderInvitationMail(MailPurpose::kInvite, i18n::Lang::kEn, f, TimeZone::Utc())
                .body.find("Dear customer,"),
            std::string::npos);
  EXPECT_STREQ(MailPurposeName(MailPurpose::kReminder), "reminder");
}

// Every code the survey room shows a person has its catalogue text.
TEST(AskCatalogueTest, EveryCodeHasItsText) {
  for (auto t : kQuestionTypes) {
    EXPECT_TRUE(i18n::Has(std::string("ask.question_type.") + QuestionTypeName(t)))
        << QuestionTypeName(t);
  }
  for (const char* s : kInvitationStatuses) {
    EXPECT_TRUE(i18n::Has(std::string("ask.invitation.status.") + s)) << s;
  }
  for (const char* k : kStarterKinds) {
    EXPECT_TRUE(i18n::Has(std::string("ask.surveys.kind.") + k)) << k;
  }
  for (const char* lang : kTextLanguages) {
    EXPECT_TRUE(i18n::Has(std::string("ask.survey.question_in.") + lang)) << lang;
  }
  for (const char* kind : {"unknown", "expired", "forged", "failed"}) {
    EXPECT_TRUE(i18n::Has(std::string("ask.link.") + kind + ".title")) << kind;
    EXPECT_TRUE(i18n::Has(std::string("ask.link.") + kind + ".text")) << kind;
  }
}

}  // namespace
}  // namespace beleving::survey
