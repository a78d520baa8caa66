#include "security/access_service.h"

#include <algorithm>

#include "core/json.h"
#include "security/authenticator.h"
#include "security/secrets.h"
#include "store/access_store.h"
#include "store/dimension_store.h"
#include "store/org_store.h"

namespace beleving::security {
namespace {

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Status RequireAdmin(const Principal& who) {
  if (!who.IsAdmin()) return PermissionDenied("only administrators manage users and API keys");
  return Status::Ok();
}

ApiKeyView KeyView(const store::ApiKeyRecord& k) {
  ApiKeyView v;
  v.id = k.id;
  v.prefix = "blv_" + k.prefix;
  v.name = k.name;
  auto bits = ParseScopes(k.scopes);
  for (const auto& s : ScopeNames()) {
    if (bits.ok() && (*bits & *ParseScopes(s))) v.scopes.push_back(s);
  }
  v.created_at = k.created_at;
  v.revoked_at = k.revoked_at;
  return v;
}

Result<UserView> ViewOf(store::SqlConn& c, const store::TenantScope& t, const store::User& u,
                        const store::Membership& m) {
  UserView v{u.id, u.email, u.name, m.role, u.disabled, std::nullopt, std::nullopt};
  if (m.employee_id) {
    ASSIGN_OR_RETURN(auto e, store::DimensionStore::Get(c, t, *store::FindDimension("employees"),
                                                        *m.employee_id));
    if (e) {
      v.employee_key = e->key;
      v.employee_name = e->name;
    }
  }
  return v;
}

}  // namespace

const std::vector<std::string>& RoleNames() {
  static const std::vector<std::string> kRoles = {"admin", "manager", "employee", "consultant"};
  return kRoles;
}

const std::vector<std::string>& ScopeNames() {
  static const std::vector<std::string> kScopes = {"ingest", "read", "admin"};
  return kScopes;
}

Status ValidateNewUser(const NewUser& u) {
  // The request schemas' "email" format (api/schema.cc): one @, with text on
  // both sides, no spaces.
  const size_t at = u.email.find('@');
  if (u.email.size() < 3 || u.email.size() > kMaxEmailBytes || at == std::string::npos || at == 0 ||
      at + 1 >= u.email.size() || u.email.find('@', at + 1) != std::string::npos ||
      u.email.find(' ') != std::string::npos) {
    return InvalidArgument("email must be an e-mail address", "/email");
  }
  if (u.name.empty() || u.name.size() > kMaxUserNameBytes) {
    return InvalidArgument("name is required (at most 200 bytes)", "/name");
  }
  if (u.password.size() < kMinPasswordBytes || u.password.size() > kMaxPasswordBytes) {
    return InvalidArgument("password must be at least 10 characters", "/password");
  }
  if (!ParseRole(u.role)) {
    return InvalidArgument("role must be admin, manager, employee or consultant", "/role");
  }
  if (u.employee_key && !store::IsValidKey(*u.employee_key)) {
    return InvalidArgument("employee must be the key of an employee", "/employee");
  }
  if (u.role == "employee" && !u.employee_key) {
    return InvalidArgument("an employee user needs the key of their employee record", "/employee");
  }
  for (auto [keys, field] : {std::pair{&u.team_keys, "/teams"}, {&u.location_keys, "/locations"}}) {
    if (keys->size() > kMaxManagedItems) {
      return InvalidArgument("a manager manages at most 200 of these", field);
    }
    for (const auto& k : *keys) {
      if (!store::IsValidKey(k)) return InvalidArgument("a key is 1-200 printable bytes", field);
    }
  }
  return Status::Ok();
}

Result<int64_t> AddUser(store::SqlConn& c, int64_t org_id, const NewUser& u,
                        const std::string& password_hash, UnixSeconds now) {
  RETURN_IF_ERROR(ValidateNewUser(u));
  auto t = store::TenantScope::System(org_id);
  ASSIGN_OR_RETURN(auto existing, store::AccessStore::UserByEmail(c, u.email));
  int64_t user_id;
  if (existing) {
    user_id = existing->id;
    ASSIGN_OR_RETURN(auto ms, store::AccessStore::MembershipsOf(c, user_id));
    for (const auto& m : ms) {
      if (m.org_id == org_id) {
        return AlreadyExists("this organisation already has a user with this e-mail", "/email");
      }
    }
  } else {
    store::User user{0, u.email, u.name, password_hash, false};
    ASSIGN_OR_RETURN(user_id, store::AccessStore::CreateUser(c, user, now));
  }
  store::Membership m{user_id, org_id, u.role, std::nullopt, "{}"};
  if (u.employee_key) {
    ASSIGN_OR_RETURN(m.employee_id,
                     store::DimensionStore::Ensure(c, t, *store::FindDimension("employees"),
                                                   *u.employee_key, {}, now));
  }
  if (u.role == "manager") {
    json::object scope;
    for (auto [resource, keys] :
         {std::pair{"teams", &u.team_keys}, {"locations", &u.location_keys}}) {
      json::array ids;
      for (const auto& k : *keys) {
        ASSIGN_OR_RETURN(int64_t id, store::DimensionStore::Ensure(
                                         c, t, *store::FindDimension(resource), k, {}, now));
        ids.push_back(id);
      }
      scope[resource] = ids;
    }
    m.scope = json::serialize(scope);
  }
  RETURN_IF_ERROR(store::AccessStore::PutMembership(c, m, now));
  return user_id;
}

Result<std::vector<UserView>> AccessService::Users(const Principal& who) {
  RETURN_IF_ERROR(RequireAdmin(who));
  std::vector<UserView> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto users, store::AccessStore::UsersOf(c, who.tenant.org_id()));
    for (const auto& [u, m] : users) {
      ASSIGN_OR_RETURN(auto v, ViewOf(c, who.tenant, u, m));
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  std::stable_sort(out.begin(), out.end(),
                   [](const UserView& a, const UserView& b) { return a.name < b.name; });
  return out;
}

Result<UserView> AccessService::CreateUser(const Principal& who, const NewUser& u) {
  RETURN_IF_ERROR(RequireAdmin(who));
  RETURN_IF_ERROR(ValidateNewUser(u));
  // argon2id is slow on purpose: never inside the writer's transaction.
  ASSIGN_OR_RETURN(std::string hash, HashPassword(u.password));
  UserView view;
  const int64_t org_id = who.tenant.org_id();
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, org_id));
    if (!org) return NotFound("no such organisation");
    ASSIGN_OR_RETURN(int64_t id, AddUser(c, org_id, u, hash, now));
    ASSIGN_OR_RETURN(auto stored, store::AccessStore::UserById(c, id));
    ASSIGN_OR_RETURN(auto ms, store::AccessStore::MembershipsOf(c, id));
    for (const auto& m : ms) {
      if (m.org_id == org_id) {
        ASSIGN_OR_RETURN(view, ViewOf(c, who.tenant, *stored, m));
      }
    }
    return store::AccessStore::Audit(c, org_id, who.actor(), "create", "user:" + std::to_string(id),
                                     now);
  }));
  return view;
}

