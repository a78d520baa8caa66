// The invitation and reminder e-mails, Dutch and English, from the language
// catalogue (resources/i18n/ask.tsv: ask.mail.invite.subject and .body,
// ask.mail.reminder.subject and .body, with {org}, {name}, {link},
// {unsubscribe} and {expires} filled in). The expiry date is written the way
// a reader of the language expects it ("1-12-2026" / "1 Dec 2026") in the
// organisation's time zone.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/timezone.h"
#include "i18n/catalogue.h"

namespace beleving::survey {

enum class MailPurpose { kInvite, kReminder };
// "invite" or "reminder" (job payloads, invitation_mails.purpose).
const char* MailPurposeName(MailPurpose p);

struct MailText {
  std::string subject;
  std::string body;
};

struct MailFacts {
  std::string org;             // the organisation's name
  std::string name;            // the customer's name; empty: a neutral greeting
  std::string link;            // the survey link
  std::string unsubscribe;     // the unsubscribe link
  UnixSeconds expires_at = 0;  // when the link stops working
};

MailText RenderInvitationMail(MailPurpose purpose, i18n::Lang lang, const MailFacts& facts,
                              const TimeZone& tz);

}  // namespace beleving::survey
