// Vocabulary: everything the analyser matches in one language, compiled into
// flat tables for the hot path.
//
// A term is a sequence of one or more keys. A key is a Snowball stem (so
// "vriendelijke" matches "vriendelijk"), or for modifiers an exact normalised
// word (so "heel" does not also fire on "hele"). A term may carry a
// sentiment polarity, a modifier role and theme ids at the same time.
//
// Sources, in order (later ones override the polarity of earlier ones):
// resources/text/pattern_<lang>.tsv, cx_<lang>.tsv, emoji.tsv,
// modifiers.tsv, themes.json, then the organisation's own vocabulary JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "text/flat_map.h"
#include "text/language.h"

namespace beleving::text {

enum class Modifier : uint8_t {
  kNone = 0,
  kNegator,      // niet, geen, nooit, zonder, not, no, never
  kIntensifier,  // heel, erg, super, echt, very (multiplies the next sentiment word)
  kSoftener,     // een beetje, wat, a bit
  kContrast,     // maar, echter, but, however: the clause after weighs more
  kConcession,   // ondanks, hoewel, although: the clause it opens weighs less
  kThanks,       // bedankt, compliment, dank aan, thanks
  kIronyCue,     // hoor, zeg, nou, weer, nog steeds: marks praise as possibly ironic
};

// A theme: key ("waiting_time"), display labels and its index.
struct ThemeInfo {
  std::string key;
  std::string label_nl;
  std::string label_en;
};

// The organisation's additions, parsed from JSON (see ParseOrgVocabulary).
struct OrgVocabulary {
  struct Theme {
    std::string key;
    std::string label_nl, label_en;
    std::vector<std::string> terms_nl, terms_en;
  };
  struct Term {
    Language language;
    std::string text;
    double polarity;
  };
  std::vector<Theme> themes;
  std::vector<Term> terms;
};

// Parses an organisation vocabulary document:
//   {"themes": [{"key": "parking", "label": {"nl": "Parkeren", "en": "Parking"},
//                "terms": {"nl": ["parkeren", "parkeerplaats"], "en": ["parking"]}}],
//    "terms": {"nl": {"positive": ["gezellig"], "negative": ["rommelig"],
//                     "scores": {"wachttijd": -0.4}},
//              "en": {...}}}
// A theme key is [a-z0-9_]{1,64}; a key equal to a built-in theme adds terms
// to it. Polarities are -1..1 (positive = 0.6, negative = -0.6). Errors name
// the offending field as a JSON pointer, e.g. "/themes/0/terms/nl/2".
Result<OrgVocabulary> ParseOrgVocabulary(std::string_view json);

class Vocabulary {
 public:
  struct Term {
    uint32_t keys_begin = 0;  // into keys_
    uint8_t length = 0;       // number of keys (words)
    bool has_polarity = false;
    Modifier modifier = Modifier::kNone;
    float polarity = 0;
    float modifier_value = 1;
    uint32_t themes_begin = 0;  // into theme_ids_
    uint16_t themes_count = 0;
    uint8_t polarity_rank = 0;  // source priority of the polarity
  };

  // Builds the vocabulary for one language from the embedded resources plus
  // `org` (may be null).
  static Result<Vocabulary> Build(Language language, const OrgVocabulary* org,
                                  std::vector<ThemeInfo>* themes);

  Language language() const { return language_; }

  // Ids of a normalised word: as a stem key and as an exact key (-1 if none).
  struct WordIds {
    int32_t stem = -1;
    int32_t exact = -1;
  };
  WordIds Lookup(std::string_view word) const;
  // Whether `word` occurs in any of this language's lists (a detection cue).
  bool Knows(std::string_view word) const { return known_words_.Find(word) != nullptr; }

  // Terms whose first key is `key_id`, longest first.
  std::pair<const uint32_t*, const uint32_t*> TermsStartingWith(int32_t key_id) const {
    if (key_id < 0) return {nullptr, nullptr};
    const auto k = static_cast<size_t>(key_id);
    return {by_first_.data() + by_first_begin_[k], by_first_.data() + by_first_begin_[k + 1]};
  }
  const Term& term(uint32_t i) const { return terms_[i]; }
  int32_t key_at(uint32_t i) const { return keys_[i]; }
  uint16_t theme_at(uint32_t i) const { return theme_ids_[i]; }
  size_t term_count() const { return terms_.size(); }

 private:
  friend class VocabularyBuilder;
  Language language_ = Language::kDutch;
  FlatStringMap key_ids_;      // stem or "=word" -> key id
  FlatStringMap known_words_;  // normalised word -> index into known_ids_
  std::vector<WordIds> known_ids_;
  std::vector<Term> terms_;
  std::vector<int32_t> keys_;
  std::vector<uint16_t> theme_ids_;
  std::vector<uint32_t> by_first_begin_;  // per key id, into by_first_ (size keys + 1)
  std::vector<uint32_t> by_first_;
};

}  // namespace beleving::text
