// The language catalogue: every text a person reads (pages, e-mails, chart
// axes, statuses, roles, case types, history entries, error pages) in Dutch
// and English, looked up by key. Code never shows a raw status, key or id to
// a person: it shows Text(lang, "case.status." + status).
//
// Source: resources/i18n/*.tsv, one file per room, embedded in the binary.
// Each line is `key<TAB>Dutch<TAB>English`; `#` starts a comment line; `\n`
// and `\t` in a text are a newline and a tab. Texts may hold placeholders
// `{name}`, filled by Format. Plurals are two keys, KEY.one and KEY.other,
// picked by Plural. A key defined twice, or with one language missing, fails
// the catalogue test (i18n/catalogue_test.cc); a key used in code but not
// defined fails tools/check_catalogue.py, which `make test` runs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace beleving::i18n {

enum class Lang { kNl, kEn };

// "nl" or "en".
std::string_view Code(Lang lang);
// "nl", "nl-NL", "EN", "en-GB" ...; nullopt for any other language.
std::optional<Lang> ParseLang(std::string_view tag);
// The first supported language of an Accept-Language header, by q order;
// `fallback` when none is supported.
Lang FromAcceptLanguage(std::string_view header, Lang fallback);

// The text of `key`. A missing key answers the key itself (and is caught by
// the tests), so a page never breaks on a missing text.
const std::string& Text(Lang lang, std::string_view key);
// Whether `key` is in the catalogue.
bool Has(std::string_view key);

using Args = std::initializer_list<std::pair<std::string_view, std::string_view>>;
// Text(lang, key) with each `{name}` replaced by its value (values are
// inserted as they are: escape for HTML afterwards, not before).
std::string Format(Lang lang, std::string_view key, Args args = {});
// KEY.one for n == 1, else KEY.other, with `{n}` as the locale's number.
std::string Plural(Lang lang, std::string_view key, int64_t n, Args args = {});

// Every (key, Dutch, English) entry and the problems found while loading
// (duplicates, missing languages, malformed lines): for the tests.
struct Entry {
  std::string key, nl, en, file;
  int line = 0;
};
const std::vector<Entry>& Entries();
const std::vector<std::string>& LoadProblems();

}  // namespace beleving::i18n
