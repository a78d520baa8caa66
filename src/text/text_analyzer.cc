#include "text/text_analyzer.h"

#include <algorithm>
#include <cmath>

#include "text/learned_sentiment.h"

namespace beleving::text {

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

// Tuning constants (tuned on tests/data/text/nl_dev.tsv and en_r2019_dev.tsv,
// never on the reported sets). See docs/text.md.
constexpr double kAlpha = 0.6;               // squashing: raw / sqrt(raw^2 + alpha)
constexpr double kPolarityThreshold = 0.05;  // |score| below this is neutral
constexpr double kNegatePositive = 0.9;      // "niet goed": -0.9 x goed
constexpr double kNegateNegative = 0.5;      // "geen probleem": -0.5 x probleem
constexpr int kNegationScope = 3;            // words a negator reaches
constexpr int kModifierScope = 2;            // words an intensifier reaches
constexpr double kContrastBefore = 0.5;      // weight of what came before "maar"
constexpr double kExclamationBoost = 0.15;   // per '!', up to 3
constexpr double kConcessionAfter = 0.5;     // "maar wel vriendelijk": the clause after
constexpr size_t kIronyHeadUnits = 4;        // praise that can open an ironic sentence
constexpr double kIronyMinPraise = 0.4;      // how positive that opening must be
constexpr long kVoteWords = 8;               // vocabulary votes on language up to this length
constexpr double kWaitCue = 0.3;             // "twee uur gewacht", "waarom ...?"
constexpr double kQuickCue = 0.3;            // "binnen een uur"

double Squash(double raw) { return raw / std::sqrt(raw * raw + kAlpha); }

Polarity PolarityOf(double score) {
  if (score >= kPolarityThreshold) return Polarity::kPositive;
  if (score <= -kPolarityThreshold) return Polarity::kNegative;
  return Polarity::kNeutral;
}

enum class UnitKind : uint8_t { kWord, kEmoji, kBreak, kExclamation, kQuestion };

struct Unit {
  UnitKind kind = UnitKind::kWord;
  bool has_polarity = false;
  Modifier modifier = Modifier::kNone;
  float polarity = 0;
  float modifier_value = 1;
  uint32_t length = 1;  // tokens
  uint32_t token = 0;   // first token
};

struct ThemeHit {
  uint16_t theme;
  uint32_t sentence;
  uint32_t begin, end;  // tokens
};

struct SentenceScore {
  double raw = 0;
  bool starts_with_contrast = false;
  double contrast_weight = 1;
  bool thanks = false;
};

struct Scratch {
  std::vector<Span> spans;
  std::string norm;
  std::vector<Token> tokens;
  std::vector<uint32_t> sentence_begin;  // first token of each sentence (+ end)
  std::vector<Vocabulary::WordIds> ids;
  std::vector<Unit> units;
  std::vector<ThemeHit> hits;
  std::vector<SentenceScore> scores;
  std::string evidence;
};

Scratch& ThreadScratch() {
  thread_local Scratch s;
  return s;
}

// A word's ids; letter runs of three or more ("suuuper", "heeel") collapse
// to two, then to one letter, until the vocabulary knows the word.
Vocabulary::WordIds LookupWord(const Vocabulary& v, std::string_view word) {
  Vocabulary::WordIds ids = v.Lookup(word);
  if (ids.stem >= 0 || ids.exact >= 0 || word.size() < 4) return ids;
  bool elongated = false;
  for (size_t i = 2; i < word.size() && !elongated; ++i) {
    elongated = word[i] == word[i - 1] && word[i] == word[i - 2] &&
                static_cast<unsigned char>(word[i]) < 0x80;
  }
  if (!elongated) return ids;
  for (size_t keep : {2, 1}) {
    std::string collapsed;
    for (char ch : word) {
      size_t run = 0;
      for (size_t j = collapsed.size(); j > 0 && collapsed[j - 1] == ch; --j) ++run;
      if (run < keep || static_cast<unsigned char>(ch) >= 0x80) collapsed.push_back(ch);
    }
    ids = v.Lookup(collapsed);
    if (ids.stem >= 0 || ids.exact >= 0) return ids;
  }
  return ids;
}

// Whether a vocabulary has any term with this word (exact or stem).
bool KnowsWord(const Vocabulary& v, std::string_view word) {
  if (v.Knows(word)) return true;
  const Vocabulary::WordIds ids = LookupWord(v, word);
  return ids.stem >= 0 || ids.exact >= 0;
}

bool KeyMatches(const Vocabulary::WordIds& ids, int32_t key) {
  return key == ids.stem || key == ids.exact;
}

}  // namespace

