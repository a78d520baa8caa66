#include "capture/import/values.h"

#include <cctype>
#include <cstdlib>

#include "core/time_format.h"
#include "security/secrets.h"

namespace beleving::capture::import {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_digits digits at `pos`; nullopt when there is none.
std::optional<int> Number(std::string_view s, size_t* pos, size_t max_digits) {
  size_t start = *pos;
  int v = 0;
  while (*pos < s.size() && IsDigit(s[*pos]) && *pos - start < max_digits) {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
  }
  if (*pos == start) return std::nullopt;
  return v;
}

bool ValidDate(int y, int m, int d) {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

// The three numbers of a date with the year last ("6/12/2018"), if it is one.
struct Triple {
  int a = 0, b = 0, year = 0;
  size_t end = 0;
};
std::optional<Triple> YearLast(std::string_view s) {
  size_t pos = 0;
  Triple t;
  auto a = Number(s, &pos, 2);
  if (!a || pos >= s.size()) return std::nullopt;
  char sep = s[pos];
  if (sep != '/' && sep != '-' && sep != '.') return std::nullopt;
  ++pos;
  auto b = Number(s, &pos, 2);
  if (!b || pos >= s.size() || s[pos] != sep) return std::nullopt;
  ++pos;
  size_t ystart = pos;
  auto y = Number(s, &pos, 4);
  if (!y) return std::nullopt;
  size_t ydigits = pos - ystart;
  if (ydigits == 2) {
    *y += 2000;
  } else if (ydigits != 4) {
    return std::nullopt;
  }
  t.a = *a;
  t.b = *b;
  t.year = *y;
  t.end = pos;
  return t;
}

// "HH:MM[:SS[.fff]][ AM|PM]" and an optional zone "Z", "+01:00", "+0100",
// " UTC"; returns false when the rest is not a time.
bool ParseTime(std::string_view s, int* seconds, std::optional<int32_t>* offset) {
  size_t pos = 0;
  auto h = Number(s, &pos, 2);
  if (!h || pos >= s.size() || s[pos] != ':') return false;
  ++pos;
  auto m = Number(s, &pos, 2);
  if (!m) return false;
  int sec = 0;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    auto x = Number(s, &pos, 2);
    if (!x) return false;
    sec = *x;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      while (pos < s.size() && IsDigit(s[pos])) ++pos;
    }
  }
  int hour = *h;
  std::string_view rest = s.substr(pos);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.size() >= 2) {
    char c0 = static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0])));
    char c1 = static_cast<char>(std::toupper(static_cast<unsigned char>(rest[1])));
    if ((c0 == 'A' || c0 == 'P') && c1 == 'M') {
      if (hour < 1 || hour > 12) return false;
      if (c0 == 'A' && hour == 12) hour = 0;
      if (c0 == 'P' && hour != 12) hour += 12;
      rest.remove_prefix(2);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    }
  }
  if (hour > 23 || *m > 59 || sec > 60) return false;
  if (!rest.empty()) {
    if (rest == "Z" || rest == "z" || rest == "UTC" || rest == "GMT") {
      *offset = 0;
    } else if ((rest[0] == '+' || rest[0] == '-') && rest.size() >= 3) {
      size_t p = 1;
      auto oh = Number(rest, &p, 2);
      if (!oh) return false;
      int om = 0;
      if (p < rest.size() && rest[p] == ':') ++p;
      if (p < rest.size()) {
        auto x = Number(rest, &p, 2);
        if (!x) return false;
        om = *x;
      }
      if (p != rest.size() || *oh > 14 || om > 59) return false;
      int32_t off = *oh * 3600 + om * 60;
      *offset = rest[0] == '-' ? -off : off;
    } else {
      return false;
    }
  }
  *seconds = hour * 3600 + *m * 60 + std::min(sec, 59);
  return true;
}

}  // namespace

std::string_view TrimCell(std::string_view s) {
  auto space_at_front = [&]() {
    if (s.empty()) return size_t{0};
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') return size_t{1};
    if (s.substr(0, 2) == "\xC2\xA0") return size_t{2};
    return size_t{0};
  };
  auto space_at_back = [&]() {
    if (s.empty()) return size_t{0};
    char c = s.back();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return size_t{1};
    if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") return size_t{2};
    return size_t{0};
  };
  for (size_t n; (n = space_at_front()) > 0;) s.remove_prefix(n);
  for (size_t n; (n = space_at_back()) > 0;) s.remove_suffix(n);
  return s;
}

