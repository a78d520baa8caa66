// libFuzzer: complaint intake parsers (the `loop` room's src/loop/
// email_import.h): e-mail (RFC 5322 + MIME, through GMime), mbox, CSV, mail
// dates and encoded words, on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "loop/email_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  namespace loop = beleving::loop;
  (void)loop::ParseEmail(text);
  (void)loop::ParseMbox(text);
  auto csv = loop::ParseCsv(text, 10000);
  if (csv.ok() && csv->rows.size() != csv->row_lines.size()) __builtin_trap();
  (void)loop::ParseMailDate(text);
  (void)loop::DecodeEncodedWords(text);
  return 0;
}
