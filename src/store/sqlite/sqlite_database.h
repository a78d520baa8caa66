// The embedded SQLite backend: WAL mode, synchronous=FULL (a commit is on
// disk before Write returns), one writer thread doing group commit
// (store/group_commit.h: the writer takes every queued unit, runs each inside
// its own SAVEPOINT within one BEGIN IMMEDIATE transaction, commits once, and
// wakes all callers), and a pool of read-only connections.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/group_commit.h"
#include "store/sql.h"
#include "store/sqlite/sqlite_conn.h"

namespace beleving::store {

class SqliteDatabase final : public Database {
 public:
  struct Options {
    std::string path;        // the database file
    int readers = 4;         // read-only connections in the pool
    size_t max_group = 512;  // most units in one group commit
  };
  // Opens (creating if needed), applies pending migrations, starts the writer.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const Options& options);
  ~SqliteDatabase() override;

  Status Write(WriteFn fn, std::function<void()> after_commit = nullptr) override;
  Status Read(const ReadFn& fn) override;
  Result<int> Migrate() override { return schema_version_; }
  Status BackupTo(const std::string& path) override;
  PoolUse Pool() override;
  std::string_view Dialect() const override { return "sqlite"; }

 private:
  SqliteDatabase() = default;
  void CommitGroup(std::vector<GroupCommitQueue::Unit*>& group);

  Options options_;
  int schema_version_ = 0;
  std::unique_ptr<SqliteConn> writer_conn_;  // used by the queue's writer thread only
  std::unique_ptr<GroupCommitQueue> queue_;

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteConn>> idle_readers_;  // GUARDED_BY(readers_mu_)
};

}  // namespace beleving::store
