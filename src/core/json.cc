#include "core/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace beleving {

Result<json::value> ParseJson(std::string_view text, size_t max_depth) {
  json::parse_options opts;
  opts.max_depth = max_depth;
  json::stream_parser p(json::storage_ptr(), opts);
  json::error_code ec;
  size_t n = p.write_some(text.data(), text.size(), ec);
  if (!ec && n < text.size()) ec = json::error::extra_data;
  if (!ec) p.finish(ec);
  if (ec) {
    size_t line = 1, col = 1;
    for (size_t i = 0; i < n && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return InvalidArgument("malformed JSON at line " + std::to_string(line) + ", column " +
                           std::to_string(col) + ": " + ec.message());
  }
  return p.release();
}

namespace {

void WriteJson(const json::value& v, std::string* out) {
  switch (v.kind()) {
    case json::kind::double_: {
      double d = v.get_double();
      if (!std::isfinite(d)) {
        *out += "null";
        return;
      }
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::general);
      std::string_view text(buf, static_cast<size_t>(r.ptr - buf));
      if (text.find('e') != std::string_view::npos && std::fabs(d) >= 1e-6 && std::fabs(d) < 1e15) {
        r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
        text = std::string_view(buf, static_cast<size_t>(r.ptr - buf));
      }
      *out += text;
      return;
    }
    case json::kind::object: {
      *out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) *out += ',';
        first = false;
        *out += json::serialize(json::string(kv.key()));
        *out += ':';
        WriteJson(kv.value(), out);
      }
      *out += '}';
      return;
    }
    case json::kind::array: {
      *out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) *out += ',';
        first = false;
        WriteJson(e, out);
      }
      *out += ']';
      return;
    }
    default:
      *out += json::serialize(v);
  }
}

}  // namespace

std::string ToJsonText(const json::value& v) {
  std::string out;
  WriteJson(v, &out);
  return out;
}

std::string JsonPointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string JsonFields::Pointer(std::string_view key) const {
  return ptr_ + "/" + JsonPointerToken(key);
}

const json::value* JsonFields::Get(std::string_view key) {
  known_.push_back(std::string(key));
  auto it = obj_.find(key);
  if (it == obj_.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

Result<std::optional<std::string>> JsonFields::OptString(std::string_view key, size_t max_len) {
  const json::value* v = Get(key);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) {
    return InvalidArgument(std::string(key) + " must be a string", Pointer(key));
  }
  const auto& s = v->get_string();
  if (s.size() > max_len) {
    return InvalidArgument(
        std::string(key) + " is longer than " + std::to_string(max_len) + " bytes", Pointer(key));
  }
  return std::optional<std::string>(std::string(s));
}

Result<std::string> JsonFields::String(std::string_view key, size_t max_len) {
  ASSIGN_OR_RETURN(auto s, OptString(key, max_len));
  if (!s || s->empty()) {
    return InvalidArgument(std::string(key) + " is required", Pointer(key));
  }
  return *s;
}

Result<std::optional<int64_t>> JsonFields::OptInt(std::string_view key, int64_t min, int64_t max) {
  const json::value* v = Get(key);
  if (!v) return std::optional<int64_t>();
  int64_t x;
  if (v->is_int64()) {
    x = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    x = static_cast<int64_t>(v->get_uint64());
  } else if (v->is_double() && std::fabs(v->get_double()) < 9.0e18 &&
             v->get_double() == std::trunc(v->get_double())) {
    x = static_cast<int64_t>(v->get_double());
  } else {
    return InvalidArgument(std::string(key) + " must be an integer", Pointer(key));
  }
  if (x < min || x > max) {
    return InvalidArgument(std::string(key) + " must be between " + std::to_string(min) + " and " +
                               std::to_string(max),
                           Pointer(key));
  }
  return std::optional<int64_t>(x);
}

Result<std::optional<bool>> JsonFields::OptBool(std::string_view key) {
  const json::value* v = Get(key);
  if (!v) return std::optional<bool>();
  if (!v->is_bool())
    return InvalidArgument(std::string(key) + " must be true or false", Pointer(key));
  return std::optional<bool>(v->get_bool());
}

Result<std::optional<std::string>> JsonFields::OptEnum(
    std::string_view key, std::initializer_list<std::string_view> allowed) {
  ASSIGN_OR_RETURN(auto s, OptString(key, 64));
  if (!s) return s;
  if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return InvalidArgument(std::string(key) + " must be one of " + list, Pointer(key));
  }
  return s;
}

Status JsonFields::RejectUnknown() const {
  for (const auto& kv : obj_) {
    if (std::find(known_.begin(), known_.end(), kv.key()) == known_.end()) {
      return InvalidArgument("unknown field " + std::string(kv.key()),
                             ptr_ + "/" + JsonPointerToken(kv.key()));
    }
  }
  return Status::Ok();
}

}  // namespace beleving
