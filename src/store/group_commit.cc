#include "store/group_commit.h"

namespace beleving::store {

GroupCommitQueue::GroupCommitQueue(size_t max_group, CommitFn commit)
    : max_group_(max_group == 0 ? 1 : max_group), commit_(std::move(commit)) {
  writer_ = std::thread([this] { WriterLoop(); });
}

GroupCommitQueue::~GroupCommitQueue() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

Status GroupCommitQueue::Write(WriteFn fn, std::function<void()> after_commit) {
  Unit unit;
  unit.fn = std::move(fn);
  unit.after_commit = std::move(after_commit);
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_) return Unavailable("database is shutting down");
  queue_.push_back(&unit);
  work_cv_.notify_one();
  done_cv_.wait(lock, [&] { return unit.done; });
  return unit.status;
}

size_t GroupCommitQueue::Queued() {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void GroupCommitQueue::WriterLoop() {
  std::vector<Unit*> group;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && group.size() < max_group_) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    commit_(group);
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (Unit* u : group) u->done = true;
    }
    done_cv_.notify_all();
    group.clear();
  }
}

}  // namespace beleving::store
