// CRUD for locations, teams, employees, customers and touchpoints, generated
// from their DimensionSpecs. References are given and shown by key.
#include "api/app.h"
#include "core/time_format.h"
#include "store/dimension_store.h"

namespace beleving::api {
namespace {

using store::DimensionField;
using store::DimensionSpec;
using store::FieldKind;

// Who may read / write a dimension. Customer data is personal: managers and
// admins only; employees see no customer list.
Access ReadAccess(const DimensionSpec& s) { return s.personal ? Access::kManage : Access::kRead; }

Result<json::object> ItemJson(store::SqlConn& c, const store::TenantScope& t,
                              const DimensionSpec& spec, const store::DimensionItem& it) {
  json::object o;
  o["id"] = it.id;
  o["key"] = it.key;
  o["name"] = it.name;
  for (const auto& f : spec.fields) {
    const store::SqlValue& v = it.values.at(f.name);
    if (v.is_null()) {
      o[f.name] = nullptr;
    } else if (f.kind == FieldKind::kRef) {
      ASSIGN_OR_RETURN(std::string key, store::DimensionStore::KeyOf(c, t, f.ref, v.as_int()));
      o[f.name] = key;
    } else if (f.kind == FieldKind::kBool) {
      o[f.name] = v.as_int() != 0;
    } else {
      o[f.name] = v.as_text();
    }
  }
  o["created_at"] = FormatRfc3339(it.created_at);
  return o;
}

bool LooksLikeEmail(const std::string& s) {
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos &&
         s.find(' ') == std::string::npos;
}

// Decodes the typed fields of a create or update body.
Status DecodeFields(store::SqlConn& c, const store::TenantScope& t, const DimensionSpec& spec,
                    JsonFields& f, std::map<std::string, store::SqlValue>* out) {
  for (const auto& field : spec.fields) {
    const json::value* v = f.Get(field.name);
    std::string ptr = f.Pointer(field.name);
    if (!v) continue;  // absent or null (PATCH turns null into "clear")
    switch (field.kind) {
      case FieldKind::kBool:
        if (!v->is_bool()) return InvalidArgument(field.name + " must be true or false", ptr);
        (*out)[field.name] = v->get_bool();
        break;
      case FieldKind::kEnum: {
        if (!v->is_string() || std::find(field.allowed.begin(), field.allowed.end(),
                                         std::string(v->get_string())) == field.allowed.end()) {
          std::string list;
          for (const auto& a : field.allowed) list += (list.empty() ? "" : ", ") + a;
          return InvalidArgument(field.name + " must be one of " + list, ptr);
        }
        (*out)[field.name] = std::string(v->get_string());
        break;
      }
      case FieldKind::kRef: {
        if (!v->is_string()) return InvalidArgument(field.name + " must be a key", ptr);
        ASSIGN_OR_RETURN(auto id,
                         store::DimensionStore::IdByKey(c, t, *store::FindDimension(field.ref),
                                                        std::string(v->get_string())));
        if (!id) {
          return InvalidArgument("no " + field.ref.substr(0, field.ref.size() - 1) + " with key '" +
                                     std::string(v->get_string()) + "'",
                                 ptr);
        }
        (*out)[field.name] = *id;
        break;
      }
      default: {
        if (!v->is_string()) return InvalidArgument(field.name + " must be a string", ptr);
        std::string s(v->get_string());
        if (s.size() > field.max_len) {
          return InvalidArgument(field.name + " is longer than " + std::to_string(field.max_len),
                                 ptr);
        }
        if (field.kind == FieldKind::kEmail && !LooksLikeEmail(s)) {
          return InvalidArgument(field.name + " must be an e-mail address", ptr);
        }
        if (field.kind == FieldKind::kPhone &&
            s.find_first_not_of("+0123456789 -()") != std::string::npos) {
          return InvalidArgument(field.name + " must be a phone number", ptr);
        }
        (*out)[field.name] = s;
      }
    }
  }
  return Status::Ok();
}

void Register(App& app, const DimensionSpec& spec) {
  const std::string base = "/api/v1/" + spec.resource;
  const DimensionSpec* sp = &spec;

  app.Add("GET", base, ReadAccess(spec), [sp](Call& call) -> http::Response {
    auto limit = PageLimit(call.req);
    if (!limit.ok()) return http::ProblemFromStatus(limit.status());
    auto after = DecodeCursor(call.req.Query("cursor"));
    if (!after.ok()) return http::ProblemFromStatus(after.status());
    std::map<std::string, store::SqlValue> filters;
    if (auto k = call.req.Query("key")) filters["key"] = *k;
    json::array items;
    std::optional<int64_t> next;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto page,
                       store::DimensionStore::List(c, call.tenant(), *sp, *after, *limit, filters));
      for (const auto& it : page.items) {
        ASSIGN_OR_RETURN(auto o, ItemJson(c, call.tenant(), *sp, it));
        items.push_back(std::move(o));
      }
      next = page.next_after;
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (sp->personal) call.app.Audit(call, "list", sp->resource);
    json::object o;
    o[sp->resource] = items;
    o["next_cursor"] = next ? json::value(EncodeCursor(*next)) : json::value(nullptr);
    return JsonOk(o);
  });

