#include "privacy/privacy_service.h"

#include <atomic>
#include <memory>

#include "core/log.h"
#include "core/time_format.h"

namespace beleving::privacy {
namespace {

json::value Cell(const store::SqlValue& v) {
  if (v.is_null()) return nullptr;
  if (v.is_int()) return v.as_int();
  if (v.is_double()) return v.as_double();
  return json::value(v.as_text());
}

json::object RowJson(const store::TableRows& t, const store::SqlRow& row) {
  json::object o;
  for (size_t i = 0; i < t.columns.size() && i < row.size(); ++i) o[t.columns[i]] = Cell(row[i]);
  return o;
}

}  // namespace

Result<json::object> ExportCustomer(store::Database& db, const store::TenantScope& t,
                                    int64_t customer_id, UnixSeconds now) {
  std::vector<store::TableRows> tables;
  RETURN_IF_ERROR(db.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(tables, store::PrivacyStore::CustomerRows(c, t, customer_id));
    return Status::Ok();
  }));
  if (tables.empty() || tables.front().rows.empty()) return NotFound("no such customer");
  json::object out;
  out["customer"] = RowJson(tables.front(), tables.front().rows.front());
  json::object others;
  for (size_t i = 1; i < tables.size(); ++i) {
    json::array rows;
    for (const auto& r : tables[i].rows) rows.push_back(RowJson(tables[i], r));
    others[tables[i].table] = std::move(rows);
  }
  out["tables"] = std::move(others);
  out["exported_at"] = FormatRfc3339(now);
  return out;
}

Result<store::ErasureCounts> EraseCustomer(store::Database& db, const store::TenantScope& t,
                                           int64_t customer_id, UnixSeconds now) {
  store::ErasureCounts counts;
  RETURN_IF_ERROR(db.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(counts, store::PrivacyStore::EraseCustomer(c, t, customer_id, now));
    return Status::Ok();
  }));
  return counts;
}

Result<int64_t> ApplyRetention(store::SqlConn& c, const store::TenantScope& t, UnixSeconds now) {
  ASSIGN_OR_RETURN(auto months, store::PrivacyStore::RetentionMonths(c, t));
  if (!months) return int64_t{0};
  UnixSeconds cutoff = now - static_cast<int64_t>(*months) * kSecondsPerMonth;
  ASSIGN_OR_RETURN(auto ids, store::PrivacyStore::InactiveCustomers(c, t, cutoff, kRetentionBatch));
  for (int64_t id : ids)
    RETURN_IF_ERROR(store::PrivacyStore::EraseCustomer(c, t, id, now).status());
  return static_cast<int64_t>(ids.size());
}

void RegisterRetention(jobs::JobRunner& runner, store::Database& db, const Clock& clock) {
  runner.Register(kRetentionJob, [&clock](store::SqlConn& c, const jobs::Job& job) -> Status {
    ASSIGN_OR_RETURN(auto n,
                     ApplyRetention(c, store::TenantScope::System(job.org_id), clock.Now()));
    if (n > 0) log::Info("retention: anonymised {} customers of org {}", n, job.org_id);
    return Status::Ok();
  });
  auto last_day = std::make_shared<std::atomic<int64_t>>(-1);
  runner.AddTick([&runner, &db, &clock, last_day] {
    UnixSeconds now = clock.Now();
    int64_t day = now / 86400;
    if (last_day->load() == day) return;
    Status st = db.Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto orgs, store::PrivacyStore::OrgsWithRetention(c));
      for (int64_t org : orgs) {
        RETURN_IF_ERROR(
            runner.Schedule(c, org, kRetentionJob, "{}", now, "retention-" + std::to_string(day))
                .status());
      }
      return Status::Ok();
    });
    if (st.ok()) {
      last_day->store(day);
    } else {
      log::Warn("retention scheduling failed: {}", st.ToString());
    }
  });
}

}  // namespace beleving::privacy
