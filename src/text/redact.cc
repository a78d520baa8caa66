#include "text/redact.h"

#include <algorithm>
#include <vector>

namespace beleving::text {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }

enum class Kind { kEmail, kIban, kAddress, kPhone, kBsn };

struct Match {
  size_t begin, end;
  Kind kind;
};

std::string_view TokenFor(Kind kind, Language lang) {
  const bool en = lang == Language::kEnglish;
  switch (kind) {
    case Kind::kEmail:
      return "[email]";
    case Kind::kIban:
      return "[iban]";
    case Kind::kAddress:
      return en ? "[address]" : "[adres]";
    case Kind::kPhone:
      return en ? "[phone]" : "[telefoon]";
    case Kind::kBsn:
      return "[bsn]";
  }
  return "[redacted]";
}

// A match may not start or end inside a word or a longer number.
bool BoundaryBefore(std::string_view s, size_t i) { return i == 0 || !IsAlnum(s[i - 1]); }
bool BoundaryAfter(std::string_view s, size_t i) { return i >= s.size() || !IsAlnum(s[i]); }

void FindEmails(std::string_view s, std::vector<Match>* out) {
  auto local = [](char c) {
    return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  };
  auto domain = [](char c) { return IsAlnum(c) || c == '.' || c == '-'; };
  for (size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    size_t b = at;
    while (b > 0 && local(s[b - 1])) --b;
    while (b < at && s[b] == '.') ++b;
    size_t e = at + 1;
    while (e < s.size() && domain(s[e])) ++e;
    while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) --e;
    if (b == at || e == at + 1) continue;
    const std::string_view dom = s.substr(at + 1, e - at - 1);
    const size_t dot = dom.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dom.size() - dot - 1 < 2) continue;
    if (!std::all_of(dom.begin() + static_cast<long>(dot) + 1, dom.end(), IsAlpha)) continue;
    out->push_back({b, e, Kind::kEmail});
  }
}

// Country code -> IBAN length, for the common SEPA countries; others 15..34.
int IbanLength(char a, char b) {
  struct C {
    char a, b;
    int len;
  };
  static constexpr C kLengths[] = {{'N', 'L', 18}, {'B', 'E', 16}, {'D', 'E', 22}, {'F', 'R', 27},
                                   {'G', 'B', 22}, {'E', 'S', 24}, {'I', 'T', 27}, {'L', 'U', 20},
                                   {'A', 'T', 20}, {'C', 'H', 21}, {'I', 'E', 22}, {'P', 'T', 25}};
  for (const C& c : kLengths) {
    if (c.a == a && c.b == b) return c.len;
  }
  return 0;
}

void FindIbans(std::string_view s, std::vector<Match>* out) {
  for (size_t i = 0; i + 15 <= s.size(); ++i) {
    if (!IsAlpha(s[i]) || !IsAlpha(s[i + 1]) || !IsDigit(s[i + 2]) || !IsDigit(s[i + 3])) continue;
    if (!BoundaryBefore(s, i)) continue;
    const char c0 = static_cast<char>(s[i] & ~0x20);
    const char c1 = static_cast<char>(s[i + 1] & ~0x20);
    const int want = IbanLength(c0, c1);
    // Collect alphanumerics, allowing single spaces between groups.
    std::string compact;
    size_t j = i;
    size_t best_end = 0;
    while (j < s.size() && compact.size() < 34) {
      if (IsAlnum(s[j])) {
        compact.push_back(s[j]);
        ++j;
        const bool at_end = BoundaryAfter(s, j) || s[j] == ' ';
        const bool len_ok = want ? static_cast<int>(compact.size()) == want
                                 : compact.size() >= 15 && compact.size() <= 34;
        if (at_end && len_ok && BoundaryAfter(s, j) && IsValidIban(compact)) best_end = j;
      } else if (s[j] == ' ' && j + 1 < s.size() && IsAlnum(s[j + 1])) {
        ++j;
      } else {
        break;
      }
    }
    if (best_end) {
      out->push_back({i, best_end, Kind::kIban});
      i = best_end;
    }
  }
}

void FindAddresses(std::string_view s, std::vector<Match>* out) {
  for (size_t i = 0; i + 6 <= s.size(); ++i) {
    if (!(s[i] >= '1' && s[i] <= '9') || !IsDigit(s[i + 1]) || !IsDigit(s[i + 2]) ||
        !IsDigit(s[i + 3]) || !BoundaryBefore(s, i)) {
      continue;
    }
    size_t j = i + 4;
    const bool spaced = j < s.size() && s[j] == ' ';
    if (spaced) ++j;
    if (j + 2 > s.size()) continue;
    const char a = s[j], b = s[j + 1];
    // Upper case always; lower case only written solid ("1234ab").
    const bool letters = (IsUpper(a) && IsUpper(b)) || (!spaced && IsLower(a) && IsLower(b));
    if (!letters || !BoundaryAfter(s, j + 2)) continue;
    const char ua = static_cast<char>(a & ~0x20), ub = static_cast<char>(b & ~0x20);
    if (ua == 'S' && (ub == 'A' || ub == 'D' || ub == 'S')) continue;  // never issued
    size_t e = j + 2;
    // House number: ", 12", " 12", " 12a", " 12-3", " nr 12".
    size_t k = e;
    if (k < s.size() && s[k] == ',') ++k;
    while (k < s.size() && s[k] == ' ') ++k;
    if (s.substr(k, 3) == "nr " || s.substr(k, 3) == "nr.") k += 3;
    while (k < s.size() && s[k] == ' ') ++k;
    if (k < s.size() && IsDigit(s[k])) {
      size_t m = k;
      while (m < s.size() && IsDigit(s[m]) && m - k < 5) ++m;
      if (m < s.size() && (s[m] == '-' || IsAlpha(s[m]))) {
        size_t n = m + 1;
        while (n < s.size() && IsAlnum(s[n]) && n - m < 4) ++n;
        if (BoundaryAfter(s, n)) m = n;
      }
      if (BoundaryAfter(s, m)) e = m;
    }
    if (e == j + 2) continue;  // a postcode alone is not an address
    out->push_back({i, e, Kind::kAddress});
    i = e;
  }
}

