// How TextAnalyzer scores a sentence (private to src/text).
//
// TextAnalyzer::Impl holds what an analyzer is built from (the language
// detector, the Dutch and English vocabularies, the theme list, an optional
// learned model) and the scoring steps of one sentence, each in its own
// file:
//  - sentence_scoring.cc: units from tokens (ScoreSentence) and the lexicon
//    score of a run of units with negation, modifiers, contrast and
//    concession (ScoreUnits);
//  - irony.cc: praise answered by a complaint turned against (MarkIrony);
//  - complaint_cues.cc: Dutch complaints without a sentiment word, such as
//    hours spent waiting (DutchComplaintCues);
//  - text_analyzer.cc: building the analyzer and the whole-comment pass
//    (language, sentences, themes, employee mentions).
// The tuning constants are here, in one list. See docs/text.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "text/analysis_scratch.h"
#include "text/language.h"
#include "text/learned_sentiment.h"
#include "text/text_analyzer.h"
#include "text/vocabulary.h"

namespace beleving::text {

namespace scoring {

// Tuning constants (tuned on tests/data/text/nl_dev.tsv and en_r2019_dev.tsv,
// never on the reported sets). See docs/text.md.
inline constexpr double kAlpha = 0.6;               // squashing: raw / sqrt(raw^2 + alpha)
inline constexpr double kPolarityThreshold = 0.05;  // |score| below this is neutral
inline constexpr double kNegatePositive = 0.9;      // "niet goed": -0.9 x goed
inline constexpr double kNegateNegative = 0.5;      // "geen probleem": -0.5 x probleem
inline constexpr int kNegationScope = 3;            // words a negator reaches
inline constexpr int kModifierScope = 2;            // words an intensifier reaches
inline constexpr double kContrastBefore = 0.5;      // weight of what came before "maar"
inline constexpr double kExclamationBoost = 0.15;   // per '!', up to 3
inline constexpr double kConcessionAfter = 0.5;     // "maar wel vriendelijk": the clause after
inline constexpr size_t kIronyHeadUnits = 4;        // praise that can open an ironic sentence
inline constexpr double kIronyMinPraise = 0.4;      // how positive that opening must be
inline constexpr long kVoteWords = 8;     // vocabulary votes on language up to this length
inline constexpr double kWaitCue = 0.3;   // "twee uur gewacht", "waarom ...?"
inline constexpr double kQuickCue = 0.3;  // "binnen een uur"

}  // namespace scoring

struct TextAnalyzer::Impl {
  LanguageDetector detector;
  std::vector<ThemeInfo> themes;
  Vocabulary nl;
  Vocabulary en;
  std::unique_ptr<LearnedSentiment> learned;  // the organisation's own, if any

  const Vocabulary& For(Language l) const { return l == Language::kEnglish ? en : nl; }

  // Scores sentence `s` (tokens [tb, te)) into `score`, appending theme hits.
  void ScoreSentence(const Vocabulary& v, scoring::Scratch& sc, uint32_t s, uint32_t tb,
                     uint32_t te, scoring::SentenceScore* score) const;
  // The raw score of units [begin, end) of the current sentence; records the
  // sentence's contrast and thanks flags in `score` unless it is null.
  double ScoreUnits(const scoring::Scratch& sc, size_t begin, size_t end,
                    scoring::SentenceScore* score) const;
  // Complaint cues without a sentiment word in tokens [tb, te) (Dutch).
  double DutchComplaintCues(const scoring::Scratch& sc, uint32_t tb, uint32_t te) const;
  // Turns ironic praise in the current sentence's units against.
  void MarkIrony(scoring::Scratch& sc) const;
};

}  // namespace beleving::text
