#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include "store/migrations.h"

namespace beleving::store {

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const Options& options) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase());
  db->options_ = options;
  ASSIGN_OR_RETURN(db->writer_conn_, SqliteConn::Open(options.path, /*read_only=*/false));
  RETURN_IF_ERROR(db->writer_conn_->ExecScript(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
      "PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint=4000;"));
  ASSIGN_OR_RETURN(db->schema_version_, ApplyMigrations(*db->writer_conn_));
  for (int i = 0; i < options.readers; ++i) {
    ASSIGN_OR_RETURN(auto conn, SqliteConn::Open(options.path, /*read_only=*/true));
    RETURN_IF_ERROR(conn->ExecScript("PRAGMA busy_timeout=10000; PRAGMA query_only=ON;"));
    db->idle_readers_.push_back(std::move(conn));
  }
  db->queue_ = std::make_unique<GroupCommitQueue>(
      options.max_group,
      [raw = db.get()](std::vector<GroupCommitQueue::Unit*>& group) { raw->CommitGroup(group); });
  return db;
}

SqliteDatabase::~SqliteDatabase() {
  queue_.reset();  // commits what is queued, then stops the writer
}

Status SqliteDatabase::Write(WriteFn fn, std::function<void()> after_commit) {
  return queue_->Write(std::move(fn), std::move(after_commit));
}

void SqliteDatabase::CommitGroup(std::vector<GroupCommitQueue::Unit*>& group) {
  SqliteConn& c = *writer_conn_;
  Status begin = c.ExecScript("BEGIN IMMEDIATE");
  if (!begin.ok()) {
    for (GroupCommitQueue::Unit* u : group) u->status = begin;
    return;
  }
  for (GroupCommitQueue::Unit* u : group) {
    (void)c.ExecScript("SAVEPOINT unit");
    u->status = u->fn(c);
    if (!u->status.ok()) (void)c.ExecScript("ROLLBACK TO unit");
    (void)c.ExecScript("RELEASE unit");
  }
  Status commit = c.ExecScript("COMMIT");
  if (!commit.ok()) {
    (void)c.ExecScript("ROLLBACK");
    for (GroupCommitQueue::Unit* u : group) {
      if (u->status.ok()) u->status = commit;
    }
    return;
  }
  for (GroupCommitQueue::Unit* u : group) {
    if (u->status.ok() && u->after_commit) u->after_commit();
  }
}

PoolUse SqliteDatabase::Pool() {
  PoolUse use;
  use.readers = options_.readers;
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    use.readers_busy = options_.readers - static_cast<int>(idle_readers_.size());
  }
  use.writes_queued = queue_ ? queue_->Queued() : 0;
  return use;
}

Status SqliteDatabase::Read(const ReadFn& fn) {
  std::unique_ptr<SqliteConn> conn;
  {
    std::unique_lock<std::mutex> lock(readers_mu_);
    readers_cv_.wait(lock, [&] { return !idle_readers_.empty(); });
    conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
  }
  Status st = conn->ExecScript("BEGIN");
  if (st.ok()) {
    st = fn(*conn);
    (void)conn->ExecScript("COMMIT");
  }
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    idle_readers_.push_back(std::move(conn));
  }
  readers_cv_.notify_one();
  return st;
}

Status SqliteDatabase::BackupTo(const std::string& path) {
  // The online backup API copies all pages in one step from a fresh
  // read-only connection: one consistent snapshot while writers go on (WAL).
  ASSIGN_OR_RETURN(auto src, SqliteConn::Open(options_.path, /*read_only=*/true));
  ASSIGN_OR_RETURN(auto dst, SqliteConn::Open(path, /*read_only=*/false));
  sqlite3_backup* b = sqlite3_backup_init(dst->raw(), "main", src->raw(), "main");
  if (!b) return Internal(std::string("backup failed: ") + sqlite3_errmsg(dst->raw()));
  int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return Internal(std::string("backup failed: ") + sqlite3_errstr(rc));
  // The copy is a standalone database file, not dependent on a WAL.
  return dst->ExecScript("PRAGMA journal_mode=DELETE;");
}

}  // namespace beleving::store
