#include "capture/history.h"

#include "store/history_store.h"

namespace beleving::capture {

bool IsHistory(bool imported, UnixSeconds happened_at, UnixSeconds stored_at, int backdated_days) {
  if (imported) return true;
  if (backdated_days <= 0) return false;
  return stored_at - happened_at > int64_t{backdated_days} * 86400;
}

Result<bool> HistoryRule::IsHistory(store::SqlConn& c, int64_t org_id, bool imported,
                                    UnixSeconds happened_at, UnixSeconds stored_at) {
  if (imported) return true;
  auto it = days_.find(org_id);
  if (it == days_.end()) {
    ASSIGN_OR_RETURN(int days, store::HistoryStore::BackdatedDays(c, org_id));
    it = days_.emplace(org_id, days).first;
  }
  return capture::IsHistory(false, happened_at, stored_at, it->second);
}

}  // namespace beleving::capture
