// Reading the first worksheet of an Office Open XML workbook (.xlsx, as
// Excel, Google Sheets, SurveyMonkey and LibreOffice write it) into the same
// Table the CSV reader gives: one record per non-empty row, line = the row
// number, each cell's column = its spreadsheet column (A = 1).
//
// Values become text: shared strings and inline strings (rich text runs
// joined, phonetic runs left out), formula results, booleans as TRUE/FALSE,
// numbers in their shortest exact form ("9", "0.25"), and numbers in a date
// or time format as "YYYY-MM-DD HH:MM:SS" ("YYYY-MM-DD" for a whole day),
// counting serials in the 1900 date system (with its fictitious 29 February
// 1900) or the 1904 system when the workbook says so.
//
// The zip is read with libzip and the XML with expat (both Debian packages);
// entries are size-limited against zip bombs. Pure function, no I/O.
#pragma once

#include <string_view>

#include "capture/import/table.h"
#include "core/status.h"

namespace beleving::capture::import {

// Whether the bytes start like a zip archive ("PK\3\4").
bool LooksLikeZip(std::string_view bytes);

// Errors: InvalidArgument (not a workbook, broken XML with its entry name) or
// ResourceExhausted (an entry larger than `max_entry_bytes` unpacked).
Result<Table> ReadXlsx(std::string_view bytes, size_t max_entry_bytes = 512u << 20);

// A spreadsheet serial day number as "YYYY-MM-DD HH:MM:SS" (or "YYYY-MM-DD"
// when it has no time of day), in the 1900 or 1904 date system.
std::string SerialToDateTime(double serial, bool date1904);

}  // namespace beleving::capture::import
