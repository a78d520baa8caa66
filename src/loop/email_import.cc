#include "loop/email_import.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "core/time_format.h"

namespace beleving::loop {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

void AppendUtf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Latin-1 and Windows-1252 to UTF-8 (0x80-0x9F as Windows-1252 where defined).
std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  std::string cs = Lower(charset);
  if (cs.empty() || cs == "utf-8" || cs == "utf8" || cs == "us-ascii" || cs == "ascii") {
    return std::string(bytes);
  }
  static const unsigned kCp1252[32] = {
      0x20AC, 0x81,   0x201A, 0x192,  0x201E, 0x2026, 0x2020, 0x2021, 0x2C6,  0x2030, 0x160,
      0x2039, 0x152,  0x8D,   0x17D,  0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x2DC,  0x2122, 0x161,  0x203A, 0x153,  0x9D,   0x17E,  0x178};
  std::string out;
  for (unsigned char ch : bytes) {
    unsigned cp = ch;
    if (ch >= 0x80 && ch < 0xA0 && cs != "iso-8859-1" && cs != "latin1") cp = kCp1252[ch - 0x80];
    AppendUtf8(out, cp);
  }
  return out;
}

int Hex(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  return -1;
}

struct Headers {
  std::vector<std::pair<std::string, std::string>> items;  // lower-case name, raw value
  std::string Get(std::string_view name) const {
    for (const auto& [k, v] : items) {
      if (k == name) return v;
    }
    return {};
  }
};

// Splits header block and body at the first empty line; unfolds headers.
void SplitMessage(std::string_view text, Headers* h, std::string_view* body) {
  size_t pos = 0;
  std::string* last = nullptr;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol + 1;
    if (line.empty()) {
      *body = pos <= text.size() ? text.substr(pos) : std::string_view();
      return;
    }
    if ((line[0] == ' ' || line[0] == '\t') && last) {
      *last += " ";
      *last += Trim(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    h->items.emplace_back(Lower(Trim(line.substr(0, colon))),
                          std::string(Trim(line.substr(colon + 1))));
    last = &h->items.back().second;
  }
  *body = std::string_view();
}

// A MIME parameter (boundary, charset) of a Content-Type value.
std::string Param(std::string_view value, std::string_view name) {
  std::string low = Lower(value);
  size_t pos = 0;
  while ((pos = low.find(name, pos)) != std::string::npos) {
    size_t after = pos + name.size();
    bool start_ok = pos == 0 || low[pos - 1] == ';' || low[pos - 1] == ' ' || low[pos - 1] == '\t';
    if (start_ok && after < low.size() && low[after] == '=') {
      std::string_view v = value.substr(after + 1);
      if (!v.empty() && v[0] == '"') {
        size_t end = v.find('"', 1);
        return std::string(v.substr(1, end == std::string_view::npos ? v.size() - 1 : end - 1));
      }
      size_t end = v.find_first_of("; \t");
      return std::string(v.substr(0, end));
    }
    pos = after;
  }
  return {};
}

Result<std::string> DecodeBody(std::string_view body, const Headers& h) {
  std::string cte = Lower(Trim(h.Get("content-transfer-encoding")));
  std::string charset = Param(h.Get("content-type"), "charset");
  std::string raw;
  if (cte == "quoted-printable") {
    raw = DecodeQuotedPrintable(body);
  } else if (cte == "base64") {
    ASSIGN_OR_RETURN(raw, DecodeBase64(body));
  } else {
    raw = std::string(body);
  }
  std::string out = ToUtf8(raw, charset);
  out.erase(std::remove(out.begin(), out.end(), '\r'), out.end());
  return std::string(Trim(out));
}

// The text/plain body of an entity; empty when it has none.
Result<std::string> TextPlain(std::string_view body, const Headers& h, int depth) {
  std::string ct = Lower(h.Get("content-type"));
  if (ct.rfind("multipart/", 0) == 0 && depth < 5) {
    std::string boundary = Param(h.Get("content-type"), "boundary");
    if (boundary.empty()) return InvalidArgument("multipart message without a boundary");
    std::string delim = "--" + boundary;
    std::vector<std::string_view> parts;
    size_t pos = body.find(delim);
    while (pos != std::string_view::npos) {
      size_t start = body.find('\n', pos);
      if (start == std::string_view::npos) break;
      if (body.substr(pos + delim.size(), 2) == "--") break;
      size_t next = body.find("\n" + delim, start);
      size_t end = next == std::string_view::npos ? body.size() : next;
      parts.push_back(end > start + 1 ? body.substr(start + 1, end - start - 1)
                                      : std::string_view());
      pos = next == std::string_view::npos ? next : next + 1;
    }
    std::string fallback;
    for (auto part : parts) {
      Headers ph;
      std::string_view pb;
      SplitMessage(part, &ph, &pb);
      std::string pct = Lower(ph.Get("content-type"));
      if (pct.empty() || pct.rfind("text/plain", 0) == 0 || pct.rfind("multipart/", 0) == 0) {
        ASSIGN_OR_RETURN(auto t, TextPlain(pb, ph, depth + 1));
        if (!t.empty()) return t;
      }
    }
    return fallback;
  }
  if (!ct.empty() && ct.rfind("text/plain", 0) != 0) return std::string();
  return DecodeBody(body, h);
}

}  // namespace

