// What one route promises its clients: the declaration the request chain
// checks a request against before the handler runs (query parameters, the
// JSON or form body) and the OpenAPI document publishes (api/openapi.h).
//
// The chain answers a request that breaks the declaration with 400 and a
// problem naming the field; it refuses query parameters the operation does
// not declare. The handler then sees `call.body`, already checked against
// `body` (or the form fields against `form`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/schema.h"

namespace beleving::api {

struct Parameter {
  std::string name;
  Schema schema;
  bool required = false;
  std::string description;
  // A family of parameters: when set, this declaration stands for every
  // query parameter whose whole name matches this ECMAScript regex (e.g.
  // "customer\\.[a-z0-9_]{1,32}" for customer.KEY); `name` is then its
  // documentation ("customer.KEY"). Published as "x-name-pattern", with
  // "x-example-name" (`example_name`) for clients and tests.
  std::string name_pattern = {};
  std::string example_name = {};
};

// An answer the operation gives. `schema_ref` names a resource schema of
// the document's components ("Webhook") or is empty; `schema` is an inline
// schema for small answers.
struct Reply {
  int status = 200;
  std::string description;
  std::string schema_ref;
  std::optional<Schema> schema;
  std::string content_type = "application/json";
};

struct Operation {
  std::string id;  // operationId: unique, lowerCamelCase ("createWebhook")
  std::string summary;
  std::string tag;
  std::vector<Parameter> path;   // {name} in the pattern; default: a string id
  std::vector<Parameter> query;  // every query parameter the operation reads
  std::optional<Schema> body;    // an application/json body
  std::optional<Schema> form;    // an application/x-www-form-urlencoded body (pages)
  std::vector<Reply> replies;    // successes and the 4xx beyond the chain's own
};

}  // namespace beleving::api
