// What the schema holds, asked the same way on both backends: the one place
// where the system catalogues differ (sqlite_master and pragma_table_info on
// SQLite, information_schema on PostgreSQL, in the current schema).
#pragma once

#include <string>
#include <vector>

#include "store/sql.h"

namespace beleving::store {

struct ColumnInfo {
  std::string name;
  std::string type;  // as declared on SQLite ("BIGINT"), data_type on PostgreSQL ("bigint")
  bool not_null = false;
};

// Whether a table of this name exists.
Result<bool> TableExists(SqlConn& c, const std::string& table);
// The table's columns in declaration order (none for a missing table).
Result<std::vector<ColumnInfo>> TableColumns(SqlConn& c, const std::string& table);
// The tables with a column of this name, sorted by name.
Result<std::vector<std::string>> TablesWithColumn(SqlConn& c, const std::string& column);

}  // namespace beleving::store
