// Time zones for reporting: which UTC offset applies at an instant in an
// organisation's zone, so that "day", "week", "month" and "quarter" buckets
// follow the organisation's local calendar.
//
// A TimeZone is loaded from the system tz database (TZif files under
// /usr/share/zoneinfo, RFC 8536, versions 1-4). The transition table is used
// as is and extended with the POSIX TZ rule in the file's footer (e.g.
// "CET-1CEST,M3.5.0,M10.5.0/3") through the year 2100, so slim and fat tzdata
// builds give the same answers. Leap seconds are ignored (unix time).
//
// Thread safety: a TimeZone is immutable after Load; copies are cheap (shared
// data) and may be used from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace beleving {

class TimeZone {
 public:
  // UTC (offset 0, no transitions).
  TimeZone();
  static TimeZone Utc() { return TimeZone(); }

  // Loads an IANA zone such as "Europe/Amsterdam" from `zoneinfo_dir`.
  // InvalidArgument for a malformed name (absolute, "..", odd characters),
  // NotFound when there is no such file, InvalidArgument when it is not TZif.
  static Result<TimeZone> Load(std::string_view iana_name,
                               std::string_view zoneinfo_dir = "/usr/share/zoneinfo");

  // Parses TZif bytes (exposed for tests).
  static Result<TimeZone> FromTzif(std::string_view name, std::string_view bytes);

  // The zone's offset from UTC in seconds (east positive) at instant `utc`.
  int32_t OffsetAt(int64_t utc) const;

  // The first transition strictly after `utc`, or INT64_MAX when there is none
  // (within the table, which the footer rule extends through 2100).
  int64_t NextTransitionAfter(int64_t utc) const;

  // Local wall-clock seconds (utc + offset).
  int64_t ToLocal(int64_t utc) const { return utc + OffsetAt(utc); }

  const std::string& name() const;

 private:
  struct Data {
    std::string name;
    int32_t initial_offset = 0;        // before the first transition
    std::vector<int64_t> transitions;  // ascending UTC instants
    std::vector<int32_t> offsets;      // offset from transitions[i] on
  };
  explicit TimeZone(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
  std::shared_ptr<const Data> data_;
};

}  // namespace beleving
