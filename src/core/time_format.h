// RFC 3339 timestamps on the API ("2025-03-01T10:00:00Z",
// "2025-03-01T11:00:00+01:00", optional fractional seconds, which are
// truncated) and civil-date arithmetic on unix seconds.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace beleving {

// Parses an RFC 3339 date-time into unix seconds. `field` names the input in
// the error.
Result<UnixSeconds> ParseRfc3339(std::string_view text, std::string_view field = {});

// Parses either a full RFC 3339 date-time or a plain date "2025-03-01"
// (midnight UTC) as used by query filters.
Result<UnixSeconds> ParseDateOrDateTime(std::string_view text, std::string_view field = {});

// "2025-03-01T10:00:00Z".
std::string FormatRfc3339(UnixSeconds t);

// Days since 1970-01-01 for a proleptic Gregorian civil date, and back.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t days, int64_t* y, unsigned* m, unsigned* d);

}  // namespace beleving
