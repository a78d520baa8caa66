// A throwaway PostgreSQL cluster for the conformance suite: initdb into a
// fresh temporary directory, the server on a free loopback port (no Unix
// socket, fsync off: nothing here needs to survive), removed at Stop().
//
// Run as root, the server runs as the `postgres` user (PostgreSQL refuses
// root); otherwise as the current user. The server is a child of the test
// process that dies with it (PR_SET_PDEATHSIG), so a crashed test leaves no
// server behind.
#pragma once

#include <sys/types.h>

#include <string>

#include "core/status.h"

namespace beleving::store::conformance {

class PgCluster {
 public:
  // The server binaries' directory (/usr/lib/postgresql/NN/bin, newest
  // first), or FailedPrecondition naming the package to install.
  static Result<std::string> FindBinDir();

  PgCluster() = default;
  ~PgCluster() { Stop(); }
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // initdb + start; returns when the server accepts connections.
  Status Start();
  // Stops the server (fast shutdown) and removes the directory.
  void Stop();

  // "postgresql://postgres@127.0.0.1:PORT/<db>"
  std::string Url(const std::string& db) const;
  int port() const { return port_; }

  // Who the server binaries run as (used by the implementation).
  struct RunAs {
    uid_t uid = 0;
    gid_t gid = 0;
    bool change = false;  // run as uid/gid (we are root) rather than as ourselves
  };

 private:
  Status StartServer(const std::string& bin, const RunAs& who, const std::string& data,
                     const std::string& log);

  std::string dir_;
  int port_ = 0;
  pid_t server_ = -1;
};

}  // namespace beleving::store::conformance
