// libFuzzer: RFC 3339 and date parsing. A time that parses must format and
// parse back to the same instant.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/time_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = beleving::ParseRfc3339(text, "/t");
  if (t.ok()) {
    auto again = beleving::ParseRfc3339(beleving::FormatRfc3339(*t), "/t");
    if (!again.ok() || *again != *t) __builtin_trap();
  }
  auto d = beleving::ParseDateOrDateTime(text, "/d");
  (void)d;
  return 0;
}
