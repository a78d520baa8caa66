// The one JSON layer: Boost.JSON plus a reader that validates request
// documents field by field and names the offending field as a JSON pointer.
#pragma once

#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace beleving {

namespace json = boost::json;

// Parses a document; errors say where ("line 3, column 14").
Result<json::value> ParseJson(std::string_view text, size_t max_depth = 32);

// Reads the fields of one JSON object. Every accessor records the key, and
// RejectUnknown() fails on any key that was not read or listed.
class JsonFields {
 public:
  // `pointer` is the object's own JSON pointer ("" for the root).
  JsonFields(const json::object& obj, std::string pointer) : obj_(obj), ptr_(std::move(pointer)) {}

  // Required or optional string with a maximum length in bytes.
  Result<std::string> String(std::string_view key, size_t max_len = 200);
  Result<std::optional<std::string>> OptString(std::string_view key, size_t max_len = 200);
  Result<std::optional<int64_t>> OptInt(std::string_view key, int64_t min, int64_t max);
  Result<std::optional<bool>> OptBool(std::string_view key);
  // A string that must be one of `allowed`.
  Result<std::optional<std::string>> OptEnum(std::string_view key,
                                             std::initializer_list<std::string_view> allowed);
  const json::value* Get(std::string_view key);  // marks the key as known
  void Allow(std::string_view key) { known_.push_back(std::string(key)); }
  Status RejectUnknown() const;
  std::string Pointer(std::string_view key) const;

 private:
  const json::object& obj_;
  std::string ptr_;
  std::vector<std::string> known_;
};

// Serialises like json::serialize, but writes doubles in their shortest
// round-trip decimal form without an exponent where practical (29.25, not
// 2.925E1), which is what people reading API answers expect.
std::string ToJsonText(const json::value& v);

// JSON pointer escaping of one reference token.
std::string JsonPointerToken(std::string_view key);

}  // namespace beleving
