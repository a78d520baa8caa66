// Personal data of customers across every table (AVG/GDPR): export, erasure
// and retention. Tables that reference a customer are discovered from the
// schema (every table with a `customer_id` column), so tables added by later
// migrations are covered without changes here.
//
// Erasure keeps statistics right: the customer row stays as a stub (key
// "erased-<id>", name/e-mail/phone/language cleared, erased_at set) so that
// responses keep their customer link and counts; responses keep their
// scores but lose the comment and every free-text answer. In other tables
// that reference the customer, text columns whose name says they hold
// personal data (name, email, phone, comment, text, body, note, message,
// description, address, subject, answer) are cleared ('' when NOT NULL).
//
// Thread safety: stateless; every function runs on the given connection
// (Erase* inside a Database::Write).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

// Rows of one table about one customer.
struct TableRows {
  std::string table;
  std::vector<std::string> columns;
  std::vector<SqlRow> rows;
};

struct ErasureCounts {
  int64_t customers = 0;
  int64_t responses = 0;
  int64_t other_rows = 0;
};

struct AuditEntry {
  int64_t id = 0;
  std::string actor, action, subject;
  UnixSeconds at = 0;
};

class PrivacyStore {
 public:
  static Result<std::optional<int64_t>> CustomerIdByKey(SqlConn& c, const TenantScope& t,
                                                        const std::string& key);
  static Result<bool> CustomerExists(SqlConn& c, const TenantScope& t, int64_t id);
  // The tables (other than `customers`) with a customer_id column.
  static Result<std::vector<std::string>> TablesReferencingCustomers(SqlConn& c);
  // The customer row first, then the rows of every referencing table.
  static Result<std::vector<TableRows>> CustomerRows(SqlConn& c, const TenantScope& t,
                                                     int64_t customer_id);
  // Anonymises one customer (see above); idempotent.
  static Result<ErasureCounts> EraseCustomer(SqlConn& c, const TenantScope& t, int64_t customer_id,
                                             UnixSeconds now);
  // Customers not yet erased whose last activity is before `cutoff`.
  static Result<std::vector<int64_t>> InactiveCustomers(SqlConn& c, const TenantScope& t,
                                                        UnixSeconds cutoff, int limit);

  // Retention policy: months, or nullopt when none.
  static Result<std::optional<int>> RetentionMonths(SqlConn& c, const TenantScope& t);
  static Status SetRetentionMonths(SqlConn& c, const TenantScope& t, std::optional<int> months,
                                   const std::string& actor, UnixSeconds now);
  // Orgs with a retention policy.
  static Result<std::vector<int64_t>> OrgsWithRetention(SqlConn& c);

  // The audit log of one org, newest first, ids below `before` (0: all).
  static Result<std::vector<AuditEntry>> AuditLog(SqlConn& c, const TenantScope& t, int64_t before,
                                                  int limit);
};

}  // namespace beleving::store
