// AccessService's people and access: edit, disable and remove members of an
// organisation, and a person's own password change (security/access_service.h).
#include <algorithm>

#include "core/json.h"
#include "security/access_service.h"
#include "security/secrets.h"
#include "store/access_store.h"

namespace beleving::security {
namespace {

Status ConflictAt(std::string msg, std::string field) {
  return Status(StatusCode::kConflict, std::move(msg), std::move(field));
}

std::string Trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

struct Member {
  store::User user;
  store::Membership membership;
};

// The member `user_id` of `org_id`, and how many other active admins it has.
Result<std::pair<Member, int64_t>> LoadMember(store::SqlConn& c, int64_t org_id, int64_t user_id) {
  ASSIGN_OR_RETURN(auto members, store::AccessStore::UsersOf(c, org_id));
  std::optional<Member> found;
  int64_t other_admins = 0;
  for (auto& [u, m] : members) {
    if (u.id == user_id) {
      found = Member{u, m};
    } else if (m.role == "admin" && !u.disabled) {
      ++other_admins;
    }
  }
  if (!found) return NotFound("no such user");
  return std::make_pair(std::move(*found), other_admins);
}

bool ScopeIsEmpty(const std::string& scope) {
  auto v = ParseJson(scope);
  if (!v.ok() || !v->is_object()) return true;
  for (const char* k : {"teams", "locations"}) {
    if (const auto* a = v->get_object().if_contains(k);
        a && a->is_array() && !a->get_array().empty()) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<UserView> AccessService::UpdateUser(const Principal& who, int64_t user_id,
                                           const UserUpdate& in) {
  if (!who.IsAdmin()) return PermissionDenied("only administrators manage users and API keys");
  std::optional<std::string> name;
  if (in.name) {
    name = Trimmed(*in.name);
    if (name->empty() || name->size() > kMaxUserNameBytes) {
      return InvalidArgument("a name of 1 to 200 bytes", "/name");
    }
  }
  if (in.role && std::find(RoleNames().begin(), RoleNames().end(), *in.role) == RoleNames().end()) {
    return InvalidArgument("unknown role", "/role");
  }
  const int64_t org_id = who.tenant.org_id();
  const UnixSeconds now = clock_.Now();
  UserView out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto loaded, LoadMember(c, org_id, user_id));
    auto& [m, other_admins] = loaded;
    const bool self = who.user_id == user_id;
    const bool role_changes = in.role && *in.role != m.membership.role;
    const bool disables = in.disabled && *in.disabled && !m.user.disabled;
    if (self && role_changes) return ConflictAt("you cannot change your own role", "/role");
    if (self && disables) return ConflictAt("you cannot disable yourself", "/disabled");
    const bool loses_admin = m.membership.role == "admin" && (role_changes || disables);
    if (loses_admin && other_admins == 0) {
      return ConflictAt("the organisation needs another active administrator first",
                        role_changes ? "/role" : "/disabled");
    }
    if (role_changes) {
      if (*in.role == "employee" && !m.membership.employee_id) {
        return InvalidArgument("an employee needs their employee record: add the user again",
                               "/role");
      }
      if (*in.role == "manager" && ScopeIsEmpty(m.membership.scope)) {
        return InvalidArgument("a manager needs teams or locations: add the user again", "/role");
      }
    }
    if (in.disabled && *in.disabled != m.user.disabled) {
      ASSIGN_OR_RETURN(auto orgs, store::AccessStore::MembershipsOf(c, user_id));
      if (*in.disabled && orgs.size() > 1) {
        return ConflictAt("the user belongs to other organisations too: remove them from this one",
                          "/disabled");
      }
      RETURN_IF_ERROR(store::AccessStore::SetUserDisabled(c, user_id, *in.disabled).status());
      if (*in.disabled) {
        RETURN_IF_ERROR(store::AccessStore::DeleteSessionsOf(c, user_id, std::nullopt));
      }
      m.user.disabled = *in.disabled;
    }
    if (name && *name != m.user.name) {
      RETURN_IF_ERROR(store::AccessStore::SetUserName(c, user_id, *name).status());
      m.user.name = *name;
    }
    if (role_changes) {
      RETURN_IF_ERROR(store::AccessStore::SetMembershipRole(c, user_id, org_id, *in.role).status());
      RETURN_IF_ERROR(store::AccessStore::DeleteSessionsOf(c, user_id, org_id));
      m.membership.role = *in.role;
    }
    out = UserView{m.user.id,       m.user.email, m.user.name, m.membership.role,
                   m.user.disabled, std::nullopt, std::nullopt};
    return store::AccessStore::Audit(c, org_id, who.actor(), "update",
                                     "user:" + std::to_string(user_id), now);
  }));
  return out;
}

Status AccessService::RemoveUser(const Principal& who, int64_t user_id) {
  if (!who.IsAdmin()) return PermissionDenied("only administrators manage users and API keys");
  const int64_t org_id = who.tenant.org_id();
  const UnixSeconds now = clock_.Now();
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto loaded, LoadMember(c, org_id, user_id));
    const auto& [m, other_admins] = loaded;
    if (who.user_id == user_id) return ConflictAt("you cannot remove yourself", "/id");
    if (m.membership.role == "admin" && !m.user.disabled && other_admins == 0) {
      return ConflictAt("the organisation needs another active administrator first", "/id");
    }
    RETURN_IF_ERROR(store::AccessStore::DeleteMembership(c, user_id, org_id).status());
    RETURN_IF_ERROR(store::AccessStore::DeleteSessionsOf(c, user_id, org_id));
    return store::AccessStore::Audit(c, org_id, who.actor(), "remove",
                                     "user:" + std::to_string(user_id), now);
  });
}

Status AccessService::ChangePassword(const Principal& who, const std::string& current,
                                     const std::string& next) {
  if (who.kind != Principal::Kind::kSession || who.user_id == 0) {
    return PermissionDenied("only a signed-in person changes their password");
  }
  if (next.size() < kMinPasswordBytes || next.size() > kMaxPasswordBytes) {
    return InvalidArgument("a password of at least 10 bytes", "/new_password");
  }
  std::optional<store::User> user;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(user, store::AccessStore::UserById(c, who.user_id));
    return Status::Ok();
  }));
  if (!user) return NotFound("no such user");
  // argon2id is slow on purpose: both outside the writer's transaction.
  if (!VerifyPassword(current, user->password_hash)) {
    return InvalidArgument("the current password is not right", "/current_password");
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(next));
  const UnixSeconds now = clock_.Now();
  return db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(store::AccessStore::SetPasswordHash(c, who.user_id, hash).status());
    RETURN_IF_ERROR(
        store::AccessStore::DeleteSessionsOf(c, who.user_id, std::nullopt, who.session_hash));
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "password",
                                     "user:" + std::to_string(who.user_id), now);
  });
}

}  // namespace beleving::security
