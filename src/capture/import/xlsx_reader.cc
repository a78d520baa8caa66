#include "capture/import/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/time_format.h"

namespace beleving::capture::import {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

// Reads entry `name` (nullopt when the archive has no such entry).
Result<std::optional<std::string>> ReadEntry(zip_t* z, const std::string& name, size_t limit) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, name.c_str(), 0, &st) != 0) return std::optional<std::string>();
  if ((st.valid & ZIP_STAT_SIZE) && st.size > limit) {
    return ResourceExhausted("workbook entry " + name + " is larger than " +
                             std::to_string(limit >> 20) + " MB unpacked");
  }
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  if (!f) return InvalidArgument("cannot open workbook entry " + name);
  std::string out;
  char buf[65536];
  for (;;) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      zip_fclose(f);
      return InvalidArgument("workbook entry " + name + " is damaged");
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > limit) {
      zip_fclose(f);
      return ResourceExhausted("workbook entry " + name + " is larger than " +
                               std::to_string(limit >> 20) + " MB unpacked");
    }
  }
  zip_fclose(f);
  return std::optional<std::string>(std::move(out));
}

// A small SAX driver over expat: element start/end with the local name (the
// part after any namespace prefix) and character data.
class Sax {
 public:
  using Start = std::function<void(std::string_view name, const char** attrs)>;
  using End = std::function<void(std::string_view name)>;
  using Text = std::function<void(std::string_view text)>;

  Status Parse(const std::string& entry, std::string_view xml, Start start, End end, Text text) {
    start_ = std::move(start);
    end_ = std::move(end);
    text_ = std::move(text);
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) return Internal("cannot create an XML parser");
    parser_ = p;
    XML_SetUserData(p, this);
    XML_SetElementHandler(p, &Sax::OnStart, &Sax::OnEnd);
    XML_SetCharacterDataHandler(p, &Sax::OnText);
    // Entities from a DTD are never needed in a workbook: refuse them (no
    // "billion laughs").
    XML_SetEntityDeclHandler(p, &Sax::OnEntityDecl);
    Status st;
    if (XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR) {
      st = InvalidArgument("workbook entry " + entry + " is not well-formed XML (line " +
                           std::to_string(XML_GetCurrentLineNumber(p)) +
                           "): " + XML_ErrorString(XML_GetErrorCode(p)));
    }
    XML_ParserFree(p);
    return st;
  }

  static std::string_view Local(const char* name) {
    std::string_view n(name);
    size_t colon = n.rfind(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
  }
  static const char* Attr(const char** attrs, std::string_view local) {
    for (size_t i = 0; attrs[i]; i += 2) {
      if (Local(attrs[i]) == local) return attrs[i + 1];
    }
    return nullptr;
  }

 private:
  static void OnStart(void* self, const char* name, const char** attrs) {
    static_cast<Sax*>(self)->start_(Local(name), attrs);
  }
  static void OnEnd(void* self, const char* name) { static_cast<Sax*>(self)->end_(Local(name)); }
  static void OnText(void* self, const char* s, int len) {
    static_cast<Sax*>(self)->text_(std::string_view(s, static_cast<size_t>(len)));
  }
  static void OnEntityDecl(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                           const XML_Char*, const XML_Char*, const XML_Char*) {
    XML_StopParser(static_cast<Sax*>(self)->parser_, XML_FALSE);
  }

  XML_Parser parser_ = nullptr;
  Start start_;
  End end_;
  Text text_;
};

// "B12" -> column 2 (1-based); 0 when malformed.
uint32_t ColumnOf(std::string_view ref) {
  uint32_t col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + static_cast<uint32_t>(ref[i] - 'A' + 1);
    if (col > 16384) return 0;
  }
  return i == 0 ? 0 : col;
}

uint32_t RowOf(std::string_view ref) {
  size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') ++i;
  uint32_t row = 0;
  for (; i < ref.size() && ref[i] >= '0' && ref[i] <= '9'; ++i) {
    row = row * 10 + static_cast<uint32_t>(ref[i] - '0');
    if (row > 10'000'000) return 0;
  }
  return row;
}

// Whether a number format shows a date or time: the built-in ids 14-22 and
// 45-47, or a custom code with d, m, y, h or s outside quotes and brackets
// (but not a colour or condition like [Red]).
bool IsDateFormat(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
  if (code.empty()) return false;
  bool quoted = false, bracket = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char ch = code[i];
    if (ch == '"') quoted = !quoted;
    if (quoted) continue;
    if (ch == '\\') {
      ++i;
      continue;
    }
    if (ch == '[') bracket = true;
    if (ch == ']') bracket = false;
    if (bracket) continue;
    char low = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (low == 'd' || low == 'm' || low == 'y' || low == 'h' || low == 's') return true;
  }
  return false;
}

std::string FormatNumber(std::string_view v) {
  char* end = nullptr;
  std::string s(v);
  double d = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !std::isfinite(d)) return s;
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

struct Workbook {
  bool date1904 = false;
  std::string first_sheet_name;
  std::string first_sheet_rid;
};

}  // namespace