  app.Add("GET", base + "/{id}", ReadAccess(spec), [sp](Call& call) -> http::Response {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    std::optional<json::object> out;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto it, store::DimensionStore::Get(c, call.tenant(), *sp, *id));
      if (it) {
        ASSIGN_OR_RETURN(out, ItemJson(c, call.tenant(), *sp, *it));
      }
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (!out) return http::Problem(404, "", "no such " + sp->singular);
    if (sp->personal) call.app.Audit(call, "read", sp->singular + ":" + std::to_string(*id));
    return JsonOk(*out);
  });

  app.Add("POST", base, Access::kManage, [sp](Call& call) -> http::Response {
    auto body = ReadJsonBody(call.req);
    if (!body.ok()) return http::ProblemFromStatus(body.status());
    if (!body->is_object()) return http::Problem(400, "", "the body must be a JSON object");
    std::optional<json::object> out;
    UnixSeconds now = call.app.clock().Now();
    int64_t new_id = 0;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      JsonFields f(body->get_object(), "");
      store::DimensionItem item;
      ASSIGN_OR_RETURN(item.key, f.String("key", 200));
      ASSIGN_OR_RETURN(auto name, f.OptString("name", 200));
      item.name = name.value_or(item.key);
      RETURN_IF_ERROR(DecodeFields(c, call.tenant(), *sp, f, &item.values));
      RETURN_IF_ERROR(f.RejectUnknown());
      ASSIGN_OR_RETURN(new_id, store::DimensionStore::Insert(c, call.tenant(), *sp, item, now));
      ASSIGN_OR_RETURN(auto stored, store::DimensionStore::Get(c, call.tenant(), *sp, new_id));
      ASSIGN_OR_RETURN(out, ItemJson(c, call.tenant(), *sp, *stored));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (sp->personal) call.app.Audit(call, "create", sp->singular + ":" + std::to_string(new_id));
    auto r = JsonOk(*out, 201);
    r.Set("Location", "/api/v1/" + sp->resource + "/" + std::to_string(new_id));
    return r;
  });

  app.Add("PATCH", base + "/{id}", Access::kManage, [sp](Call& call) -> http::Response {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    auto body = ReadJsonBody(call.req);
    if (!body.ok()) return http::ProblemFromStatus(body.status());
    if (!body->is_object()) return http::Problem(400, "", "the body must be a JSON object");
    std::optional<json::object> out;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      JsonFields f(body->get_object(), "");
      ASSIGN_OR_RETURN(auto name, f.OptString("name", 200));
      std::map<std::string, store::SqlValue> values;
      RETURN_IF_ERROR(DecodeFields(c, call.tenant(), *sp, f, &values));
      // Explicit nulls clear optional fields.
      for (const auto& field : sp->fields) {
        auto it = body->get_object().find(field.name);
        if (it != body->get_object().end() && it->value().is_null()) values[field.name] = nullptr;
      }
      RETURN_IF_ERROR(f.RejectUnknown());
      ASSIGN_OR_RETURN(bool found,
                       store::DimensionStore::Update(c, call.tenant(), *sp, *id, name, values));
      if (!found) return NotFound("no such " + sp->singular);
      ASSIGN_OR_RETURN(auto stored, store::DimensionStore::Get(c, call.tenant(), *sp, *id));
      ASSIGN_OR_RETURN(out, ItemJson(c, call.tenant(), *sp, *stored));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (sp->personal) call.app.Audit(call, "update", sp->singular + ":" + std::to_string(*id));
    return JsonOk(*out);
  });

  app.Add("DELETE", base + "/{id}", Access::kManage, [sp](Call& call) -> http::Response {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    bool found = false;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(found, store::DimensionStore::Delete(c, call.tenant(), *sp, *id));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (!found) return http::Problem(404, "", "no such " + sp->singular);
    if (sp->personal) call.app.Audit(call, "delete", sp->singular + ":" + std::to_string(*id));
    http::Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  });
}

}  // namespace

void RegisterDimensionRoutes(App& app) {
  for (const auto& spec : store::AllDimensions()) Register(app, spec);
}

}  // namespace beleving::api
