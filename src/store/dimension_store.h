// The keyed dimensions of an organisation: locations, teams, employees,
// customers and touchpoints. Each has an id, a key unique in its org (the
// integration's own identifier), a name and a few typed fields described by
// a DimensionSpec, so one implementation serves all five and the API and
// OpenAPI document are generated from the same specs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

enum class FieldKind { kText, kEmail, kPhone, kBool, kEnum, kRef };

struct DimensionField {
  std::string name;    // API name, e.g. "location"
  std::string column;  // table column, e.g. "location_id"
  FieldKind kind = FieldKind::kText;
  bool required = false;
  size_t max_len = 200;
  std::vector<std::string> allowed;  // kEnum
  std::string ref;                   // kRef: referenced resource, e.g. "locations"
  bool personal = false;             // personal data (export, erasure, audit)
};

struct DimensionSpec {
  std::string resource;                // "locations": the API collection and the table
  std::string singular;                // "location"
  std::vector<DimensionField> fields;  // besides id, key, name
  bool personal = false;               // reading it is audited
};

// All five specs, and one by resource name (nullptr when unknown).
const std::vector<DimensionSpec>& AllDimensions();
const DimensionSpec* FindDimension(std::string_view resource);

// A stored item; refs are held as ids in `values`.
struct DimensionItem {
  int64_t id = 0;
  std::string key;
  std::string name;
  std::map<std::string, SqlValue> values;  // by field name
  UnixSeconds created_at = 0;
};

struct DimensionPage {
  std::vector<DimensionItem> items;
  std::optional<int64_t> next_after;  // cursor: the last id of this page
};

class DimensionStore {
 public:
  static Result<int64_t> Insert(SqlConn& c, const TenantScope& t, const DimensionSpec& spec,
                                const DimensionItem& item, UnixSeconds now);
  // The id of the item with `key`, creating it (name = key, plus `defaults`
  // for fields still empty) on first sight.
  static Result<int64_t> Ensure(SqlConn& c, const TenantScope& t, const DimensionSpec& spec,
                                const std::string& key,
                                const std::map<std::string, SqlValue>& defaults, UnixSeconds now);
  static Result<std::optional<int64_t>> IdByKey(SqlConn& c, const TenantScope& t,
                                                const DimensionSpec& spec, const std::string& key);
  static Result<std::optional<DimensionItem>> Get(SqlConn& c, const TenantScope& t,
                                                  const DimensionSpec& spec, int64_t id);
  // Ids ascending after `after`, at most `limit`; `filters` match field
  // values exactly (refs by id), plus "key".
  static Result<DimensionPage> List(SqlConn& c, const TenantScope& t, const DimensionSpec& spec,
                                    int64_t after, int limit,
                                    const std::map<std::string, SqlValue>& filters);
  // Sets the given fields; returns false when no such item in this org.
  static Result<bool> Update(SqlConn& c, const TenantScope& t, const DimensionSpec& spec,
                             int64_t id, const std::optional<std::string>& name,
                             const std::map<std::string, SqlValue>& values);
  // Fails with Conflict while other data refers to it.
  static Result<bool> Delete(SqlConn& c, const TenantScope& t, const DimensionSpec& spec,
                             int64_t id);
  // Key of an id in this org ("" when none), for rendering refs.
  static Result<std::string> KeyOf(SqlConn& c, const TenantScope& t, const std::string& resource,
                                   int64_t id);
};

}  // namespace beleving::store
