// Group commit for a backend's one writer connection (LevelDB's
// DBImpl::Write pattern), shared by the SQLite and PostgreSQL backends.
//
// Callers of Write() queue a unit of work and block. One writer thread takes
// every queued unit (up to max_group), hands the group to the backend's
// CommitFn, which runs each unit inside its own SAVEPOINT of one transaction
// and commits once, then wakes all callers of the group. The CommitFn sets
// each unit's status and runs the after_commit functions of the committed
// units, in queue order, before the callers are woken.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sql.h"

namespace beleving::store {

class GroupCommitQueue {
 public:
  struct Unit {
    WriteFn fn;
    std::function<void()> after_commit;
    Status status;
    bool done = false;  // GUARDED_BY(mu_)
  };
  // Commits one group: sets every unit's status, runs after_commit of the
  // units that committed. Called on the writer thread only.
  using CommitFn = std::function<void(std::vector<Unit*>& group)>;

  // Starts the writer thread.
  GroupCommitQueue(size_t max_group, CommitFn commit);
  // Commits what is queued, then stops the writer thread.
  ~GroupCommitQueue();
  GroupCommitQueue(const GroupCommitQueue&) = delete;
  GroupCommitQueue& operator=(const GroupCommitQueue&) = delete;

  // Queues a unit and blocks until its group has committed (or the unit
  // failed and was rolled back); returns the unit's status. Unavailable once
  // the queue is stopping. Thread-safe; must not be called from the writer
  // thread (a unit's fn or after_commit would deadlock).
  Status Write(WriteFn fn, std::function<void()> after_commit);
  // Units queued and not yet taken by the writer.
  size_t Queued();

 private:
  void WriterLoop();

  const size_t max_group_;
  const CommitFn commit_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // the writer waits for units
  std::condition_variable done_cv_;  // callers wait for their unit
  std::deque<Unit*> queue_;          // GUARDED_BY(mu_)
  bool stopping_ = false;            // GUARDED_BY(mu_)
  std::thread writer_;
};

}  // namespace beleving::store
