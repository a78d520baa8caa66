// The PostgreSQL backend (PostgreSQL 15 through plain libpq).
//
// Writes: one writer connection doing group commit (store/group_commit.h),
// exactly like the SQLite backend: the writer takes every queued unit, runs
// each inside its own SAVEPOINT within one transaction (READ COMMITTED),
// commits once (synchronous_commit as the server is configured: on by
// default, so a commit is durable on the server before Write returns), then
// runs the committed units' after_commit functions in commit order and wakes
// the callers. A unit that fails, or that swallowed a failed statement (which
// aborts a PostgreSQL transaction), is rolled back to its savepoint alone.
//
// Reads: a pool of connections; each Read runs in a REPEATABLE READ READ ONLY
// transaction, so it sees one consistent snapshot.
//
// Migrations run at Open under a PostgreSQL advisory lock, so several servers
// starting on one database apply each migration once. BackupTo is not
// offered: use pg_dump (docs/operations.md).
//
// A lost connection (server restart) is re-established before the next group
// or read; the units of a group whose connection broke get Unavailable.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/group_commit.h"
#include "store/postgres/pg_conn.h"
#include "store/sql.h"

namespace beleving::store {

class PgDatabase final : public Database {
 public:
  struct Options {
    std::string url;         // "postgresql://user@host:port/db" (any libpq conninfo)
    int readers = 4;         // connections in the read pool
    size_t max_group = 512;  // most units in one group commit
  };
  // Connects, applies pending migrations, starts the writer.
  static Result<std::unique_ptr<PgDatabase>> Open(const Options& options);
  ~PgDatabase() override;

  Status Write(WriteFn fn, std::function<void()> after_commit = nullptr) override;
  Status Read(const ReadFn& fn) override;
  Result<int> Migrate() override { return schema_version_; }
  // FailedPrecondition: a PostgreSQL database is backed up with pg_dump.
  Status BackupTo(const std::string& path) override;
  PoolUse Pool() override;
  std::string_view Dialect() const override { return "postgres"; }

 private:
  PgDatabase() = default;
  void CommitGroup(std::vector<GroupCommitQueue::Unit*>& group);

  Options options_;
  int schema_version_ = 0;
  std::unique_ptr<PgConn> writer_conn_;  // used by the queue's writer thread only
  std::unique_ptr<GroupCommitQueue> queue_;

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<PgConn>> idle_readers_;  // GUARDED_BY(readers_mu_)
};

}  // namespace beleving::store
