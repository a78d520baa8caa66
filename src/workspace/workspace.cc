#include "workspace/workspace.h"

#include "core/json.h"
#include "store/access_store.h"
#include "store/dimension_store.h"
#include "store/survey_store.h"
#include "survey/definition.h"

namespace beleving::workspace {

Result<store::Org> CreateOrg(store::SqlConn& c, const std::string& slug, const std::string& name,
                             const std::string& time_zone, UnixSeconds now) {
  ASSIGN_OR_RETURN(store::Org org, store::OrgStore::Create(c, slug, name, time_zone, now));
  auto def = survey::DefaultNpsSurvey();
  store::SurveyRecord s{0, def.key, def.name, json::serialize(survey::ToJson(def)), now, now};
  RETURN_IF_ERROR(
      store::SurveyStore::Create(c, store::TenantScope::System(org.id), s, now).status());
  return org;
}

Status ValidateNewUser(const NewUser& u) {
  if (u.email.size() < 3 || u.email.size() > 254 || u.email.find('@') == std::string::npos) {
    return InvalidArgument("email must be an e-mail address", "/email");
  }
  if (u.name.empty() || u.name.size() > 200) return InvalidArgument("name is required", "/name");
  if (u.password.size() < 10 || u.password.size() > 1024) {
    return InvalidArgument("password must be at least 10 characters", "/password");
  }
  if (!security::ParseRole(u.role)) {
    return InvalidArgument("role must be admin, manager, employee or consultant", "/role");
  }
  if (u.role == "employee" && !u.employee_key) {
    return InvalidArgument("an employee user needs the key of their employee record", "/employee");
  }
  return Status::Ok();
}

Result<int64_t> AddUser(store::SqlConn& c, const store::Org& org, const NewUser& u,
                        const std::string& password_hash, UnixSeconds now) {
  RETURN_IF_ERROR(ValidateNewUser(u));
  auto t = store::TenantScope::System(org.id);
  ASSIGN_OR_RETURN(auto existing, store::AccessStore::UserByEmail(c, u.email));
  int64_t user_id;
  if (existing) {
    user_id = existing->id;
  } else {
    store::User user{0, u.email, u.name, password_hash, false};
    ASSIGN_OR_RETURN(user_id, store::AccessStore::CreateUser(c, user, now));
  }
  store::Membership m{user_id, org.id, u.role, std::nullopt, "{}"};
  if (u.employee_key) {
    ASSIGN_OR_RETURN(m.employee_id,
                     store::DimensionStore::Ensure(c, t, *store::FindDimension("employees"),
                                                   *u.employee_key, {}, now));
  }
  if (u.role == "manager") {
    json::object scope;
    for (auto [resource, keys, field] : {std::tuple{"teams", &u.team_keys, "teams"},
                                         {"locations", &u.location_keys, "locations"}}) {
      json::array ids;
      for (const auto& k : *keys) {
        ASSIGN_OR_RETURN(int64_t id, store::DimensionStore::Ensure(
                                         c, t, *store::FindDimension(resource), k, {}, now));
        ids.push_back(id);
      }
      scope[field] = ids;
    }
    m.scope = json::serialize(scope);
  }
  RETURN_IF_ERROR(store::AccessStore::PutMembership(c, m, now));
  return user_id;
}

}  // namespace beleving::workspace
