#include "store/health_store.h"

namespace beleving::store {

Status HealthStore::Ping(SqlConn& c) { return c.QueryInt("SELECT 1").status(); }

Result<std::string> HealthStore::IntegrityCheck(SqlConn& c) {
  if (c.Dialect() == "postgres") {
    RETURN_IF_ERROR(Ping(c));
    return std::string("ok");
  }
  ASSIGN_OR_RETURN(auto rows, c.Query("PRAGMA integrity_check"));
  if (rows.empty() || rows[0].empty()) return std::string("no answer");
  return rows[0][0].as_text();
}

}  // namespace beleving::store
