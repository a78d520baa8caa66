#include "security/principal.h"

namespace beleving::security {

const char* RoleName(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "admin";
    case Role::kManager:
      return "manager";
    case Role::kEmployee:
      return "employee";
    case Role::kConsultant:
      return "consultant";
  }
  return "employee";
}

std::optional<Role> ParseRole(std::string_view s) {
  if (s == "admin") return Role::kAdmin;
  if (s == "manager") return Role::kManager;
  if (s == "employee") return Role::kEmployee;
  if (s == "consultant") return Role::kConsultant;
  return std::nullopt;
}

std::string Principal::actor() const {
  return kind == Kind::kApiKey ? "apikey:" + std::to_string(api_key_id)
                               : "user:" + std::to_string(user_id);
}

bool Principal::CanIngest() const {
  if (kind == Kind::kApiKey) return scopes & (kScopeIngest | kScopeAdmin);
  return role == Role::kAdmin || role == Role::kConsultant;
}

bool Principal::CanRead() const {
  if (kind == Kind::kApiKey) return scopes & (kScopeRead | kScopeAdmin);
  return true;  // sessions read within their TenantScope
}

bool Principal::IsAdmin() const {
  if (kind == Kind::kApiKey) return scopes & kScopeAdmin;
  return role == Role::kAdmin;
}

bool Principal::CanManage() const {
  if (kind == Kind::kApiKey) return scopes & kScopeAdmin;
  return role == Role::kAdmin || role == Role::kManager || role == Role::kConsultant;
}

}  // namespace beleving::security
