#include "text/language.h"

#include <cstdlib>

#include "core/resources.h"

namespace beleving::text {

std::string_view LanguageCode(Language language) {
  switch (language) {
    case Language::kDutch:
      return "nl";
    case Language::kEnglish:
      return "en";
    case Language::kUnknown:
      break;
  }
  return "und";
}

std::optional<Language> ParseLanguage(std::string_view code) {
  const std::string c = Normalise(code);
  if (c == "nl" || c == "nld" || c == "dut" || c == "dutch" || c == "nederlands") {
    return Language::kDutch;
  }
  if (c == "en" || c == "eng" || c == "english" || c == "engels") return Language::kEnglish;
  return std::nullopt;
}

namespace {

// Calls fn(language_bit, word) for each space-separated word of each
// "lang<TAB>words" line.
template <typename Fn>
Status ForEachListed(std::string_view path, Fn fn) {
  const auto data = resources::Find(path);
  if (!data) return Internal("embedded resource missing: " + std::string(path));
  size_t pos = 0;
  while (pos < data->size()) {
    size_t eol = data->find('\n', pos);
    if (eol == std::string_view::npos) eol = data->size();
    const std::string_view line = data->substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    const auto lang = ParseLanguage(line.substr(0, tab));
    if (!lang) continue;
    const int32_t bit = *lang == Language::kDutch ? 1 : 2;
    std::string_view rest = line.substr(tab + 1);
    while (!rest.empty()) {
      const size_t sp = rest.find(' ');
      const std::string_view w = rest.substr(0, sp);
      if (!w.empty()) fn(bit, w);
      if (sp == std::string_view::npos) break;
      rest.remove_prefix(sp + 1);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<LanguageDetector> LanguageDetector::FromResources() {
  LanguageDetector d;
  RETURN_IF_ERROR(ForEachListed("text/stopwords.tsv", [&](int32_t bit, std::string_view w) {
    d.stopwords_.Insert(Normalise(w), 0) |= bit;
  }));
  RETURN_IF_ERROR(ForEachListed("text/trigrams.tsv", [&](int32_t bit, std::string_view w) {
    std::string t(w);
    for (char& c : t) {
      if (c == '_') c = ' ';
    }
    d.trigrams_.Insert(t, 0) |= bit;
  }));
  return d;
}

Language LanguageDetector::Detect(std::string_view normalised, const std::vector<Token>& tokens,
                                  Language fallback) const {
  return Detect(normalised, tokens, 0, fallback);
}

Language LanguageDetector::Detect(std::string_view normalised, const std::vector<Token>& tokens,
                                  int vocabulary_votes, Language fallback) const {
  int nl = 0;
  int en = 0;
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kWord) continue;
    if (const int32_t* v = stopwords_.Find(t.text)) {
      // A word in both lists ("in", "is", "was") says little.
      if (*v == 1) nl += 2;
      if (*v == 2) en += 2;
      if (*v == 3) {
        ++nl;
        ++en;
      }
    }
  }
  if ((nl == en || (nl + en < 4 && std::abs(nl - en) < 3)) && vocabulary_votes != 0) {
    // Few function words: words only one vocabulary knows decide.
    return vocabulary_votes > 0 ? Language::kDutch : Language::kEnglish;
  }
  if (nl == en || (nl + en < 4 && std::abs(nl - en) < 3)) {
    // Few function words: add character trigram evidence over word-padded text.
    std::string padded;
    for (const Token& t : tokens) {
      if (t.kind != TokenKind::kWord) continue;
      padded.push_back(' ');
      padded.append(t.text);
    }
    padded.push_back(' ');
    int tnl = 0;
    int ten = 0;
    for (size_t i = 0; i + 3 <= padded.size(); ++i) {
      if (const int32_t* v = trigrams_.Find(std::string_view(padded).substr(i, 3))) {
        if (*v & 1) ++tnl;
        if (*v & 2) ++ten;
      }
    }
    nl += tnl;
    en += ten;
  }
  (void)normalised;
  if (nl > en) return Language::kDutch;
  if (en > nl) return Language::kEnglish;
  return fallback;
}

Language LanguageDetector::Detect(std::string_view text, Language fallback) const {
  const std::string norm = Normalise(text);
  std::vector<Token> tokens;
  Tokenise(norm, &tokens);
  return Detect(norm, tokens, fallback);
}

}  // namespace beleving::text
