#include "text/vocabulary.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <map>
#include <set>

#include "core/resources.h"
#include "text/json_pointer.h"
#include "text/normalize.h"
#include "text/stemmer.h"

namespace beleving::text {
namespace {

namespace json = boost::json;

// Source priority of a polarity: a later source overrides an earlier one.
constexpr uint8_t kRankPattern = 1;
constexpr uint8_t kRankEmoji = 2;
constexpr uint8_t kRankCx = 3;
constexpr uint8_t kRankOrg = 4;
constexpr size_t kMaxTermWords = 8;

bool ValidThemeKey(std::string_view k) {
  if (k.empty() || k.size() > 64) return false;
  return std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Status ParseStringList(const json::value& v, const std::string& field,
                       std::vector<std::string>* out) {
  if (!v.is_array()) return InvalidArgument("must be a list of strings", field);
  const auto& arr = v.get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string f = Pointer(field, i);
    if (!arr[i].is_string()) return InvalidArgument("must be a string", f);
    const std::string_view s = arr[i].get_string();
    if (s.empty() || s.size() > 200) return InvalidArgument("term must be 1..200 bytes", f);
    out->emplace_back(s);
  }
  return Status::Ok();
}

// Each "lang" object: {"nl": ..., "en": ...}.
template <typename Fn>
Status ForEachLanguage(const json::value& v, const std::string& field, Fn fn) {
  if (!v.is_object()) return InvalidArgument("must be an object keyed by language", field);
  for (const auto& kv : v.get_object()) {
    const std::string f = Pointer(field, kv.key());
    const auto lang = ParseLanguage(kv.key());
    if (!lang) return InvalidArgument("unsupported language (use \"nl\" or \"en\")", f);
    RETURN_IF_ERROR(fn(*lang, kv.value(), f));
  }
  return Status::Ok();
}

}  // namespace

Result<OrgVocabulary> ParseOrgVocabulary(std::string_view text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) return InvalidArgument("vocabulary is not valid JSON: " + ec.message(), "");
  if (!doc.is_object()) return InvalidArgument("vocabulary must be a JSON object", "");
  OrgVocabulary out;
  for (const auto& kv : doc.get_object()) {
    if (kv.key() != "themes" && kv.key() != "terms" && kv.key() != "$comment") {
      return InvalidArgument("unknown field", Pointer("", kv.key()));
    }
  }
  if (const json::value* themes = doc.get_object().if_contains("themes")) {
    if (!themes->is_array()) return InvalidArgument("must be a list of themes", "/themes");
    const auto& arr = themes->get_array();
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string f = Pointer("/themes", i);
      if (!arr[i].is_object()) return InvalidArgument("theme must be an object", f);
      const auto& obj = arr[i].get_object();
      OrgVocabulary::Theme theme;
      const json::value* key = obj.if_contains("key");
      if (key == nullptr || !key->is_string() || !ValidThemeKey(key->get_string())) {
        return InvalidArgument("theme key must be 1..64 of [a-z0-9_]", Pointer(f, "key"));
      }
      theme.key = std::string(key->get_string());
      if (const json::value* label = obj.if_contains("label")) {
        RETURN_IF_ERROR(ForEachLanguage(
            *label, Pointer(f, "label"),
            [&](Language lang, const json::value& v, const std::string& lf) {
              if (!v.is_string()) return InvalidArgument("label must be a string", lf);
              (lang == Language::kDutch ? theme.label_nl : theme.label_en) = v.get_string();
              return Status::Ok();
            }));
      }
      const json::value* terms = obj.if_contains("terms");
      if (terms == nullptr) return InvalidArgument("theme needs terms", Pointer(f, "terms"));
      RETURN_IF_ERROR(ForEachLanguage(
          *terms, Pointer(f, "terms"),
          [&](Language lang, const json::value& v, const std::string& tf) {
            return ParseStringList(v, tf,
                                   lang == Language::kDutch ? &theme.terms_nl : &theme.terms_en);
          }));
      for (const auto& kv : obj) {
        if (kv.key() != "key" && kv.key() != "label" && kv.key() != "terms") {
          return InvalidArgument("unknown field", Pointer(f, kv.key()));
        }
      }
      out.themes.push_back(std::move(theme));
    }
  }
  if (const json::value* terms = doc.get_object().if_contains("terms")) {
    RETURN_IF_ERROR(ForEachLanguage(
        *terms, "/terms", [&](Language lang, const json::value& v, const std::string& f) {
          if (!v.is_object()) return InvalidArgument("must be an object", f);
          for (const auto& kv : v.get_object()) {
            const std::string kf = Pointer(f, kv.key());
            if (kv.key() == "positive" || kv.key() == "negative") {
              std::vector<std::string> list;
              if (Status st = ParseStringList(kv.value(), kf, &list); !st.ok()) return st;
              const double p = kv.key() == "positive" ? 0.6 : -0.6;
              for (auto& t : list) out.terms.push_back({lang, std::move(t), p});
            } else if (kv.key() == "scores") {
              if (!kv.value().is_object()) return InvalidArgument("must be an object", kf);
              for (const auto& s : kv.value().get_object()) {
                const std::string sf = Pointer(kf, s.key());
                if (!s.value().is_number()) return InvalidArgument("score must be a number", sf);
                const double p = s.value().to_number<double>();
                if (!(p >= -1.0 && p <= 1.0)) return InvalidArgument("score must be -1..1", sf);
                if (s.key().empty()) return InvalidArgument("term must not be empty", sf);
                out.terms.push_back({lang, std::string(s.key()), p});
              }
            } else {
              return InvalidArgument("unknown field (use positive, negative, scores)", kf);
            }
          }
          return Status::Ok();
        }));
  }
  return out;
}

