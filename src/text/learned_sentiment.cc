#include "text/learned_sentiment.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <unordered_set>

#include "core/json.h"

namespace beleving::text {

namespace json = boost::json;

namespace {
constexpr std::string_view kFormat = "beleving-learned-sentiment";
constexpr int kVersion = 1;
constexpr double kAlpha = 1.0;  // Laplace smoothing
constexpr size_t kTopEvidence = 3;

bool IsFeatureToken(const Token& t) {
  return t.kind == TokenKind::kWord || t.kind == TokenKind::kEmoji;
}
}  // namespace

void ForEachLearnedFeature(const std::vector<Token>& tokens,
                           const std::vector<uint32_t>& sentence_begin,
                           const std::function<void(std::string_view)>& fn) {
  thread_local std::unordered_set<std::string> seen;
  thread_local std::string pair;
  seen.clear();
  auto emit = [&](std::string_view f) {
    if (f.size() > LearnedSentiment::kMaxFeatureBytes) return;
    if (seen.emplace(f).second) fn(f);
  };
  for (size_t s = 0; s + 1 < sentence_begin.size(); ++s) {
    const Token* previous = nullptr;
    for (uint32_t i = sentence_begin[s]; i < sentence_begin[s + 1]; ++i) {
      const Token& t = tokens[i];
      if (!IsFeatureToken(t)) {
        previous = nullptr;  // a clause break ends a pair
        continue;
      }
      emit(t.text);
      if (previous != nullptr) {
        pair.assign(previous->text);
        pair += ' ';
        pair += t.text;
        emit(pair);
      }
      previous = &t;
    }
  }
}

Result<LearnedSentiment> LearnedSentiment::Train(Language language,
                                                 const std::vector<LabelledComment>& rows) {
  if (language == Language::kUnknown)
    return InvalidArgument("a model needs a language", "language");
  std::unordered_map<std::string, std::pair<long, long>> counts;  // feature -> (pos, neg)
  long pos_docs = 0, neg_docs = 0, pos_total = 0, neg_total = 0;
  std::vector<Span> spans;
  std::string norm;
  std::vector<Token> tokens;
  std::vector<uint32_t> sentence_begin;
  for (const LabelledComment& row : rows) {
    TokeniseComment(row.text, &spans, &norm, &tokens, &sentence_begin);
    (row.positive ? pos_docs : neg_docs) += 1;
    ForEachLearnedFeature(tokens, sentence_begin, [&](std::string_view f) {
      auto& c = counts[std::string(f)];
      if (row.positive) {
        ++c.first;
        ++pos_total;
      } else {
        ++c.second;
        ++neg_total;
      }
    });
  }
  if (pos_docs == 0 || neg_docs == 0) {
    return InvalidArgument("training needs both positive and negative comments", "rows");
  }
  if (counts.size() > kMaxFeatures) return InvalidArgument("too many distinct words", "rows");
  LearnedSentiment m;
  m.language_ = language;
  m.positives_ = pos_docs;
  m.negatives_ = neg_docs;
  m.prior_ = std::log(static_cast<double>(pos_docs) / static_cast<double>(neg_docs));
  const double v = static_cast<double>(counts.size());
  const double pos_denominator = static_cast<double>(pos_total) + kAlpha * v;
  const double neg_denominator = static_cast<double>(neg_total) + kAlpha * v;
  m.weights_.reserve(counts.size());
  for (const auto& [f, c] : counts) {
    const double w = std::log((static_cast<double>(c.first) + kAlpha) / pos_denominator) -
                     std::log((static_cast<double>(c.second) + kAlpha) / neg_denominator);
    m.weights_.emplace(f, w);
  }
  return m;
}

std::string LearnedSentiment::ToJson() const {
  // Sorted, so the same training data gives the same file.
  std::vector<const std::pair<const std::string, double>*> sorted;
  sorted.reserve(weights_.size());
  for (const auto& kv : weights_) sorted.push_back(&kv);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  json::object weights;
  weights.reserve(sorted.size());
  for (const auto* kv : sorted) weights[kv->first] = std::round(kv->second * 1e6) / 1e6;
  json::object o{{"format", kFormat},
                 {"version", kVersion},
                 {"language", LanguageCode(language_)},
                 {"trained_on", json::object{{"positive", positives_}, {"negative", negatives_}}},
                 {"prior", std::round(prior_ * 1e6) / 1e6},
                 {"weights", std::move(weights)}};
  return json::serialize(o) + "\n";
}

Result<LearnedSentiment> LearnedSentiment::FromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json::value doc, ParseJson(text));
  if (!doc.is_object()) return InvalidArgument("a learned model is a JSON object", "");
  const json::object& o = doc.as_object();
  const json::value* format = o.if_contains("format");
  if (format == nullptr || !format->is_string() || format->get_string() != kFormat) {
    return InvalidArgument("not a beleving learned sentiment model", "/format");
  }
  const json::value* version = o.if_contains("version");
  if (version == nullptr || !version->is_int64() || version->get_int64() != kVersion) {
    return InvalidArgument("unsupported model version", "/version");
  }
  LearnedSentiment m;
  const json::value* lang = o.if_contains("language");
  std::optional<Language> parsed;
  if (lang != nullptr && lang->is_string()) parsed = ParseLanguage(lang->get_string());
  if (!parsed || *parsed == Language::kUnknown) {
    return InvalidArgument("language must be nl or en", "/language");
  }
  m.language_ = *parsed;
  if (const json::value* t = o.if_contains("trained_on"); t != nullptr && t->is_object()) {
    if (auto* p = t->as_object().if_contains("positive"); p && p->is_int64()) {
      m.positives_ = p->get_int64();
    }
    if (auto* n = t->as_object().if_contains("negative"); n && n->is_int64()) {
      m.negatives_ = n->get_int64();
    }
  }
  const json::value* prior = o.if_contains("prior");
  if (prior == nullptr || !prior->is_number())
    return InvalidArgument("prior must be a number", "/prior");
  m.prior_ = prior->to_number<double>();
  const json::value* weights = o.if_contains("weights");
  if (weights == nullptr || !weights->is_object()) {
    return InvalidArgument("weights must be an object", "/weights");
  }
  if (weights->as_object().size() > kMaxFeatures) {
    return InvalidArgument("too many weights", "/weights");
  }
  m.weights_.reserve(weights->as_object().size());
  for (const auto& [k, v] : weights->as_object()) {
    if (!v.is_number() || k.size() > kMaxFeatureBytes || !std::isfinite(v.to_number<double>())) {
      return InvalidArgument("a weight must be a finite number for a word of at most 256 bytes",
                             "/weights/" + std::string(k));
    }
    m.weights_.emplace(std::string(k), v.to_number<double>());
  }
  if (!std::isfinite(m.prior_)) return InvalidArgument("prior must be finite", "/prior");
  return m;
}

double LearnedSentiment::LogOdds(const std::vector<Token>& tokens,
                                 const std::vector<uint32_t>& sentence_begin,
                                 std::vector<LearnedWord>* top) const {
  double z = prior_;
  thread_local std::vector<LearnedWord> found;
  found.clear();
  ForEachLearnedFeature(tokens, sentence_begin, [&](std::string_view f) {
    auto it = weights_.find(f);
    if (it == weights_.end()) return;
    z += it->second;
    if (top != nullptr) found.push_back({std::string(f), it->second});
  });
  if (top != nullptr) {
    top->clear();
    const double sign = z >= 0 ? 1 : -1;
    std::sort(found.begin(), found.end(), [&](const LearnedWord& a, const LearnedWord& b) {
      return sign * a.weight > sign * b.weight;
    });
    for (const LearnedWord& e : found) {
      if (top->size() == kTopEvidence || sign * e.weight <= 0) break;
      top->push_back(e);
    }
  }
  return z;
}

}  // namespace beleving::text
