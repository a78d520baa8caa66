// How far back a moment may have happened before it counts as history
// (capture/history.h): per organisation, `backdated_days` (default 14).
#pragma once

#include "core/clock.h"
#include "store/tenant_scope.h"
#include "store/sql.h"

namespace beleving::store {

inline constexpr int kDefaultBackdatedDays = 14;
inline constexpr int kMaxBackdatedDays = 3650;

class HistoryStore {
 public:
  // The organisation's setting, or kDefaultBackdatedDays when it has none.
  static Result<int> BackdatedDays(SqlConn& c, int64_t org_id);
  // Sets it; InvalidArgument outside 0..kMaxBackdatedDays. 0 switches the
  // back-dating rule off: then only imported responses are history.
  static Status PutBackdatedDays(SqlConn& c, const TenantScope& t, int days,
                                 UnixSeconds now);
};

}  // namespace beleving::store