struct TextAnalyzer::Impl {
  LanguageDetector detector;
  std::vector<ThemeInfo> themes;
  Vocabulary nl;
  Vocabulary en;
  std::unique_ptr<LearnedSentiment> learned;  // the organisation's own, if any

  const Vocabulary& For(Language l) const { return l == Language::kEnglish ? en : nl; }

  // Scores sentence `s` (tokens [tb, te)) into `score`, appending theme hits.
  void ScoreSentence(const Vocabulary& v, Scratch& sc, uint32_t s, uint32_t tb, uint32_t te,
                     SentenceScore* score) const;
  // The raw score of units [begin, end) of the current sentence; records the
  // sentence's contrast and thanks flags in `score` unless it is null.
  double ScoreUnits(const Scratch& sc, size_t begin, size_t end, SentenceScore* score) const;
  // Complaint cues without a sentiment word in tokens [tb, te) (Dutch).
  double DutchComplaintCues(const Scratch& sc, uint32_t tb, uint32_t te) const;
  // Turns ironic praise in the current sentence's units against.
  void MarkIrony(Scratch& sc) const;
};

void TextAnalyzer::Impl::ScoreSentence(const Vocabulary& v, Scratch& sc, uint32_t s, uint32_t tb,
                                       uint32_t te, SentenceScore* score) const {
  // 1. Units: the longest sentiment/modifier term at each position, plus every
  //    theme term (themes may overlap sentiment phrases).
  sc.units.clear();
  uint32_t next_unit = tb;
  for (uint32_t i = tb; i < te; ++i) {
    const Token& tok = sc.tokens[i];
    if (tok.kind != TokenKind::kWord && tok.kind != TokenKind::kEmoji) {
      if (i >= next_unit) {
        Unit u;
        u.kind = tok.kind == TokenKind::kExclamation ? UnitKind::kExclamation
                 : tok.kind == TokenKind::kQuestion  ? UnitKind::kQuestion
                                                     : UnitKind::kBreak;
        if (u.kind == UnitKind::kExclamation) {
          u.modifier_value = static_cast<float>(std::count(tok.text.begin(), tok.text.end(), '!'));
        }
        u.token = i;
        sc.units.push_back(u);
        next_unit = i + 1;
      }
      continue;
    }
    const Vocabulary::WordIds& ids = sc.ids[i];
    const Vocabulary::Term* best_pol = nullptr;
    const Vocabulary::Term* best_mod = nullptr;
    for (int pass = 0; pass < 2; ++pass) {
      const int32_t id = pass == 0 ? ids.stem : ids.exact;
      if (id < 0 || (pass == 1 && id == ids.stem)) continue;
      auto [first, last] = v.TermsStartingWith(id);
      for (const uint32_t* p = first; p != last; ++p) {
        const Vocabulary::Term& t = v.term(*p);
        if (i + t.length > te) continue;
        bool match = true;
        for (uint32_t k = 1; k < t.length && match; ++k) {
          match = KeyMatches(sc.ids[i + k], v.key_at(t.keys_begin + k));
        }
        if (!match) continue;
        for (uint16_t k = 0; k < t.themes_count; ++k) {
          sc.hits.push_back({v.theme_at(t.themes_begin + k), s, i, i + t.length});
        }
        if (t.has_polarity &&
            (best_pol == nullptr || t.length > best_pol->length ||
             (t.length == best_pol->length && t.polarity_rank > best_pol->polarity_rank))) {
          best_pol = &t;
        }
        if (t.modifier != Modifier::kNone && (best_mod == nullptr || t.length > best_mod->length)) {
          best_mod = &t;
        }
      }
    }
    if (i < next_unit) continue;  // inside a longer unit: themes only
    Unit u;
    u.token = i;
    u.kind = tok.kind == TokenKind::kEmoji ? UnitKind::kEmoji : UnitKind::kWord;
    const uint32_t pol_len = best_pol ? best_pol->length : 0;
    const uint32_t mod_len = best_mod ? best_mod->length : 0;
    u.length = std::max<uint32_t>({1, pol_len, mod_len});
    // A term with polarity 0 (a Pattern word neutralised in cx_<lang>.tsv,
    // "=waar") still claims its words but carries no sentiment, so it
    // neither counts nor absorbs a negation ("geen enkele klacht").
    if (pol_len == u.length && best_pol->polarity != 0) {
      u.has_polarity = true;
      u.polarity = best_pol->polarity;
    }
    if (mod_len == u.length) {
      u.modifier = best_mod->modifier;
      u.modifier_value = best_mod->modifier_value;
    }
    sc.units.push_back(u);
    next_unit = i + u.length;
  }

  // 2. Irony, then the score.
  MarkIrony(sc);
  score->raw = ScoreUnits(sc, 0, sc.units.size(), score);
  if (v.language() == Language::kDutch) score->raw += DutchComplaintCues(sc, tb, te);
}

