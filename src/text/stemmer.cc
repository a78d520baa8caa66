#include "text/stemmer.h"

#include <libstemmer.h>

#include <memory>

#include "text/flat_map.h"

namespace beleving::text {

Stemmer::Stemmer(Language language)
    : stemmer_(sb_stemmer_new(language == Language::kEnglish ? "english" : "dutch", "UTF_8")) {}

Stemmer::~Stemmer() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
}

std::string_view Stemmer::Stem(std::string_view word) {
  if (stemmer_ == nullptr) return word;
  const sb_symbol* s = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                       static_cast<int>(word.size()));
  if (s == nullptr) return word;
  return {reinterpret_cast<const char*>(s), static_cast<size_t>(sb_stemmer_length(stemmer_))};
}

namespace {

constexpr size_t kMaxCachedWords = 1 << 16;

struct ThreadStemCache {
  explicit ThreadStemCache(Language language) : stemmer(language), words(1024) {}
  Stemmer stemmer;
  FlatStringMap words;  // word -> offset of its stem in `stems` (length in high bits)
  std::string stems;
};

}  // namespace

std::string_view StemWithThreadCache(Language language, std::string_view word) {
  thread_local std::unique_ptr<ThreadStemCache> caches[2];
  auto& cache = caches[language == Language::kEnglish ? 1 : 0];
  if (!cache) cache = std::make_unique<ThreadStemCache>(language);
  if (const int32_t* v = cache->words.Find(word)) {
    const auto packed = static_cast<uint32_t>(*v);
    return std::string_view(cache->stems).substr(packed & 0xFFFFFF, packed >> 24);
  }
  const std::string_view stem = cache->stemmer.Stem(word);
  if (stem.size() > 255 || word.size() > 255) return stem;
  if (cache->words.size() >= kMaxCachedWords || cache->stems.size() + stem.size() > 0xFFFFFF) {
    cache->words.Clear();
    cache->stems.clear();
  }
  const auto off = static_cast<uint32_t>(cache->stems.size());
  cache->stems.append(stem);
  cache->words.Insert(word, static_cast<int32_t>(off | (static_cast<uint32_t>(stem.size()) << 24)));
  return std::string_view(cache->stems).substr(off, stem.size());
}

}  // namespace beleving::text
