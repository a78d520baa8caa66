#include <cstddef>

#include "text/analysis_scratch.h"
#include "text/sentence_scoring.h"

namespace beleving::text {

using scoring::kIronyHeadUnits;
using scoring::kIronyMinPraise;
using scoring::Scratch;
using scoring::TokenIs;
using scoring::Unit;
using scoring::UnitKind;

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

}  // namespace beleving::text
