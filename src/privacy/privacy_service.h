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
#include <functional>
#include <optional>
#include <string>
#include <vector>

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

struct AuditEntryView {
  int64_t id = 0;
  std::string actor, action, subject;
  UnixSeconds at = 0;
};

// The privacy service for a caller: the API (api/privacy_routes.cc) and the
// CLI (cli/privacy_commands.cc) call these. Only administrators
// (Principal::IsAdmin; operators are) use them: PermissionDenied otherwise.
// Each call writes its audit entry with the caller's actor: "export
// customer:ID" (after the read), "erase customer:ID" and "update retention"
// (in the same transaction as the change).
class Privacy {
 public:
  Privacy(store::Database& db, jobs::JobRunner& jobs, const Clock& clock)
      : db_(db), jobs_(jobs), clock_(clock) {}
  // Not thread-safe: add at start-up. Runs after each erasure (the survey
  // page cache drops pages that could show the erased customer).
  void OnErased(std::function<void()> sink) { on_erased_.push_back(std::move(sink)); }

  // The customer's id by key; NotFound ("/customer") when none.
  Result<int64_t> CustomerByKey(const security::Principal& who, const std::string& key);
  Result<json::object> Export(const security::Principal& who, int64_t customer_id);
  // NotFound for a customer outside the caller's organisation.
  Result<store::ErasureCounts> Erase(const security::Principal& who, int64_t customer_id);
  // The retention policy in months (nullopt: none).
  Result<std::optional<int>> Retention(const security::Principal& who);
  // 1..kMaxRetentionMonths or nullopt (InvalidArgument "/months"); a policy
  // schedules a retention run at once.
  Status SetRetention(const security::Principal& who, std::optional<int> months);
  // Newest first, ids below `before` (0: from the newest), at most `limit`
  // (1..kMaxAuditPage); `*more` tells whether older entries exist.
  Result<std::vector<AuditEntryView>> AuditLog(const security::Principal& who, int64_t before,
                                               int limit, bool* more);

 private:
  store::Database& db_;
  jobs::JobRunner& jobs_;
  const Clock& clock_;
  std::vector<std::function<void()>> on_erased_;
};

inline constexpr int kMaxAuditPage = 1000;

// Registers the retention job kind and a tick that schedules one job per
// organisation with a policy once per day (by `clock`).
void RegisterRetention(jobs::JobRunner& runner, store::Database& db, const Clock& clock);

}  // namespace beleving::privacy
