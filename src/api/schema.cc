#include "api/schema.h"

#include <cmath>
#include <regex>

#include "core/time_format.h"

namespace beleving::api {
namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += i + 1 == v.size() ? " or " : ", ";
    out += v[i];
  }
  return out;
}

bool Matches(const std::string& pattern, const std::string& s) {
  // Patterns are the server's own constants; compiled once per pattern.
  static thread_local std::vector<std::pair<std::string, std::regex>> cache;
  for (const auto& [p, re] : cache) {
    if (p == pattern) return std::regex_search(s, re);
  }
  cache.emplace_back(pattern, std::regex(pattern, std::regex::ECMAScript));
  return std::regex_search(s, cache.back().second);
}

Status CheckFormat(const std::string& format, const std::string& s, const std::string& ptr) {
  if (format == "date-time") return ParseRfc3339(s, ptr).status();
  if (format == "date") {
    if (s.size() != 10) return InvalidArgument("must be a date YYYY-MM-DD", ptr);
    return ParseDateOrDateTime(s, ptr).status();
  }
  if (format == "email") {
    const size_t at = s.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= s.size() ||
        s.find('@', at + 1) != std::string::npos || s.find(' ') != std::string::npos) {
      return InvalidArgument("must be an e-mail address", ptr);
    }
    return Status::Ok();
  }
  if (format == "uri") {
    if (s.rfind("http://", 0) != 0 && s.rfind("https://", 0) != 0) {
      return InvalidArgument("must be an http or https URL", ptr);
    }
    return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

Property::Property(std::string n, Schema s, bool req)
    : name(std::move(n)), schema(std::make_shared<const Schema>(std::move(s))), required(req) {}

Schema Schema::Any() { return Schema(); }

Schema Schema::String(size_t min_len, size_t max_len) {
  Schema s;
  s.type_ = Type::kString;
  s.min_len_ = min_len;
  s.max_len_ = max_len;
  return s;
}

Schema Schema::Enum(std::vector<std::string> values) {
  Schema s;
  s.type_ = Type::kString;
  s.enum_ = std::move(values);
  for (const auto& v : s.enum_) s.max_len_ = std::max(s.max_len_, v.size());
  return s;
}

Schema Schema::Integer(int64_t min, int64_t max) {
  Schema s;
  s.type_ = Type::kInteger;
  s.imin_ = min;
  s.imax_ = max;
  return s;
}

Schema Schema::Number(double min, double max) {
  Schema s;
  s.type_ = Type::kNumber;
  s.nmin_ = min;
  s.nmax_ = max;
  return s;
}

Schema Schema::Boolean() {
  Schema s;
  s.type_ = Type::kBoolean;
  return s;
}

Schema Schema::Array(Schema items, size_t max_items, size_t min_items) {
  Schema s;
  s.type_ = Type::kArray;
  s.items_ = std::make_shared<const Schema>(std::move(items));
  s.max_items_ = max_items;
  s.min_items_ = min_items;
  return s;
}

Schema Schema::Object(std::vector<Property> properties) {
  Schema s;
  s.type_ = Type::kObject;
  s.properties_ = std::move(properties);
  return s;
}

Schema Schema::Map(Schema values, std::string key_pattern, size_t max_properties) {
  Schema s;
  s.type_ = Type::kObject;
  s.map_ = true;
  s.items_ = std::make_shared<const Schema>(std::move(values));
  s.key_pattern_ = std::move(key_pattern);
  s.max_items_ = max_properties;
  return s;
}

Schema Schema::OneOf(std::vector<Schema> options) {
  Schema s;
  s.one_of_ = std::move(options);
  return s;
}

Schema& Schema::Pattern(std::string ecma_regex) {
  pattern_ = std::move(ecma_regex);
  return *this;
}
Schema& Schema::Format(std::string format) {
  format_ = std::move(format);
  return *this;
}
Schema& Schema::Nullable() {
  nullable_ = true;
  return *this;
}
Schema& Schema::Describe(std::string text) {
  description_ = std::move(text);
  return *this;
}
Schema& Schema::Example(json::value v) {
  example_ = std::move(v);
  return *this;
}
Schema& Schema::Named(std::string name) {
  name_ = std::move(name);
  return *this;
}

Status Schema::Validate(const json::value& v, const std::string& ptr) const {
  if (v.is_null() && nullable_) return Status::Ok();
  if (!one_of_.empty()) {
    Status last = Status::Ok();
    std::optional<Status> meant;  // the error of the alternative the value names
    for (const auto& o : one_of_) {
      last = o.Validate(v, ptr);
      if (last.ok()) return last;
      if (!meant && o.Discriminates(v)) meant = last;
    }
    return meant ? *meant : last;
  }
  switch (type_) {
    case Type::kAny:
      return Status::Ok();
    case Type::kString: {
      if (!v.is_string()) return InvalidArgument("must be a string", ptr);
      const std::string s(v.get_string());
      if (!enum_.empty()) {
        for (const auto& e : enum_) {
          if (e == s) return Status::Ok();
        }
        return InvalidArgument("must be " + Join(enum_), ptr);
      }
      if (s.size() < min_len_) {
        return InvalidArgument(min_len_ == 1
                                   ? "must not be empty"
                                   : "must be at least " + std::to_string(min_len_) + " bytes long",
                               ptr);
      }
      if (s.size() > max_len_) {
        return InvalidArgument("must be at most " + std::to_string(max_len_) + " bytes long", ptr);
      }
      if (!pattern_.empty() && !Matches(pattern_, s)) {
        return InvalidArgument("must match " + pattern_, ptr);
      }
      if (!format_.empty()) return CheckFormat(format_, s, ptr);
      return Status::Ok();
    }
    case Type::kInteger: {
      int64_t x = 0;
      if (v.is_int64()) {
        x = v.get_int64();
      } else if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
        x = static_cast<int64_t>(v.get_uint64());
      } else if (v.is_double() && std::floor(v.get_double()) == v.get_double() &&
                 std::fabs(v.get_double()) < 9e15) {
        x = static_cast<int64_t>(v.get_double());
      } else {
        return InvalidArgument("must be a whole number", ptr);
      }
      if ((imin_ && x < *imin_) || (imax_ && x > *imax_)) {
        return InvalidArgument("must be a whole number from " + std::to_string(*imin_) + " to " +
                                   std::to_string(*imax_),
                               ptr);
      }
      return Status::Ok();
    }
    case Type::kNumber: {
      if (!v.is_number()) return InvalidArgument("must be a number", ptr);
      const double x = v.to_number<double>();
      if (!std::isfinite(x) || (nmin_ && x < *nmin_) || (nmax_ && x > *nmax_)) {
        return InvalidArgument("must be a number from " + ToJsonText(json::value(*nmin_)) + " to " +
                                   ToJsonText(json::value(*nmax_)),
                               ptr);
      }
      return Status::Ok();
    }
    case Type::kBoolean:
      return v.is_bool() ? Status::Ok() : InvalidArgument("must be true or false", ptr);
    case Type::kArray: {
      if (!v.is_array()) return InvalidArgument("must be an array", ptr);
      const auto& a = v.get_array();
      if (a.size() < min_items_) {
        return InvalidArgument("must hold at least " + std::to_string(min_items_) + " items", ptr);
      }
      if (a.size() > max_items_) {
        return InvalidArgument("must hold at most " + std::to_string(max_items_) + " items", ptr);
      }
      for (size_t i = 0; i < a.size(); ++i) {
        RETURN_IF_ERROR(items_->Validate(a[i], ptr + "/" + std::to_string(i)));
      }
      return Status::Ok();
    }
    case Type::kObject: {
      if (!v.is_object()) return InvalidArgument("must be an object", ptr);
      const auto& o = v.get_object();
      if (map_) {
        if (o.size() > max_items_) {
          return InvalidArgument("must hold at most " + std::to_string(max_items_) + " keys", ptr);
        }
        for (const auto& kv : o) {
          const std::string key(kv.key());
          const std::string child = ptr + "/" + JsonPointerToken(key);
          if (!key_pattern_.empty() && !Matches(key_pattern_, key)) {
            return InvalidArgument("key must match " + key_pattern_, child);
          }
          RETURN_IF_ERROR(items_->Validate(kv.value(), child));
        }
        return Status::Ok();
      }
      for (const auto& kv : o) {
        bool known = false;
        for (const auto& p : properties_) known |= p.name == kv.key();
        if (!known) {
          return InvalidArgument("unknown field", ptr + "/" + JsonPointerToken(kv.key()));
        }
      }
      for (const auto& p : properties_) {
        const json::value* x = o.if_contains(p.name);
        const std::string child = ptr + "/" + JsonPointerToken(p.name);
        if (!x) {
          if (p.required) return InvalidArgument("is required", child);
          continue;
        }
        RETURN_IF_ERROR(p.schema->Validate(*x, child));
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

bool Schema::Discriminates(const json::value& v) const {
  // An alternative of another JSON kind than every other one is meant by a
  // value of its kind: a list where "a list or a comma-separated string" is
  // allowed names the list's item, not the whole field.
  if (type_ == Type::kArray) return v.is_array();
  if (type_ != Type::kObject || map_ || properties_.empty() || !v.is_object()) return false;
  const Property& first = properties_.front();
  if (first.schema->enum_.empty()) return false;
  const json::value* d = v.get_object().if_contains(first.name);
  return d && first.schema->Validate(*d, "").ok();
}

Status Schema::ValidateText(const std::string& text, const std::string& ptr) const {
  if (!one_of_.empty()) {
    Status last = Status::Ok();
    for (const auto& o : one_of_) {
      last = o.ValidateText(text, ptr);
      if (last.ok()) return last;
    }
    return last;
  }
  switch (type_) {
    case Type::kInteger: {
      if (text.empty() || text.size() > 19 ||
          text.find_first_not_of("-0123456789") != std::string::npos ||
          text.find('-', 1) != std::string::npos || text == "-") {
        return InvalidArgument("must be a whole number", ptr);
      }
      return Validate(json::value(std::stoll(text)), ptr);
    }
    case Type::kNumber: {
      char* end = nullptr;
      const double x = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size()) {
        return InvalidArgument("must be a number", ptr);
      }
      return Validate(json::value(x), ptr);
    }
    case Type::kBoolean:
      if (text != "true" && text != "false") return InvalidArgument("must be true or false", ptr);
      return Status::Ok();
    case Type::kArray: {
      size_t n = 0, pos = 0;
      for (;;) {
        const size_t comma = text.find(',', pos);
        const std::string item =
            text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        RETURN_IF_ERROR(items_->ValidateText(item, ptr));
        if (++n > max_items_) {
          return InvalidArgument("must list at most " + std::to_string(max_items_) + " items", ptr);
        }
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
      return Status::Ok();
    }
    default:
      return Validate(json::value(text), ptr);
  }
}

json::object Schema::ToJson() const {
  json::object o;
  if (!one_of_.empty()) {
    json::array opts;
    for (const auto& s : one_of_) opts.push_back(s.ToJson());
    if (nullable_) opts.push_back(json::object{{"type", "null"}});  // a nullable choice
    o["oneOf"] = std::move(opts);
  }
  auto type = [&](const char* t) {
    if (nullable_) {
      o["type"] = json::array{t, "null"};
    } else {
      o["type"] = t;
    }
  };
  switch (type_) {
    case Type::kAny:
      break;
    case Type::kString:
      type("string");
      if (!enum_.empty()) {
        json::array e;
        for (const auto& v : enum_) e.push_back(json::value(v));
        if (nullable_) e.push_back(nullptr);
        o["enum"] = std::move(e);
      } else {
        if (min_len_ > 0) o["minLength"] = min_len_;
        o["maxLength"] = max_len_;
      }
      if (!pattern_.empty()) o["pattern"] = pattern_;
      if (!format_.empty()) o["format"] = format_;
      break;
    case Type::kInteger:
      type("integer");
      if (imin_) o["minimum"] = *imin_;
      if (imax_) o["maximum"] = *imax_;
      break;
    case Type::kNumber:
      type("number");
      if (nmin_) o["minimum"] = *nmin_;
      if (nmax_) o["maximum"] = *nmax_;
      break;
    case Type::kBoolean:
      type("boolean");
      break;
    case Type::kArray:
      type("array");
      o["items"] = items_->ToJson();
      if (min_items_ > 0) o["minItems"] = min_items_;
      o["maxItems"] = max_items_;
      break;
    case Type::kObject:
      type("object");
      if (map_) {
        o["additionalProperties"] = items_->ToJson();
        if (!key_pattern_.empty()) o["propertyNames"] = json::object{{"pattern", key_pattern_}};
        o["maxProperties"] = max_items_;
      } else {
        json::object props;
        json::array required;
        for (const auto& p : properties_) {
          props[p.name] = p.schema->ToJson();
          if (p.required) required.push_back(json::value(p.name));
        }
        o["properties"] = std::move(props);
        if (!required.empty()) o["required"] = std::move(required);
        o["additionalProperties"] = false;
      }
      break;
  }
  if (!description_.empty()) o["description"] = description_;
  if (example_) o["examples"] = json::array{*example_};
  return o;
}

json::value Schema::SampleValue() const {
  if (example_) return *example_;
  if (!one_of_.empty()) return one_of_.front().SampleValue();
  switch (type_) {
    case Type::kAny:
      return nullptr;
    case Type::kString: {
      if (!enum_.empty()) return json::value(enum_.front());
      if (format_ == "date-time") return json::value("2026-11-02T09:00:00Z");
      if (format_ == "date") return json::value("2026-11-02");
      if (format_ == "email") return json::value("someone@example.com");
      if (format_ == "uri") return json::value("https://example.com/hook");
      return json::value(
          std::string(std::max<size_t>(min_len_, std::min<size_t>(max_len_, 4)), 'a'));
    }
    case Type::kInteger:
      return json::value(imin_ ? std::max<int64_t>(*imin_, std::min<int64_t>(1, *imax_)) : 1);
    case Type::kNumber:
      return json::value(nmin_ ? std::max(*nmin_, std::min(1.0, *nmax_)) : 1.0);
    case Type::kBoolean:
      return json::value(true);
    case Type::kArray: {
      json::array a;
      for (size_t i = 0; i < std::max<size_t>(min_items_, 1) && i < max_items_; ++i) {
        a.push_back(items_->SampleValue());
      }
      return a;
    }
    case Type::kObject: {
      json::object o;
      if (map_) return o;
      for (const auto& p : properties_) {
        if (p.required) o[p.name] = p.schema->SampleValue();
      }
      return o;
    }
  }
  return nullptr;
}

}  // namespace beleving::api
