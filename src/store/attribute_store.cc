#include "store/attribute_store.h"

#include <algorithm>

#include "core/json.h"

namespace beleving::store {
namespace {

std::string FieldOf(const std::string& pointer, const std::string& key) {
  return pointer + "/" + JsonPointerToken(key);
}

bool IsValidValue(std::string_view v) {
  if (v.empty() || v.size() > kMaxAttributeValueBytes) return false;
  return std::none_of(v.begin(), v.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u < 0x20 || u == 0x7f;
  });
}

}  // namespace

bool IsValidAttributeKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxAttributeKeyBytes) return false;
  return std::all_of(key.begin(), key.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

Status ValidateAttributeChanges(const AttributeChanges& changes, const std::string& pointer) {
  if (changes.size() > static_cast<size_t>(kMaxAttributeKeys)) {
    return InvalidArgument("at most " + std::to_string(kMaxAttributeKeys) + " attributes", pointer);
  }
  for (const auto& [key, value] : changes) {
    if (!IsValidAttributeKey(key)) {
      return InvalidArgument("attribute keys are 1-32 of a-z, 0-9 and _", FieldOf(pointer, key));
    }
    if (value && !IsValidValue(*value)) {
      return InvalidArgument("an attribute value is text of 1-" +
                                 std::to_string(kMaxAttributeValueBytes) +
                                 " bytes without control characters",
                             FieldOf(pointer, key));
    }
  }
  return Status::Ok();
}

std::optional<int> AttributeDictionary::SlotOf(std::string_view key) const {
  for (const Key& k : keys) {
    if (k.key == key) return k.slot;
  }
  return std::nullopt;
}

std::optional<int> AttributeDictionary::CodeOf(int slot, std::string_view value) const {
  for (const Key& k : keys) {
    if (k.slot != slot) continue;
    for (const auto& [code, v] : k.values) {
      if (v == value) return code;
    }
  }
  return std::nullopt;
}

std::string AttributeDictionary::ValueOf(int slot, int code) const {
  for (const Key& k : keys) {
    if (k.slot != slot) continue;
    if (auto it = k.values.find(code); it != k.values.end()) return it->second;
  }
  return "";
}

Status AttributeStore::SetCustomerAttributes(SqlConn& c, const TenantScope& t, int64_t customer_id,
                                             const AttributeChanges& changes, UnixSeconds now,
                                             const std::string& pointer) {
  RETURN_IF_ERROR(ValidateAttributeChanges(changes, pointer));
  ASSIGN_OR_RETURN(auto customer,
                   c.QueryInt("SELECT id FROM customers WHERE org_id = $1 AND id = $2",
                              {t.org_id(), customer_id}));
  if (!customer) return NotFound("no such customer");
  for (const auto& [key, value] : changes) {
    ASSIGN_OR_RETURN(auto key_id,
                     c.QueryInt("SELECT id FROM attribute_keys WHERE org_id = $1 AND key = $2",
                                {t.org_id(), key}));
    if (!value) {
      if (key_id) {
        RETURN_IF_ERROR(c.Exec("DELETE FROM customer_attributes WHERE customer_id = $1 AND "
                               "key_id = $2",
                               {customer_id, *key_id})
                            .status());
      }
      continue;
    }
    if (!key_id) {
      ASSIGN_OR_RETURN(auto used, c.Query("SELECT slot FROM attribute_keys WHERE org_id = $1 "
                                          "ORDER BY slot",
                                          {t.org_id()}));
      int slot = 0;
      for (const auto& row : used) {
        if (row[0].as_int() != slot) break;
        ++slot;
      }
      if (slot >= kMaxAttributeKeys) {
        return InvalidArgument("an organisation has at most " + std::to_string(kMaxAttributeKeys) +
                                   " attribute keys; '" + key + "' would be one more",
                               FieldOf(pointer, key));
      }
      ASSIGN_OR_RETURN(auto row, c.QueryOne("INSERT INTO attribute_keys (org_id, key, slot, "
                                            "created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                                            {t.org_id(), key, slot, now}));
      key_id = row[0].as_int();
    }
    ASSIGN_OR_RETURN(auto value_id,
                     c.QueryInt("SELECT id FROM attribute_values WHERE key_id = $1 AND value = $2",
                                {*key_id, *value}));
    if (!value_id) {
      ASSIGN_OR_RETURN(auto stats, c.QueryOne("SELECT COUNT(*), COALESCE(MAX(code), 0) FROM "
                                              "attribute_values WHERE key_id = $1",
                                              {*key_id}));
      if (stats[0].as_int() >= kMaxAttributeValues) {
        return InvalidArgument("attribute '" + key + "' has " +
                                   std::to_string(kMaxAttributeValues) +
                                   " different values already, the most it may have",
                               FieldOf(pointer, key));
      }
      ASSIGN_OR_RETURN(auto row, c.QueryOne("INSERT INTO attribute_values (org_id, key_id, "
                                            "value, code) VALUES ($1, $2, $3, $4) RETURNING id",
                                            {t.org_id(), *key_id, *value, stats[1].as_int() + 1}));
      value_id = row[0].as_int();
    }
    RETURN_IF_ERROR(c.Exec("INSERT INTO customer_attributes (org_id, customer_id, key_id, "
                           "value_id, updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT "
                           "(customer_id, key_id) DO UPDATE SET value_id = excluded.value_id, "
                           "updated_at = excluded.updated_at",
                           {t.org_id(), customer_id, *key_id, *value_id, now})
                        .status());
  }
  return Status::Ok();
}

Result<std::map<std::string, std::string>> AttributeStore::CustomerAttributes(SqlConn& c,
                                                                              const TenantScope& t,
                                                                              int64_t customer_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT k.key, v.value FROM customer_attributes ca "
                                      "JOIN attribute_keys k ON k.id = ca.key_id "
                                      "JOIN attribute_values v ON v.id = ca.value_id "
                                      "WHERE ca.org_id = $1 AND ca.customer_id = $2",
                                      {t.org_id(), customer_id}));
  std::map<std::string, std::string> out;
  for (const auto& r : rows) out.emplace(r[0].as_text(), r[1].as_text());
  return out;
}

Result<AttributeCodes> AttributeStore::CustomerCodes(SqlConn& c, const TenantScope& t,
                                                     int64_t customer_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT k.slot, v.code FROM customer_attributes ca "
                                      "JOIN attribute_keys k ON k.id = ca.key_id "
                                      "JOIN attribute_values v ON v.id = ca.value_id "
                                      "WHERE ca.org_id = $1 AND ca.customer_id = $2",
                                      {t.org_id(), customer_id}));
  AttributeCodes out{};
  for (const auto& r : rows) {
    const int64_t slot = r[0].as_int();
    if (slot >= 0 && slot < kMaxAttributeKeys)
      out[static_cast<size_t>(slot)] = static_cast<int>(r[1].as_int());
  }
  return out;
}

