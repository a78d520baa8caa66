// Numbers, dates and month names as a reader of each language expects them:
// Dutch `3.611`, `12,5`, `1-12-2026`, `mrt`; English `3,611`, `12.5`,
// `1 Dec 2026`, `Mar`. Times are shown in the organisation's time zone.
#pragma once

#include <cstdint>
#include <string>

#include "core/timezone.h"
#include "i18n/catalogue.h"

namespace beleving::i18n {

// `v` with `decimals` decimals and grouped thousands; "—" when not finite;
// never "-0".
std::string Number(Lang lang, double v, int decimals = 0);
// The same with a sign: "+4", "-3", "0".
std::string SignedNumber(Lang lang, double v, int decimals = 0);
// A share 0..1 as a percentage: "12,5%" / "12.5%".
std::string Percent(Lang lang, double share01, int decimals = 0);

// A calendar date: "1-12-2026" / "1 Dec 2026".
std::string Date(Lang lang, int64_t unix_seconds, const TimeZone& tz);
// Date and time of day: "1-12-2026 14:05" / "1 Dec 2026 14:05".
std::string DateTime(Lang lang, int64_t unix_seconds, const TimeZone& tz);
// Month 1..12: "maart" / "March"; short: "mrt" / "Mar".
std::string MonthName(Lang lang, int month, bool short_form = false);
// "maart 2026" / "March 2026" for the month holding `unix_seconds`.
std::string MonthYear(Lang lang, int64_t unix_seconds, const TimeZone& tz);

}  // namespace beleving::i18n
