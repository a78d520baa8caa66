#include "outbound/promise_mail_text.h"

#include <cstdio>

#include "i18n/locale.h"

namespace beleving::outbound {
namespace {

constexpr const char* kWeekdayKeys[] = {
    "counter.weekday.sun", "counter.weekday.mon", "counter.weekday.tue", "counter.weekday.wed",
    "counter.weekday.thu", "counter.weekday.fri", "counter.weekday.sat"};

int64_t LocalDay(UnixSeconds t, const TimeZone& zone) {
  const int64_t local = zone.ToLocal(t);
  return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

}  // namespace

std::string DueWhen(i18n::Lang lang, UnixSeconds due, UnixSeconds now, const TimeZone& zone) {
  const int64_t day = LocalDay(due, zone);
  // 1970-01-01 was a Thursday.
  const int weekday = static_cast<int>(((day % 7) + 7 + 4) % 7);
  const int64_t secs = zone.ToLocal(due) - day * 86400;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(secs / 3600),
                static_cast<int>((secs % 3600) / 60));
  std::string out = i18n::Text(lang, kWeekdayKeys[weekday]) + " ";
  if (day - LocalDay(now, zone) > 6 || day < LocalDay(now, zone)) {
    out += i18n::Date(lang, due, zone) + " ";
  }
  return out + hm;
}

MailText PromiseMail(i18n::Lang lang, const PromiseMailFacts& f) {
  return {
      i18n::Format(lang, "counter.mail.subject", {{"org", f.org_name}}),
      i18n::Format(
          lang, "counter.mail.body",
          {{"text", f.text}, {"due", DueWhen(lang, f.due, f.now, f.zone)}, {"org", f.org_name}})};
}

}  // namespace beleving::outbound