namespace {

bool TokenIs(const Scratch& sc, size_t unit, std::initializer_list<std::string_view> words) {
  if (unit >= sc.units.size()) return false;
  const Unit& u = sc.units[unit];
  if (u.kind != UnitKind::kWord) return false;
  const std::string_view w = sc.tokens[u.token].text;
  return std::find(words.begin(), words.end(), w) != words.end();
}

}  // namespace

double TextAnalyzer::Impl::ScoreUnits(const Scratch& sc, size_t begin, size_t end,
                                      SentenceScore* score) const {
  double sum = 0;
  double weight = 1;
  bool in_concession = false;
  int neg_left = 0;
  double neg_penalty = 0;
  double mult = 1;
  int mult_left = 0;
  int exclamations = 0;
  auto close_negation = [&] {
    if (neg_left > 0) sum -= neg_penalty * weight;  // "het werkt niet": a bare negation
    neg_left = 0;
  };
  for (size_t k = begin; k < end; ++k) {
    const Unit& u = sc.units[k];
    if (u.kind == UnitKind::kBreak) {
      close_negation();
      mult = 1;
      mult_left = 0;
      if (in_concession) {
        in_concession = false;
        weight = 1;
      }
      continue;
    }
    if (u.kind == UnitKind::kExclamation) {
      close_negation();
      exclamations += static_cast<int>(u.modifier_value);
      continue;
    }
    if (u.kind == UnitKind::kQuestion) {
      close_negation();
      continue;
    }
    bool use_polarity = u.has_polarity;
    switch (u.modifier) {
      case Modifier::kNegator:
        close_negation();
        neg_left = kNegationScope;
        neg_penalty = u.modifier_value * (mult_left > 0 ? mult : 1);
        continue;
      case Modifier::kIntensifier:
      case Modifier::kSoftener: {
        // Acts on a following sentiment word; alone it keeps its own polarity
        // ("super!" is positive, "super snel" intensifies "snel").
        // Before a negation it strengthens that ("echt niets", "heel slecht
        // niet"), not itself.
        bool modifies = !u.has_polarity;
        for (size_t j = k + 1; j < end && j <= k + kModifierScope && !modifies; ++j) {
          if (sc.units[j].kind == UnitKind::kBreak) break;
          if (sc.units[j].has_polarity || sc.units[j].modifier == Modifier::kNegator) {
            modifies = true;
          }
        }
        if (modifies) {
          mult *= u.modifier_value;
          mult_left = kModifierScope;
          if (neg_left > 0) ++neg_left;  // "niet erg vriendelijk"
          continue;
        }
        break;
      }
      case Modifier::kContrast: {
        // "maar een kassa open", "maar even": "only", not a contrast.
        if (TokenIs(sc, k, {"maar"}) && TokenIs(sc, k + 1,
                                                {"een", "één", "1", "twee", "2", "drie", "3",
                                                 "even", "enkele", "weinig", "half", "halve"})) {
          break;
        }
        close_negation();
        // "maar wel vriendelijk", "maar ze waren wel aardig": what follows is
        // a concession, what came before stays the point.
        bool concedes = false;
        for (size_t j = k + 1; j < end && j <= k + 4 && !concedes; ++j) {
          if (sc.units[j].kind == UnitKind::kBreak) break;
          concedes = TokenIs(sc, j, {"wel"});
        }
        if (concedes) {
          weight = kConcessionAfter;
          in_concession = true;
          break;
        }
        if (k == begin) {
          if (score != nullptr) {
            score->starts_with_contrast = true;
            score->contrast_weight = u.modifier_value;
          }
        } else {
          sum *= kContrastBefore;
        }
        weight = u.modifier_value;
        in_concession = false;
        break;
      }
      case Modifier::kConcession:
        weight = u.modifier_value;
        in_concession = true;
        break;
      case Modifier::kThanks:
        if (score != nullptr && u.polarity > 0) score->thanks = true;
        break;
      case Modifier::kIronyCue:
      case Modifier::kNone:
        break;
    }
    if (!use_polarity) {
      if (neg_left > 0 && --neg_left == 0) sum -= neg_penalty * weight;  // scope ran out
      if (mult_left > 0 && --mult_left == 0) mult = 1;
      continue;
    }
    double p = u.polarity;
    if (neg_left > 0 && u.kind != UnitKind::kEmoji) {
      p = p > 0 ? -p * kNegatePositive : -p * kNegateNegative;
      neg_left = 0;
    }
    if (mult_left > 0) p *= mult;
    mult = 1;
    mult_left = 0;
    sum += p * weight;
  }
  close_negation();
  if (exclamations > 0) sum *= 1.0 + kExclamationBoost * std::min(exclamations, 3);
  return sum;
}

