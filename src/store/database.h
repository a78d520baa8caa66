// Opening a Database by where it lives, for the composition root and the CLI.
#pragma once

#include <memory>
#include <string>

#include "store/sql.h"

namespace beleving::store {

struct OpenOptions {
  int readers = 4;  // read connections in the pool
};

// Whether `where` names a PostgreSQL database ("postgresql://..." or
// "postgres://...") rather than a data directory.
bool IsPostgresUrl(const std::string& where);

// A data directory (created when missing) opens the SQLite backend on
// DIR/beleving.db; a postgresql:// URL opens the PostgreSQL backend. Either
// way pending migrations are applied before this returns.
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url_or_dir,
                                               const OpenOptions& options = {});

}  // namespace beleving::store
