// What every engine query has in common: the tenant scope, the filter and the
// grouping. Plain values; the HTTP layer fills them from a request.
//
// Tenant scoping is enforced here and only here: a query reads the partitions
// of the organisations its Scope names and no other. Scope::AllOrgs() reads
// across tenants and exists for the benchmark and internal maintenance only;
// request handlers must build scopes with Scope::Orgs().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/timezone.h"
#include "engine/response_facts.h"

namespace beleving::engine {

class Scope {
 public:
  // The organisations a caller may see. An empty list is a bad request.
  static Scope Orgs(std::vector<uint32_t> orgs);
  static Scope Org(uint32_t org) { return Orgs({org}); }
  // Every organisation. Internal (bench, maintenance); never from a request.
  static Scope AllOrgs();

  bool all() const { return all_; }
  const std::vector<uint32_t>& orgs() const { return orgs_; }  // sorted, unique
  bool Contains(uint32_t org) const;

 private:
  bool all_ = false;
  std::vector<uint32_t> orgs_;
};

// Which responses count. Empty sets mean "no restriction on this dimension".
struct Filter {
  std::optional<int64_t> from;  // submitted_at >= from (unix seconds)
  std::optional<int64_t> to;    // submitted_at <  to
  std::vector<uint32_t> locations, teams, employees, customers, touchpoints;
  std::vector<Channel> channels;
  // Survey store ids (0 = responses without a survey) and question-set
  // versions. Version numbers are per survey: filter versions together with
  // one survey (or group by survey as well).
  std::vector<uint32_t> surveys, survey_versions;
  // Customer attributes: a row counts when, for every entry, the code in
  // attribute slot `slot` (0..kMaxAttributes-1) is one of `codes` (0 = no
  // value; a code that was never assigned, e.g. UINT32_MAX, matches
  // nothing). Entries with no codes restrict nothing.
  struct AttributeValues {
    int slot = 0;
    std::vector<uint32_t> codes;
  };
  std::vector<AttributeValues> attributes;
  // A caller's visibility (store::TenantScope::Restrict): when set, a row
  // counts only if its team is in `teams` OR its location is in `locations`
  // (both empty: no row counts). ANDed with everything above.
  struct AnyOf {
    std::vector<uint32_t> teams, locations;
  };
  std::optional<AnyOf> visible;
};

// Group-by keys. Time buckets are computed in each organisation's time zone
// (Engine::SetOrgTimeZone; UTC by default) and identified by the local start
// date as days since 1970-01-01; kEpochWeek is floor(ts / 604800) in UTC.
// kSurvey groups by survey store id (0 = no survey), kSurveyVersion by the
// question-set version (per survey: group by survey too). kAttribute0 + s
// groups by the dictionary code of customer attribute slot s (0 = no value);
// a caller maps "customer.KEY" to a slot and codes to values with the
// store's dictionary (store/attribute_store.h).
enum class GroupKey : uint8_t {
  kOrg,
  kLocation,
  kTeam,
  kEmployee,
  kTouchpoint,
  kChannel,
  kDay,
  kIsoWeek,
  kMonth,
  kQuarter,
  kEpochWeek,
  kSurvey,
  kSurveyVersion,
  kAttribute0,  // .. kAttribute0 + kMaxAttributes - 1
};

// The key of customer attribute slot `slot` (0..kMaxAttributes-1), and the
// slot of a key (-1 when it is not an attribute key).
constexpr GroupKey AttributeKey(int slot) {
  return static_cast<GroupKey>(static_cast<int>(GroupKey::kAttribute0) + slot);
}
constexpr int AttributeSlot(GroupKey key) {
  const int slot = static_cast<int>(key) - static_cast<int>(GroupKey::kAttribute0);
  return slot >= 0 && slot < kMaxAttributes ? slot : -1;
}

// "org", "location", "team", "employee", "touchpoint", "channel", "day",
// "week" (ISO week, Monday start), "month", "quarter", "epoch_week",
// "survey", "survey_version", "attribute_0" .. "attribute_7".
Result<GroupKey> ParseGroupKey(std::string_view name);
std::string_view GroupKeyName(GroupKey key);
bool IsTimeBucket(GroupKey key);

// Parses a group-by list: unknown names, duplicates and more than one time
// bucket are InvalidArgument naming the field "/group_by/<i>".
Result<std::vector<GroupKey>> ParseGroupBy(const std::vector<std::string>& names);

// The first local day (days since 1970-01-01) of the day, ISO week, month or
// quarter bucket holding local day `day`; other keys: `day` itself.
int64_t BucketStartDay(GroupKey key, int64_t day);

// The label of the time bucket (day, week, month or quarter) holding the
// instant `utc` in zone `tz`: the same label the engine's group rows carry.
std::string TimeBucketLabel(GroupKey key, int64_t utc, const TimeZone& tz);

// Human label of a key value: ids, versions and attribute codes as decimal,
// channel names, and for time
// buckets "2025-03-03" (day), "2025-W10" (ISO week), "2025-03" (month),
// "2025-Q1" (quarter), "2842" (epoch week number).
std::string FormatGroupValue(GroupKey key, int64_t value);

}  // namespace beleving::engine