// Signs of a complaint that carry no sentiment word, in Dutch customer
// comments: a duration spent waiting ("twee uur in de wachtkamer", "vijf
// dagen later", "nieuwe afspraak over twee weken"; but "binnen een uur" or
// "in twee dagen" is fast, which counts for), and a "waarom ...?" question.
double TextAnalyzer::Impl::DutchComplaintCues(const Scratch& sc, uint32_t tb, uint32_t te) const {
  auto word = [&](uint32_t i) -> std::string_view {
    return i >= tb && i < te && sc.tokens[i].kind == TokenKind::kWord ? sc.tokens[i].text
                                                                      : std::string_view();
  };
  auto is_any = [](std::string_view w, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), w) != list.end();
  };
  auto is_number = [&](std::string_view w) {
    if (!w.empty() &&
        std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return true;
    }
    return is_any(
        w, {"een",  "één",   "twee",      "drie",   "vier",     "vijf",    "zes",    "zeven",
            "acht", "negen", "tien",      "elf",    "twaalf",   "twintig", "dertig", "veertig",
            "paar", "half",  "anderhalf", "enkele", "meerdere", "hele"});
  };
  double cues = 0;
  for (uint32_t i = tb; i + 1 < te; ++i) {
    // Cheap filter first: every time unit below starts with one of these.
    const std::string_view unit = word(i + 1);
    if (unit.size() < 3 || std::string_view("udwmk").find(unit[0]) == std::string_view::npos) {
      continue;
    }
    if (!is_number(word(i))) continue;
    const bool slow_unit = is_any(unit, {"uur", "uren", "dagen", "weken", "maanden"});
    const bool quick_unit = is_any(unit, {"minuut", "minuten", "kwartier", "uur", "uurtje", "dag",
                                          "dagen", "werkdag", "werkdagen"});
    if (!slow_unit && !quick_unit) continue;
    // "binnen twee dagen", "in een uur", "binnen een half uur".
    const bool within = is_any(word(i - 1), {"binnen", "in"}) ||
                        (is_any(word(i - 1), {"een", "twee", "drie", "half"}) &&
                         is_any(word(i - 2), {"binnen", "in"}));
    if (within && quick_unit) {
      cues += kQuickCue;
    } else if (!within && slow_unit && !is_number(word(i - 1))) {
      cues -= kWaitCue;
    }
    ++i;
  }
  if (word(tb) == "waarom" || (word(tb) == "hoe" && word(tb + 1) == "kan")) {
    for (uint32_t i = tb; i < te; ++i) {
      if (sc.tokens[i].kind == TokenKind::kQuestion) {
        cues -= kWaitCue;
        break;
      }
    }
  }
  return cues;
}