class VocabularyBuilder {
 public:
  VocabularyBuilder(Language language, std::vector<ThemeInfo>* themes)
      : stemmer_(language), themes_(themes) {
    v_.language_ = language;
  }

  Status Build(const OrgVocabulary* org) {
    const std::string lang(LanguageCode(v_.language_));
    RETURN_IF_ERROR(LoadPolarityTsv("text/pattern_" + lang + ".tsv", kRankPattern));
    RETURN_IF_ERROR(LoadPolarityTsv("text/emoji.tsv", kRankEmoji, /*exact=*/true));
    RETURN_IF_ERROR(LoadPolarityTsv("text/cx_" + lang + ".tsv", kRankCx));
    RETURN_IF_ERROR(LoadModifiers());
    const auto themes_json = resources::Find("text/themes.json");
    if (!themes_json) return Internal("embedded resource missing: text/themes.json");
    auto builtin = ParseOrgVocabulary(*themes_json);
    if (!builtin.ok()) return Internal("text/themes.json: " + builtin.status().ToString());
    AddOrg(*builtin, kRankCx);
    if (org != nullptr) AddOrg(*org, kRankOrg);
    Finish();
    return Status::Ok();
  }

  Vocabulary Take() { return std::move(v_); }

 private:
  struct Pending {
    std::vector<int32_t> keys;
    std::set<uint16_t> themes;
    bool has_polarity = false;
    float polarity = 0;
    int polarity_count = 0;
    uint8_t rank = 0;
    Modifier modifier = Modifier::kNone;
    float modifier_value = 1;
  };

  int32_t KeyId(std::string_view key) {
    bool inserted = false;
    int32_t& id = v_.key_ids_.Insert(key, next_key_, &inserted);
    if (inserted) ++next_key_;
    return id;
  }

  // Key ids for a term; empty when the term has no words.
  std::vector<int32_t> Keys(std::string_view text, bool exact) {
    const std::string norm = Normalise(text);
    std::vector<Token> tokens;
    Tokenise(norm, &tokens);
    std::vector<int32_t> keys;
    for (const Token& t : tokens) {
      if (t.kind != TokenKind::kWord && t.kind != TokenKind::kEmoji) continue;
      words_.emplace(t.text);
      if (t.kind == TokenKind::kEmoji) {
        keys.push_back(KeyId(t.text));
      } else if (exact) {
        keys.push_back(KeyId("=" + std::string(t.text)));
      } else {
        keys.push_back(KeyId(stemmer_.Stem(t.text)));
      }
    }
    if (keys.size() > kMaxTermWords) keys.resize(kMaxTermWords);
    return keys;
  }

