// SqlConn over one libpq connection (PostgreSQL 15), with prepared
// statements cached by SQL text.
//
// Parameters are sent as text with no declared type, so the server infers
// each `$n`'s type from where it is used (a column it is compared with or
// assigned to); a `$n` whose type cannot be inferred needs a CAST in the SQL.
// Result cells are mapped by column type: BIGINT/INTEGER/SMALLINT/OID and
// BOOLEAN (1/0) to int64, DOUBLE PRECISION/REAL/NUMERIC to double, NULL to
// NULL, everything else to text. Errors: SQLSTATE class 23 (unique, foreign
// key, not-null, check) is AlreadyExists, as the SQLite backend reports a
// constraint; serialisation failures, deadlocks and a lost connection are
// Unavailable; the rest Internal.
//
// Unlike SQLite, a failed statement inside a transaction aborts the whole
// transaction until it is rolled back (to a savepoint): InFailedTransaction()
// tells, so the writer can roll a unit back that swallowed such an error.
// libpq types never leave src/store/postgres/.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql.h"

struct pg_conn;

namespace beleving::store {

class PgConn final : public SqlConn {
 public:
  // Connects with a libpq connection string or URL
  // ("postgresql://user@host:port/db"). Unavailable when the server cannot
  // be reached.
  static Result<std::unique_ptr<PgConn>> Open(const std::string& url);
  ~PgConn() override;
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  Result<std::vector<SqlRow>> Query(std::string_view sql, const SqlParams& params) override;
  Result<int64_t> Exec(std::string_view sql, const SqlParams& params) override;
  Status ExecScript(std::string_view sql) override;
  std::string_view Dialect() const override { return "postgres"; }

  // Whether a statement failed inside the open transaction, which then
  // accepts nothing but a rollback.
  bool InFailedTransaction() const;
  // Whether a transaction (healthy or failed) is open.
  bool InTransaction() const;
  // Whether the connection is up (as far as libpq knows: a server that went
  // away shows only when the next command fails).
  bool Connected() const;
  // Reconnects when the connection was lost (server restart, network);
  // outside a transaction only. Prepared statements are prepared again.
  Status EnsureConnected();

 private:
  explicit PgConn(pg_conn* conn) : conn_(conn) {}
  // Runs one statement; rows are filled when `rows` is not null; returns the
  // number of rows the statement changed (or returned).
  Result<int64_t> Run(std::string_view sql, const SqlParams& params, std::vector<SqlRow>* rows);
  struct Prepared {
    std::string name;  // the server-side statement name
    int params = 0;    // the highest $n in the text
  };
  Result<const Prepared*> Prepare(std::string_view sql);

  pg_conn* conn_;
  std::unordered_map<std::string, Prepared> statements_;  // by SQL text
  uint64_t next_statement_ = 0;
};

}  // namespace beleving::store