// Praise answered by a complaint is irony: "Geweldig, weer niks op
// voorraad.", "Nou, fijn hoor, weer een lekke band.", "Heel fijn om na drie
// maanden nog steeds geen uitslag te hebben.", "Heerlijk, een koude soep.",
// "Geweldig ziekenhuis, als je graag de hele dag wacht.", "Bedankt voor
// niks." The praise is turned against.
//
// The opening: after an optional interjection clause ("Nou,"), at most
// kIronyHeadUnits units holding praise (a unit of at least kIronyMinPraise),
// nothing negative and no negator, ending at a clause break or at "dat",
// "om", "hoe", "als". The rest of the sentence must not open with a contrast,
// a concession or "wel" ("Top, alleen de wachttijd ..." is sincere) and must
// score negative. Then it is irony when
//  - the opening or the rest holds an irony cue ("hoor", "zeg", "weer", "nog
//    steeds", "eindelijk") or the rest a negator ("niks", "niemand"), or
//  - the opening is a bare exclamation of praise (praise and intensifiers
//    only) and the rest is clearly negative (at most -kIronyMinPraise), or
//  - the rest is "als je ..." holding a complaint word (then the rest need
//    not score negative: "als je graag ... wacht").
// A thank-you followed by "voor" and a complaint is irony too.
void TextAnalyzer::Impl::MarkIrony(Scratch& sc) const {
  auto& units = sc.units;
  const size_t n = units.size();
  auto flip_praise = [&](size_t b, size_t e) {
    for (size_t k = b; k < e; ++k) {
      if (units[k].has_polarity && units[k].polarity > 0) units[k].polarity = -units[k].polarity;
    }
  };
  // A thank-you for a complaint.
  for (size_t k = 0; k + 1 < n; ++k) {
    if (units[k].modifier != Modifier::kThanks || !TokenIs(sc, k + 1, {"voor"})) continue;
    size_t e = k + 1;
    while (e < n && units[e].kind != UnitKind::kBreak) ++e;
    if (ScoreUnits(sc, k + 1, e, nullptr) < 0) flip_praise(k, k + 1);
  }
  // Praise that opens the sentence, after an interjection ("Nou, fijn
  // hoor, ...").
  size_t head_begin = 0;
  bool cue = false;
  {
    size_t k = 0;
    bool only_cues = false;
    while (k < n && units[k].kind != UnitKind::kBreak) {
      only_cues = units[k].modifier == Modifier::kIronyCue && !units[k].has_polarity;
      if (!only_cues) break;
      ++k;
    }
    if (only_cues && k < n && k > 0) {
      cue = true;
      head_begin = k + 1;
    }
  }
  size_t head_end = n;
  bool praise = false, pure = true, conditional = false;
  size_t words = 0;
  for (size_t k = head_begin; k < n && words <= kIronyHeadUnits; ++k) {
    const Unit& u = units[k];
    if (u.kind == UnitKind::kBreak) {
      head_end = k;
      break;
    }
    if (u.kind != UnitKind::kWord && u.kind != UnitKind::kEmoji) continue;
    if (k > head_begin && TokenIs(sc, k, {"dat", "om", "hoe", "als"})) {
      head_end = k;
      break;
    }
    ++words;
    if (u.modifier == Modifier::kNegator || (u.has_polarity && u.polarity < 0)) return;
    if (u.modifier == Modifier::kContrast || u.modifier == Modifier::kConcession) return;
    if (u.modifier == Modifier::kIronyCue) cue = true;
    if (u.has_polarity && u.polarity >= kIronyMinPraise) {
      praise = true;
    } else if (u.modifier != Modifier::kIntensifier && u.modifier != Modifier::kIronyCue) {
      pure = false;  // "Super geholpen": more than an exclamation of praise
    }
  }
  if (!praise || head_end >= n || words > kIronyHeadUnits) return;
  size_t rest = head_end;
  while (rest < n && units[rest].kind == UnitKind::kBreak) ++rest;
  if (rest >= n) return;
  if (units[rest].modifier == Modifier::kContrast ||
      units[rest].modifier == Modifier::kConcession || TokenIs(sc, rest, {"wel"})) {
    return;
  }
  conditional = TokenIs(sc, rest, {"als"}) && TokenIs(sc, rest + 1, {"je", "u", "jij"});
  const double rest_score = ScoreUnits(sc, rest, n, nullptr);
  // "als je graag de hele dag wacht": a complaint dressed as a condition.
  bool complaint_word = false;
  for (size_t k = rest; k < n; ++k) {
    complaint_word |= units[k].has_polarity && units[k].polarity < 0;
  }
  if (rest_score >= 0 && !(conditional && complaint_word)) return;
  for (size_t k = rest; k < n && !cue; ++k) {
    cue = units[k].modifier == Modifier::kIronyCue || units[k].modifier == Modifier::kNegator;
  }
  // A bare exclamation of praise before a plain complaint ("Heerlijk, een
  // koude soep.") needs no cue.
  if (pure && rest_score <= -kIronyMinPraise) cue = true;
  if (cue || conditional) flip_praise(head_begin, head_end);
}

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
