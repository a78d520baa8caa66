#include "store/import_store.h"

namespace beleving::store {

Result<std::optional<ImportSource>> ImportStore::FindSource(SqlConn& c,
                                                            const TenantScope& t,
                                                            const std::string& fingerprint) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, org_id, fingerprint, format, columns, mapping, "
                                      "file_name, created_at, updated_at FROM import_sources "
                                      "WHERE org_id = $1 AND fingerprint = $2",
                                      {t.org_id(), fingerprint}));
  if (rows.empty()) return std::optional<ImportSource>();
  const auto& r = rows[0];
  ImportSource s;
  s.id = r[0].as_int();
  s.org_id = r[1].as_int();
  s.fingerprint = r[2].as_text();
  s.format = r[3].as_text();
  s.columns = r[4].as_text();
  s.mapping = r[5].as_text();
  s.file_name = r[6].as_opt_text();
  s.created_at = r[7].as_int();
  s.updated_at = r[8].as_int();
  return std::optional<ImportSource>(std::move(s));
}

Result<int64_t> ImportStore::SaveSource(SqlConn& c, const TenantScope& t,
                                        const ImportSource& s, UnixSeconds now) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("INSERT INTO import_sources (org_id, fingerprint, format, columns, mapping, "
              "file_name, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON "
              "CONFLICT (org_id, fingerprint) DO UPDATE SET format = excluded.format, columns = "
              "excluded.columns, mapping = excluded.mapping, file_name = excluded.file_name, "
              "updated_at = excluded.updated_at RETURNING id",
              {t.org_id(), s.fingerprint, s.format, s.columns, s.mapping, s.file_name, now}));
  if (rows.empty()) return Internal("saving the import source returned no id");
  return rows[0][0].as_int();
}

Result<std::vector<std::string>> ImportStore::ExistingResponseIds(
    SqlConn& c, const TenantScope& t, const std::vector<std::string>& external_ids) {
  std::vector<std::string> out;
  // In chunks, so the statement stays within every backend's parameter limit.
  constexpr size_t kChunk = 500;
  for (size_t start = 0; start < external_ids.size(); start += kChunk) {
    size_t end = std::min(external_ids.size(), start + kChunk);
    std::string sql = "SELECT external_id FROM responses WHERE org_id = $1 AND external_id IN (";
    SqlParams p = {t.org_id()};
    for (size_t i = start; i < end; ++i) {
      sql += (i == start ? "$" : ", $") + std::to_string(p.size() + 1);
      p.push_back(external_ids[i]);
    }
    sql += ")";
    ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
    for (const auto& r : rows) out.push_back(r[0].as_text());
  }
  return out;
}

}  // namespace beleving::store