bool LooksLikeZip(std::string_view bytes) { return bytes.substr(0, 4) == "PK\x03\x04"; }

std::string SerialToDateTime(double serial, bool date1904) {
  // Whole seconds, rounded: Excel keeps times as fractions of a day.
  auto total = static_cast<int64_t>(std::llround(serial * 86400.0));
  int64_t days = total >= 0 ? total / 86400 : (total - 86399) / 86400;
  int64_t secs = total - days * 86400;
  int64_t unix_days;
  if (date1904) {
    unix_days = days + DaysFromCivil(1904, 1, 1);
  } else {
    // 1900 system: serial 1 = 1900-01-01, and 60 is the 29 February 1900
    // that never was; from 61 on, day 0 is 1899-12-30.
    if (days >= 61 || days <= 0) {
      unix_days = days + DaysFromCivil(1899, 12, 30);
    } else if (days == 60) {
      unix_days = DaysFromCivil(1900, 2, 28);  // shown by Excel as 1900-02-29
    } else {
      unix_days = days + DaysFromCivil(1899, 12, 31);
    }
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(unix_days, &y, &m, &d);
  char buf[40];
  if (secs == 0 && serial == std::floor(serial)) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld",
                  static_cast<long long>(y), m, d, static_cast<long long>(secs / 3600),
                  static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  }
  return buf;
}

