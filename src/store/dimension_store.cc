#include "store/dimension_store.h"

namespace beleving::store {

const std::vector<DimensionSpec>& AllDimensions() {
  static const std::vector<DimensionSpec> kSpecs = {
      {"locations",
       "location",
       {{"manager", "manager_employee_id", FieldKind::kRef, false, 200, {}, "employees", false}},
       false},
      {"teams",
       "team",
       {{"location", "location_id", FieldKind::kRef, false, 200, {}, "locations", false},
        {"lead", "lead_employee_id", FieldKind::kRef, false, 200, {}, "employees", false}},
       false},
      {"employees",
       "employee",
       {{"team", "team_id", FieldKind::kRef, false, 200, {}, "teams", false},
        {"email", "email", FieldKind::kEmail, false, 254, {}, "", true}},
       false},
      {"customers",
       "customer",
       {{"email", "email", FieldKind::kEmail, false, 254, {}, "", true},
        {"phone", "phone", FieldKind::kPhone, false, 40, {}, "", true},
        {"language", "language", FieldKind::kEnum, false, 8, {"nl", "en"}, "", false},
        {"consent", "consent", FieldKind::kBool, false, 0, {}, "", false},
        {"opted_out", "opted_out", FieldKind::kBool, false, 0, {}, "", false}},
       true},
      {"touchpoints",
       "touchpoint",
       {{"channel",
         "channel",
         FieldKind::kEnum,
         false,
         16,
         {"online", "phone", "email", "face_to_face", "chat", "other"},
         "",
         false}},
       false},
  };
  return kSpecs;
}

const DimensionSpec* FindDimension(std::string_view resource) {
  for (const auto& s : AllDimensions()) {
    if (s.resource == resource) return &s;
  }
  return nullptr;
}

namespace {

std::string Columns(const DimensionSpec& spec) {
  std::string cols = "id, key, name, created_at";
  for (const auto& f : spec.fields) cols += ", " + f.column;
  return cols;
}

DimensionItem FromRow(const DimensionSpec& spec, SqlRow& r) {
  DimensionItem it;
  it.id = r[0].as_int();
  it.key = r[1].as_text();
  it.name = r[2].as_text();
  it.created_at = r[3].as_int();
  for (size_t i = 0; i < spec.fields.size(); ++i) it.values[spec.fields[i].name] = r[4 + i];
  return it;
}

const DimensionField* FieldNamed(const DimensionSpec& spec, const std::string& name) {
  for (const auto& f : spec.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace

Result<int64_t> DimensionStore::Insert(SqlConn& c, const TenantScope& t, const DimensionSpec& spec,
                                       const DimensionItem& item, UnixSeconds now) {
  std::string cols = "org_id, key, name, created_at";
  std::string vals = "$1, $2, $3, $4";
  SqlParams params = {t.org_id(), item.key, item.name.empty() ? item.key : item.name, now};
  for (const auto& f : spec.fields) {
    auto it = item.values.find(f.name);
    if (it == item.values.end() || it->second.is_null()) continue;
    cols += ", " + f.column;
    params.push_back(it->second);
    vals += ", $" + std::to_string(params.size());
  }
  auto rows =
      c.Query("INSERT INTO " + spec.resource + " (" + cols + ") VALUES (" + vals + ") RETURNING id",
              params);
  if (!rows.ok()) {
    if (rows.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExists("a " + spec.singular + " with key '" + item.key + "' exists", "/key");
    }
    return rows.status();
  }
  return rows->front()[0].as_int();
}

Result<std::optional<int64_t>> DimensionStore::IdByKey(SqlConn& c, const TenantScope& t,
                                                       const DimensionSpec& spec,
                                                       const std::string& key) {
  return c.QueryInt("SELECT id FROM " + spec.resource + " WHERE org_id = $1 AND key = $2",
                    {t.org_id(), key});
}

Result<int64_t> DimensionStore::Ensure(SqlConn& c, const TenantScope& t, const DimensionSpec& spec,
                                       const std::string& key,
                                       const std::map<std::string, SqlValue>& defaults,
                                       UnixSeconds now) {
  ASSIGN_OR_RETURN(auto id, IdByKey(c, t, spec, key));
  if (id) return *id;
  DimensionItem item;
  item.key = key;
  item.name = key;
  item.values = defaults;
  return Insert(c, t, spec, item, now);
}

Result<std::optional<DimensionItem>> DimensionStore::Get(SqlConn& c, const TenantScope& t,
                                                         const DimensionSpec& spec, int64_t id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT " + Columns(spec) + " FROM " + spec.resource +
                                          " WHERE org_id = $1 AND id = $2",
                                      {t.org_id(), id}));
  if (rows.empty()) return std::optional<DimensionItem>();
  return std::optional<DimensionItem>(FromRow(spec, rows.front()));
}

Result<DimensionPage> DimensionStore::List(SqlConn& c, const TenantScope& t,
                                           const DimensionSpec& spec, int64_t after, int limit,
                                           const std::map<std::string, SqlValue>& filters) {
  std::string sql =
      "SELECT " + Columns(spec) + " FROM " + spec.resource + " WHERE org_id = $1 AND id > $2";
  SqlParams params = {t.org_id(), after};
  for (const auto& [name, value] : filters) {
    std::string column;
    if (name == "key") {
      column = "key";
    } else if (const DimensionField* f = FieldNamed(spec, name)) {
      column = f->column;
    } else {
      return InvalidArgument("cannot filter on " + name, name);
    }
    params.push_back(value);
    sql += " AND " + column + " = $" + std::to_string(params.size());
  }
  params.push_back(static_cast<int64_t>(limit) + 1);
  sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  DimensionPage page;
  for (auto& r : rows) {
    if (page.items.size() == static_cast<size_t>(limit)) {
      page.next_after = page.items.back().id;
      break;
    }
    page.items.push_back(FromRow(spec, r));
  }
  return page;
}

Result<bool> DimensionStore::Update(SqlConn& c, const TenantScope& t, const DimensionSpec& spec,
                                    int64_t id, const std::optional<std::string>& name,
                                    const std::map<std::string, SqlValue>& values) {
  std::string sets;
  SqlParams params = {t.org_id(), id};
  if (name) {
    params.push_back(*name);
    sets += "name = $" + std::to_string(params.size());
  }
  for (const auto& [field, value] : values) {
    const DimensionField* f = FieldNamed(spec, field);
    if (!f) return InvalidArgument("unknown field " + field, "/" + field);
    params.push_back(value);
    if (!sets.empty()) sets += ", ";
    sets += f->column + " = $" + std::to_string(params.size());
  }
  if (sets.empty()) {
    ASSIGN_OR_RETURN(auto item, Get(c, t, spec, id));
    return item.has_value();
  }
  ASSIGN_OR_RETURN(int64_t n, c.Exec("UPDATE " + spec.resource + " SET " + sets +
                                         " WHERE org_id = $1 AND id = $2",
                                     params));
  return n > 0;
}

Result<bool> DimensionStore::Delete(SqlConn& c, const TenantScope& t, const DimensionSpec& spec,
                                    int64_t id) {
  auto n =
      c.Exec("DELETE FROM " + spec.resource + " WHERE org_id = $1 AND id = $2", {t.org_id(), id});
  if (!n.ok()) {
    if (n.status().code() == StatusCode::kAlreadyExists) {
      return Conflict("this " + spec.singular + " is still referred to by other data");
    }
    return n.status();
  }
  return *n > 0;
}

Result<std::string> DimensionStore::KeyOf(SqlConn& c, const TenantScope& t,
                                          const std::string& resource, int64_t id) {
  if (!FindDimension(resource)) return InvalidArgument("unknown resource " + resource);
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT key FROM " + resource + " WHERE org_id = $1 AND id = $2", {t.org_id(), id}));
  return rows.empty() ? std::string() : rows.front()[0].as_text();
}

}  // namespace beleving::store
