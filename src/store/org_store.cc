#include "store/org_store.h"

namespace beleving::store {
namespace {
Org FromRow(const SqlRow& r) {
  Org o;
  o.id = r[0].as_int();
  o.slug = r[1].as_text();
  o.name = r[2].as_text();
  o.time_zone = r[3].as_text();
  o.language = r[4].as_text();
  o.created_at = r[5].as_int();
  return o;
}
constexpr const char* kCols = "id, slug, name, time_zone, language, created_at";
}  // namespace

bool IsValidSlug(std::string_view s) {
  if (s.size() < 2 || s.size() > 63 || s.front() == '-') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsValidKey(std::string_view k) {
  if (k.empty() || k.size() > 200) return false;
  for (unsigned char c : k) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

Result<Org> OrgStore::Create(SqlConn& c, const std::string& slug, const std::string& name,
                             const std::string& time_zone, UnixSeconds now) {
  if (!IsValidSlug(slug)) {
    return InvalidArgument("slug must be 2-63 characters of a-z, 0-9 and -", "/slug");
  }
  if (name.empty() || name.size() > 200) return InvalidArgument("name is required", "/name");
  auto rows = c.Query(std::string("INSERT INTO orgs (slug, name, time_zone, created_at) VALUES "
                                  "($1, $2, $3, $4) RETURNING ") +
                          kCols,
                      {slug, name, time_zone, now});
  if (!rows.ok()) {
    if (rows.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExists("an organisation with slug '" + slug + "' exists", "/slug");
    }
    return rows.status();
  }
  return FromRow(rows->front());
}

Result<std::optional<Org>> OrgStore::BySlug(SqlConn& c, const std::string& slug) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query(std::string("SELECT ") + kCols + " FROM orgs WHERE slug = $1", {slug}));
  if (rows.empty()) return std::optional<Org>();
  return std::optional<Org>(FromRow(rows.front()));
}

Result<std::optional<Org>> OrgStore::ById(SqlConn& c, int64_t id) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query(std::string("SELECT ") + kCols + " FROM orgs WHERE id = $1", {id}));
  if (rows.empty()) return std::optional<Org>();
  return std::optional<Org>(FromRow(rows.front()));
}

Result<std::vector<Org>> OrgStore::All(SqlConn& c, const SystemScope&) {
  ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kCols + " FROM orgs ORDER BY id"));
  std::vector<Org> out;
  for (auto& r : rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace beleving::store
