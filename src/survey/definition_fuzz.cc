// libFuzzer: the survey definition parser (JSON text -> ParseDefinition).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json.h"
#include "survey/definition.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = beleving::ParseJson(text);
  if (!doc.ok()) return 0;
  auto def = beleving::survey::ParseDefinition(*doc);
  (void)def;
  return 0;
}
