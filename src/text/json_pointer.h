// JSON pointers (RFC 6901) for naming the offending field in a Status.
#pragma once

#include <string>
#include <string_view>

namespace beleving::text {

inline std::string Pointer(std::string_view base, std::string_view key) {
  std::string out(base);
  out.push_back('/');
  for (char c : key) {
    if (c == '~') {
      out.append("~0");
    } else if (c == '/') {
      out.append("~1");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

inline std::string Pointer(std::string_view base, size_t index) {
  return Pointer(base, std::to_string(index));
}

}  // namespace beleving::text
