// libFuzzer: the text tokenizer (normalise, tokenise, sentence split) on
// arbitrary bytes, invalid UTF-8 included.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string norm = beleving::text::Normalise(text);
  std::vector<beleving::text::Token> tokens;
  beleving::text::Tokenise(norm, &tokens);
  for (const auto& tok : tokens) {
    // Every token views the normalised buffer.
    if (tok.text.data() < norm.data() ||
        tok.text.data() + tok.text.size() > norm.data() + norm.size()) {
      __builtin_trap();
    }
  }
  std::vector<beleving::text::Span> spans;
  beleving::text::SplitSentences(text, &spans);
  for (const auto& s : spans) {
    if (s.begin > s.end || s.end > text.size()) __builtin_trap();
  }
  return 0;
}
