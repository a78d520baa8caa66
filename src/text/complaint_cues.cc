#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "text/analysis_scratch.h"
#include "text/sentence_scoring.h"

namespace beleving::text {

using scoring::kQuickCue;
using scoring::kWaitCue;
using scoring::Scratch;

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

}  // namespace beleving::text
