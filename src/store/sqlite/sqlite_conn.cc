#include "store/sqlite/sqlite_conn.h"

#include <sqlite3.h>

#include <string>

namespace beleving::store {

Result<std::unique_ptr<SqliteConn>> SqliteConn::Open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Internal("cannot open database " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<SqliteConn>(new SqliteConn(db));
}

SqliteConn::~SqliteConn() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status SqliteConn::Error(std::string_view what) {
  int code = sqlite3_errcode(db_);
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
  if ((code & 0xff) == SQLITE_CONSTRAINT) return AlreadyExists(msg);
  if ((code & 0xff) == SQLITE_BUSY) return Unavailable(msg);
  return Internal(msg);
}

Result<sqlite3_stmt*> SqliteConn::Prepare(std::string_view sql, const SqlParams& params) {
  sqlite3_stmt* stmt = nullptr;
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    stmt = it->second;
  } else {
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      return Error("prepare '" + key.substr(0, 120) + "'");
    }
    cache_.emplace(std::move(key), stmt);
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  for (size_t i = 0; i < params.size(); ++i) {
    std::string name = "$" + std::to_string(i + 1);
    int idx = sqlite3_bind_parameter_index(stmt, name.c_str());
    if (idx == 0) continue;  // parameter not used by this statement
    const SqlValue& v = params[i];
    int rc;
    if (v.is_null()) {
      rc = sqlite3_bind_null(stmt, idx);
    } else if (v.is_int()) {
      rc = sqlite3_bind_int64(stmt, idx, v.as_int());
    } else if (v.is_double()) {
      rc = sqlite3_bind_double(stmt, idx, v.as_double());
    } else {
      const std::string& s = v.as_text();
      rc = sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) return Error("bind");
  }
  return stmt;
}

Result<std::vector<SqlRow>> SqliteConn::Query(std::string_view sql, const SqlParams& params) {
  ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
  std::vector<SqlRow> rows;
  int cols = sqlite3_column_count(stmt);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    SqlRow row;
    row.reserve(static_cast<size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sqlite3_column_double(stmt, c));
          break;
        case SQLITE_NULL:
          row.emplace_back();
          break;
        default: {
          const char* t = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          row.emplace_back(
              std::string(t ? t : "", static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
    }
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) {
    Status st = Error("step");
    sqlite3_reset(stmt);
    return st;
  }
  sqlite3_reset(stmt);  // releases the read snapshot (see STACK-NOTES)
  return rows;
}

Result<int64_t> SqliteConn::Exec(std::string_view sql, const SqlParams& params) {
  ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    Status st = Error("exec");
    sqlite3_reset(stmt);
    return st;
  }
  sqlite3_reset(stmt);
  return static_cast<int64_t>(sqlite3_changes(db_));
}

Status SqliteConn::ExecScript(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Internal("script failed: " + msg);
  }
  return Status::Ok();
}

}  // namespace beleving::store
