#include "capture/import/delimited_reader.h"

#include <array>
#include <string>

namespace beleving::capture::import {
namespace {

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string FromUtf16(std::string_view b, bool little_endian) {
  std::string out;
  out.reserve(b.size());
  auto unit = [&](size_t i) -> uint32_t {
    auto lo = static_cast<unsigned char>(b[i]), hi = static_cast<unsigned char>(b[i + 1]);
    return little_endian ? (uint32_t{hi} << 8 | lo) : (uint32_t{lo} << 8 | hi);
  };
  for (size_t i = 0; i + 1 < b.size(); i += 2) {
    uint32_t u = unit(i);
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < b.size()) {
      uint32_t v = unit(i + 2);
      if (v >= 0xDC00 && v < 0xE000) {
        AppendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u < 0xE000) u = 0xFFFD;  // a lone surrogate
    AppendUtf8(out, u);
  }
  return out;
}

std::string FromWindows1252(std::string_view b) {
  static const std::array<uint16_t, 32> kHigh = {
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  std::string out;
  out.reserve(b.size() + b.size() / 8);
  for (unsigned char ch : b) {
    uint32_t cp = ch;
    if (ch >= 0x80 && ch < 0xA0) cp = kHigh[ch - 0x80];
    AppendUtf8(out, cp);
  }
  return out;
}

std::string Position(size_t line, size_t column) {
  return std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    // No overlong forms, surrogates or code points past U+10FFFF.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::string ToUtf8Text(std::string_view bytes, std::string* encoding) {
  auto starts = [&](std::string_view p) { return bytes.substr(0, p.size()) == p; };
  if (starts("\xEF\xBB\xBF")) {
    *encoding = "UTF-8";
    bytes.remove_prefix(3);
    if (IsValidUtf8(bytes)) return std::string(bytes);
    *encoding = "Windows-1252";
    return FromWindows1252(bytes);
  }
  if (starts("\xFF\xFE")) {
    *encoding = "UTF-16LE";
    return FromUtf16(bytes.substr(2), true);
  }
  if (starts("\xFE\xFF")) {
    *encoding = "UTF-16BE";
    return FromUtf16(bytes.substr(2), false);
  }
  if (IsValidUtf8(bytes)) {
    *encoding = "UTF-8";
    return std::string(bytes);
  }
  *encoding = "Windows-1252";
  return FromWindows1252(bytes);
}

char DetectSeparator(std::string_view text) {
  size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '"') {
      quoted = !quoted;  // a doubled quote toggles twice
    } else if (!quoted && (ch == '\n' || ch == '\r')) {
      break;
    } else if (!quoted) {
      comma += ch == ',';
      semicolon += ch == ';';
      tab += ch == '\t';
    }
  }
  if (tab > 0 && tab >= comma && tab >= semicolon) return '\t';
  if (semicolon > comma) return ';';
  return ',';
}

Result<Table> ReadDelimited(std::string_view bytes, const DelimitedOptions& options) {
  Table t;
  const std::string text = ToUtf8Text(bytes, &t.encoding);
  const char sep = options.separator.value_or(DetectSeparator(text));
  t.shape = sep == '\t' ? "TAB" : std::string(1, sep);

  Record rec;
  Cell cell;
  size_t line = 1;
  bool at_field_start = true, in_quotes = false, any_text = false;
  size_t quote_line = 0, quote_column = 0;
  rec.line = 1;
  cell.line = 1;

  auto end_field = [&]() -> Status {
    if (rec.cells.size() >= options.max_columns) {
      return ResourceExhausted("more than " + std::to_string(options.max_columns) + " columns",
                               Position(rec.line, rec.cells.size() + 1));
    }
    if (!cell.text.empty()) any_text = true;
    rec.cells.push_back(std::move(cell));
    cell = Cell();
    at_field_start = true;
    return Status::Ok();
  };
  auto end_record = [&](size_t next_line) -> Status {
    bool blank_line = rec.cells.empty() && cell.text.empty() && !any_text;
    if (!blank_line) {
      RETURN_IF_ERROR(end_field());
      if (t.records.size() >= options.max_records) {
        return ResourceExhausted("more than " + std::to_string(options.max_records) + " rows",
                                 Position(rec.line, 1));
      }
      t.records.push_back(std::move(rec));
    }
    rec = Record();
    cell = Cell();
    rec.line = static_cast<uint32_t>(next_line);
    cell.line = rec.line;
    at_field_start = true;
    any_text = false;
    return Status::Ok();
  };

  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (in_quotes) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.text += '"';
          ++i;
        } else {
          in_quotes = false;
        }
        continue;
      }
      if (ch == '\r') {
        // CRLF or a lone CR inside quotes: one line end, kept as "\n".
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        cell.text += '\n';
        ++line;
      } else {
        if (ch == '\n') ++line;
        cell.text += ch;
      }
      if (cell.text.size() > options.max_cell_bytes) {
        return ResourceExhausted(
            "a cell longer than " + std::to_string(options.max_cell_bytes) + " bytes",
            Position(cell.line, rec.cells.size() + 1));
      }
      continue;
    }
    if (ch == sep) {
      RETURN_IF_ERROR(end_field());
      cell.line = static_cast<uint32_t>(line);
      continue;
    }
    if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      RETURN_IF_ERROR(end_record(line));
      continue;
    }
    if (ch == '"' && at_field_start) {
      in_quotes = true;
      any_text = true;  // "" is an empty field, not a blank line
      quote_line = line;
      quote_column = rec.cells.size() + 1;
      at_field_start = false;
      continue;
    }
    at_field_start = false;
    cell.text += ch;
    if (cell.text.size() > options.max_cell_bytes) {
      return ResourceExhausted(
          "a cell longer than " + std::to_string(options.max_cell_bytes) + " bytes",
          Position(cell.line, rec.cells.size() + 1));
    }
  }
  if (in_quotes) {
    return InvalidArgument("a quoted field is never closed", Position(quote_line, quote_column));
  }
  RETURN_IF_ERROR(end_record(line + 1));
  if (t.records.empty()) return InvalidArgument("the file is empty", "1:1");
  return t;
}

}  // namespace beleving::capture::import
