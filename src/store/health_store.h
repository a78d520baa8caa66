// Is the database there and whole? For the health endpoint (a cheap round
// trip on a read connection) and for `restore`, which checks a backup before
// it replaces anything.
#pragma once

#include <string>

#include "store/sql.h"

namespace beleving::store {

class HealthStore {
 public:
  // One trivial statement: fails when the database cannot answer.
  static Status Ping(SqlConn& c);
  // "ok", or what the database found wrong (SQLite's integrity_check). The
  // PostgreSQL server keeps its own pages whole: "ok" when it answers.
  static Result<std::string> IntegrityCheck(SqlConn& c);
};

}  // namespace beleving::store
