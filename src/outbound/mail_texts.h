// The loop's e-mails, worded from the language catalogue
// (resources/i18n/loop.tsv, keys loop.mail.*) in the recipient's language:
// the satisfaction follow-up to a customer and an alert to a colleague.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/timezone.h"
#include "i18n/catalogue.h"

namespace beleving::outbound {

struct MailText {
  std::string subject, text;
};

struct FollowUpMailFacts {
  std::string org_name;
  int64_t case_id = 0;      // the customer's reference number
  std::string link;         // the follow-up page
  UnixSeconds valid_until;  // shown as a date in `zone`
  TimeZone zone;
};
// "Bent u tevreden over de afhandeling van uw melding?" with the link.
MailText FollowUpMail(i18n::Lang lang, const FollowUpMailFacts& f);

// An alert: `event_label` names the event for people ("Nieuwe case"),
// `text` says what happened; `link`, when not empty, opens it on the
// dashboard.
MailText AlertMail(i18n::Lang lang, const std::string& event_label, const std::string& text,
                   const std::string& link);

}  // namespace beleving::outbound
