#include "survey/invitation_mail.h"

#include "i18n/locale.h"

namespace beleving::survey {

const char* MailPurposeName(MailPurpose p) {
  return p == MailPurpose::kReminder ? "reminder" : "invite";
}

MailText RenderInvitationMail(MailPurpose purpose, i18n::Lang lang, const MailFacts& f,
                              const TimeZone& tz) {
  const bool reminder = purpose == MailPurpose::kReminder;
  const std::string name = f.name.empty() ? i18n::Text(lang, "ask.mail.no_name") : f.name;
  const std::string expires = i18n::Date(lang, f.expires_at, tz);
  i18n::Args args = {{"org", f.org},
                     {"name", name},
                     {"link", f.link},
                     {"unsubscribe", f.unsubscribe},
                     {"expires", expires}};
  MailText m;
  m.subject =
      i18n::Format(lang, reminder ? "ask.mail.reminder.subject" : "ask.mail.invite.subject", args);
  m.body = i18n::Format(lang, reminder ? "ask.mail.reminder.body" : "ask.mail.invite.body", args);
  return m;
}

}  // namespace beleving::survey
