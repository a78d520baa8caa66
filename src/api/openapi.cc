#include "api/openapi.h"

#include <set>

#include "core/resources.h"

namespace beleving::api {
namespace {

json::object Problem() {
  return {{"description", "Problem (RFC 9457)"},
          {"content", json::object{{"application/problem+json",
                                    json::object{{"schema", json::object{{"$ref",
                                                                          "#/components/schemas/"
                                                                          "Problem"}}}}}}}};
}

std::vector<std::string> PathParams(const std::string& pattern) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = pattern.find('{', pos)) != std::string::npos) {
    size_t end = pattern.find('}', pos);
    if (end == std::string::npos) break;
    out.push_back(pattern.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

json::object Describe(const RouteInfo& r, json::object* components) {
  const Operation& op = *r.op;
  json::object o;
  o["operationId"] = op.id;
  o["summary"] = op.summary;
  o["tags"] = json::array{json::value(op.tag)};
  o["x-access"] = AccessName(r.access);
  json::array params;
  for (const auto& name : PathParams(r.pattern)) {
    json::object p{{"name", name}, {"in", "path"}, {"required", true}};
    p["schema"] = json::object{{"type", "string"}};
    for (const auto& d : op.path) {
      if (d.name == name) {
        p["schema"] = d.schema.ToJson();
        if (!d.description.empty()) p["description"] = d.description;
      }
    }
    params.push_back(std::move(p));
  }
  for (const auto& q : op.query) {
    json::object p{
        {"name", q.name}, {"in", "query"}, {"required", q.required}, {"schema", q.schema.ToJson()}};
    if (q.schema.type() == Schema::Type::kArray) {
      p["style"] = "form";
      p["explode"] = false;
    }
    if (!q.description.empty()) p["description"] = q.description;
    if (!q.name_pattern.empty()) {
      p["x-name-pattern"] = "^" + q.name_pattern + "$";
      p["x-example-name"] = q.example_name;
    }
    params.push_back(std::move(p));
  }
  if (!params.empty()) o["parameters"] = std::move(params);
  auto body_schema = [&](const Schema& s) -> json::value {
    if (s.name().empty()) return s.ToJson();
    (*components)[s.name()] = s.ToJson();
    return json::object{{"$ref", "#/components/schemas/" + s.name()}};
  };
  if (op.body) {
    json::object media{{"schema", body_schema(*op.body)}};
    media["example"] = op.body->SampleValue();
    o["requestBody"] = json::object{
        {"required", true}, {"content", json::object{{"application/json", std::move(media)}}}};
  } else if (op.form) {
    o["requestBody"] =
        json::object{{"required", true},
                     {"content", json::object{{"application/x-www-form-urlencoded",
                                               json::object{{"schema", body_schema(*op.form)}}}}}};
  }
  json::object responses;
  for (const auto& reply : op.replies) {
    json::object x{{"description", reply.description}};
    if (reply.status >= 400 && reply.content_type == "application/json") {
      x = Problem();
      x["description"] = reply.description;
    } else if (!reply.schema_ref.empty() || reply.schema) {
      json::value schema =
          reply.schema
              ? json::value(reply.schema->ToJson())
              : json::value(json::object{{"$ref", "#/components/schemas/" + reply.schema_ref}});
      x["content"] = json::object{{reply.content_type, json::object{{"schema", schema}}}};
    } else if (reply.content_type != "application/json" && reply.status < 300) {
      x["content"] = json::object{{reply.content_type, json::object{}}};
    }
    responses[std::to_string(reply.status)] = std::move(x);
  }
  auto chain = [&](int status, bool applies) {
    if (applies && !responses.contains(std::to_string(status))) {
      responses[std::to_string(status)] = Problem();
    }
  };
  const bool page = r.surface == Surface::kPage;
  chain(400, true);
  chain(401, r.access != Access::kPublic && !page);
  chain(403, r.access != Access::kPublic);
  chain(404, !PathParams(r.pattern).empty());
  chain(413, op.body.has_value() || op.form.has_value());
  chain(431, true);  // the HTTP server's own: a header block over its limit
  if (page && r.access != Access::kPublic && !responses.contains("303")) {
    responses["303"] = json::object{{"description", "Not signed in: to /login"}};
  }
  o["responses"] = std::move(responses);
  return o;
}

std::string Lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

Result<json::object> OpenApiDocument(const std::vector<RouteInfo>& routes) {
  auto text = resources::Find("openapi.json");
  if (!text) return Internal("OpenAPI document missing from the build");
  ASSIGN_OR_RETURN(auto legacy, ParseJson(*text, 64));
  json::object doc = legacy.as_object();
  json::object legacy_paths = doc["paths"].as_object();
  json::object& components = doc["components"].as_object()["schemas"].as_object();
  json::object paths;
  std::set<std::string> ids;
  for (const auto& r : routes) {
    json::object& item = paths[r.pattern].emplace_object();
    (void)item;
  }
  for (const auto& r : routes) {
    const std::string method = Lower(r.method);
    json::object& item = paths[r.pattern].as_object();
    if (r.op) {
      if (!ids.insert(r.op->id).second) {
        return Internal("operationId " + r.op->id + " is declared twice");
      }
      item[method] = Describe(r, &components);
    } else if (auto* lp = legacy_paths.if_contains(r.pattern)) {
      if (auto* lo = lp->as_object().if_contains(method)) item[method] = *lo;
    }
  }
  doc["paths"] = std::move(paths);
  return doc;
}

}  // namespace beleving::api
