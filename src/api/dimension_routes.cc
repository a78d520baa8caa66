// CRUD for locations, teams, employees, customers and touchpoints, generated
// from their DimensionSpecs: the request schemas (LocationCreate,
// LocationUpdate, ...) and the routes. The rules are capture::Dimensions'
// (capture/dimensions.h). References are given and shown by key.
#include <cctype>

#include "api/app.h"
#include "api/attribute_schema.h"
#include "api/declare.h"
#include "capture/dimensions.h"
#include "core/time_format.h"

namespace beleving::api {
namespace {

using store::DimensionSpec;
using store::FieldKind;

// Who may call a dimension's reads. Customer data is personal: managers and
// admins only; employees see no customer list.
Access ReadAccess(const DimensionSpec& s) { return s.personal ? Access::kManage : Access::kRead; }

std::string Title(const std::string& s) {
  std::string t = s;
  if (!t.empty()) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
  return t;
}

Schema KeySchema() { return Schema::String(1, 200).Pattern(capture::kKeyPattern); }

Schema FieldSchema(const store::DimensionField& f) {
  switch (f.kind) {
    case FieldKind::kBool:
      return Schema::Boolean();
    case FieldKind::kEnum:
      return Schema::Enum(f.allowed);
    case FieldKind::kRef:
      return KeySchema().Describe("The key of a " + f.ref.substr(0, f.ref.size() - 1));
    case FieldKind::kEmail:
      return Schema::String(3, f.max_len).Format("email").Pattern(capture::kEmailPattern);
    case FieldKind::kPhone:
      return Schema::String(0, f.max_len).Pattern(capture::kPhonePattern);
    case FieldKind::kText:
      break;
  }
  return Schema::String(0, f.max_len);
}

// The create body: key (required), name, and every field; the update body:
// name and every field, null clearing one.
Schema RequestSchema(const DimensionSpec& spec, bool create) {
  std::vector<Property> props;
  json::object example;
  if (create) {
    props.emplace_back("key", KeySchema().Describe("Your own identifier, unique here"), kRequired);
    example["key"] = spec.singular + "-1";
  }
  props.emplace_back("name", Schema::String(1, 200).Describe(create ? "Default: the key" : ""));
  example["name"] = Title(spec.singular) + " 1";
  for (const auto& f : spec.fields) {
    Schema s = FieldSchema(f);
    if (!create) s.Nullable();
    props.emplace_back(f.name, std::move(s));
  }
  if (spec.resource == "customers") {  // capture/attributes.h
    props.emplace_back("attributes", AttributesSchema());
    if (!create) {
      props.emplace_back("apply_to_history",
                         Schema::Boolean().Describe(
                             "Also apply the attributes to the customer's earlier responses "
                             "(default: only to later ones)"));
    }
  }
  return Schema::Object(std::move(props))
      .Named(Title(spec.singular) + (create ? "Create" : "Update"))
      .Example(example);
}

json::object ItemJson(const capture::DimensionView& v) {
  json::object o;
  o["id"] = v.id;
  o["key"] = v.key;
  o["name"] = v.name;
  for (const auto& [name, value] : v.fields) {
    if (std::holds_alternative<bool>(value)) {
      o[name] = std::get<bool>(value);
    } else if (std::holds_alternative<std::string>(value)) {
      o[name] = std::get<std::string>(value);
    } else {
      o[name] = nullptr;
    }
  }
  o["created_at"] = FormatRfc3339(v.created_at);
  return o;
}

capture::DimensionInput InputOf(const DimensionSpec& spec, const json::object& b) {
  capture::DimensionInput in;
  if (auto* k = b.if_contains("key")) in.key = std::string(k->get_string());
  if (auto* n = b.if_contains("name")) in.name = std::string(n->get_string());
  for (const auto& f : spec.fields) {
    auto* v = b.if_contains(f.name);
    if (!v) continue;
    if (v->is_null()) {
      in.fields[f.name] = std::monostate{};
    } else if (v->is_bool()) {
      in.fields[f.name] = v->get_bool();
    } else {
      in.fields[f.name] = std::string(v->get_string());
    }
  }
  // Customers: the attributes (null removes one) and apply_to_history, set
  // by the service in the item's own transaction.
  if (const auto* a = b.if_contains("attributes")) {
    for (const auto& kv : a->get_object()) {
      in.attributes[std::string(kv.key())] =
          kv.value().is_null() ? std::nullopt
                               : std::optional<std::string>(std::string(kv.value().get_string()));
    }
  }
  if (const auto* h = b.if_contains("apply_to_history")) in.apply_to_history = h->get_bool();
  // A null on create means "not given".
  if (in.key)
    std::erase_if(in.fields,
                  [](const auto& kv) { return std::holds_alternative<std::monostate>(kv.second); });
  return in;
}

Parameter IdParam(const DimensionSpec& spec) {
  return Parameter{"id", Schema::Integer(1, INT64_MAX), true, "The " + spec.singular + "'s id"};
}

std::vector<Parameter> ListQuery(const DimensionSpec& spec) {
  std::vector<Parameter> q = {{"limit", Schema::Integer(1, 1000), false, "Page size (default 100)"},
                              {"cursor", Schema::String(2, 20).Pattern("^c[0-9]+$"), false,
                               "next_cursor of the previous page"},
                              {"key", KeySchema(), false, "Only the item with this key"}};
  if (spec.resource == "customers") {  // issue 16: finding a customer at the counter
    q.push_back({"q", Schema::String(1, capture::kMaxCustomerSearch), false,
                 "Search: customers whose name, e-mail or phone contains this text "
                 "(case-insensitive), at most 20, by name; limit, cursor and key are ignored"});
  }
  return q;
}

// GET /api/v1/customers?q=TEXT (capture::Dimensions::SearchCustomers).
http::Response SearchCustomers(Call& call, const std::string& q) {
  auto hits = call.services().dimensions().SearchCustomers(*call.who, q);
  if (!hits.ok()) return http::ProblemFromStatus(hits.status());
  auto text = [](const std::optional<std::string>& v) {
    return v ? json::value(*v) : json::value(nullptr);
  };
  json::array items;
  for (const auto& h : *hits) {
    items.push_back(json::object{{"id", h.id},
                                 {"key", h.key},
                                 {"name", h.name.value_or(h.key)},
                                 {"email", text(h.email)},
                                 {"phone", text(h.phone)},
                                 {"language", text(h.language)}});
  }
  return JsonOk(json::object{{"customers", std::move(items)}, {"next_cursor", nullptr}});
}

http::Response NoContent() {
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

void Register(App& app, const DimensionSpec& spec) {
  const std::string base = "/api/v1/" + spec.resource;
  const std::string resource = Title(spec.singular);
  const std::string plural = Title(spec.resource);
  const DimensionSpec* sp = &spec;

  app.Add("GET", base, ReadAccess(spec),
          Declare("list" + plural, "List " + spec.resource, "hierarchy")
              .Query(ListQuery(spec))
              .Replies({Answer(200, "A page of " + spec.resource, resource + "List")}),
          [sp](Call& call) -> http::Response {
            if (auto q = call.req.Query("q"); q && sp->resource == "customers") {
              return SearchCustomers(call, *q);
            }
            auto limit = PageLimit(call.req);
            if (!limit.ok()) return http::ProblemFromStatus(limit.status());
            auto after = DecodeCursor(call.req.Query("cursor"));
            if (!after.ok()) return http::ProblemFromStatus(after.status());
            auto page = call.services().dimensions().List(*call.who, *sp, *after, *limit,
                                                          call.req.Query("key"));
            if (!page.ok()) return http::ProblemFromStatus(page.status());
            json::array items;
            for (const auto& it : page->items) items.push_back(ItemJson(it));
            json::object o;
            o[sp->resource] = std::move(items);
            o["next_cursor"] =
                page->next_after ? json::value(EncodeCursor(*page->next_after)) : nullptr;
            return JsonOk(o);
          });

  app.Add("GET", base + "/{id}", ReadAccess(spec),
          Declare("get" + resource, "One " + spec.singular, "hierarchy")
              .Path(IdParam(spec))
              .Replies({Answer(200, "The " + spec.singular, resource)}),
          [sp](Call& call) -> http::Response {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            auto item = call.services().dimensions().Get(*call.who, *sp, *id);
            if (!item.ok()) return http::ProblemFromStatus(item.status());
            return JsonOk(ItemJson(*item));
          });

  app.Add("POST", base, Access::kManage,
          Declare("create" + resource, "Create a " + spec.singular, "hierarchy")
              .Body(RequestSchema(spec, true))
              .Replies({Answer(201, "Created (Location: its URL)", resource),
                        Answer(409, "The key is taken")}),
          [sp](Call& call) -> http::Response {
            auto item = call.services().dimensions().Create(*call.who, *sp,
                                                            InputOf(*sp, call.body.get_object()));
            if (!item.ok()) return http::ProblemFromStatus(item.status());
            auto r = JsonOk(ItemJson(*item), 201);
            r.Set("Location", "/api/v1/" + sp->resource + "/" + std::to_string(item->id));
            return r;
          });

  app.Add("PATCH", base + "/{id}", Access::kManage,
          Declare("update" + resource, "Change a " + spec.singular + " (null clears a field)",
                  "hierarchy")
              .Path(IdParam(spec))
              .Body(RequestSchema(spec, false))
              .Replies({Answer(200, "Changed", resource)}),
          [sp](Call& call) -> http::Response {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            auto item = call.services().dimensions().Update(*call.who, *sp, *id,
                                                            InputOf(*sp, call.body.get_object()));
            if (!item.ok()) return http::ProblemFromStatus(item.status());
            return JsonOk(ItemJson(*item));
          });

  app.Add(
      "DELETE", base + "/{id}", Access::kManage,
      Declare("delete" + resource, "Delete a " + spec.singular + " nothing refers to", "hierarchy")
          .Path(IdParam(spec))
          .Replies({Answer(204, "Deleted"), Answer(409, "Other data still refers to it")}),
      [sp](Call& call) -> http::Response {
        auto id = PathId(call.req);
        if (!id.ok()) return http::ProblemFromStatus(id.status());
        Status st = call.services().dimensions().Delete(*call.who, *sp, *id);
        if (!st.ok()) return http::ProblemFromStatus(st);
        return NoContent();
      });
}

}  // namespace

void RegisterDimensionRoutes(App& app) {
  for (const auto& spec : store::AllDimensions()) Register(app, spec);
}

}  // namespace beleving::api
