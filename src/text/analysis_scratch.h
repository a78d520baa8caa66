// The working state of one TextAnalyzer::Analyze call (private to src/text).
//
// Analyze tokenises a comment, looks every word up in the vocabulary of its
// language, groups the words of each sentence into units (the longest
// sentiment or modifier term at a position), and scores the units. Scratch
// holds all of that per thread, so bulk analysis allocates almost nothing
// once the buffers have grown. Nothing here is part of the analyzer's
// contract; see text_analyzer.h for that.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "text/normalize.h"
#include "text/vocabulary.h"

namespace beleving::text::scoring {

enum class UnitKind : uint8_t { kWord, kEmoji, kBreak, kExclamation, kQuestion };

// One scoring position in a sentence: a word or emoji (possibly a phrase of
// `length` tokens) or a punctuation mark.
struct Unit {
  UnitKind kind = UnitKind::kWord;
  bool has_polarity = false;
  Modifier modifier = Modifier::kNone;
  float polarity = 0;
  float modifier_value = 1;  // for kExclamation: the number of '!'
  uint32_t length = 1;       // tokens
  uint32_t token = 0;        // first token
};

// A theme term found in sentence `sentence`, tokens [begin, end).
struct ThemeHit {
  uint16_t theme;
  uint32_t sentence;
  uint32_t begin, end;  // tokens
};

struct SentenceScore {
  double raw = 0;  // before squashing
  bool starts_with_contrast = false;
  double contrast_weight = 1;
  bool thanks = false;
};

struct Scratch {
  std::vector<Span> spans;
  std::string norm;
  std::vector<Token> tokens;
  std::vector<uint32_t> sentence_begin;  // first token of each sentence (+ end)
  std::vector<Vocabulary::WordIds> ids;  // per token
  std::vector<Unit> units;               // of the sentence being scored
  std::vector<ThemeHit> hits;
  std::vector<SentenceScore> scores;  // per sentence
  std::string evidence;
};

// This thread's scratch; its contents are left over from the previous call.
Scratch& ThreadScratch();

// A word's ids; letter runs of three or more ("suuuper", "heeel") collapse
// to two, then to one letter, until the vocabulary knows the word.
Vocabulary::WordIds LookupWord(const Vocabulary& v, std::string_view word);

// Whether a vocabulary has any term with this word (exact or stem).
bool KnowsWord(const Vocabulary& v, std::string_view word);

// Whether a word with `ids` matches a term key.
inline bool KeyMatches(const Vocabulary::WordIds& ids, int32_t key) {
  return key == ids.stem || key == ids.exact;
}

// Whether unit `unit` of the current sentence is a word spelled as one of
// `words` (normalised form); false past the end.
inline bool TokenIs(const Scratch& sc, size_t unit, std::initializer_list<std::string_view> words) {
  if (unit >= sc.units.size()) return false;
  const Unit& u = sc.units[unit];
  if (u.kind != UnitKind::kWord) return false;
  const std::string_view w = sc.tokens[u.token].text;
  return std::find(words.begin(), words.end(), w) != words.end();
}

}  // namespace beleving::text::scoring
