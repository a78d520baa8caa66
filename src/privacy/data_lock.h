// An exclusive advisory lock on a data directory (flock on DATA/serve.lock),
// held by `serve`/`demo` for the life of the process (the kernel drops it on
// any exit, SIGKILL included) and taken by `restore`, so a restore never
// overwrites the database of a running server.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"

namespace beleving::privacy {

class DataDirLock {
 public:
  // FailedPrecondition when another process holds the lock.
  static Result<std::unique_ptr<DataDirLock>> Acquire(const std::string& data_dir);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace beleving::privacy
