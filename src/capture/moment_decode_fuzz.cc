// libFuzzer: the ingest request decoding (JSON text -> ParseJson ->
// DecodeResponses / DecodeInteractions). Any input must give a value or an
// error Status, never a crash, a leak or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "capture/moment.h"
#include "core/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = beleving::ParseJson(text);
  if (!doc.ok()) return 0;
  auto responses = beleving::capture::DecodeResponses(*doc);
  auto interactions = beleving::capture::DecodeInteractions(*doc);
  (void)responses;
  (void)interactions;
  return 0;
}
