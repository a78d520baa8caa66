// TextAnalyzer: why a customer's score is what it is.
//
// For one free-text comment it finds the language (nl/en), a sentiment score
// in -1..1 per sentence and per comment (lexicon based, with negation,
// intensifiers/softeners, contrast, emoji and punctuation cues), the themes
// each sentence is about with that sentence's polarity and the words that
// triggered it, and employees who are mentioned or complimented. Everything is
// explainable: each theme carries its evidence words.
//
// Construct once (lexicons and theme lists come from the embedded
// resources/text/ files, plus an optional organisation vocabulary); after
// construction every method is const and thread-safe. Per-thread caches (the
// stem cache, scratch buffers) keep Analyze allocation-light.
//
//   auto analyzer = TextAnalyzer::Create();                 // built-ins
//   auto org = TextAnalyzer::Create(config);  // config.org_vocabulary_json  // + org terms
//   CommentAnalysis a = analyzer->Analyze("Niet teruggebeld, wel vriendelijk", {});
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "text/employees.h"
#include "text/language.h"
#include "text/learned_sentiment.h"
#include "text/redact.h"
#include "text/vocabulary.h"

namespace beleving::text {

enum class Polarity : int8_t { kNegative = -1, kNeutral = 0, kPositive = 1 };
// "positive", "negative" or "neutral".
std::string_view PolarityName(Polarity p);
std::optional<Polarity> ParsePolarity(std::string_view name);

struct ThemeMention {
  std::string_view theme;  // key, e.g. "waiting_time"; valid while the analyzer lives
  Polarity polarity = Polarity::kNeutral;
  double sentiment = 0;               // -1..1, of the sentence(s) that name the theme
  std::vector<std::string> evidence;  // the triggering words, normalised ("wachttijd")
};

struct SentenceAnalysis {
  size_t begin = 0;  // byte span in the original comment
  size_t end = 0;
  double sentiment = 0;  // -1..1
  Polarity polarity = Polarity::kNeutral;
  std::vector<ThemeMention> themes;
};

// What a learned domain model (learned_sentiment.h) added to a comment.
struct LearnedContribution {
  bool applied = false;               // a model for the comment's language is loaded
  double log_odds = 0;                // added to the lexicon's raw score
  std::vector<LearnedWord> evidence;  // up to three words that weighed most
};

struct CommentAnalysis {
  Language language = Language::kUnknown;
  double sentiment = 0;  // -1..1 (lexicon, plus the learned model if loaded)
  Polarity polarity = Polarity::kNeutral;
  std::vector<SentenceAnalysis> sentences;
  std::vector<ThemeMention> themes;  // one per theme, over the whole comment
  std::vector<EmployeeMention> mentions;
  LearnedContribution learned;
};

struct AnalyzeOptions {
  // Force a language; kUnknown detects it, falling back to `fallback_language`.
  Language language = Language::kUnknown;
  Language fallback_language = Language::kDutch;
  // Employees to look for (not owned; may be null).
  const EmployeeDirectory* employees = nullptr;
};

struct TextAnalyzerConfig {
  // The organisation's own themes and terms (see ParseOrgVocabulary in
  // vocabulary.h); empty for the built-ins only.
  std::string org_vocabulary_json;
  // A learned domain model (LearnedSentiment::ToJson); empty for none.
  std::string learned_sentiment_json;
};

class TextAnalyzer {
 public:
  // Loads the embedded lexicons and theme lists, then the org vocabulary.
  // Fails with InvalidArgument (naming the JSON field) on a bad org document.
  static Result<TextAnalyzer> Create(const TextAnalyzerConfig& config = {});

  TextAnalyzer(TextAnalyzer&&) noexcept;
  TextAnalyzer& operator=(TextAnalyzer&&) noexcept;
  ~TextAnalyzer();

  CommentAnalysis Analyze(std::string_view comment, const AnalyzeOptions& options = {}) const;
  // Same, reusing `out`'s storage: the allocation-light form for bulk work.
  void Analyze(std::string_view comment, const AnalyzeOptions& options, CommentAnalysis* out) const;

  // Language detection alone.
  Language DetectLanguage(std::string_view comment, Language fallback = Language::kDutch) const;

  // PII redaction for analytics views and exports (see redact.h).
  std::string Redact(std::string_view comment, Language token_language = Language::kDutch) const {
    return text::Redact(comment, token_language);
  }

  // All themes known to this analyzer (built-in first, then org ones).
  const std::vector<ThemeInfo>& themes() const;

 private:
  struct Impl;
  explicit TextAnalyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace beleving::text
