#include "privacy/privacy_service.h"

#include <atomic>
#include <memory>

#include "core/log.h"
#include "core/time_format.h"
#include "store/access_store.h"

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

namespace {

Status RequireAdmin(const security::Principal& who) {
  if (!who.IsAdmin()) return PermissionDenied("only administrators handle personal data");
  return Status::Ok();
}

std::string CustomerSubject(int64_t id) { return "customer:" + std::to_string(id); }

}  // namespace

Result<int64_t> Privacy::CustomerByKey(const security::Principal& who, const std::string& key) {
  RETURN_IF_ERROR(RequireAdmin(who));
  std::optional<int64_t> id;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(id, store::PrivacyStore::CustomerIdByKey(c, who.tenant, key));
    return Status::Ok();
  }));
  if (!id) return NotFound("no customer with key '" + key + "'");
  return *id;
}

Result<json::object> Privacy::Export(const security::Principal& who, int64_t customer_id) {
  RETURN_IF_ERROR(RequireAdmin(who));
  const UnixSeconds now = clock_.Now();
  ASSIGN_OR_RETURN(auto doc, ExportCustomer(db_, who.tenant, customer_id, now));
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) {
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "export",
                                     CustomerSubject(customer_id), now);
  }));
  return doc;
}

Result<store::ErasureCounts> Privacy::Erase(const security::Principal& who, int64_t customer_id) {
  RETURN_IF_ERROR(RequireAdmin(who));
  const UnixSeconds now = clock_.Now();
  store::ErasureCounts counts;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(counts, store::PrivacyStore::EraseCustomer(c, who.tenant, customer_id, now));
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "erase",
                                     CustomerSubject(customer_id), now);
  }));
  for (auto& sink : on_erased_) sink();
  return counts;
}

Result<std::optional<int>> Privacy::Retention(const security::Principal& who) {
  RETURN_IF_ERROR(RequireAdmin(who));
  std::optional<int> months;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(months, store::PrivacyStore::RetentionMonths(c, who.tenant));
    return Status::Ok();
  }));
  return months;
}

Status Privacy::SetRetention(const security::Principal& who, std::optional<int> months) {
  RETURN_IF_ERROR(RequireAdmin(who));
  if (months && (*months < 1 || *months > kMaxRetentionMonths)) {
    return InvalidArgument("months must be a whole number from 1 to " +
                               std::to_string(kMaxRetentionMonths) + ", or null for no policy",
                           "/months");
  }
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(
        store::PrivacyStore::SetRetentionMonths(c, who.tenant, months, who.actor(), now));
    if (months) {
      RETURN_IF_ERROR(jobs_.Schedule(c, who.tenant.org_id(), kRetentionJob, "{}", now).status());
    }
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "update", "retention",
                                     now);
  }));
  jobs_.Wake();
  return Status::Ok();
}

Result<std::vector<AuditEntryView>> Privacy::AuditLog(const security::Principal& who,
                                                      int64_t before, int limit, bool* more) {
  RETURN_IF_ERROR(RequireAdmin(who));
  if (limit < 1 || limit > kMaxAuditPage) {
    return InvalidArgument("limit must be 1 to " + std::to_string(kMaxAuditPage), "/query/limit");
  }
  std::vector<store::AuditEntry> rows;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(rows, store::PrivacyStore::AuditLog(c, who.tenant, before, limit + 1));
    return Status::Ok();
  }));
  *more = rows.size() > static_cast<size_t>(limit);
  if (*more) rows.pop_back();
  std::vector<AuditEntryView> out;
  out.reserve(rows.size());
  for (const auto& e : rows) out.push_back({e.id, e.actor, e.action, e.subject, e.at});
  return out;
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