  Pending* TermFor(std::string_view text, bool exact) {
    std::vector<int32_t> keys = Keys(text, exact);
    if (keys.empty()) return nullptr;
    auto [it, inserted] = index_.try_emplace(keys, pending_.size());
    if (inserted) {
      pending_.emplace_back();
      pending_.back().keys = std::move(keys);
    }
    return &pending_[it->second];
  }

  void SetPolarity(Pending* p, double polarity, uint8_t rank) {
    const auto value = static_cast<float>(std::clamp(polarity, -1.0, 1.0));
    if (!p->has_polarity || rank > p->rank) {
      p->has_polarity = true;
      p->polarity = value;
      p->polarity_count = 1;
      p->rank = rank;
    } else if (rank == p->rank) {  // several forms share a stem: average them
      p->polarity = (p->polarity * static_cast<float>(p->polarity_count) + value) /
                    static_cast<float>(p->polarity_count + 1);
      ++p->polarity_count;
    }
  }

  template <typename Fn>
  Status ForEachLine(const std::string& path, Fn fn) {
    const auto data = resources::Find(path);
    if (!data) return Internal("embedded resource missing: " + path);
    size_t pos = 0;
    int line_no = 0;
    while (pos < data->size()) {
      size_t eol = data->find('\n', pos);
      if (eol == std::string_view::npos) eol = data->size();
      std::string_view line = data->substr(pos, eol - pos);
      pos = eol + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string_view> cols;
      size_t start = 0;
      while (true) {
        const size_t tab = line.find('\t', start);
        cols.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
      }
      RETURN_IF_ERROR(fn(cols, path + ":" + std::to_string(line_no)));
    }
    return Status::Ok();
  }

  static bool ParseDouble(std::string_view s, double* out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  }

  Status LoadPolarityTsv(const std::string& path, uint8_t rank, bool exact = false) {
    return ForEachLine(path,
                       [&](const std::vector<std::string_view>& cols, const std::string& where) {
                         double p = 0;
                         if (cols.size() < 2 || !ParseDouble(cols[1], &p)) {
                           return Internal(where + ": expected term<TAB>polarity");
                         }
                         // "=term": matched on exact words, not stems ("=te laat"
                         // must not fire on "te laten", which shares the stem).
                         std::string_view term = cols[0];
                         const bool exact_term = exact || (!term.empty() && term[0] == '=');
                         if (!term.empty() && term[0] == '=') term.remove_prefix(1);
                         if (Pending* t = TermFor(term, exact_term)) SetPolarity(t, p, rank);
                         return Status::Ok();
                       });
  }

  Status LoadModifiers() {
    return ForEachLine("text/modifiers.tsv",
                       [&](const std::vector<std::string_view>& cols, const std::string& where) {
                         double value = 0;
                         if (cols.size() < 4 || !ParseDouble(cols[3], &value)) {
                           return Internal(where + ": expected lang<TAB>term<TAB>kind<TAB>value");
                         }
                         if (ParseLanguage(cols[0]) != v_.language_) return Status::Ok();
                         Modifier kind = Modifier::kNone;
                         if (cols[2] == "negator") kind = Modifier::kNegator;
                         if (cols[2] == "intensifier") kind = Modifier::kIntensifier;
                         if (cols[2] == "softener") kind = Modifier::kSoftener;
                         if (cols[2] == "contrast") kind = Modifier::kContrast;
                         if (cols[2] == "concession") kind = Modifier::kConcession;
                         if (cols[2] == "thanks") kind = Modifier::kThanks;
                         if (cols[2] == "irony_cue") kind = Modifier::kIronyCue;
                         if (kind == Modifier::kNone)
                           return Internal(where + ": unknown modifier kind");
                         Pending* t = TermFor(cols[1], /*exact=*/true);
                         if (t == nullptr) return Status::Ok();
                         t->modifier = kind;
                         t->modifier_value = static_cast<float>(value);
                         // A thank-you is itself positive.
                         if (kind == Modifier::kThanks) SetPolarity(t, value, kRankCx);
                         return Status::Ok();
                       });
  }

