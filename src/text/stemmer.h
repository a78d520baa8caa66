// Snowball stemming (libstemmer) for Dutch and English.
#pragma once

#include <string>
#include <string_view>

#include "text/language.h"

struct sb_stemmer;

namespace beleving::text {

// One libstemmer instance. Not thread-safe: use one per thread (see
// StemWithThreadCache) or guard it.
class Stemmer {
 public:
  explicit Stemmer(Language language);
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // The stem of a normalised (lowercase, folded) word. The view is valid until
  // the next call.
  std::string_view Stem(std::string_view word);

 private:
  sb_stemmer* stemmer_ = nullptr;
};

// The stem of `word`, from a per-thread cache in front of a per-thread
// stemmer. The view is valid until the calling thread's next call. The cache
// is bounded (it is emptied when it grows past a limit).
std::string_view StemWithThreadCache(Language language, std::string_view word);

}  // namespace beleving::text
