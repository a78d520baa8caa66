// SqlConn over one sqlite3 connection, with a prepared-statement cache.
// `$1..$n` placeholders are bound by name (SQLite numbers named parameters
// by first appearance, so binding by position would be wrong).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql.h"

struct sqlite3;
struct sqlite3_stmt;

namespace beleving::store {

class SqliteConn final : public SqlConn {
 public:
  // Opens `path`; read_only opens with SQLITE_OPEN_READONLY.
  static Result<std::unique_ptr<SqliteConn>> Open(const std::string& path, bool read_only);
  ~SqliteConn() override;

  Result<std::vector<SqlRow>> Query(std::string_view sql, const SqlParams& params) override;
  Result<int64_t> Exec(std::string_view sql, const SqlParams& params) override;
  Status ExecScript(std::string_view sql) override;
  std::string_view Dialect() const override { return "sqlite"; }

  sqlite3* raw() { return db_; }

 private:
  explicit SqliteConn(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> Prepare(std::string_view sql, const SqlParams& params);
  Status Error(std::string_view what);

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace beleving::store
