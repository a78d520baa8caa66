// Who may use the asking services, checked by each service function (the
// request chain checks the route's access too; the CLI's operator passes
// both): reading needs Principal::CanRead, changing CanManage.
#pragma once

#include "core/status.h"
#include "security/principal.h"

namespace beleving::survey {

inline Status MayRead(const security::Principal& who) {
  return who.CanRead() ? Status::Ok() : PermissionDenied("this needs the 'read' permission");
}

inline Status MayManage(const security::Principal& who) {
  return who.CanManage() ? Status::Ok() : PermissionDenied("this needs the 'manage' permission");
}

}  // namespace beleving::survey
