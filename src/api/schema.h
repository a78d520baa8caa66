// Request schemas: one declaration that the request chain validates every
// request with and that the OpenAPI document publishes (api/openapi.h), so
// the document states exactly what the server enforces and cannot drift
// from it. A JSON Schema 2020-12 subset, as OpenAPI 3.1 uses it:
//
//   Schema::Object({{"url", Schema::String(1, 2000).Format("uri"), kRequired},
//                   {"format", Schema::Enum({"json", "slack"})}})
//
// Objects refuse properties they do not declare (additionalProperties:
// false) unless made with Map. Strings count bytes of UTF-8 and treat ""
// like any other string: a required non-empty string says MinLength 1.
// Validation errors name the offending value as a JSON pointer ("/url",
// "/query/limit") and are InvalidArgument (HTTP 400).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/status.h"

namespace beleving::api {

class Schema;

inline constexpr bool kRequired = true;

struct Property {
  Property(std::string n, Schema s, bool req = false);
  std::string name;
  std::shared_ptr<const Schema> schema;
  bool required = false;
};

class Schema {
 public:
  enum class Type { kAny, kString, kInteger, kNumber, kBoolean, kArray, kObject };

  static Schema Any();
  // A string of `min_len`..`max_len` bytes.
  static Schema String(size_t min_len, size_t max_len);
  // One of `values` (a string).
  static Schema Enum(std::vector<std::string> values);
  static Schema Integer(int64_t min, int64_t max);
  static Schema Number(double min, double max);
  static Schema Boolean();
  static Schema Array(Schema items, size_t max_items, size_t min_items = 0);
  // An object with exactly these properties (others are refused).
  static Schema Object(std::vector<Property> properties);
  // An object with any keys matching `key_pattern` and values of `values`,
  // at most `max_properties` of them.
  static Schema Map(Schema values, std::string key_pattern, size_t max_properties);
  // One of several schemas: the first that accepts the value wins. The
  // error reported is that of the alternative the value names (an object
  // alternative whose first property is an Enum the value's property
  // matches, e.g. "type": "nps"; the array alternative for a list), else
  // that of the last one.
  static Schema OneOf(std::vector<Schema> options);

  // Refinements (return *this for chaining).
  Schema& Pattern(std::string ecma_regex);  // strings; anchored by the caller (^...$)
  // "date-time" (RFC 3339), "date" (YYYY-MM-DD), "email", "uri" (http or
  // https): checked, not only documented.
  Schema& Format(std::string format);
  Schema& Nullable();  // also accepts null
  Schema& Describe(std::string text);
  Schema& Example(json::value v);
  // A distinct name for the OpenAPI components (request schemas are
  // published as components/schemas/NAME).
  Schema& Named(std::string name);

  Type type() const { return type_; }
  const std::string& name() const { return name_; }
  const std::optional<json::value>& example() const { return example_; }
  const std::vector<Property>& properties() const { return properties_; }

  // Checks `v`; the error names `pointer` (or a pointer below it).
  Status Validate(const json::value& v, const std::string& pointer) const;
  // Checks a query or form value (text): integers, numbers, booleans
  // ("true"/"false") and enums are parsed from it; lists are comma-separated
  // when the schema is an Array of strings.
  Status ValidateText(const std::string& text, const std::string& pointer) const;
  // The JSON Schema of this declaration.
  json::object ToJson() const;
  // A value this schema accepts: its example, else one built from the
  // declaration (for documentation and the contract test).
  json::value SampleValue() const;

 private:
  // Whether `v` names this alternative of a OneOf (see OneOf).
  bool Discriminates(const json::value& v) const;
  Type type_ = Type::kAny;
  size_t min_len_ = 0, max_len_ = 0;
  std::vector<std::string> enum_;
  std::optional<int64_t> imin_, imax_;
  std::optional<double> nmin_, nmax_;
  std::shared_ptr<const Schema> items_;
  size_t min_items_ = 0, max_items_ = 0;
  std::vector<Property> properties_;
  bool map_ = false;
  std::string key_pattern_;
  std::vector<Schema> one_of_;
  std::string pattern_, format_, description_, name_;
  bool nullable_ = false;
  std::optional<json::value> example_;
};

}  // namespace beleving::api
