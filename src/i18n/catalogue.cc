#include "i18n/catalogue.h"

#include <algorithm>
#include <cstdlib>
#include <span>
#include <unordered_map>

#include "core/resources.h"
#include "i18n/locale.h"

namespace beleving::i18n {
namespace {

struct Catalogue {
  std::vector<Entry> entries;
  std::unordered_map<std::string, size_t> index;  // key -> entries[i]
  std::vector<std::string> problems;
};

std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 'n' || s[i + 1] == 't')) {
      out += s[i + 1] == 'n' ? '\n' : '\t';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

void LoadFile(std::string_view path, std::string_view data, Catalogue* cat) {
  int line_no = 0;
  size_t pos = 0;
  while (pos <= data.size()) {
    size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    std::string_view line = data.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    const std::string where = std::string(path) + ":" + std::to_string(line_no);
    if (t2 == std::string_view::npos || line.find('\t', t2 + 1) != std::string_view::npos) {
      cat->problems.push_back(where + ": expected key<TAB>Dutch<TAB>English");
      continue;
    }
    Entry e{std::string(line.substr(0, t1)), Unescape(line.substr(t1 + 1, t2 - t1 - 1)),
            Unescape(line.substr(t2 + 1)), std::string(path), line_no};
    if (e.key.empty() || e.nl.empty() || e.en.empty()) {
      cat->problems.push_back(where + ": a key needs a Dutch and an English text");
      continue;
    }
    if (cat->index.count(e.key)) {
      cat->problems.push_back(where + ": " + e.key + " is defined twice");
      continue;
    }
    cat->index.emplace(e.key, cat->entries.size());
    cat->entries.push_back(std::move(e));
  }
}

const Catalogue& Get() {
  static const Catalogue cat = [] {
    Catalogue c;
    for (const auto& r : resources::All()) {
      if (r.path.rfind("i18n/", 0) == 0 && r.path.size() > 4 &&
          r.path.substr(r.path.size() - 4) == ".tsv") {
        LoadFile(r.path, r.data, &c);
      }
    }
    return c;
  }();
  return cat;
}

// `text` with each {name} that has a value in `args` replaced by it.
std::string Substitute(const std::string& text,
                       std::span<const std::pair<std::string_view, std::string_view>> args) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      size_t close = text.find('}', i + 1);
      if (close != std::string::npos) {
        std::string_view name(text.data() + i + 1, close - i - 1);
        auto a =
            std::find_if(args.begin(), args.end(), [&](const auto& p) { return p.first == name; });
        if (a != args.end()) {
          out += a->second;
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

std::string_view Code(Lang lang) { return lang == Lang::kEn ? "en" : "nl"; }

std::optional<Lang> ParseLang(std::string_view tag) {
  if (tag.size() < 2) return std::nullopt;
  if (tag.size() > 2 && tag[2] != '-' && tag[2] != '_') return std::nullopt;
  const char a = static_cast<char>(tag[0] | 0x20), b = static_cast<char>(tag[1] | 0x20);
  if (a == 'n' && b == 'l') return Lang::kNl;
  if (a == 'e' && b == 'n') return Lang::kEn;
  return std::nullopt;
}

Lang FromAcceptLanguage(std::string_view header, Lang fallback) {
  // "en-GB,en;q=0.9,nl;q=0.8": the supported tag with the highest q, the
  // first one among equals.
  std::optional<Lang> best;
  double best_q = -1;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    pos = end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    double q = 1.0;
    if (size_t semi = item.find(';'); semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      item = item.substr(0, semi);
      if (size_t qp = params.find("q="); qp != std::string_view::npos) {
        q = std::atof(std::string(params.substr(qp + 2)).c_str());
      }
    }
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (auto l = ParseLang(item); l && q > best_q) {
      best = l;
      best_q = q;
    }
  }
  return best.value_or(fallback);
}

const std::string& Text(Lang lang, std::string_view key) {
  const Catalogue& c = Get();
  auto it = c.index.find(std::string(key));
  if (it == c.index.end()) {
    static thread_local std::string missing;
    missing = std::string(key);
    return missing;
  }
  const Entry& e = c.entries[it->second];
  return lang == Lang::kEn ? e.en : e.nl;
}

bool Has(std::string_view key) { return Get().index.count(std::string(key)) > 0; }

std::string Format(Lang lang, std::string_view key, Args args) {
  return Substitute(Text(lang, key), {args.begin(), args.end()});
}

std::string Plural(Lang lang, std::string_view key, int64_t n, Args args) {
  const std::string number = Number(lang, static_cast<double>(n));
  std::vector<std::pair<std::string_view, std::string_view>> all{{"n", number}};
  all.insert(all.end(), args.begin(), args.end());
  return Substitute(Text(lang, std::string(key) + (n == 1 ? ".one" : ".other")), all);
}

const std::vector<Entry>& Entries() { return Get().entries; }
const std::vector<std::string>& LoadProblems() { return Get().problems; }

}  // namespace beleving::i18n
