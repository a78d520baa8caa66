// UTF-8 text normalisation and tokenisation for comment analysis.
//
// Normalise() lowercases (ASCII and accented Latin letters), folds diacritics
// ("geïnformeerd" -> "geinformeerd", "één" -> "een", "Ĳ" -> "ij"), turns curly
// quotes into ASCII quotes, dashes into '-', no-break spaces into spaces and
// copies everything else (emoji, other scripts) unchanged. Matching happens
// on this form, so lexicons are folded the same way at load time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace beleving::text {

// Appends the normalised form of `in` to `*out`. Invalid UTF-8 bytes are
// copied through unchanged.
void NormaliseAppend(std::string_view in, std::string* out);
std::string Normalise(std::string_view in);

enum class TokenKind : uint8_t {
  kWord,         // [a-z0-9]+ with internal apostrophes ("zo'n", "don't")
  kEmoji,        // one emoji code point, or an emoticon such as ":-)"
  kClauseBreak,  // , ; : ( ) and similar: ends a negation scope
  kExclamation,  // a run of '!'; `text` holds the run
  kQuestion,     // a run of '?'
};

struct Token {
  std::string_view text;  // points into the normalised buffer
  TokenKind kind;
};

// Splits normalised text into tokens, appending to `*out`. The views point
// into `normalised`, which must outlive them.
void Tokenise(std::string_view normalised, std::vector<Token>* out);

// Sentence boundaries in the ORIGINAL text: byte spans [begin, end) with
// surrounding whitespace trimmed. A sentence ends after a run of . ! ? that is
// followed by whitespace or the end, or at a line break. Empty spans are
// dropped.
struct Span {
  uint32_t begin;
  uint32_t end;
};
void SplitSentences(std::string_view text, std::vector<Span>* out);

// A whole comment as the analyzer reads it: its sentences (`spans`, in the
// original), each normalised into `*norm` and tokenised into `*tokens` (views
// into `*norm`), and `sentence_begin`: the first token of every sentence and,
// last, the token count. Appends to nothing: every output is cleared first.
void TokeniseComment(std::string_view comment, std::vector<Span>* spans, std::string* norm,
                     std::vector<Token>* tokens, std::vector<uint32_t>* sentence_begin);

// Decodes one UTF-8 code point at s[i]; returns its length (1 for an invalid
// byte, with *cp set to that byte).
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp);

}  // namespace beleving::text
