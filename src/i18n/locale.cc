#include "i18n/locale.h"

#include <cmath>
#include <cstdio>

#include "core/time_format.h"

namespace beleving::i18n {
namespace {

constexpr const char* kMonthKeys[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                      "jul", "aug", "sep", "oct", "nov", "dec"};

struct Civil {
  int64_t year;
  unsigned month, day;
  int hour, minute;
};

Civil ToCivil(int64_t unix_seconds, const TimeZone& tz) {
  const int64_t local = tz.ToLocal(unix_seconds);
  const int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  const int64_t secs = local - days * 86400;
  Civil c{};
  CivilFromDays(days, &c.year, &c.month, &c.day);
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>((secs % 3600) / 60);
  return c;
}

}  // namespace

std::string Number(Lang lang, double v, int decimals) {
  if (!std::isfinite(v)) return "—";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string digits = buf;
  const bool negative = v < 0 && digits.find_first_not_of("0.") != std::string::npos;
  const char group = lang == Lang::kNl ? '.' : ',';
  const char point = lang == Lang::kNl ? ',' : '.';
  const size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot);
  std::string out;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += group;
    out += whole[i];
  }
  if (dot != std::string::npos) out += point + digits.substr(dot + 1);
  return negative ? "-" + out : out;
}

std::string SignedNumber(Lang lang, double v, int decimals) {
  std::string s = Number(lang, v, decimals);
  if (s != "—" && s[0] != '-' && s.find_first_not_of("0.,") != std::string::npos) s = "+" + s;
  return s;
}

std::string Percent(Lang lang, double share01, int decimals) {
  return Number(lang, share01 * 100.0, decimals) + "%";
}

std::string Date(Lang lang, int64_t unix_seconds, const TimeZone& tz) {
  const Civil c = ToCivil(unix_seconds, tz);
  if (lang == Lang::kNl) {
    return std::to_string(c.day) + "-" + std::to_string(c.month) + "-" + std::to_string(c.year);
  }
  return std::to_string(c.day) + " " + MonthName(lang, static_cast<int>(c.month), true) + " " +
         std::to_string(c.year);
}

std::string DateTime(Lang lang, int64_t unix_seconds, const TimeZone& tz) {
  const Civil c = ToCivil(unix_seconds, tz);
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", c.hour, c.minute);
  return Date(lang, unix_seconds, tz) + " " + hm;
}

std::string MonthName(Lang lang, int month, bool short_form) {
  if (month < 1 || month > 12) return "—";
  return Text(lang, std::string(short_form ? "month.short." : "month.") + kMonthKeys[month - 1]);
}

std::string MonthYear(Lang lang, int64_t unix_seconds, const TimeZone& tz) {
  const Civil c = ToCivil(unix_seconds, tz);
  return MonthName(lang, static_cast<int>(c.month)) + " " + std::to_string(c.year);
}

}  // namespace beleving::i18n