Result<AttributeDictionary> AttributeStore::Dictionary(SqlConn& c, const TenantScope& t) {
  AttributeDictionary d;
  ASSIGN_OR_RETURN(auto keys, c.Query("SELECT id, key, slot FROM attribute_keys WHERE org_id = $1 "
                                      "ORDER BY slot",
                                      {t.org_id()}));
  for (const auto& k : keys) {
    AttributeDictionary::Key key;
    key.key = k[1].as_text();
    key.slot = static_cast<int>(k[2].as_int());
    ASSIGN_OR_RETURN(auto values, c.Query("SELECT code, value FROM attribute_values WHERE "
                                          "key_id = $1 ORDER BY code",
                                          {k[0].as_int()}));
    for (const auto& v : values)
      key.values.emplace(static_cast<int>(v[0].as_int()), v[1].as_text());
    d.keys.push_back(std::move(key));
  }
  return d;
}

Result<int64_t> AttributeStore::ApplyToHistory(SqlConn& c, const TenantScope& t,
                                               std::optional<int64_t> customer_id) {
  std::string sql = "UPDATE responses SET ";
  for (int slot = 0; slot < kMaxAttributeKeys; ++slot) {
    if (slot > 0) sql += ", ";
    sql += "attr_" + std::to_string(slot) +
           " = COALESCE((SELECT v.code FROM customer_attributes ca "
           "JOIN attribute_keys k ON k.id = ca.key_id "
           "JOIN attribute_values v ON v.id = ca.value_id "
           "WHERE ca.customer_id = responses.customer_id AND k.slot = " +
           std::to_string(slot) + "), 0)";
  }
  sql += " WHERE org_id = $1 AND customer_id IS NOT NULL";
  SqlParams params = {t.org_id()};
  if (customer_id) {
    sql += " AND customer_id = $2";
    params.push_back(*customer_id);
  }
  return c.Exec(sql, params);
}

Status AttributeStore::ClearCustomer(SqlConn& c, const TenantScope& t, int64_t customer_id) {
  return c
      .Exec("DELETE FROM customer_attributes WHERE org_id = $1 AND customer_id = $2",
            {t.org_id(), customer_id})
      .status();
}

}  // namespace beleving::store
