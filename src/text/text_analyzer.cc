#include "text/text_analyzer.h"

#include <algorithm>
#include <cmath>

#include "text/analysis_scratch.h"
#include "text/learned_sentiment.h"
#include "text/sentence_scoring.h"

namespace beleving::text {

using scoring::kAlpha;
using scoring::kContrastBefore;
using scoring::KnowsWord;
using scoring::kPolarityThreshold;
using scoring::kVoteWords;
using scoring::LookupWord;
using scoring::Scratch;
using scoring::SentenceScore;
using scoring::ThemeHit;
using scoring::ThreadScratch;

std::string_view PolarityName(Polarity p) {
  switch (p) {
    case Polarity::kPositive:
      return "positive";
    case Polarity::kNegative:
      return "negative";
    case Polarity::kNeutral:
      break;
  }
  return "neutral";
}

std::optional<Polarity> ParsePolarity(std::string_view name) {
  if (name == "positive" || name == "pos") return Polarity::kPositive;
  if (name == "negative" || name == "neg") return Polarity::kNegative;
  if (name == "neutral" || name == "neu") return Polarity::kNeutral;
  return std::nullopt;
}

namespace {

double Squash(double raw) { return raw / std::sqrt(raw * raw + kAlpha); }

Polarity PolarityOf(double score) {
  if (score >= kPolarityThreshold) return Polarity::kPositive;
  if (score <= -kPolarityThreshold) return Polarity::kNegative;
  return Polarity::kNeutral;
}

}  // namespace

TextAnalyzer::TextAnalyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextAnalyzer::TextAnalyzer(TextAnalyzer&&) noexcept = default;
TextAnalyzer& TextAnalyzer::operator=(TextAnalyzer&&) noexcept = default;
TextAnalyzer::~TextAnalyzer() = default;

Result<TextAnalyzer> TextAnalyzer::Create(const TextAnalyzerConfig& config) {
  auto impl = std::make_unique<Impl>();
  ASSIGN_OR_RETURN(impl->detector, LanguageDetector::FromResources());
  OrgVocabulary org;
  const bool has_org = !config.org_vocabulary_json.empty();
  if (has_org) {
    ASSIGN_OR_RETURN(org, ParseOrgVocabulary(config.org_vocabulary_json));
  }
  ASSIGN_OR_RETURN(impl->nl,
                   Vocabulary::Build(Language::kDutch, has_org ? &org : nullptr, &impl->themes));
  // Both languages register the same themes in the same order; build English
  // against a copy so the list is not doubled.
  std::vector<ThemeInfo> themes_en;
  ASSIGN_OR_RETURN(impl->en,
                   Vocabulary::Build(Language::kEnglish, has_org ? &org : nullptr, &themes_en));
  if (themes_en.size() != impl->themes.size()) return Internal("theme lists differ by language");
  if (!config.learned_sentiment_json.empty()) {
    auto model = LearnedSentiment::FromJson(config.learned_sentiment_json);
    if (!model.ok()) return model.status();
    impl->learned = std::make_unique<LearnedSentiment>(std::move(model).value());
  }
  return TextAnalyzer(std::move(impl));
}

const std::vector<ThemeInfo>& TextAnalyzer::themes() const { return impl_->themes; }

Language TextAnalyzer::DetectLanguage(std::string_view comment, Language fallback) const {
  return impl_->detector.Detect(comment, fallback);
}

CommentAnalysis TextAnalyzer::Analyze(std::string_view comment,
                                      const AnalyzeOptions& options) const {
  CommentAnalysis out;
  Analyze(comment, options, &out);
  return out;
}

void TextAnalyzer::Analyze(std::string_view comment, const AnalyzeOptions& options,
                           CommentAnalysis* out) const {
  Scratch& sc = ThreadScratch();
  sc.spans.clear();
  sc.norm.clear();
  sc.tokens.clear();
  sc.sentence_begin.clear();
  sc.ids.clear();
  sc.hits.clear();
  sc.scores.clear();
  out->sentences.clear();
  out->themes.clear();
  out->mentions.clear();

  TokeniseComment(comment, &sc.spans, &sc.norm, &sc.tokens, &sc.sentence_begin);
  const std::string_view norm = sc.norm;

  Language lang = options.language;
  if (lang == Language::kUnknown) {
    // Function words first; for a short comment without them ("Prima
    // winkel.", "Syntax") the words only one vocabulary knows (the learned
    // model's words count for its language), then character trigrams, then
    // the fallback.
    // Votes are only needed (and only computed) for short comments: longer
    // ones carry function words.
    int votes = 0;
    const LearnedSentiment* model = impl_->learned.get();
    const auto words = std::count_if(sc.tokens.begin(), sc.tokens.end(),
                                     [](const Token& t) { return t.kind == TokenKind::kWord; });
    for (const Token& t : sc.tokens) {
      if (t.kind != TokenKind::kWord || words > kVoteWords) continue;
      bool nl = KnowsWord(impl_->nl, t.text);
      bool en = KnowsWord(impl_->en, t.text);
      if (model != nullptr && model->Knows(t.text)) {
        (model->language() == Language::kDutch ? nl : en) = true;
      }
      votes += nl && !en ? 1 : en && !nl ? -1 : 0;
    }
    lang = impl_->detector.Detect(norm, sc.tokens, votes, options.fallback_language);
  }
  out->language = lang;
  const Vocabulary& v = impl_->For(lang);
  sc.ids.resize(sc.tokens.size());
  for (size_t i = 0; i < sc.tokens.size(); ++i) {
    const Token& t = sc.tokens[i];
    sc.ids[i] = t.kind == TokenKind::kWord    ? LookupWord(v, t.text)
                : t.kind == TokenKind::kEmoji ? v.Lookup(t.text)
                                              : Vocabulary::WordIds{};
  }

  const auto sentence_count = static_cast<uint32_t>(sc.spans.size());
  sc.scores.resize(sentence_count);
  double total = 0;
  for (uint32_t s = 0; s < sentence_count; ++s) {
    SentenceScore& score = sc.scores[s];
    impl_->ScoreSentence(v, sc, s, sc.sentence_begin[s], sc.sentence_begin[s + 1], &score);
    double w = 1;
    if (score.starts_with_contrast) {  // "... Maar ..." across sentences
      total *= kContrastBefore;
      w = score.contrast_weight;
    }
    total += w * score.raw;
  }
  // A learned domain model adds its log-odds to the lexicon's evidence.
  out->learned.applied = impl_->learned != nullptr && impl_->learned->language() == lang;
  if (out->learned.applied) {
    out->learned.log_odds =
        impl_->learned->LogOdds(sc.tokens, sc.sentence_begin, &out->learned.evidence);
    total += out->learned.log_odds;
  } else {
    out->learned.log_odds = 0;
    out->learned.evidence.clear();
  }
  out->sentiment = Squash(total);
  out->polarity = PolarityOf(out->sentiment);

  out->sentences.resize(sentence_count);
  for (uint32_t s = 0; s < sentence_count; ++s) {
    SentenceAnalysis& sa = out->sentences[s];
    sa.begin = sc.spans[s].begin;
    sa.end = sc.spans[s].end;
    sa.sentiment = Squash(sc.scores[s].raw);
    sa.polarity = PolarityOf(sa.sentiment);
  }

  // Themes: per sentence, then merged per comment.
  auto evidence_of = [&](const ThemeHit& h) -> std::string& {
    sc.evidence.clear();
    for (uint32_t i = h.begin; i < h.end; ++i) {
      if (i > h.begin) sc.evidence.push_back(' ');
      sc.evidence.append(sc.tokens[i].text);
    }
    return sc.evidence;
  };
  auto add_evidence = [](ThemeMention* m, const std::string& e) {
    if (std::find(m->evidence.begin(), m->evidence.end(), e) == m->evidence.end()) {
      m->evidence.push_back(e);
    }
  };
  // Raw sums per theme over the distinct sentences naming it.
  thread_local std::vector<double> theme_raw;
  thread_local std::vector<int32_t> theme_last_sentence;
  for (size_t h = 0; h < sc.hits.size(); ++h) {
    const ThemeHit& hit = sc.hits[h];
    // Skip a hit inside an earlier hit of the same theme ("wacht" in "in de wacht").
    bool nested = false;
    for (size_t g = 0; g < h && !nested; ++g) {
      const ThemeHit& o = sc.hits[g];
      nested = o.theme == hit.theme && o.begin <= hit.begin && hit.end <= o.end;
    }
    if (nested) continue;
    const std::string& ev = evidence_of(hit);
    const std::string_view key = impl_->themes[hit.theme].key;
    SentenceAnalysis& sa = out->sentences[hit.sentence];
    auto it = std::find_if(sa.themes.begin(), sa.themes.end(),
                           [&](const ThemeMention& m) { return m.theme == key; });
    if (it == sa.themes.end()) {
      sa.themes.push_back({key, sa.polarity, sa.sentiment, {}});
      it = sa.themes.end() - 1;
    }
    add_evidence(&*it, ev);
    auto ct = std::find_if(out->themes.begin(), out->themes.end(),
                           [&](const ThemeMention& m) { return m.theme == key; });
    const size_t ti = static_cast<size_t>(ct - out->themes.begin());
    if (ct == out->themes.end()) {
      out->themes.push_back({key, Polarity::kNeutral, 0, {}});
      ct = out->themes.end() - 1;
      if (theme_raw.size() <= ti) {
        theme_raw.resize(ti + 1);
        theme_last_sentence.resize(ti + 1);
      }
      theme_raw[ti] = 0;
      theme_last_sentence[ti] = -1;
    }
    if (theme_last_sentence[ti] != static_cast<int32_t>(hit.sentence)) {
      theme_last_sentence[ti] = static_cast<int32_t>(hit.sentence);
      theme_raw[ti] += sc.scores[hit.sentence].raw;
    }
    add_evidence(&*ct, ev);
  }
  for (size_t ti = 0; ti < out->themes.size(); ++ti) {
    out->themes[ti].sentiment = Squash(theme_raw[ti]);
    out->themes[ti].polarity = PolarityOf(out->themes[ti].sentiment);
  }

  // Employee mentions.
  if (options.employees != nullptr) {
    const EmployeeDirectory& dir = *options.employees;
    uint32_t s = 0;
    for (uint32_t i = 0; i < sc.tokens.size(); ++i) {
      while (s + 1 < sc.sentence_begin.size() && i >= sc.sentence_begin[s + 1]) ++s;
      if (sc.tokens[i].kind != TokenKind::kWord) continue;
      const auto* cands = dir.FindFirstName(sc.tokens[i].text);
      if (cands == nullptr) continue;
      // Full-name matches; two employees with the same full name stay
      // ambiguous.
      auto full_match = [&](const EmployeeDirectory::Candidate& c) {
        if (c.rest.empty() || i + c.rest.size() >= sc.sentence_begin[s + 1] + 1) return false;
        for (size_t k = 0; k < c.rest.size(); ++k) {
          if (i + 1 + k >= sc.sentence_begin[s + 1] || sc.tokens[i + 1 + k].text != c.rest[k]) {
            return false;
          }
        }
        return true;
      };
      const size_t full_matches =
          static_cast<size_t>(std::count_if(cands->begin(), cands->end(), full_match));
      const bool compliment =
          sc.scores[s].thanks || out->sentences[s].polarity == Polarity::kPositive;
      auto add = [&](const Employee& e, bool is_full, bool ambiguous) {
        auto it = std::find_if(out->mentions.begin(), out->mentions.end(),
                               [&](const EmployeeMention& m) { return m.employee_id == e.id; });
        if (it == out->mentions.end()) {
          out->mentions.push_back({e.id, e.name, s, is_full, ambiguous, compliment});
        } else {
          it->full_name = it->full_name || is_full;
          it->ambiguous = it->ambiguous && ambiguous;
          it->compliment = it->compliment || compliment;
        }
      };
      if (full_matches > 0) {
        for (const auto& c : *cands) {
          if (full_match(c)) add(dir.employees()[c.employee], true, full_matches > 1);
        }
      } else {
        for (const auto& c : *cands) add(dir.employees()[c.employee], false, cands->size() > 1);
      }
    }
  }
}

}  // namespace beleving::text
