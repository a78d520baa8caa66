#include "store/database.h"

#include <filesystem>

#include "store/postgres/pg_database.h"
#include "store/sqlite/sqlite_database.h"

namespace beleving::store {

bool IsPostgresUrl(const std::string& where) {
  return where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url_or_dir,
                                               const OpenOptions& options) {
  if (IsPostgresUrl(url_or_dir)) {
    PgDatabase::Options o;
    o.url = url_or_dir;
    o.readers = options.readers;
    ASSIGN_OR_RETURN(auto db, PgDatabase::Open(o));
    return std::unique_ptr<Database>(std::move(db));
  }
  if (url_or_dir.empty()) return InvalidArgument("no data directory or database URL given");
  std::error_code ec;
  std::filesystem::create_directories(url_or_dir, ec);
  if (ec) return Internal("cannot create data directory " + url_or_dir + ": " + ec.message());
  SqliteDatabase::Options o;
  o.path = (std::filesystem::path(url_or_dir) / "beleving.db").string();
  o.readers = options.readers;
  ASSIGN_OR_RETURN(auto db, SqliteDatabase::Open(o));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace beleving::store
