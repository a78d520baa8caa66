#include "store/catalog.h"

namespace beleving::store {

Result<bool> TableExists(SqlConn& c, const std::string& table) {
  std::optional<int64_t> n;
  if (c.Dialect() == "postgres") {
    ASSIGN_OR_RETURN(n, c.QueryInt("SELECT count(*) FROM information_schema.tables WHERE "
                                   "table_schema = current_schema() AND table_name = $1",
                                   {table}));
  } else {
    ASSIGN_OR_RETURN(
        n, c.QueryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
                      {table}));
  }
  return n.value_or(0) > 0;
}

Result<std::vector<ColumnInfo>> TableColumns(SqlConn& c, const std::string& table) {
  std::vector<SqlRow> rows;
  if (c.Dialect() == "postgres") {
    ASSIGN_OR_RETURN(rows, c.Query("SELECT column_name, data_type, is_nullable = 'NO' FROM "
                                   "information_schema.columns WHERE table_name = $1 AND "
                                   "table_schema = current_schema() ORDER BY ordinal_position",
                                   {table}));
  } else {
    ASSIGN_OR_RETURN(rows,
                     c.Query("SELECT name, type, \"notnull\" FROM pragma_table_info($1)", {table}));
  }
  std::vector<ColumnInfo> out;
  for (auto& r : rows) out.push_back({r[0].as_text(), r[1].as_text(), r[2].as_int() != 0});
  return out;
}

Result<std::vector<std::string>> TablesWithColumn(SqlConn& c, const std::string& column) {
  std::vector<SqlRow> rows;
  if (c.Dialect() == "postgres") {
    ASSIGN_OR_RETURN(rows, c.Query("SELECT table_name FROM information_schema.columns WHERE "
                                   "column_name = $1 AND table_schema = current_schema() ORDER BY "
                                   "table_name COLLATE \"C\"",
                                   {column}));
  } else {
    ASSIGN_OR_RETURN(rows,
                     c.Query("SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p "
                             "WHERE m.type = 'table' AND p.name = $1 ORDER BY m.name",
                             {column}));
  }
  std::vector<std::string> out;
  for (auto& r : rows) out.push_back(r[0].as_text());
  return out;
}

}  // namespace beleving::store
