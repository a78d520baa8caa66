// Reading the values of imported cells: dates and times as people and tools
// write them, 0-10 and 1-5 scores, and the stable answer key of a header.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/timezone.h"

namespace beleving::capture::import {

// Which number comes first in a date written with three numbers and the year
// last: 6/12/2018 is 12 June (day first: Dutch, European) or 6 December
// (month first: US). Dates with the year first are always year-month-day.
enum class DateOrder { kUnknown, kDayFirst, kMonthFirst };

struct LocalDateTime {
  int64_t seconds = 0;            // wall-clock seconds since 1970-01-01 00:00 (no zone)
  std::optional<int32_t> offset;  // seconds east of UTC when the text gave one
};

// Parses "2019-12-10 14:03:22", "2019-12-10T14:03:22Z", "2019-12-10T14:03+01:00",
// "2019/12/10", "12/6/2018 11:57:58" (M/D/Y or D/M/Y by `order`; kUnknown:
// day first unless the first number is over 12... see DecideDateOrder),
// "6-12-2018 11:57:58", "6.12.2018", "12/10/2019 2:03:22 PM" and two-digit
// years (20xx). nullopt when the text is not one of these or not a real date.
std::optional<LocalDateTime> ParseDateTime(std::string_view text, DateOrder order);

// Decides the order for a whole column from its values: a first number over
// 12 means day first, a second number over 12 means month first; when the
// values do not tell (or contradict each other), `hint`; kDayFirst when there
// is no hint either.
DateOrder DecideDateOrder(const std::vector<std::string_view>& values, DateOrder hint);

// Wall-clock time in `zone` to unix seconds (a time in a DST gap or overlap
// takes the offset in force just before it).
UnixSeconds ToUnix(const LocalDateTime& t, const TimeZone& zone);

// A whole-number score in [lo, hi]: "9", "9.0", " 9 ", and labelled exports
// such as "10 - Extremely likely" or "0 (Not at all likely)". nullopt when the
// text is not a number in range.
std::optional<int> ParseScore(std::string_view text, int lo, int hi);

// A stable answer key of a header: lower-case a-z, 0-9 and _, accents
// folded (é -> e), at most 64 characters (a long header keeps 55 and adds 8
// hex digits of its SHA-256), "column_N" for an empty header.
std::string AnswerKey(std::string_view header, size_t column);

// Trims ASCII white space and the non-breaking space.
std::string_view TrimCell(std::string_view s);

}  // namespace beleving::capture::import