std::string DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '=' && i + 1 < text.size()) {
      if (text[i + 1] == '\n') {
        ++i;
        continue;
      }
      if (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n') {
        i += 2;
        continue;
      }
      if (i + 2 < text.size() && Hex(text[i + 1]) >= 0 && Hex(text[i + 2]) >= 0) {
        out += static_cast<char>(Hex(text[i + 1]) * 16 + Hex(text[i + 2]));
        i += 2;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

Result<std::string> DecodeBase64(std::string_view text) {
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (char ch : text) {
    int v;
    if (ch >= 'A' && ch <= 'Z') {
      v = ch - 'A';
    } else if (ch >= 'a' && ch <= 'z') {
      v = ch - 'a' + 26;
    } else if (ch >= '0' && ch <= '9') {
      v = ch - '0' + 52;
    } else if (ch == '+') {
      v = 62;
    } else if (ch == '/') {
      v = 63;
    } else if (ch == '=' || std::isspace(static_cast<unsigned char>(ch))) {
      continue;
    } else {
      return InvalidArgument("invalid base64 data");
    }
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string DecodeEncodedWords(std::string_view value) {
  std::string out;
  size_t pos = 0;
  bool last_was_word = false;
  std::string pending_space;
  while (pos < value.size()) {
    size_t start = value.find("=?", pos);
    if (start == std::string_view::npos) {
      out += pending_space;
      out += value.substr(pos);
      break;
    }
    std::string_view between = value.substr(pos, start - pos);
    bool only_space = Trim(between).empty();
    // =?charset?X?text?=
    size_t q1 = value.find('?', start + 2);
    size_t q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
    size_t end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string_view::npos || q2 != q1 + 2) {
      out += pending_space;
      out += value.substr(pos, start + 2 - pos);
      pending_space.clear();
      pos = start + 2;
      last_was_word = false;
      continue;
    }
    if (!(last_was_word && only_space)) out += std::string(between);
    std::string charset(value.substr(start + 2, q1 - start - 2));
    if (size_t star = charset.find('*'); star != std::string::npos) charset.resize(star);
    char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(value[q1 + 1])));
    std::string_view payload = value.substr(q2 + 1, end - q2 - 1);
    std::string raw;
    if (enc == 'B') {
      auto d = DecodeBase64(payload);
      raw = d.ok() ? *d : std::string(payload);
    } else {
      std::string p(payload);
      std::replace(p.begin(), p.end(), '_', ' ');
      raw = DecodeQuotedPrintable(p);
    }
    out += ToUtf8(raw, charset);
    pending_space.clear();
    last_was_word = true;
    pos = end + 2;
  }
  return out;
}

std::optional<UnixSeconds> ParseMailDate(std::string_view text) {
  std::string s(Trim(text));
  if (size_t comma = s.find(','); comma != std::string::npos) s = s.substr(comma + 1);
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  char mon[4] = {0};
  char zone[16] = {0};
  int n = std::sscanf(s.c_str(), " %d %3s %d %d:%d:%d %15s", &day, mon, &year, &hh, &mm, &ss, zone);
  if (n < 6) {
    ss = 0;
    n = std::sscanf(s.c_str(), " %d %3s %d %d:%d %15s", &day, mon, &year, &hh, &mm, zone);
    if (n < 5) return std::nullopt;
  }
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string m = Lower(mon);
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i) {
    if (m == kMonths[i]) month = i + 1;
  }
  if (month == 0 || day < 1 || day > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 ||
      ss > 60 || year < 0 || year > 9999) {
    return std::nullopt;
  }
  if (year < 100) year += year < 50 ? 2000 : 1900;
  int64_t offset = 0;
  std::string z = zone;
  if ((z.size() == 5) && (z[0] == '+' || z[0] == '-')) {
    int v = std::atoi(z.c_str() + 1);
    offset = (v / 100) * 3600 + (v % 100) * 60;
    if (z[0] == '-') offset = -offset;
  }
  return DaysFromCivil(year, month, static_cast<unsigned>(day)) * 86400 + hh * 3600 + mm * 60 + ss -
         offset;
}

