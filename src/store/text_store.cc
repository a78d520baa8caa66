#include "store/text_store.h"

namespace beleving::store {

Result<std::optional<TextSettings>> TextStore::Get(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT vocabulary, learned_model, updated_at FROM "
                                      "text_settings WHERE org_id = $1",
                                      {t.org_id()}));
  if (rows.empty()) return std::optional<TextSettings>();
  TextSettings s;
  s.vocabulary = rows[0][0].as_opt_text();
  s.learned_model = rows[0][1].as_opt_text();
  s.updated_at = rows[0][2].as_int();
  return std::optional<TextSettings>(std::move(s));
}

Status TextStore::Put(SqlConn& c, const TenantScope& t, const TextSettings& s) {
  return c
      .Exec(
          "INSERT INTO text_settings (org_id, vocabulary, learned_model, updated_at) "
          "VALUES ($1, $2, $3, $4) ON CONFLICT (org_id) DO UPDATE SET vocabulary = "
          "excluded.vocabulary, learned_model = excluded.learned_model, updated_at = "
          "excluded.updated_at",
          {t.org_id(), s.vocabulary, s.learned_model, s.updated_at})
      .status();
}

}  // namespace beleving::store
