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

Principal Principal::Operator(int64_t org_id, std::string name) {
  Principal p{Kind::kOperator, store::TenantScope::Organisation(org_id)};
  p.role = Role::kAdmin;
  p.operator_name = name.empty() ? "operator" : std::move(name);
  return p;
}

std::string Principal::actor() const {
  switch (kind) {
    case Kind::kApiKey:
      return "apikey:" + std::to_string(api_key_id);
    case Kind::kSession:
      return "user:" + std::to_string(user_id);
    case Kind::kOperator:
      return "cli:" + operator_name;
  }
  return "";
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
