#include "core/timezone.h"

#include <gtest/gtest.h>

#include <string>

namespace beleving {
namespace {

// Expected offsets below were obtained with python3's zoneinfo (an
// independent TZif reader) on the same tzdata:
//   datetime.fromtimestamp(ts, ZoneInfo(name)).utcoffset().total_seconds()
TEST(TimeZone, AmsterdamTransitions2024) {
  auto tz = TimeZone::Load("Europe/Amsterdam");
  ASSERT_TRUE(tz.ok()) << tz.status().ToString();
  EXPECT_EQ(tz->OffsetAt(1711846799), 3600);  // 2024-03-31 00:59:59Z
  EXPECT_EQ(tz->OffsetAt(1711846800), 7200);  // DST starts 01:00Z
  EXPECT_EQ(tz->OffsetAt(1729990799), 7200);
  EXPECT_EQ(tz->OffsetAt(1729990800), 3600);  // DST ends 2024-10-27 01:00Z
  EXPECT_EQ(tz->NextTransitionAfter(1711846799), 1711846800);
  EXPECT_EQ(tz->name(), "Europe/Amsterdam");
}

TEST(TimeZone, OtherZonesAndFarFuture) {
  EXPECT_EQ(TimeZone::Load("Australia/Sydney")->OffsetAt(1700000000), 39600);
  EXPECT_EQ(TimeZone::Load("Asia/Kolkata")->OffsetAt(1700000000), 19800);
  // Beyond 2037: from the footer rule.
  EXPECT_EQ(TimeZone::Load("America/New_York")->OffsetAt(4117996800), -14400);
  EXPECT_EQ(TimeZone::Load("Europe/Amsterdam")->OffsetAt(2200000000), 7200);
}

TEST(TimeZone, UtcAndErrors) {
  TimeZone utc;
  EXPECT_EQ(utc.OffsetAt(1700000000), 0);
  EXPECT_EQ(utc.name(), "UTC");
  EXPECT_EQ(TimeZone::Load("UTC")->OffsetAt(0), 0);
  EXPECT_EQ(TimeZone::Load("../etc/passwd").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(TimeZone::Load("/etc/passwd").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(TimeZone::Load("Mars/Olympus_Mons").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(TimeZone::FromTzif("x", "not a tzif file at all, really not").ok());
}

void PutU32(std::string* s, uint32_t v) {
  for (int i = 3; i >= 0; --i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// A TZif v2 file with no transitions at all: everything comes from the
// POSIX footer rule, the way "slim" tzdata builds ship most zones.
std::string FooterOnlyTzif(const std::string& footer) {
  std::string b;
  auto header = [&](uint32_t typecnt, uint32_t charcnt) {
    b += "TZif2";
    b.append(15, '\0');
    for (uint32_t v : {0u, 0u, 0u, 0u, typecnt, charcnt}) PutU32(&b, v);
  };
  auto block = [&] {
    PutU32(&b, 3600);  // one type: +01:00, not DST, designation index 0
    b.push_back(0);
    b.push_back(0);
    b += "CET";
    b.push_back('\0');
  };
  header(1, 4);
  block();
  header(1, 4);
  block();
  b += "\n" + footer + "\n";
  return b;
}

TEST(TimeZone, FooterRuleOnly) {
  auto tz = TimeZone::FromTzif("Test/Cet", FooterOnlyTzif("CET-1CEST,M3.5.0,M10.5.0/3"));
  ASSERT_TRUE(tz.ok()) << tz.status().ToString();
  EXPECT_EQ(tz->OffsetAt(1711846799), 3600);
  EXPECT_EQ(tz->OffsetAt(1711846800), 7200);
  EXPECT_EQ(tz->OffsetAt(1729990800), 3600);
  // Southern hemisphere rule (DST over new year) and a fixed zone.
  auto syd = TimeZone::FromTzif("Test/Syd", FooterOnlyTzif("AEST-10AEDT,M10.1.0,M4.1.0/3"));
  ASSERT_TRUE(syd.ok());
  EXPECT_EQ(syd->OffsetAt(1700000000), 39600);  // November: daylight time
  EXPECT_EQ(syd->OffsetAt(1720000000), 36000);  // July: standard time
  auto fixed = TimeZone::FromTzif("Test/Fixed", FooterOnlyTzif("<+0530>-5:30"));
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->OffsetAt(1700000000), 19800);
}

}  // namespace
}  // namespace beleving
