// The portable SQL seam between the domain stores and a database backend.
//
// Domain stores (org_store.h, response_store.h, ...) are written once against
// SqlConn with portable SQL: `$1..$n` placeholders, `INSERT ... RETURNING id`,
// `ON CONFLICT ... DO ...`, BIGINT unix seconds for times, TEXT for JSON. A
// backend (sqlite/, postgres/) implements SqlConn and Database; the few
// places that must differ branch on SqlConn::Dialect() (store/catalog.h, the
// job claim in job_store.cc).
// No SQLite or libpq type crosses this header.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace beleving::store {

// A bound parameter or a result cell.
class SqlValue {
 public:
  SqlValue() = default;  // NULL
  SqlValue(std::nullptr_t) {}
  SqlValue(int64_t v) : v_(v) {}
  SqlValue(int v) : v_(static_cast<int64_t>(v)) {}
  SqlValue(uint32_t v) : v_(static_cast<int64_t>(v)) {}
  SqlValue(bool v) : v_(static_cast<int64_t>(v ? 1 : 0)) {}
  SqlValue(double v) : v_(v) {}
  SqlValue(std::string v) : v_(std::move(v)) {}
  SqlValue(std::string_view v) : v_(std::string(v)) {}
  SqlValue(const char* v) : v_(std::string(v)) {}
  template <typename T>
  SqlValue(const std::optional<T>& v) {
    if (v) *this = SqlValue(*v);
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_int() const { return std::holds_alternative<int64_t>(v_); }
  bool is_double() const { return std::holds_alternative<double>(v_); }
  bool is_text() const { return std::holds_alternative<std::string>(v_); }
  int64_t as_int(int64_t dflt = 0) const;
  double as_double(double dflt = 0) const;
  const std::string& as_text() const;  // "" for NULL
  std::optional<int64_t> as_opt_int() const {
    return is_null() ? std::nullopt : std::optional<int64_t>(as_int());
  }
  std::optional<std::string> as_opt_text() const {
    return is_null() ? std::nullopt : std::optional<std::string>(as_text());
  }

 private:
  std::variant<std::monostate, int64_t, double, std::string> v_;
};

using SqlParams = std::vector<SqlValue>;
using SqlRow = std::vector<SqlValue>;

// One connection. Not thread-safe: a SqlConn is used by one thread at a time
// (the writer thread, or a reader that borrowed it from the pool).
class SqlConn {
 public:
  virtual ~SqlConn() = default;
  // Runs one statement and returns all result rows (none for DML without
  // RETURNING). Statements are prepared once and cached by text.
  virtual Result<std::vector<SqlRow>> Query(std::string_view sql, const SqlParams& params = {}) = 0;
  // Runs one statement, discarding rows; returns the number of changed rows.
  virtual Result<int64_t> Exec(std::string_view sql, const SqlParams& params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  // Which dialect: "sqlite" or "postgres"; for the few places that differ.
  virtual std::string_view Dialect() const = 0;

  // Convenience: the single row, or NotFound.
  Result<SqlRow> QueryOne(std::string_view sql, const SqlParams& params = {});
  // Convenience: the first column of the single row, or nullopt when no row.
  Result<std::optional<int64_t>> QueryInt(std::string_view sql, const SqlParams& params = {});
};

// Work done inside one transaction on the writer connection. Returning a
// failed Status rolls back this unit of work only (a savepoint), leaving the
// other units of the same group commit intact.
//
// A statement that fails ends the unit: return its error. (SQLite would let
// the unit go on; PostgreSQL aborts the transaction, so the PostgreSQL
// backend rolls such a unit back and reports it failed, alone.) To insert
// "unless it exists", use ON CONFLICT ... DO NOTHING or look first. Ids from
// {{pk}} columns only grow: on PostgreSQL a conflicting or rolled-back insert
// uses up a value, so they may have gaps.
using WriteFn = std::function<Status(SqlConn&)>;
using ReadFn = std::function<Status(SqlConn&)>;

// A database: one writer with group commit, many readers.
// How busy a database's connections are now, for operators (GET /metrics).
struct PoolUse {
  int readers = 0;           // read connections in the pool
  int readers_busy = 0;      // of which in use
  size_t writes_queued = 0;  // write units waiting for the writer thread
};

class Database {
 public:
  virtual ~Database() = default;
  // Queues `fn` for the writer thread and blocks until its group is durably
  // committed (or `fn` failed and was rolled back). `after_commit` runs on the
  // writer thread right after the commit that contains this unit, in commit
  // order, before Write returns: used to update the in-memory engine so that a
  // response is visible to queries when its ingest request returns.
  virtual Status Write(WriteFn fn, std::function<void()> after_commit = nullptr) = 0;
  // Runs `fn` on a read-only connection holding one consistent snapshot.
  virtual Status Read(const ReadFn& fn) = 0;
  // Applies pending migrations; returns the schema version afterwards.
  virtual Result<int> Migrate() = 0;
  // A consistent copy of the whole database into `path` (online backup).
  virtual Status BackupTo(const std::string& path) = 0;
  virtual std::string_view Dialect() const = 0;
  // The pool's use at this moment (a snapshot; cheap, takes two short locks).
  virtual PoolUse Pool() = 0;
};

}  // namespace beleving::store
