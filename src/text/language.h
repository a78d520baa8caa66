// Languages the text room analyses, and language detection.
//
// Detection scores each language by its function words (resources/text/
// stopwords.tsv) and, for short texts with few of those, by the words only
// one language's vocabulary knows (when the caller has vocabularies) and
// then by characteristic character trigrams (resources/text/trigrams.tsv). Built once, then const
// and thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "text/flat_map.h"
#include "text/normalize.h"

namespace beleving::text {

enum class Language : uint8_t { kUnknown = 0, kDutch = 1, kEnglish = 2 };

// "nl", "en" or "und".
std::string_view LanguageCode(Language language);
// "nl"/"en" (any case, also "nld", "dutch", "eng", "english") or nullopt.
std::optional<Language> ParseLanguage(std::string_view code);

class LanguageDetector {
 public:
  // Loads the embedded stopword and trigram lists.
  static Result<LanguageDetector> FromResources();

  // The most likely language of already-tokenised normalised text, or
  // `fallback` when there is no evidence either way.
  Language Detect(std::string_view normalised, const std::vector<Token>& tokens,
                  Language fallback) const;

  // As above, with votes from the analyser's vocabularies: `vocabulary_votes`
  // is the number of words only the Dutch vocabulary knows minus those only
  // the English one knows. When function words leave the question open (a
  // short comment: "Prima winkel."), the votes decide before the character
  // trigrams do.
  Language Detect(std::string_view normalised, const std::vector<Token>& tokens,
                  int vocabulary_votes, Language fallback) const;

  // Convenience: normalises and tokenises `text` first.
  Language Detect(std::string_view text, Language fallback = Language::kDutch) const;

  LanguageDetector() = default;  // knows no words: always returns the fallback

 private:
  FlatStringMap stopwords_;  // word -> bit 1 nl, bit 2 en
  FlatStringMap trigrams_;   // trigram -> bit 1 nl, bit 2 en
};

}  // namespace beleving::text
