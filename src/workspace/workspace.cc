#include "workspace/workspace.h"

#include <filesystem>

#include "core/json.h"
#include "core/timezone.h"
#include "store/access_store.h"
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

Result<store::Org> Organisations::Create(const security::Principal& who, const NewOrganisation& o) {
  if (who.kind != security::Principal::Kind::kOperator) {
    return PermissionDenied("only an operator on the server creates organisations");
  }
  if (!store::IsValidSlug(o.slug)) {
    return InvalidArgument("slug must be 2-63 characters of a-z, 0-9 and -", "/slug");
  }
  if (o.name.empty() || o.name.size() > kMaxOrgNameBytes) {
    return InvalidArgument("name is required (at most 200 bytes)", "/name");
  }
  // A malformed name always fails; an unknown one only where this machine
  // has the zone database to know it by.
  if (auto tz = TimeZone::Load(o.time_zone);
      !tz.ok() && (tz.status().code() != StatusCode::kNotFound ||
                   std::filesystem::exists("/usr/share/zoneinfo/Europe/Amsterdam"))) {
    return InvalidArgument("unknown time zone '" + o.time_zone + "'", "/time_zone");
  }
  store::Org org;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, CreateOrg(c, o.slug, o.name, o.time_zone, now));
    return store::AccessStore::Audit(c, org.id, who.actor(), "create",
                                     "org:" + std::to_string(org.id), now);
  }));
  return org;
}

Result<store::Org> Organisations::BySlug(const std::string& slug) {
  std::optional<store::Org> org;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, slug));
    return Status::Ok();
  }));
  if (!org) return NotFound("no organisation with slug '" + slug + "'");
  return *org;
}

}  // namespace beleving::workspace
