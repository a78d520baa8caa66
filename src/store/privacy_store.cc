#include "store/privacy_store.h"

#include <algorithm>
#include <cctype>

#include "core/json.h"
#include "store/attribute_store.h"
#include "store/catalog.h"

namespace beleving::store {
namespace {

using Column = ColumnInfo;

bool SafeIdentifier(const std::string& s) {
  return !s.empty() && s.size() <= 63 && std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

Result<std::vector<Column>> Columns(SqlConn& c, const std::string& table) {
  return TableColumns(c, table);
}

bool IsText(const Column& col) {
  std::string t = col.type;
  for (auto& ch : t) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return t.find("TEXT") != std::string::npos || t.find("CHAR") != std::string::npos ||
         t.find("CLOB") != std::string::npos;
}

bool IsPersonal(const Column& col) {
  if (!IsText(col)) return false;
  static const char* kWords[] = {"name", "email", "phone", "comment", "text", "body", "note",
                                 "message", "address", "subject", "answer", "description", "mail",
                                 "remark", "reply",
                                 // complaint narratives, survey drafts, case write-ups
                                 "narrative", "draft", "resolution", "title"};
  for (const char* w : kWords) {
    if (col.name.find(w) != std::string::npos) return true;
  }
  return false;
}

bool HasColumn(const std::vector<Column>& cols, const std::string& name) {
  return std::any_of(cols.begin(), cols.end(), [&](const Column& c) { return c.name == name; });
}

// Keeps numbers, booleans and nulls of an answers object; drops free text.
std::string StripTextAnswers(const std::string& answers) {
  auto doc = ParseJson(answers);
  if (!doc.ok() || !doc->is_object()) return "{}";
  json::object kept;
  for (const auto& [k, v] : doc->as_object()) {
    if (v.is_number() || v.is_bool() || v.is_null()) kept[k] = v;
  }
  return ToJsonText(kept);
}

}  // namespace

Result<std::optional<int64_t>> PrivacyStore::CustomerIdByKey(SqlConn& c, const TenantScope& t,
                                                             const std::string& key) {
  return c.QueryInt("SELECT id FROM customers WHERE org_id = $1 AND key = $2", {t.org_id(), key});
}

Result<bool> PrivacyStore::CustomerExists(SqlConn& c, const TenantScope& t, int64_t id) {
  ASSIGN_OR_RETURN(auto v, c.QueryInt("SELECT id FROM customers WHERE org_id = $1 AND id = $2",
                                      {t.org_id(), id}));
  return v.has_value();
}

Result<std::vector<std::string>> PrivacyStore::TablesReferencingCustomers(SqlConn& c) {
  std::vector<std::string> out;
  ASSIGN_OR_RETURN(auto tables, TablesWithColumn(c, "customer_id"));
  for (const std::string& name : tables) {
    if (name != "customers" && SafeIdentifier(name)) out.push_back(name);
  }
  return out;
}

Result<std::vector<TableRows>> PrivacyStore::CustomerRows(SqlConn& c, const TenantScope& t,
                                                          int64_t customer_id) {
  std::vector<TableRows> out;
  std::vector<std::string> tables = {"customers"};
  ASSIGN_OR_RETURN(auto others, TablesReferencingCustomers(c));
  tables.insert(tables.end(), others.begin(), others.end());
  for (const auto& table : tables) {
    ASSIGN_OR_RETURN(auto cols, Columns(c, table));
    TableRows tr;
    tr.table = table;
    std::string list;
    for (const auto& col : cols) {
      if (!SafeIdentifier(col.name)) continue;
      tr.columns.push_back(col.name);
      if (!list.empty()) list += ", ";
      list += "\"" + col.name + "\"";
    }
    if (list.empty()) continue;
    std::string key_col = table == "customers" ? "id" : "customer_id";
    std::string sql = "SELECT " + list + " FROM \"" + table + "\" WHERE \"" + key_col + "\" = $1";
    SqlParams params = {customer_id};
    if (HasColumn(cols, "org_id")) {
      sql += " AND org_id = $2";
      params.push_back(t.org_id());
    }
    sql += HasColumn(cols, "id") ? " ORDER BY id" : "";
    ASSIGN_OR_RETURN(tr.rows, c.Query(sql, params));
    out.push_back(std::move(tr));
  }
  return out;
}

Result<ErasureCounts> PrivacyStore::EraseCustomer(SqlConn& c, const TenantScope& t,
                                                  int64_t customer_id, UnixSeconds now) {
  ErasureCounts counts;
  ASSIGN_OR_RETURN(counts.customers,
                   c.Exec("UPDATE customers SET key = $3, name = NULL, email = NULL, phone = NULL, "
                          "language = NULL, consent = 0, erased_at = COALESCE(erased_at, $4) "
                          "WHERE org_id = $1 AND id = $2",
                          {t.org_id(), customer_id, "erased-" + std::to_string(customer_id), now}));
  if (counts.customers == 0) return NotFound("no such customer");
  RETURN_IF_ERROR(AttributeStore::ClearCustomer(c, t, customer_id));
  ASSIGN_OR_RETURN(
      auto answers,
      c.Query("SELECT id, answers FROM responses WHERE org_id = $1 AND customer_id = $2",
              {t.org_id(), customer_id}));
  for (const auto& r : answers) {
    ASSIGN_OR_RETURN(auto n,
                     c.Exec("UPDATE responses SET comment = NULL, answers = $2 WHERE id = $1",
                            {r[0].as_int(), StripTextAnswers(r[1].as_text())}));
    counts.responses += n;
  }
  ASSIGN_OR_RETURN(auto tables, TablesReferencingCustomers(c));
  for (const auto& table : tables) {
    if (table == "responses") continue;
    ASSIGN_OR_RETURN(auto cols, Columns(c, table));
    std::string sets;
    for (const auto& col : cols) {
      if (!IsPersonal(col) || !SafeIdentifier(col.name)) continue;
      if (!sets.empty()) sets += ", ";
      sets += "\"" + col.name + "\" = " + (col.not_null ? "''" : "NULL");
    }
    if (sets.empty()) continue;
    std::string sql = "UPDATE \"" + table + "\" SET " + sets + " WHERE customer_id = $1";
    SqlParams params = {customer_id};
    if (HasColumn(cols, "org_id")) {
      sql += " AND org_id = $2";
      params.push_back(t.org_id());
    }
    ASSIGN_OR_RETURN(auto n, c.Exec(sql, params));
    counts.other_rows += n;
  }
  // The contact log and notes of the customer's cases hang off the case,
  // not the customer.
  ASSIGN_OR_RETURN(bool has_events, TableExists(c, "case_events"));
  if (has_events) {
    ASSIGN_OR_RETURN(auto n, c.Exec("UPDATE case_events SET body = '' WHERE case_id IN (SELECT id "
                                    "FROM cases WHERE org_id = $1 AND customer_id = $2)",
                                    {t.org_id(), customer_id}));
    counts.other_rows += n;
  }
  return counts;
}

Result<std::vector<int64_t>> PrivacyStore::InactiveCustomers(SqlConn& c, const TenantScope& t,
                                                             UnixSeconds cutoff, int limit) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query(
          "SELECT cu.id FROM customers cu WHERE cu.org_id = $1 AND cu.erased_at IS NULL "
          "AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.org_id = $1 AND "
          "r.customer_id = cu.id AND r.submitted_at >= $2) "
          "AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.org_id = $1 AND "
          "i.customer_id = cu.id AND i.occurred_at >= $2) "
          "AND (EXISTS (SELECT 1 FROM responses r WHERE r.org_id = $1 AND r.customer_id = cu.id) "
          "OR EXISTS (SELECT 1 FROM interactions i WHERE i.org_id = $1 AND "
          "i.customer_id = cu.id) OR cu.created_at < $2) "
          "ORDER BY cu.id LIMIT $3",
          {t.org_id(), cutoff, limit}));
  std::vector<int64_t> out;
  for (auto& r : rows) out.push_back(r[0].as_int());
  return out;
}

