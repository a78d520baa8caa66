#include "store/counter_store.h"

#include <algorithm>
#include <cctype>

namespace beleving::store {
namespace {

// "%text%" in lower case with LIKE's wildcards (and the escape) escaped.
std::string Contains(const std::string& s) {
  std::string out = "%";
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out + "%";
}

CustomerHit HitOf(const SqlRow& r, size_t at) {
  CustomerHit h;
  h.id = r[at].as_int();
  h.key = r[at + 1].as_text();
  h.name = r[at + 2].as_opt_text();
  h.email = r[at + 3].as_opt_text();
  h.phone = r[at + 4].as_opt_text();
  h.language = r[at + 5].as_opt_text();
  return h;
}

}  // namespace

Result<std::vector<CustomerHit>> CounterStore::SearchCustomers(SqlConn& c, const TenantScope& t,
                                                               const std::string& text, int limit) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT id, key, name, email, phone, language FROM customers WHERE org_id = $1 "
              "AND erased_at IS NULL AND (lower(COALESCE(name, '')) LIKE $2 ESCAPE '\\' OR "
              "lower(COALESCE(email, '')) LIKE $2 ESCAPE '\\' OR COALESCE(phone, '') LIKE $2 "
              "ESCAPE '\\') ORDER BY COALESCE(name, key), id LIMIT $3",
              {t.org_id(), Contains(text), static_cast<int64_t>(std::clamp(limit, 1, 1000))}));
  std::vector<CustomerHit> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(HitOf(r, 0));
  return out;
}

Result<std::optional<CustomerHit>> CounterStore::CustomerByKey(SqlConn& c, const TenantScope& t,
                                                               const std::string& key) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, key, name, email, phone, language FROM "
                                      "customers WHERE org_id = $1 AND key = $2 AND erased_at "
                                      "IS NULL",
                                      {t.org_id(), key}));
  if (rows.empty()) return std::optional<CustomerHit>();
  return std::optional<CustomerHit>(HitOf(rows[0], 0));
}

Result<std::optional<StaffLink>> CounterStore::LinkOf(SqlConn& c, const TenantScope& t,
                                                      int64_t user_id) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT e.id, e.key, tm.key, tm.location_id FROM memberships m JOIN "
                           "employees e ON "
                           "e.id = m.employee_id AND e.org_id = m.org_id LEFT JOIN teams tm ON "
                           "tm.id = e.team_id WHERE m.org_id = $1 AND m.user_id = $2",
                           {t.org_id(), user_id}));
  if (rows.empty()) return std::optional<StaffLink>();
  return std::optional<StaffLink>(StaffLink{rows[0][0].as_int(), rows[0][1].as_text(),
                                            rows[0][2].as_opt_text(), rows[0][3].as_opt_int()});
}

Result<std::vector<RecentInteraction>> CounterStore::RecentInteractions(
    SqlConn& c, const TenantScope& t, const std::optional<StaffLink>& link, UnixSeconds since,
    int limit) {
  SqlParams p{t.org_id(), since};
  std::string sql =
      "SELECT i.id, i.occurred_at, i.channel, tp.name, cu.id, cu.key, cu.name, cu.email, "
      "cu.phone, cu.language FROM interactions i JOIN customers cu ON cu.id = i.customer_id AND "
      "cu.org_id = i.org_id AND cu.erased_at IS NULL LEFT JOIN touchpoints tp ON tp.id = "
      "i.touchpoint_id WHERE i.org_id = $1 AND i.occurred_at >= $2";
  if (link) {
    p.push_back(link->employee_id);
    sql += " AND (i.employee_id = $" + std::to_string(p.size());
    if (link->location_id) {
      p.push_back(*link->location_id);
      sql += " OR i.location_id = $" + std::to_string(p.size());
    }
    sql += ")";
  } else {
    t.AppendSql("i", "employee_id", &sql, &p);
  }
  p.push_back(static_cast<int64_t>(std::clamp(limit, 1, 100)));
  sql += " ORDER BY i.occurred_at DESC, i.id DESC LIMIT $" + std::to_string(p.size());
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<RecentInteraction> out;
  for (const auto& r : rows) {
    RecentInteraction x;
    x.id = r[0].as_int();
    x.occurred_at = r[1].as_int();
    x.channel = r[2].as_opt_text();
    x.touchpoint = r[3].as_opt_text();
    x.customer = HitOf(r, 4);
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace beleving::store
