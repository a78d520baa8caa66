#include "text/normalize.h"

#include <array>
#include <cstring>

namespace beleving::text {
namespace {

// Folded, lowercased ASCII for U+00C0..U+017F; "" keeps the code point.
constexpr std::array<const char*, 0x180 - 0xC0> kLatinFold = {
    // U+00C0..U+00FF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  //
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",  //
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  //
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",   //
    // U+0100..U+017F
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",    //
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",    //
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",    //
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",  //
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",    //
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",  //
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",    //
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",    //
};

bool IsWordByte(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool IsEmojiCodePoint(char32_t cp) {
  return (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || cp == 0x2B50 ||
         cp == 0x2B55;
}

// Emoji modifiers that belong to the previous emoji: variation selector,
// zero-width joiner, skin tones.
bool IsEmojiTail(char32_t cp) {
  return cp == 0xFE0F || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

constexpr std::array<std::string_view, 15> kEmoticons = {">:(", ":'(", ":-)", ":-(", ":-d",
                                                         ";-)", ":-/", ":)",  ":(",  ":d",
                                                         ";)",  ":p",  ":/",  "<3",  ":$"};

}  // namespace

size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  auto bits = [&](size_t k) { return static_cast<char32_t>(s[i + k] & 0x3F); };
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  if ((b0 & 0xE0) == 0xC0 && b0 >= 0xC2 && cont(1)) {
    *cp = (static_cast<char32_t>(b0 & 0x1F) << 6) | bits(1);
    return 2;
  }
  if ((b0 & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    *cp = (static_cast<char32_t>(b0 & 0x0F) << 12) | (bits(1) << 6) | bits(2);
    return 3;
  }
  if ((b0 & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    *cp = (static_cast<char32_t>(b0 & 0x07) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3);
    return 4;
  }
  *cp = b0;
  return 1;
}

void NormaliseAppend(std::string_view in, std::string* out) {
  out->reserve(out->size() + in.size());
  size_t i = 0;
  while (i < in.size()) {
    const char c = in[i];
    if (static_cast<unsigned char>(c) < 0x80) {
      out->push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c);
      ++i;
      continue;
    }
    char32_t cp = 0;
    const size_t n = DecodeUtf8(in, i, &cp);
    if (n == 1) {  // invalid byte: copy through
      out->push_back(c);
      ++i;
      continue;
    }
    if (cp >= 0xC0 && cp < 0x180 && kLatinFold[cp - 0xC0][0] != '\0') {
      out->append(kLatinFold[cp - 0xC0]);
    } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B || cp == 0x2032 ||
               cp == 0xB4 || cp == 0x60) {
      out->push_back('\'');
    } else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0xAB || cp == 0xBB ||
               cp == 0x2033) {
      out->push_back('"');
    } else if (cp >= 0x2010 && cp <= 0x2015) {
      out->push_back('-');
    } else if (cp == 0xA0 || cp == 0x2009 || cp == 0x202F || cp == 0x200B) {
      out->push_back(' ');
    } else if (cp == 0x2026) {
      out->append("...");
    } else {
      out->append(in.substr(i, n));
    }
    i += n;
  }
}

std::string Normalise(std::string_view in) {
  std::string out;
  NormaliseAppend(in, &out);
  return out;
}

void Tokenise(std::string_view s, std::vector<Token>* out) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const char c = s[i];
    if (IsWordByte(c)) {
      size_t j = i + 1;
      while (j < n) {
        if (IsWordByte(s[j])) {
          ++j;
        } else if (s[j] == '\'' && j + 1 < n && s[j + 1] >= 'a' && s[j + 1] <= 'z') {
          j += 2;  // internal apostrophe: zo'n, don't
        } else {
          break;
        }
      }
      out->push_back({s.substr(i, j - i), TokenKind::kWord});
      i = j;
      continue;
    }
    if (c == ':' || c == ';' || c == '<' || c == '>') {
      bool matched = false;
      for (std::string_view e : kEmoticons) {
        if (s.substr(i, e.size()) == e) {
          const size_t end = i + e.size();
          // ":d" must not run into a word ("10:done"), ":/" not into a URL.
          if (end < n && (IsWordByte(s[end]) || s[end] == '/')) continue;
          out->push_back({s.substr(i, e.size()), TokenKind::kEmoji});
          i = end;
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    if (c == '!' || c == '?') {
      size_t j = i;
      while (j < n && (s[j] == '!' || s[j] == '?' || s[j] == '1')) ++j;  // "!!1"
      out->push_back(
          {s.substr(i, j - i), c == '!' ? TokenKind::kExclamation : TokenKind::kQuestion});
      i = j;
      continue;
    }
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"' || c == '.') {
      out->push_back({s.substr(i, 1), TokenKind::kClauseBreak});
      ++i;
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      char32_t cp = 0;
      const size_t len = DecodeUtf8(s, i, &cp);
      if (IsEmojiCodePoint(cp)) {
        size_t j = i + len;
        // Keep a variation selector with the emoji ("❤️"), drop skin tones and joiners.
        size_t keep = len;
        while (j < n) {
          char32_t next = 0;
          const size_t l2 = DecodeUtf8(s, j, &next);
          if (!IsEmojiTail(next)) break;
          if (next == 0xFE0F && j == i + keep) keep += l2;
          j += l2;
        }
        out->push_back({s.substr(i, keep), TokenKind::kEmoji});
        i = j;
        continue;
      }
      i += len;
      continue;
    }
    ++i;
  }
}

void SplitSentences(std::string_view text, std::vector<Span>* out) {
  const size_t n = text.size();
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  auto emit = [&](size_t b, size_t e) {
    while (b < e && is_space(text[b])) ++b;
    while (e > b && is_space(text[e - 1])) --e;
    if (e > b) out->push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  };
  size_t begin = 0;
  size_t i = 0;
  while (i < n) {
    const char c = text[i];
    if (c == '\n') {
      emit(begin, i);
      begin = ++i;
      continue;
    }
    if (c == '.' || c == '!' || c == '?') {
      size_t j = i;
      while (j < n && (text[j] == '.' || text[j] == '!' || text[j] == '?')) ++j;
      if (j == n || is_space(text[j])) {
        emit(begin, j);
        begin = i = j;
        continue;
      }
      i = j;
      continue;
    }
    ++i;
  }
  emit(begin, n);
}

void TokeniseComment(std::string_view comment, std::vector<Span>* spans, std::string* norm,
                     std::vector<Token>* tokens, std::vector<uint32_t>* sentence_begin) {
  spans->clear();
  norm->clear();
  tokens->clear();
  sentence_begin->clear();
  SplitSentences(comment, spans);
  // Normalise every sentence first (the buffer must not move while tokens
  // point into it), then tokenise.
  thread_local std::vector<std::pair<size_t, size_t>> ranges;
  ranges.clear();
  for (const Span& sp : *spans) {
    const size_t b = norm->size();
    NormaliseAppend(comment.substr(sp.begin, sp.end - sp.begin), norm);
    ranges.emplace_back(b, norm->size());
  }
  const std::string_view all = *norm;
  for (const auto& [b, e] : ranges) {
    sentence_begin->push_back(static_cast<uint32_t>(tokens->size()));
    Tokenise(all.substr(b, e - b), tokens);
  }
  sentence_begin->push_back(static_cast<uint32_t>(tokens->size()));
}

}  // namespace beleving::text
