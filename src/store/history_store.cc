#include "store/history_store.h"

#include <string>

namespace beleving::store {

Result<int> HistoryStore::BackdatedDays(SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(auto days, c.QueryInt("SELECT backdated_days FROM history_settings WHERE "
                                         "org_id = $1",
                                         {org_id}));
  return days ? static_cast<int>(*days) : kDefaultBackdatedDays;
}

Status HistoryStore::PutBackdatedDays(SqlConn& c, const TenantScope& t, int days,
                                      UnixSeconds now) {
  if (days < 0 || days > kMaxBackdatedDays) {
    return InvalidArgument("backdated_days must be 0 to " + std::to_string(kMaxBackdatedDays),
                           "/backdated_days");
  }
  return c
      .Exec(
          "INSERT INTO history_settings (org_id, backdated_days, updated_at) VALUES ($1, $2, "
          "$3) ON CONFLICT (org_id) DO UPDATE SET backdated_days = excluded.backdated_days, "
          "updated_at = excluded.updated_at",
          {t.org_id(), days, now})
      .status();
}

}  // namespace beleving::store
