// libFuzzer: URL and query-string decoding as the server does it for every
// request target (path before '?', query after it).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "http/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view target(reinterpret_cast<const char*>(data), size);
  size_t q = target.find('?');
  std::string path = beleving::http::UrlDecode(target.substr(0, q), false);
  if (path.size() > target.size()) __builtin_trap();  // decoding never grows
  std::multimap<std::string, std::string> query;
  if (q != std::string_view::npos) beleving::http::ParseQueryString(target.substr(q + 1), &query);
  std::string plus = beleving::http::UrlDecode(target, true);
  if (plus.size() > target.size()) __builtin_trap();
  return 0;
}
