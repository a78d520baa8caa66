// The privacy service (AVG/GDPR): export everything stored about one
// customer, erase their personal data, and apply each organisation's
// retention policy in a daily background job.
//
// Erasure and retention anonymise rather than delete (store/privacy_store.h):
// scores stay for statistics, the customer becomes an "erased-<id>" stub.
// Retention: a customer whose last activity (response submitted, interaction
// occurred, or the customer created) is older than the policy's months
// (a month counted as 30.44 days) is anonymised.
//
// Thread safety: stateless functions over a thread-safe Database.
#pragma once

#include <cstdint>

#include "core/clock.h"
#include "core/json.h"
#include "jobs/job_runner.h"
#include "security/principal.h"
#include "store/privacy_store.h"
#include "store/sql.h"

namespace beleving::privacy {

inline constexpr const char* kRetentionJob = "privacy.retention";
inline constexpr int64_t kSecondsPerMonth = 2629746;  // 30.436875 days
inline constexpr int kMaxRetentionMonths = 1200;
// Customers anonymised per retention job run at most; the next run goes on.
inline constexpr int kRetentionBatch = 5000;

// {"customer": {...}, "tables": {"responses": [...], ...}, "exported_at": ...}
// or NotFound for a customer of another organisation.
Result<json::object> ExportCustomer(store::Database& db, const store::TenantScope& t,
                                    int64_t customer_id, UnixSeconds now);

Result<store::ErasureCounts> EraseCustomer(store::Database& db, const store::TenantScope& t,
                                           int64_t customer_id, UnixSeconds now);

// Inside a Database::Write: anonymises the org's customers past its retention
// policy (none without a policy); returns how many.
Result<int64_t> ApplyRetention(store::SqlConn& c, const store::TenantScope& t, UnixSeconds now);

// Registers the retention job kind and a tick that schedules one job per
// organisation with a policy once per day (by `clock`).
void RegisterRetention(jobs::JobRunner& runner, store::Database& db, const Clock& clock);

}  // namespace beleving::privacy
