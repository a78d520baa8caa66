#include "insight/names.h"

namespace beleving::insight {
namespace {

std::string NameIn(const std::unordered_map<int64_t, NamedItem>& items, int64_t id) {
  auto it = items.find(id);
  return it == items.end() ? "—" : it->second.name;
}

}  // namespace

std::string Names::Location(int64_t id) const { return NameIn(locations, id); }
std::string Names::Team(int64_t id) const { return NameIn(teams, id); }
std::string Names::Employee(int64_t id) const { return NameIn(employees, id); }
std::string Names::Touchpoint(int64_t id) const { return NameIn(touchpoints, id); }

const std::unordered_map<int64_t, NamedItem>* Names::ItemsOf(engine::GroupKey key) const {
  switch (key) {
    case engine::GroupKey::kLocation:
      return &locations;
    case engine::GroupKey::kTeam:
      return &teams;
    case engine::GroupKey::kEmployee:
      return &employees;
    case engine::GroupKey::kTouchpoint:
      return &touchpoints;
    case engine::GroupKey::kSurvey:
      return &surveys;
    default:
      return nullptr;
  }
}

ItemLabel Names::Item(const std::unordered_map<int64_t, NamedItem>& items, int64_t id) const {
  ItemLabel l;
  l.id = id;
  if (id == 0) {
    l.unknown = true;
    return l;
  }
  auto it = items.find(id);
  if (it != items.end()) {
    l.key = it->second.key;
    l.name = it->second.name;
  }
  return l;
}

std::vector<GroupValue> Names::Group(const std::vector<engine::GroupKey>& keys,
                                     const std::vector<int64_t>& values) const {
  std::vector<GroupValue> out;
  for (size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    GroupValue g;
    g.key = keys[i];
    g.value = values[i];
    if (const auto* items = ItemsOf(keys[i])) {
      g.item = Item(*items, values[i]);
    } else if (const int slot = engine::AttributeSlot(keys[i]); slot >= 0) {
      for (const auto& k : attributes.keys) {
        if (k.slot == slot) g.name = "customer." + k.key;
      }
      g.text = attributes.ValueOf(slot, static_cast<int>(values[i]));
    } else if (keys[i] == engine::GroupKey::kOrg) {
      g.text = org_slug;
    } else {
      g.text = engine::FormatGroupValue(keys[i], values[i]);
    }
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace beleving::insight