  void AddOrg(const OrgVocabulary& org, uint8_t rank) {
    for (const auto& theme : org.themes) {
      auto it = std::find_if(themes_->begin(), themes_->end(),
                             [&](const ThemeInfo& t) { return t.key == theme.key; });
      if (it == themes_->end()) {
        themes_->push_back({theme.key, theme.label_nl.empty() ? theme.key : theme.label_nl,
                            theme.label_en.empty() ? theme.key : theme.label_en});
        it = themes_->end() - 1;
      } else {
        if (!theme.label_nl.empty()) it->label_nl = theme.label_nl;
        if (!theme.label_en.empty()) it->label_en = theme.label_en;
      }
      const auto id = static_cast<uint16_t>(it - themes_->begin());
      const auto& terms = v_.language_ == Language::kDutch ? theme.terms_nl : theme.terms_en;
      for (const auto& term : terms) {
        if (Pending* t = TermFor(term, false)) t->themes.insert(id);
      }
    }
    for (const auto& term : org.terms) {
      if (term.language != v_.language_) continue;
      if (Pending* t = TermFor(term.text, false)) SetPolarity(t, term.polarity, rank);
    }
  }

  void Finish() {
    // Exact ids of words must be known before words are recorded.
    for (const std::string& w : words_) {
      Vocabulary::WordIds ids;
      if (const int32_t* s = v_.key_ids_.Find(stemmer_.Stem(w))) ids.stem = *s;
      if (const int32_t* e = v_.key_ids_.Find("=" + w)) ids.exact = *e;
      if (const int32_t* e = v_.key_ids_.Find(w); e != nullptr && ids.stem < 0) ids.stem = *e;
      v_.known_words_.Insert(w, static_cast<int32_t>(v_.known_ids_.size()));
      v_.known_ids_.push_back(ids);
    }
    std::vector<std::vector<uint32_t>> by_first(static_cast<size_t>(next_key_));
    for (const Pending& p : pending_) {
      Vocabulary::Term t;
      t.keys_begin = static_cast<uint32_t>(v_.keys_.size());
      t.length = static_cast<uint8_t>(p.keys.size());
      v_.keys_.insert(v_.keys_.end(), p.keys.begin(), p.keys.end());
      t.has_polarity = p.has_polarity;
      t.polarity = p.polarity;
      t.polarity_rank = p.rank;
      t.modifier = p.modifier;
      t.modifier_value = p.modifier_value;
      t.themes_begin = static_cast<uint32_t>(v_.theme_ids_.size());
      t.themes_count = static_cast<uint16_t>(p.themes.size());
      v_.theme_ids_.insert(v_.theme_ids_.end(), p.themes.begin(), p.themes.end());
      by_first[static_cast<size_t>(p.keys[0])].push_back(static_cast<uint32_t>(v_.terms_.size()));
      v_.terms_.push_back(t);
    }
    v_.by_first_begin_.push_back(0);
    for (auto& list : by_first) {
      std::stable_sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
        return v_.terms_[a].length > v_.terms_[b].length;
      });
      v_.by_first_.insert(v_.by_first_.end(), list.begin(), list.end());
      v_.by_first_begin_.push_back(static_cast<uint32_t>(v_.by_first_.size()));
    }
  }

  Vocabulary v_;
  Stemmer stemmer_;
  std::vector<ThemeInfo>* themes_;
  int32_t next_key_ = 0;
  std::map<std::vector<int32_t>, size_t> index_;
  std::vector<Pending> pending_;
  std::set<std::string> words_;
};

Result<Vocabulary> Vocabulary::Build(Language language, const OrgVocabulary* org,
                                     std::vector<ThemeInfo>* themes) {
  VocabularyBuilder builder(language, themes);
  RETURN_IF_ERROR(builder.Build(org));
  return builder.Take();
}

Vocabulary::WordIds Vocabulary::Lookup(std::string_view word) const {
  if (const int32_t* i = known_words_.Find(word)) return known_ids_[static_cast<size_t>(*i)];
  WordIds ids;
  if (const int32_t* s = key_ids_.Find(StemWithThreadCache(language_, word))) ids.stem = *s;
  return ids;
}

}  // namespace beleving::text