Result<EmailMessage> ParseEmail(std::string_view text) {
  Headers h;
  std::string_view body;
  SplitMessage(text, &h, &body);
  if (h.items.empty()) return InvalidArgument("no message headers found", "1:1");
  EmailMessage m;
  std::string id(Trim(h.Get("message-id")));
  if (!id.empty() && id.front() == '<') id = id.substr(1);
  if (!id.empty() && id.back() == '>') id.pop_back();
  m.message_id = id.substr(0, 500);
  std::string from = DecodeEncodedWords(h.Get("from"));
  size_t lt = from.find('<'), gt = from.find('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
    m.from_address = std::string(Trim(from.substr(lt + 1, gt - lt - 1)));
    std::string name(Trim(from.substr(0, lt)));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    m.from_name = name;
  } else {
    m.from_address = std::string(Trim(from));
  }
  m.subject = std::string(Trim(DecodeEncodedWords(h.Get("subject"))));
  m.date = ParseMailDate(h.Get("date"));
  ASSIGN_OR_RETURN(m.body, TextPlain(body, h, 0));
  return m;
}

Result<std::vector<EmailMessage>> ParseMbox(std::string_view text) {
  std::vector<EmailMessage> out;
  size_t pos = 0, line = 1;
  std::string current;
  size_t current_line = 0;
  auto flush = [&]() -> Status {
    if (current_line == 0) return Status::Ok();
    auto m = ParseEmail(current);
    if (!m.ok()) {
      return InvalidArgument(m.status().message(), std::to_string(current_line) + ":1");
    }
    m->line = current_line;
    out.push_back(std::move(*m));
    current.clear();
    return Status::Ok();
  };
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view l = text.substr(pos, eol - pos);
    if (l.rfind("From ", 0) == 0) {
      RETURN_IF_ERROR(flush());
      current_line = line + 1;
    } else {
      if (current_line == 0) {
        return InvalidArgument("an mbox file must start with a 'From ' line",
                               std::to_string(line) + ":1");
      }
      if (l.rfind(">From ", 0) == 0) l.remove_prefix(1);
      current += l;
      current += '\n';
    }
    pos = eol + 1;
    ++line;
  }
  RETURN_IF_ERROR(flush());
  return out;
}

Result<CsvTable> ParseCsv(std::string_view text, size_t max_rows) {
  CsvTable t;
  std::vector<std::string> row;
  std::string field;
  size_t line = 1, col = 1, row_line = 1;
  bool in_quotes = false, quoted = false;
  size_t quote_line = 0, quote_col = 0;
  auto end_row = [&]() -> Status {
    row.push_back(std::move(field));
    field.clear();
    if (t.header.empty()) {
      t.header = std::move(row);
    } else if (!(row.size() == 1 && row[0].empty())) {
      if (row.size() != t.header.size()) {
        return InvalidArgument("expected " + std::to_string(t.header.size()) + " fields, found " +
                                   std::to_string(row.size()),
                               std::to_string(row_line) + ":1");
      }
      if (t.rows.size() >= max_rows) {
        return ResourceExhausted("more than " + std::to_string(max_rows) + " rows",
                                 std::to_string(row_line) + ":1");
      }
      t.rows.push_back(std::move(row));
      t.row_lines.push_back(row_line);
    }
    row.clear();
    return Status::Ok();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (in_quotes) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
          col += 2;
          continue;
        }
        in_quotes = false;
        ++col;
        continue;
      }
      field += ch;
      if (ch == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
      continue;
    }
    if (ch == '"') {
      if (!field.empty() || quoted) {
        return InvalidArgument("a quote inside an unquoted field",
                               std::to_string(line) + ":" + std::to_string(col));
      }
      in_quotes = quoted = true;
      quote_line = line;
      quote_col = col;
      ++col;
    } else if (ch == ',') {
      row.push_back(std::move(field));
      field.clear();
      quoted = false;
      ++col;
    } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (ch == '\n') {
      RETURN_IF_ERROR(end_row());
      quoted = false;
      ++line;
      col = 1;
      row_line = line;
    } else {
      if (quoted) {
        return InvalidArgument("text after a closing quote",
                               std::to_string(line) + ":" + std::to_string(col));
      }
      field += ch;
      ++col;
    }
  }
  if (in_quotes) {
    return InvalidArgument("a quoted field is never closed",
                           std::to_string(quote_line) + ":" + std::to_string(quote_col));
  }
  if (!field.empty() || !row.empty()) RETURN_IF_ERROR(end_row());
  if (t.header.empty()) return InvalidArgument("the file is empty", "1:1");
  return t;
}

}  // namespace beleving::loop
