// Sources of imported response files (capture/import/): per organisation,
// one row per distinct set of header rows, holding the column mapping to
// use the next time the same survey's export is imported.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/tenant_scope.h"
#include "store/sql.h"

namespace beleving::store {

struct ImportSource {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string fingerprint;               // SHA-256 hex of the format and header rows
  std::string format;                    // "qualtrics", "google-forms", ...
  std::string columns = "[]";            // JSON array of column names
  std::string mapping = "{}";            // JSON {"nps": 27, ...}: field -> 1-based column
  std::optional<std::string> file_name;  // the last file imported
  UnixSeconds created_at = 0, updated_at = 0;
};

class ImportStore {
 public:
  static Result<std::optional<ImportSource>> FindSource(SqlConn& c, const TenantScope& t,
                                                        const std::string& fingerprint);
  // Inserts the source or updates its format, columns, mapping and file name
  // (by org and fingerprint); returns its id.
  static Result<int64_t> SaveSource(SqlConn& c, const TenantScope& t,
                                    const ImportSource& s, UnixSeconds now);
  // Which of `external_ids` the organisation has stored responses for.
  static Result<std::vector<std::string>> ExistingResponseIds(
      SqlConn& c, const TenantScope& t, const std::vector<std::string>& external_ids);
};

}  // namespace beleving::store
