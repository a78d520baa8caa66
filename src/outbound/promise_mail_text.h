// The e-mail that confirms a promise made at the counter (loop/promise_mail.h),
// worded from the catalogue (resources/i18n/counter.tsv) in the customer's
// language: "Wij beloven: TEXT voor donderdag 17:00".
#pragma once

#include <string>

#include "core/clock.h"
#include "core/timezone.h"
#include "i18n/catalogue.h"
#include "outbound/mail_texts.h"

namespace beleving::outbound {

// When a promise is due, as a customer reads it in `zone`: the weekday and
// the time ("donderdag 17:00" / "Thursday 17:00") within six days of `now`,
// else also the date ("donderdag 17-12-2026 17:00" / "Thursday 17 Dec 2026
// 17:00").
std::string DueWhen(i18n::Lang lang, UnixSeconds due, UnixSeconds now, const TimeZone& zone);

struct PromiseMailFacts {
  std::string org_name, text;
  UnixSeconds due = 0, now = 0;
  TimeZone zone;
};
// "Wij beloven: TEXT voor donderdag 17:00" / "We promise: TEXT by Thursday
// 17:00", signed with the organisation's name.
MailText PromiseMail(i18n::Lang lang, const PromiseMailFacts& f);

}  // namespace beleving::outbound
