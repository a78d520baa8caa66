// Links between filtered views of one page (the case queue, comments): the
// page's path with the current filters, one of them changed.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "http/message.h"

namespace beleving::web {

// `path` with `params` as its query, `name` set to `value` ("" drops it) and
// `page` when above 1; keys in order, values URL-encoded.
inline std::string FilterLink(const std::string& path, std::map<std::string, std::string> params,
                              const std::string& name = "", const std::string& value = "",
                              int64_t page = 1) {
  if (!name.empty()) {
    if (value.empty()) {
      params.erase(name);
    } else {
      params[name] = value;
    }
  }
  if (page > 1) params["page"] = std::to_string(page);
  std::string url = path;
  char sep = '?';
  for (const auto& [k, x] : params) {
    url += sep + k + "=" + http::UrlEncode(x);
    sep = '&';
  }
  return url;
}

}  // namespace beleving::web
