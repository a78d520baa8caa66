#include "loop/loop_access.h"

#include "store/access_store.h"

namespace beleving::loop {

using Kind = security::Principal::Kind;

Status CheckCanHandle(const security::Principal& who) {
  if (who.kind != Kind::kApiKey) return Status::Ok();
  if (who.scopes & (security::kScopeAdmin | security::kScopeIngest)) return Status::Ok();
  return PermissionDenied("handling cases needs a session or an API key with scope admin");
}

Status CheckAdmin(const security::Principal& who) {
  if (who.kind == Kind::kOperator || who.IsAdmin()) return Status::Ok();
  return PermissionDenied("this needs the 'admin' permission");
}

Status CheckManage(const security::Principal& who) {
  if (who.kind == Kind::kOperator || who.CanManage()) return Status::Ok();
  return PermissionDenied("this needs the 'manage' permission");
}

Status Audit(store::SqlConn& c, const security::Principal& who, std::string_view action,
             const std::string& subject, UnixSeconds now) {
  return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), std::string(action),
                                   subject, now);
}

}  // namespace beleving::loop