Result<std::vector<ApiKeyView>> AccessService::ApiKeys(const Principal& who) {
  RETURN_IF_ERROR(RequireAdmin(who));
  std::vector<ApiKeyView> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto keys, store::AccessStore::ApiKeysOf(c, who.tenant.org_id()));
    for (const auto& k : keys) out.push_back(KeyView(k));
    return Status::Ok();
  }));
  return out;
}

Result<CreatedApiKey> AccessService::CreateApiKey(const Principal& who, const NewApiKey& k) {
  RETURN_IF_ERROR(RequireAdmin(who));
  if (k.name.size() > kMaxApiKeyNameBytes) {
    return InvalidArgument("name is longer than 200 bytes", "/name");
  }
  unsigned bits = 0;
  for (const auto& s : k.scopes) {
    if (!Contains(ScopeNames(), s)) {
      return InvalidArgument("unknown scope '" + s + "' (ingest, read, admin)", "/scopes");
    }
    bits |= *ParseScopes(s);
  }
  if (bits == 0) return InvalidArgument("at least one scope is required", "/scopes");
  CreatedApiKey out;
  const int64_t org_id = who.tenant.org_id();
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto issued, Authenticator::CreateApiKey(c, org_id, bits, k.name, now));
    out.secret = issued.key;
    ASSIGN_OR_RETURN(auto keys, store::AccessStore::ApiKeysOf(c, org_id));
    for (const auto& rec : keys) {
      if (rec.id == issued.id) out.key = KeyView(rec);
    }
    return store::AccessStore::Audit(c, org_id, who.actor(), "create",
                                     "api_key:" + std::to_string(issued.id), now);
  }));
  return out;
}

Status AccessService::RevokeApiKey(const Principal& who, int64_t key_id) {
  RETURN_IF_ERROR(RequireAdmin(who));
  const int64_t org_id = who.tenant.org_id();
  const UnixSeconds now = clock_.Now();
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(bool found, store::AccessStore::RevokeApiKey(c, org_id, key_id, now));
    if (!found) return NotFound("no such API key");
    return store::AccessStore::Audit(c, org_id, who.actor(), "revoke",
                                     "api_key:" + std::to_string(key_id), now);
  });
}

Result<Identity> AccessService::IdentityOf(const Principal& who) {
  if (who.kind != Principal::Kind::kSession) return NotFound("no person behind this principal");
  Identity id;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto user, store::AccessStore::UserById(c, who.user_id));
    if (!user) return NotFound("no such user");
    id.user_id = user->id;
    id.email = user->email;
    id.name = user->name;
    ASSIGN_OR_RETURN(auto members, store::AccessStore::MembershipsOf(c, who.user_id));
    for (const auto& m : members) {
      ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, m.org_id));
      if (!org) continue;
      Identity::Org o{org->id, org->slug, org->name, m.role};
      if (org->id == who.tenant.org_id()) id.org = o;
      id.orgs.push_back(std::move(o));
    }
    return Status::Ok();
  }));
  return id;
}

}  // namespace beleving::security
