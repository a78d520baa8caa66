#include "loop/actors.h"

#include <cstdlib>

#include "store/access_store.h"

namespace beleving::loop {
namespace {

// The id after `prefix` ("user:7" -> 7), or -1.
int64_t IdAfter(const std::string& actor, std::string_view prefix) {
  if (actor.rfind(prefix, 0) != 0 || actor.size() == prefix.size()) return -1;
  const std::string rest = actor.substr(prefix.size());
  if (rest.find_first_not_of("0123456789") != std::string::npos || rest.size() > 18) return -1;
  return std::strtoll(rest.c_str(), nullptr, 10);
}

}  // namespace

Result<ActorNames> ActorNames::Load(store::SqlConn& c, const store::TenantScope& t) {
  ActorNames out;
  ASSIGN_OR_RETURN(auto users, store::AccessStore::UsersOf(c, t.org_id()));
  for (const auto& [u, m] : users) out.users_[u.id] = u.name.empty() ? u.email : u.name;
  ASSIGN_OR_RETURN(auto keys, store::AccessStore::ApiKeysOf(c, t.org_id()));
  for (const auto& k : keys) out.keys_[k.id] = k.name.empty() ? k.prefix : k.name;
  return out;
}

Actor ActorNames::Of(const std::string& actor) const {
  using Kind = Actor::Kind;
  if (actor == "system") return {Kind::kSystem, ""};
  if (actor == "customer") return {Kind::kCustomer, ""};
  if (actor == "form") return {Kind::kForm, ""};
  if (int64_t id = IdAfter(actor, "user:"); id >= 0) {
    auto it = users_.find(id);
    if (it != users_.end()) return {Kind::kUser, it->second};
  }
  if (int64_t id = IdAfter(actor, "apikey:"); id >= 0) {
    auto it = keys_.find(id);
    if (it != keys_.end()) return {Kind::kApiKey, it->second};
  }
  if (actor == "cli") return {Kind::kOperator, "operator"};
  if (actor.rfind("cli:", 0) == 0) return {Kind::kOperator, actor.substr(4)};
  return {Kind::kUnknown, actor};
}

}  // namespace beleving::loop
