#include "engine/query.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/time_format.h"

namespace beleving::engine {

Scope Scope::Orgs(std::vector<uint32_t> orgs) {
  Scope s;
  std::sort(orgs.begin(), orgs.end());
  orgs.erase(std::unique(orgs.begin(), orgs.end()), orgs.end());
  s.orgs_ = std::move(orgs);
  return s;
}

Scope Scope::AllOrgs() {
  Scope s;
  s.all_ = true;
  return s;
}

bool Scope::Contains(uint32_t org) const {
  return all_ || std::binary_search(orgs_.begin(), orgs_.end(), org);
}

namespace {
struct KeyName {
  GroupKey key;
  std::string_view name;
};
constexpr std::array<KeyName, 13 + kMaxAttributes> kKeyNames = {{
    {GroupKey::kOrg, "org"},
    {GroupKey::kLocation, "location"},
    {GroupKey::kTeam, "team"},
    {GroupKey::kEmployee, "employee"},
    {GroupKey::kTouchpoint, "touchpoint"},
    {GroupKey::kChannel, "channel"},
    {GroupKey::kDay, "day"},
    {GroupKey::kIsoWeek, "week"},
    {GroupKey::kMonth, "month"},
    {GroupKey::kQuarter, "quarter"},
    {GroupKey::kEpochWeek, "epoch_week"},
    {GroupKey::kSurvey, "survey"},
    {GroupKey::kSurveyVersion, "survey_version"},
    {AttributeKey(0), "attribute_0"},
    {AttributeKey(1), "attribute_1"},
    {AttributeKey(2), "attribute_2"},
    {AttributeKey(3), "attribute_3"},
    {AttributeKey(4), "attribute_4"},
    {AttributeKey(5), "attribute_5"},
    {AttributeKey(6), "attribute_6"},
    {AttributeKey(7), "attribute_7"},
}};
static_assert(kMaxAttributes == 8, "kKeyNames names eight attribute slots");
}  // namespace

Result<GroupKey> ParseGroupKey(std::string_view name) {
  for (const auto& k : kKeyNames) {
    if (k.name == name) return k.key;
  }
  return InvalidArgument("unknown group-by '" + std::string(name.substr(0, 32)) +
                         "'; expected one of org, location, team, employee, touchpoint, "
                         "channel, day, week, month, quarter, survey, survey_version, "
                         "attribute_0..attribute_7");
}

std::string_view GroupKeyName(GroupKey key) {
  for (const auto& k : kKeyNames) {
    if (k.key == key) return k.name;
  }
  return "?";
}

bool IsTimeBucket(GroupKey key) {
  return key == GroupKey::kDay || key == GroupKey::kIsoWeek || key == GroupKey::kMonth ||
         key == GroupKey::kQuarter || key == GroupKey::kEpochWeek;
}

Result<std::vector<GroupKey>> ParseGroupBy(const std::vector<std::string>& names) {
  std::vector<GroupKey> keys;
  bool has_time = false;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string field = "/group_by/" + std::to_string(i);
    auto k = ParseGroupKey(names[i]);
    if (!k.ok()) return InvalidArgument(k.status().message(), field);
    if (std::find(keys.begin(), keys.end(), *k) != keys.end()) {
      return InvalidArgument("'" + names[i] + "' appears twice in group_by", field);
    }
    if (IsTimeBucket(*k)) {
      if (has_time) return InvalidArgument("at most one time bucket in group_by", field);
      has_time = true;
    }
    keys.push_back(*k);
  }
  return keys;
}

std::string FormatGroupValue(GroupKey key, int64_t value) {
  char buf[32];
  int64_t y;
  unsigned m, d;
  switch (key) {
    case GroupKey::kChannel:
      return std::string(ChannelName(static_cast<Channel>(value)));
    case GroupKey::kDay:
      CivilFromDays(value, &y, &m, &d);
      std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
      return buf;
    case GroupKey::kMonth:
      CivilFromDays(value, &y, &m, &d);
      std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(y), m);
      return buf;
    case GroupKey::kQuarter:
      CivilFromDays(value, &y, &m, &d);
      std::snprintf(buf, sizeof buf, "%04lld-Q%u", static_cast<long long>(y), (m - 1) / 3 + 1);
      return buf;
    case GroupKey::kIsoWeek: {
      // The ISO year is the year of the week's Thursday.
      CivilFromDays(value + 3, &y, &m, &d);
      const int64_t jan1 = DaysFromCivil(y, 1, 1);
      const int64_t week = (value + 3 - jan1) / 7 + 1;
      std::snprintf(buf, sizeof buf, "%04lld-W%02lld", static_cast<long long>(y),
                    static_cast<long long>(week));
      return buf;
    }
    default:
      return std::to_string(value);
  }
}

int64_t BucketStartDay(GroupKey key, int64_t day) {
  switch (key) {
    case GroupKey::kIsoWeek:
      return day - ((day % 7 + 7 + 3) % 7);  // back to Monday (1970-01-01 was a Thursday)
    case GroupKey::kMonth:
    case GroupKey::kQuarter: {
      int64_t y;
      unsigned m, d;
      CivilFromDays(day, &y, &m, &d);
      if (key == GroupKey::kQuarter) m = (m - 1) / 3 * 3 + 1;
      return DaysFromCivil(y, m, 1);
    }
    default:
      return day;
  }
}

std::string TimeBucketLabel(GroupKey key, int64_t utc, const TimeZone& tz) {
  const int64_t local = tz.ToLocal(utc);
  const int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  return FormatGroupValue(key, BucketStartDay(key, day));
}

}  // namespace beleving::engine