void FindPhones(std::string_view s, std::vector<Match>* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    const bool plus = s[i] == '+';
    if (!plus && s[i] != '0' && s[i] != '(') continue;
    if (i > 0 && (IsAlnum(s[i - 1]) || s[i - 1] == '+' || s[i - 1] == '.' || s[i - 1] == ',')) {
      continue;
    }
    size_t j = i + (plus ? 1 : 0);
    std::string digits;
    size_t last_digit_end = 0;
    int separators_in_row = 0;
    while (j < s.size() && digits.size() < 16) {
      const char c = s[j];
      if (IsDigit(c)) {
        digits.push_back(c);
        last_digit_end = ++j;
        separators_in_row = 0;
      } else if ((c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/') &&
                 separators_in_row < 2) {
        ++separators_in_row;
        ++j;
      } else {
        break;
      }
    }
    if (digits.empty() || !BoundaryAfter(s, last_digit_end)) continue;
    bool ok = false;
    if (plus) {
      ok = digits.size() >= 8 && digits.size() <= 15 && digits[0] != '0';
    } else if (digits.rfind("00", 0) == 0) {
      ok = digits.size() >= 10 && digits.size() <= 16;
    } else if (digits[0] == '0') {
      ok = digits.size() == 10;  // Dutch national format: 0 + 9 digits
    }
    if (!ok) continue;
    out->push_back({i, last_digit_end, Kind::kPhone});
    i = last_digit_end;
  }
}

void FindBsns(std::string_view s, std::vector<Match>* out) {
  for (size_t i = 0; i + 9 <= s.size(); ++i) {
    if (!IsDigit(s[i]) || !BoundaryBefore(s, i) ||
        (i > 0 && (s[i - 1] == '+' || s[i - 1] == '-'))) {
      continue;
    }
    std::string digits;
    size_t j = i;
    while (j < s.size() &&
           (IsDigit(s[j]) || (s[j] == '.' && j + 1 < s.size() && IsDigit(s[j + 1])))) {
      if (IsDigit(s[j])) digits.push_back(s[j]);
      ++j;
    }
    if (digits.size() == 9 && BoundaryAfter(s, j) && PassesElevenProof(digits)) {
      out->push_back({i, j, Kind::kBsn});
    }
    i = j;
  }
}

}  // namespace

bool IsValidIban(std::string_view iban) {
  std::string c;
  for (char ch : iban) {
    if (ch == ' ') continue;
    if (!IsAlnum(ch)) return false;
    c.push_back(IsLower(ch) ? static_cast<char>(ch - 32) : ch);
  }
  if (c.size() < 15 || c.size() > 34 || !IsUpper(c[0]) || !IsUpper(c[1]) || !IsDigit(c[2]) ||
      !IsDigit(c[3])) {
    return false;
  }
  const int want = IbanLength(c[0], c[1]);
  if (want != 0 && static_cast<int>(c.size()) != want) return false;
  const std::string rotated = c.substr(4) + c.substr(0, 4);
  int rem = 0;
  for (char ch : rotated) {
    if (IsDigit(ch)) {
      rem = (rem * 10 + (ch - '0')) % 97;
    } else {
      const int v = ch - 'A' + 10;
      rem = (rem * 100 + v) % 97;
    }
  }
  return rem == 1;
}

bool PassesElevenProof(std::string_view d) {
  if (d.size() != 9 || !std::all_of(d.begin(), d.end(), IsDigit)) return false;
  int sum = 0;
  for (int k = 0; k < 8; ++k) sum += (9 - k) * (d[static_cast<size_t>(k)] - '0');
  sum -= d[8] - '0';
  if (sum == 0 || d == "000000000") return false;
  return sum % 11 == 0;
}

std::string Redact(std::string_view text, Language token_language) {
  std::vector<Match> matches;
  FindEmails(text, &matches);
  FindIbans(text, &matches);
  FindAddresses(text, &matches);
  FindPhones(text, &matches);
  FindBsns(text, &matches);
  if (matches.empty()) return std::string(text);
  // Earliest first; on equal starts the longest, and overlaps go to the
  // earlier, more specific detector (stable sort keeps detector order).
  std::stable_sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (const Match& m : matches) {
    if (m.begin < pos) continue;
    out.append(text.substr(pos, m.begin - pos));
    out.append(TokenFor(m.kind, token_language));
    pos = m.end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace beleving::text
