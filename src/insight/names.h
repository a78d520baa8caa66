// Names of an organisation's dimension items (locations, teams, employees,
// touchpoints) and its slug: what turns the engine's store ids into labels a
// person or a client reads. Loaded once per request by
// InsightService::Names; the lookups below are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/query.h"
#include "store/attribute_store.h"
#include "store/dashboard_store.h"

namespace beleving::insight {

// A dimension item as a label: id, key, display name and its parent (the
// team of an employee, the location of a team).
using NamedItem = store::NamedItem;

// One item as the API shows it in a group: the engine's id 0 means "not
// recorded" (unknown); an id without a stored item has no key or name.
struct ItemLabel {
  int64_t id = 0;
  bool unknown = false;  // id 0: the response recorded no such item
  std::optional<std::string> key, name;
};

// One part of a group row's key, resolved.
struct GroupValue {
  engine::GroupKey key = engine::GroupKey::kOrg;
  int64_t value = 0;              // the engine's value (store id, channel, local day)
  std::optional<ItemLabel> item;  // location, team, employee, touchpoint
  std::string text;  // org: its slug; channel: its name; period: "2025-03"; attribute: its value
  std::string name;  // the key's name when not the engine's: "customer.KEY"
};

struct Names {
  std::string org_slug;
  std::unordered_map<int64_t, NamedItem> locations, teams, employees, touchpoints, surveys;
  store::AttributeDictionary attributes;  // customer attribute slots and values

  // The display name, "—" when there is no such item.
  std::string Location(int64_t id) const;
  std::string Team(int64_t id) const;
  std::string Employee(int64_t id) const;
  std::string Touchpoint(int64_t id) const;

  // The items of a dimension group key (location, team, employee,
  // touchpoint); null for other keys.
  const std::unordered_map<int64_t, NamedItem>* ItemsOf(engine::GroupKey key) const;
  ItemLabel Item(const std::unordered_map<int64_t, NamedItem>& items, int64_t id) const;
  // A group row's key (one value per group-by key), resolved.
  std::vector<GroupValue> Group(const std::vector<engine::GroupKey>& keys,
                                const std::vector<int64_t>& values) const;
};

}  // namespace beleving::insight