std::optional<LocalDateTime> ParseDateTime(std::string_view text, DateOrder order) {
  std::string_view s = TrimCell(text);
  if (s.size() < 6 || s.size() > 40) return std::nullopt;
  int y = 0, m = 0, d = 0;
  size_t pos = 0;
  if (s.size() >= 10 && IsDigit(s[0]) && IsDigit(s[1]) && IsDigit(s[2]) && IsDigit(s[3]) &&
      (s[4] == '-' || s[4] == '/' || s[4] == '.')) {
    char sep = s[4];
    y = std::atoi(std::string(s.substr(0, 4)).c_str());
    pos = 5;
    auto mm = Number(s, &pos, 2);
    if (!mm || pos >= s.size() || s[pos] != sep) return std::nullopt;
    ++pos;
    auto dd = Number(s, &pos, 2);
    if (!dd) return std::nullopt;
    m = *mm;
    d = *dd;
  } else {
    auto t = YearLast(s);
    if (!t) return std::nullopt;
    bool month_first = order == DateOrder::kMonthFirst;
    if (order == DateOrder::kUnknown) month_first = t->b > 12 && t->a <= 12;
    m = month_first ? t->a : t->b;
    d = month_first ? t->b : t->a;
    y = t->year;
    pos = t->end;
  }
  if (!ValidDate(y, m, d)) return std::nullopt;
  LocalDateTime out;
  out.seconds = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400;
  std::string_view rest = s.substr(pos);
  if (!rest.empty() && (rest[0] == 'T' || rest[0] == ' ' || rest[0] == ',')) {
    while (!rest.empty() && (rest[0] == 'T' || rest[0] == ' ' || rest[0] == ',')) {
      rest.remove_prefix(1);
    }
    int secs = 0;
    if (!ParseTime(rest, &secs, &out.offset)) return std::nullopt;
    out.seconds += secs;
  } else if (!rest.empty()) {
    return std::nullopt;
  }
  return out;
}

DateOrder DecideDateOrder(const std::vector<std::string_view>& values, DateOrder hint) {
  bool day_first = false, month_first = false;
  for (auto v : values) {
    auto t = YearLast(TrimCell(v));
    if (!t) continue;
    if (t->a > 12 && t->b <= 12) day_first = true;
    if (t->b > 12 && t->a <= 12) month_first = true;
  }
  if (day_first && !month_first) return DateOrder::kDayFirst;
  if (month_first && !day_first) return DateOrder::kMonthFirst;
  return hint == DateOrder::kUnknown ? DateOrder::kDayFirst : hint;
}

UnixSeconds ToUnix(const LocalDateTime& t, const TimeZone& zone) {
  if (t.offset) return t.seconds - *t.offset;
  // The offset in force at the guess, then at the corrected instant.
  int64_t guess = t.seconds - zone.OffsetAt(t.seconds);
  return t.seconds - zone.OffsetAt(guess);
}

std::optional<int> ParseScore(std::string_view text, int lo, int hi) {
  std::string_view s = TrimCell(text);
  size_t pos = 0;
  auto n = Number(s, &pos, 3);
  if (!n) return std::nullopt;
  std::string_view rest = s.substr(pos);
  if (rest.size() >= 2 && rest[0] == '.' && rest.find_first_not_of('0', 1) == std::string::npos) {
    rest = {};  // "9.0" or "9.00"
  }
  if (!rest.empty()) {
    // A label after the number: "10 - Extremely likely", "0 (Not at all)",
    // "5 = Zeer tevreden". Not "9.5" or "10%".
    char c = rest[0];
    if (c != ' ' && c != '-' && c != '(' && c != '=' && c != ':') return std::nullopt;
    std::string_view label = TrimCell(rest);
    if (!label.empty() && IsDigit(label[0])) return std::nullopt;
    if (label.size() >= 2 && (label[0] == '-' || label[0] == '=') && IsDigit(label[1])) {
      return std::nullopt;
    }
  }
  if (*n < lo || *n > hi) return std::nullopt;
  return *n;
}

std::string AnswerKey(std::string_view header, size_t column) {
  std::string slug;
  bool gap = false;
  auto put = [&](char c) {
    if (gap && !slug.empty()) slug += '_';
    gap = false;
    slug += c;
  };
  std::string_view h = TrimCell(header);
  for (size_t i = 0; i < h.size(); ++i) {
    auto c = static_cast<unsigned char>(h[i]);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      put(static_cast<char>(c));
    } else if (c >= 'A' && c <= 'Z') {
      put(static_cast<char>(c - 'A' + 'a'));
    } else if ((c == 0xC3) && i + 1 < h.size()) {
      // Latin-1 letters U+00C0..U+00FF folded to their base letter.
      static const char* kFold =
          "aaaaaaaceeeeiiiidnooooo*ouuuuyts"   // U+00C0..U+00DF (upper)
          "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // U+00E0..U+00FF (lower)
      auto d = static_cast<unsigned char>(h[i + 1]);
      ++i;
      if (d >= 0x80 && d <= 0xBF) {
        char f = kFold[d - 0x80];
        if (f == 's' && d == 0x9F) {  // ß
          put('s');
          put('s');
        } else if (f != '*' && f != '/') {
          put(f);
        } else {
          gap = true;
        }
      } else {
        gap = true;
      }
    } else {
      // Any other byte (punctuation, other scripts) separates words.
      gap = true;
      if (c >= 0xC0) {
        while (i + 1 < h.size() && (static_cast<unsigned char>(h[i + 1]) & 0xC0) == 0x80) ++i;
      }
    }
  }
  if (slug.empty()) return "column_" + std::to_string(column);
  if (slug[0] >= '0' && slug[0] <= '9') slug = "q" + slug;
  if (slug.size() > 64) {
    slug = slug.substr(0, 55);
    while (!slug.empty() && slug.back() == '_') slug.pop_back();
    slug += "_" + security::Sha256Hex(h).substr(0, 8);
  }
  return slug;
}

}  // namespace beleving::capture::import
