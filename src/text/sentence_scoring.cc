#include "text/sentence_scoring.h"

#include <algorithm>
#include <cstdint>

#include "text/analysis_scratch.h"

namespace beleving::text {

using scoring::kConcessionAfter;
using scoring::kContrastBefore;
using scoring::kExclamationBoost;
using scoring::KeyMatches;
using scoring::kModifierScope;
using scoring::kNegateNegative;
using scoring::kNegatePositive;
using scoring::kNegationScope;
using scoring::Scratch;
using scoring::SentenceScore;
using scoring::TokenIs;
using scoring::Unit;
using scoring::UnitKind;

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

}  // namespace beleving::text
