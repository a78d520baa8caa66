// libFuzzer: the CSV/TSV reader of response imports (capture/import/
// delimited_reader.h) on arbitrary bytes, with and without a separator
// given. Invariants: every kept record has at least one cell, records come
// in increasing line order, and every cell starts on or after its record's
// line; the text is valid UTF-8 whatever the input encoding was.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "capture/import/delimited_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace imp = beleving::capture::import;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  imp::DelimitedOptions o;
  o.max_records = 10000;
  o.max_cell_bytes = 4096;
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1) o.separator = ';';
    auto t = imp::ReadDelimited(bytes, o);
    if (!t.ok()) continue;
    uint32_t last = 0;
    for (const auto& r : t->records) {
      if (r.cells.empty() || r.line <= last) __builtin_trap();
      last = r.line;
      for (const auto& c : r.cells) {
        if (c.line < r.line) __builtin_trap();
        if (!imp::IsValidUtf8(c.text)) __builtin_trap();
      }
    }
  }
  return 0;
}
