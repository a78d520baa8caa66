#include "loop/email_import.h"

#include <gmime/gmime.h>

#include <cctype>
#include <memory>
#include <mutex>

namespace beleving::loop {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// Owners of GLib/GMime objects and strings.
struct GObjectUnref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;
struct GFree {
  void operator()(char* p) const { g_free(p); }
};
using GString_ = std::unique_ptr<char, GFree>;
struct DateUnref {
  void operator()(GDateTime* d) const {
    if (d) g_date_time_unref(d);
  }
};

std::string Text(const char* s) { return s ? std::string(s) : std::string(); }

// Unix seconds of a parsed date, if it is a real one (years 1..9999 only:
// GDateTime cannot hold others).
std::optional<UnixSeconds> Unix(GDateTime* d) {
  if (!d) return std::nullopt;
  return static_cast<UnixSeconds>(g_date_time_to_unix(d));
}

// The first text/plain part of an entity, decoded and converted to UTF-8
// (GMime does transfer encodings and charsets); empty when there is none.
std::string TextPlain(GMimeObject* part, int depth) {
  if (!part || depth > 5) return {};
  if (GMIME_IS_MULTIPART(part)) {
    GMimeMultipart* mp = GMIME_MULTIPART(part);
    int n = g_mime_multipart_get_count(mp);
    for (int i = 0; i < n; ++i) {
      std::string t = TextPlain(g_mime_multipart_get_part(mp, i), depth + 1);
      if (!t.empty()) return t;
    }
    return {};
  }
  if (!GMIME_IS_TEXT_PART(part)) return {};
  GMimeContentType* ct = g_mime_object_get_content_type(part);
  if (ct && !g_mime_content_type_is_type(ct, "text", "plain")) return {};
  GString_ text(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
  std::string out = Text(text.get());
  std::string clean;
  clean.reserve(out.size());
  for (char ch : out) {
    if (ch != '\r') clean += ch;
  }
  return std::string(Trim(clean));
}

}  // namespace

std::string DecodeEncodedWords(std::string_view value) {
  InitGMime();
  std::string v(value);
  GString_ out(g_mime_utils_header_decode_text(nullptr, v.c_str()));
  return Text(out.get());
}

std::optional<UnixSeconds> ParseMailDate(std::string_view text) {
  InitGMime();
  std::string v(Trim(text));
  // GMime is lenient with odd fields; a date with a sign inside its time
  // ("10:-5:00") is no date (found by fuzzing the hand-written parser).
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] == '-' && (v[i - 1] == ':' || v[i - 1] == ' ') && i + 1 < v.size() &&
        std::isdigit(static_cast<unsigned char>(v[i + 1])) && v.find(':', i) != std::string::npos) {
      return std::nullopt;
    }
  }
  std::unique_ptr<GDateTime, DateUnref> d(g_mime_utils_header_decode_date(v.c_str()));
  return Unix(d.get());
}

Result<EmailMessage> ParseEmail(std::string_view text) {
  InitGMime();
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!msg) return InvalidArgument("no message headers found", "1:1");
  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(msg.get()));
  if (!headers || g_mime_header_list_get_count(headers) == 0) {
    return InvalidArgument("no message headers found", "1:1");
  }
  EmailMessage m;
  m.message_id = Text(g_mime_message_get_message_id(msg.get())).substr(0, 500);
  InternetAddressList* from = g_mime_message_get_from(msg.get());
  if (from && internet_address_list_length(from) > 0) {
    InternetAddress* a = internet_address_list_get_address(from, 0);
    m.from_name = std::string(Trim(Text(internet_address_get_name(a))));
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      m.from_address = Text(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)));
    }
  }
  m.subject = std::string(Trim(Text(g_mime_message_get_subject(msg.get()))));
  if (const char* raw = g_mime_object_get_header(GMIME_OBJECT(msg.get()), "Date")) {
    m.date = ParseMailDate(raw);
  }
  m.body = TextPlain(g_mime_message_get_mime_part(msg.get()), 0);
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
