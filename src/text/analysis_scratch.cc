#include "text/analysis_scratch.h"

namespace beleving::text::scoring {

Scratch& ThreadScratch() {
  thread_local Scratch s;
  return s;
}

Vocabulary::WordIds LookupWord(const Vocabulary& v, std::string_view word) {
  Vocabulary::WordIds ids = v.Lookup(word);
  if (ids.stem >= 0 || ids.exact >= 0 || word.size() < 4) return ids;
  bool elongated = false;
  for (size_t i = 2; i < word.size() && !elongated; ++i) {
    elongated = word[i] == word[i - 1] && word[i] == word[i - 2] &&
                static_cast<unsigned char>(word[i]) < 0x80;
  }
  if (!elongated) return ids;
  for (size_t keep : {2, 1}) {
    std::string collapsed;
    for (char ch : word) {
      size_t run = 0;
      for (size_t j = collapsed.size(); j > 0 && collapsed[j - 1] == ch; --j) ++run;
      if (run < keep || static_cast<unsigned char>(ch) >= 0x80) collapsed.push_back(ch);
    }
    ids = v.Lookup(collapsed);
    if (ids.stem >= 0 || ids.exact >= 0) return ids;
  }
  return ids;
}

bool KnowsWord(const Vocabulary& v, std::string_view word) {
  if (v.Knows(word)) return true;
  const Vocabulary::WordIds ids = LookupWord(v, word);
  return ids.stem >= 0 || ids.exact >= 0;
}

}  // namespace beleving::text::scoring
