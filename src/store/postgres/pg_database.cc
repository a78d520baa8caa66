#include "store/postgres/pg_database.h"

#include "store/migrations.h"

namespace beleving::store {
namespace {

// The advisory lock key held while migrating ("beleving" in ASCII).
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(6282397656066582119)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(6282397656066582119)";

// Starts a transaction with `begin`. A connection the server dropped (a
// restart, an idle timeout) shows only now: connect again and retry once,
// which is safe because nothing has run yet.
Status Begin(PgConn& c, const char* begin) {
  RETURN_IF_ERROR(c.EnsureConnected());
  Status st = c.ExecScript(begin);
  if (st.ok() || c.Connected()) return st;
  RETURN_IF_ERROR(c.EnsureConnected());
  return c.ExecScript(begin);
}

}  // namespace

Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(const Options& options) {
  std::unique_ptr<PgDatabase> db(new PgDatabase());
  db->options_ = options;
  ASSIGN_OR_RETURN(db->writer_conn_, PgConn::Open(options.url));
  PgConn& w = *db->writer_conn_;
  RETURN_IF_ERROR(w.ExecScript(kMigrationLock));
  auto version = ApplyMigrations(w);
  Status unlocked = w.ExecScript(kMigrationUnlock);
  if (!version.ok()) return version.status();
  RETURN_IF_ERROR(unlocked);
  db->schema_version_ = *version;
  for (int i = 0; i < options.readers; ++i) {
    ASSIGN_OR_RETURN(auto conn, PgConn::Open(options.url));
    db->idle_readers_.push_back(std::move(conn));
  }
  db->queue_ = std::make_unique<GroupCommitQueue>(
      options.max_group,
      [raw = db.get()](std::vector<GroupCommitQueue::Unit*>& group) { raw->CommitGroup(group); });
  return db;
}

PgDatabase::~PgDatabase() {
  queue_.reset();  // commits what is queued, then stops the writer
}

Status PgDatabase::Write(WriteFn fn, std::function<void()> after_commit) {
  return queue_->Write(std::move(fn), std::move(after_commit));
}

void PgDatabase::CommitGroup(std::vector<GroupCommitQueue::Unit*>& group) {
  PgConn& c = *writer_conn_;
  auto fail_all = [&](const Status& st) {
    for (GroupCommitQueue::Unit* u : group) {
      if (u->status.ok()) u->status = st;
    }
  };
  Status begin = Begin(c, "BEGIN");
  if (!begin.ok()) {
    for (GroupCommitQueue::Unit* u : group) u->status = begin;
    return;
  }
  for (GroupCommitQueue::Unit* u : group) {
    Status sp = c.ExecScript("SAVEPOINT unit");
    if (!sp.ok()) {
      (void)c.ExecScript("ROLLBACK");
      for (GroupCommitQueue::Unit* v : group) v->status = sp;
      return;
    }
    u->status = u->fn(c);
    if (u->status.ok() && c.InFailedTransaction()) {
      // The unit went on after a failed statement: PostgreSQL has aborted
      // the transaction, so the unit cannot commit.
      u->status = Internal("a statement failed inside this write and was ignored");
    }
    if (!u->status.ok()) (void)c.ExecScript("ROLLBACK TO SAVEPOINT unit");
    Status rel = c.ExecScript("RELEASE SAVEPOINT unit");
    if (!rel.ok()) {
      (void)c.ExecScript("ROLLBACK");
      fail_all(rel);
      return;
    }
  }
  Status commit = c.ExecScript("COMMIT");
  if (!commit.ok()) {
    // The outcome is unknown only when the connection broke during COMMIT;
    // either way the callers are told it did not (durably) happen.
    if (c.InTransaction()) (void)c.ExecScript("ROLLBACK");
    fail_all(commit);
    return;
  }
  for (GroupCommitQueue::Unit* u : group) {
    if (u->status.ok() && u->after_commit) u->after_commit();
  }
}

PoolUse PgDatabase::Pool() {
  PoolUse use;
  use.readers = options_.readers;
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    use.readers_busy = options_.readers - static_cast<int>(idle_readers_.size());
  }
  use.writes_queued = queue_ ? queue_->Queued() : 0;
  return use;
}

Status PgDatabase::Read(const ReadFn& fn) {
  std::unique_ptr<PgConn> conn;
  {
    std::unique_lock<std::mutex> lock(readers_mu_);
    readers_cv_.wait(lock, [&] { return !idle_readers_.empty(); });
    conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
  }
  Status st = Begin(*conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (st.ok()) {
    st = fn(*conn);
    // Read-only: nothing to keep, and a failed statement leaves the
    // transaction aborted, so always end it with a rollback.
    (void)conn->ExecScript("ROLLBACK");
  }
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    idle_readers_.push_back(std::move(conn));
  }
  readers_cv_.notify_one();
  return st;
}

Status PgDatabase::BackupTo(const std::string& path) {
  (void)path;
  return FailedPrecondition(
      "Beleving makes no backup of a PostgreSQL database itself: use pg_dump (see "
      "docs/operations.md)");
}

}  // namespace beleving::store
