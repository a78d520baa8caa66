#include "outbound/mail_texts.h"

#include "i18n/locale.h"

namespace beleving::outbound {

MailText FollowUpMail(i18n::Lang lang, const FollowUpMailFacts& f) {
  const std::string number = std::to_string(f.case_id);
  const std::string until = i18n::Date(lang, f.valid_until, f.zone);
  return {
      i18n::Text(lang, "loop.mail.followup.subject"),
      i18n::Format(lang, "loop.mail.followup.body",
                   {{"number", number}, {"until", until}, {"link", f.link}, {"org", f.org_name}})};
}

MailText AlertMail(i18n::Lang lang, const std::string& event_label, const std::string& text,
                   const std::string& link) {
  std::string body = text + "\n\n";
  if (!link.empty()) body += i18n::Format(lang, "loop.mail.alert.link", {{"link", link}}) + "\n\n";
  body += i18n::Text(lang, "loop.mail.alert.footer") + "\n";
  return {i18n::Format(lang, "loop.mail.alert.subject", {{"event", event_label}}), body};
}

}  // namespace beleving::outbound