Result<std::optional<int>> PrivacyStore::RetentionMonths(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(
      auto v, c.QueryInt("SELECT months FROM retention_policies WHERE org_id = $1", {t.org_id()}));
  if (!v) return std::optional<int>();
  return std::optional<int>(static_cast<int>(*v));
}

Status PrivacyStore::SetRetentionMonths(SqlConn& c, const TenantScope& t, std::optional<int> months,
                                        const std::string& actor, UnixSeconds now) {
  if (!months) {
    RETURN_IF_ERROR(
        c.Exec("DELETE FROM retention_policies WHERE org_id = $1", {t.org_id()}).status());
    return Status::Ok();
  }
  return c
      .Exec(
          "INSERT INTO retention_policies (org_id, months, updated_at, updated_by) "
          "VALUES ($1, $2, $3, $4) ON CONFLICT (org_id) DO UPDATE SET months = $2, "
          "updated_at = $3, updated_by = $4",
          {t.org_id(), *months, now, actor})
      .status();
}

Result<std::vector<int64_t>> PrivacyStore::OrgsWithRetention(SqlConn& c) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT org_id FROM retention_policies ORDER BY org_id"));
  std::vector<int64_t> out;
  for (auto& r : rows) out.push_back(r[0].as_int());
  return out;
}

Result<std::vector<AuditEntry>> PrivacyStore::AuditLog(SqlConn& c, const TenantScope& t,
                                                       int64_t before, int limit) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT id, actor, action, subject, at FROM audit_log WHERE org_id = $1 "
                           "AND (CAST($2 AS BIGINT) = 0 OR id < $2) ORDER BY id DESC LIMIT $3",
                           {t.org_id(), before, limit}));
  std::vector<AuditEntry> out;
  for (auto& r : rows) {
    out.push_back({r[0].as_int(), r[1].as_text(), r[2].as_text(), r[3].as_text(), r[4].as_int()});
  }
  return out;
}

}  // namespace beleving::store
