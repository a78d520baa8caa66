// Reading CSV and TSV files (RFC 4180 and what spreadsheets really write):
// quoted fields with doubled quotes and embedded newlines, CRLF, LF or CR
// line ends, a UTF-8 byte order mark, UTF-16 (with its byte order mark) and
// Windows-1252 (a file that is not valid UTF-8) converted to UTF-8, and the
// separator (comma, semicolon or TAB) detected from the first record.
//
// Lenient where real exports are sloppy: a quote inside an unquoted field and
// text after a closing quote are kept as text. Strict where guessing would
// shift every later row: a quoted field that never closes is an error naming
// the line and column where it opened. Pure function, no I/O.
#pragma once

#include <optional>
#include <string_view>

#include "capture/import/table.h"
#include "core/status.h"

namespace beleving::capture::import {

struct DelimitedOptions {
  std::optional<char> separator;     // nullopt: detect from the first record
  size_t max_records = 5'000'000;    // ResourceExhausted past this
  size_t max_cell_bytes = 1u << 20;  // ResourceExhausted past this
  size_t max_columns = 16384;        // as many as a spreadsheet holds
};

// Errors: InvalidArgument or ResourceExhausted with field "LINE:COLUMN".
Result<Table> ReadDelimited(std::string_view bytes, const DelimitedOptions& options = {});

// The separator ReadDelimited would choose for `first_record` (',' ';' or
// '\t'): the one seen most often outside quotes; ',' when none is.
char DetectSeparator(std::string_view text);

// Bytes as UTF-8: strips a UTF-8 BOM, converts UTF-16 with a BOM, and reads
// anything that is not valid UTF-8 as Windows-1252. `encoding` gets the name.
std::string ToUtf8Text(std::string_view bytes, std::string* encoding);
bool IsValidUtf8(std::string_view s);

}  // namespace beleving::capture::import
