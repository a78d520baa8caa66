// Versioned schema migrations, embedded from resources/migrations/NNNN_name.sql
// and applied in order at start, each in its own transaction, recorded in
// schema_migrations. Portable SQL with one placeholder: {{pk}} becomes the
// backend's auto-increment primary key column type.
#pragma once

#include "core/status.h"
#include "store/sql.h"

namespace beleving::store {

// Applies every migration newer than the recorded version; returns the
// version afterwards. Runs outside any transaction on `conn`.
Result<int> ApplyMigrations(SqlConn& conn);

// The highest migration version shipped in this binary.
int LatestMigrationVersion();

}  // namespace beleving::store
