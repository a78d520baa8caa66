// Complaint intake from files: e-mail messages (.eml, RFC 5322 with MIME)
// and mailboxes (mbox), and CSV exports such as the CFPB consumer complaint
// database. Pure parsing: no storage, no clock.
//
// E-mail: parsed with GMime (libgmime-3.0, Debian): headers unfolded, RFC
// 2047 encoded words in From and Subject decoded to UTF-8 (any charset GMime
// knows), quoted-printable and base64 bodies decoded, and of a multipart
// message the first text/plain part taken (multipart/alternative, also nested
// in multipart/mixed), converted to UTF-8 from its charset.
// CSV: RFC 4180 (quoted fields with embedded newlines and doubled quotes).
// Errors name the line and column where the input went wrong.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace beleving::loop {

struct EmailMessage {
  std::string message_id;  // without angle brackets; empty when absent
  std::string from_name, from_address;
  std::string subject;
  std::optional<UnixSeconds> date;
  std::string body;  // text/plain, UTF-8
  size_t line = 1;   // where the message starts in its file
};

// Decodes RFC 2047 encoded words in a header value to UTF-8.
std::string DecodeEncodedWords(std::string_view value);
// RFC 5322 date ("Tue, 1 Jul 2025 10:00:00 +0200"); nullopt when it is none.
std::optional<UnixSeconds> ParseMailDate(std::string_view text);

Result<EmailMessage> ParseEmail(std::string_view text);
// Splits an mbox file into messages ("From " separator lines; ">From "
// unquoted) and parses each; an error names the message's line.
Result<std::vector<EmailMessage>> ParseMbox(std::string_view text);

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> row_lines;  // the line where each row starts
};
// Errors: InvalidArgument with field "line:column".
Result<CsvTable> ParseCsv(std::string_view text, size_t max_rows = 1000000);

}  // namespace beleving::loop