Result<Table> ReadXlsx(std::string_view bytes, size_t max_entry_bytes) {
  if (!LooksLikeZip(bytes)) return InvalidArgument("not an XLSX workbook (no zip archive)");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) {
    zip_error_fini(&err);
    return InvalidArgument("cannot read the zip archive");
  }
  ZipPtr z(zip_open_from_source(src, ZIP_RDONLY, &err));
  if (!z) {
    zip_source_free(src);
    std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    return InvalidArgument("not an XLSX workbook: " + why);
  }
  zip_error_fini(&err);

  auto entry = [&](const std::string& name) { return ReadEntry(z.get(), name, max_entry_bytes); };
  ASSIGN_OR_RETURN(auto workbook_xml, entry("xl/workbook.xml"));
  if (!workbook_xml) return InvalidArgument("not an XLSX workbook (no xl/workbook.xml)");

  Workbook wb;
  Sax sax;
  RETURN_IF_ERROR(sax.Parse(
      "xl/workbook.xml", *workbook_xml,
      [&](std::string_view name, const char** attrs) {
        if (name == "workbookPr") {
          const char* v = Sax::Attr(attrs, "date1904");
          wb.date1904 = v && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0);
        } else if (name == "sheet" && wb.first_sheet_rid.empty()) {
          const char* n = Sax::Attr(attrs, "name");
          const char* id = Sax::Attr(attrs, "id");
          if (id) {
            wb.first_sheet_rid = id;
            wb.first_sheet_name = n ? n : "";
          }
        }
      },
      [](std::string_view) {}, [](std::string_view) {}));
  if (wb.first_sheet_rid.empty()) return InvalidArgument("the workbook has no worksheet");

  // The first sheet's part name, from the workbook's relationships.
  std::string sheet_path = "xl/worksheets/sheet1.xml";
  ASSIGN_OR_RETURN(auto rels, entry("xl/_rels/workbook.xml.rels"));
  if (rels) {
    RETURN_IF_ERROR(sax.Parse(
        "xl/_rels/workbook.xml.rels", *rels,
        [&](std::string_view name, const char** attrs) {
          if (name != "Relationship") return;
          const char* id = Sax::Attr(attrs, "Id");
          const char* target = Sax::Attr(attrs, "Target");
          if (id && target && wb.first_sheet_rid == id) {
            std::string t = target;
            sheet_path = t.rfind('/', 0) == 0 ? t.substr(1) : "xl/" + t;
          }
        },
        [](std::string_view) {}, [](std::string_view) {}));
  }

  // Shared strings: <si> holds <t> or rich runs <r><t>; <rPh> is phonetic.
  std::vector<std::string> shared;
  ASSIGN_OR_RETURN(auto sst, entry("xl/sharedStrings.xml"));
  if (sst) {
    bool in_si = false, in_t = false;
    int in_rph = 0;
    std::string cur;
    RETURN_IF_ERROR(sax.Parse(
        "xl/sharedStrings.xml", *sst,
        [&](std::string_view name, const char**) {
          if (name == "si") {
            in_si = true;
            cur.clear();
          } else if (name == "rPh") {
            ++in_rph;
          } else if (name == "t" && in_si && in_rph == 0) {
            in_t = true;
          }
        },
        [&](std::string_view name) {
          if (name == "si") {
            shared.push_back(std::move(cur));
            cur.clear();
            in_si = false;
          } else if (name == "rPh") {
            --in_rph;
          } else if (name == "t") {
            in_t = false;
          }
        },
        [&](std::string_view text) {
          if (in_t) cur.append(text);
        }));
  }

  // Styles: which cell formats (the s attribute indexes cellXfs) show dates.
  std::vector<bool> date_style;
  ASSIGN_OR_RETURN(auto styles, entry("xl/styles.xml"));
  if (styles) {
    std::map<int, std::string> codes;
    bool in_cell_xfs = false;
    RETURN_IF_ERROR(sax.Parse(
        "xl/styles.xml", *styles,
        [&](std::string_view name, const char** attrs) {
          if (name == "numFmt") {
            const char* id = Sax::Attr(attrs, "numFmtId");
            const char* code = Sax::Attr(attrs, "formatCode");
            if (id && code) codes[std::atoi(id)] = code;
          } else if (name == "cellXfs") {
            in_cell_xfs = true;
          } else if (name == "xf" && in_cell_xfs) {
            const char* id = Sax::Attr(attrs, "numFmtId");
            int n = id ? std::atoi(id) : 0;
            auto it = codes.find(n);
            date_style.push_back(IsDateFormat(n, it == codes.end() ? "" : it->second));
          }
        },
        [&](std::string_view name) {
          if (name == "cellXfs") in_cell_xfs = false;
        },
        [](std::string_view) {}));
  }

  ASSIGN_OR_RETURN(auto sheet, entry(sheet_path));
  if (!sheet) return InvalidArgument("the workbook's first sheet " + sheet_path + " is missing");

  Table table;
  table.encoding = "UTF-8";
  table.shape = "sheet '" + wb.first_sheet_name + "'";
  Record row;
  uint32_t next_row = 1, next_col = 1;
  bool in_row = false, in_value = false, in_inline = false, in_t = false;
  int in_rph = 0;
  std::string type, value, inline_text;
  int style = -1;
  uint32_t col = 0;
  Status cell_error;
  RETURN_IF_ERROR(sax.Parse(
      sheet_path, *sheet,
      [&](std::string_view name, const char** attrs) {
        if (name == "row") {
          const char* r = Sax::Attr(attrs, "r");
          uint32_t n = r ? RowOf(r) : 0;
          row = Record();
          row.line = n ? n : next_row;
          next_row = row.line + 1;
          next_col = 1;
          in_row = true;
        } else if (name == "c" && in_row) {
          const char* r = Sax::Attr(attrs, "r");
          const char* t = Sax::Attr(attrs, "t");
          const char* s = Sax::Attr(attrs, "s");
          col = r ? ColumnOf(r) : 0;
          if (col == 0) col = next_col;
          next_col = col + 1;
          type = t ? t : "n";
          style = s ? std::atoi(s) : -1;
          value.clear();
          inline_text.clear();
        } else if (name == "v") {
          in_value = true;
        } else if (name == "is") {
          in_inline = true;
        } else if (name == "rPh") {
          ++in_rph;
        } else if (name == "t" && in_inline && in_rph == 0) {
          in_t = true;
        }
      },
      [&](std::string_view name) {
        if (name == "v") {
          in_value = false;
        } else if (name == "is") {
          in_inline = false;
        } else if (name == "rPh") {
          --in_rph;
        } else if (name == "t") {
          in_t = false;
        } else if (name == "c" && in_row && col > 0) {
          std::string text;
          if (type == "s") {
            char* end = nullptr;
            long idx = std::strtol(value.c_str(), &end, 10);
            if (end != value.c_str() && idx >= 0 && static_cast<size_t>(idx) < shared.size()) {
              text = shared[static_cast<size_t>(idx)];
            } else if (cell_error.ok()) {
              cell_error = InvalidArgument("a shared string that does not exist",
                                           std::to_string(row.line) + ":" + std::to_string(col));
            }
          } else if (type == "inlineStr") {
            text = inline_text;
          } else if (type == "b") {
            text = value == "1" ? "TRUE" : value.empty() ? "" : "FALSE";
          } else if (type == "str" || type == "e" || type == "d") {
            text = value;
          } else if (!value.empty()) {
            bool is_date = style >= 0 && static_cast<size_t>(style) < date_style.size() &&
                           date_style[static_cast<size_t>(style)];
            char* end = nullptr;
            double d = std::strtod(value.c_str(), &end);
            if (is_date && end != value.c_str() && std::isfinite(d) && d >= 0 && d < 2958466) {
              text = SerialToDateTime(d, wb.date1904);
            } else {
              text = FormatNumber(value);
            }
          }
          if (row.cells.size() < col) row.cells.resize(col);
          for (auto& c : row.cells) {
            if (c.line == 0) c.line = row.line;
          }
          row.cells[col - 1].text = std::move(text);
          row.cells[col - 1].line = row.line;
          col = 0;
        } else if (name == "row" && in_row) {
          in_row = false;
          bool any = false;
          for (const auto& c : row.cells) any = any || !c.text.empty();
          if (any) table.records.push_back(std::move(row));
          row = Record();
        }
      },
      [&](std::string_view text) {
        if (in_value) value.append(text);
        if (in_t) inline_text.append(text);
      }));
  if (!cell_error.ok()) return cell_error;
  if (table.records.empty()) return InvalidArgument("the first sheet is empty", "1:1");
  return table;
}

}  // namespace beleving::capture::import
