// LearnedSentiment: a domain vocabulary learned from labelled comments.
//
// The lexicons know general evaluative words ("slow", "vriendelijk"); they
// cannot know that in one organisation's answers "dependencies" or "de app"
// mostly come with complaints and "community" or "de monteur" with praise.
// Many real answers name only a topic ("Syntax", "Package management"). This
// model learns those words from the organisation's own labelled comments (for
// example detractors' comments as negative and promoters' as positive) and
// adds their evidence to the lexicon's.
//
// The model is a naive Bayes over the analyzer's normalised word tokens and
// adjacent word pairs within a sentence, counted once per comment, with
// Laplace smoothing (alpha = 1). Its weights are log-ratios, so the comment's
// score is explainable: `prior + sum of the weights of its words`, and the
// words that weigh most are reported as evidence. It is trained for one
// language and applies only to comments in that language.
//
//   auto model = LearnedSentiment::Train(Language::kEnglish, labelled);
//   std::string json = model.ToJson();                 // keep it
//   auto again = LearnedSentiment::FromJson(json);      // load it
//   config.learned_sentiment_json = json;  // TextAnalyzer::Create(config)
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "text/language.h"
#include "text/normalize.h"

namespace beleving::text {

// A word or word pair ("package management") and its weight in a model.
struct LearnedWord {
  std::string feature;
  double weight = 0;
};

struct LabelledComment {
  bool positive = false;
  std::string text;
};

// The words and word pairs of one tokenised comment, each once, in order.
// `sentence_begin` holds the first token of every sentence and, last, the
// token count (as the analyzer keeps them).
void ForEachLearnedFeature(const std::vector<Token>& tokens,
                           const std::vector<uint32_t>& sentence_begin,
                           const std::function<void(std::string_view)>& fn);

class LearnedSentiment {
 public:
  static constexpr size_t kMaxFeatures = 2'000'000;
  static constexpr size_t kMaxFeatureBytes = 256;

  // Trains on `rows` (both classes needed, else InvalidArgument).
  static Result<LearnedSentiment> Train(Language language,
                                        const std::vector<LabelledComment>& rows);
  // Reads the JSON written by ToJson; InvalidArgument names the bad field.
  static Result<LearnedSentiment> FromJson(std::string_view json);
  std::string ToJson() const;

  Language language() const { return language_; }
  size_t feature_count() const { return weights_.size(); }
  long positives() const { return positives_; }
  long negatives() const { return negatives_; }
  // Whether the model has a weight for this normalised word.
  bool Knows(std::string_view word) const { return weights_.find(word) != weights_.end(); }

  // Log-odds that a tokenised comment is positive. `top` (optional) gets the
  // up to three words that pushed hardest in the direction of the result.
  double LogOdds(const std::vector<Token>& tokens, const std::vector<uint32_t>& sentence_begin,
                 std::vector<LearnedWord>* top = nullptr) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  Language language_ = Language::kUnknown;
  long positives_ = 0;
  long negatives_ = 0;
  double prior_ = 0;
  std::unordered_map<std::string, double, Hash, std::equal_to<>> weights_;
};

}  // namespace beleving::text
