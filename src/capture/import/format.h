// Recognising where a file of survey responses came from, by its header
// rows, and what its columns are:
//
//   qualtrics     Qualtrics CSV/XLSX: three header rows (internal names,
//                 question texts, {"ImportId":...} JSON), or the legacy
//                 two-row form (V1..Vn, then ResponseID, ResponseSet, ...)
//   google-forms  Google Forms (Sheets download, CSV or TSV): one header row
//                 starting with the form's timestamp column in the form's
//                 language (Timestamp, Tijdstempel, Marca temporal, ...)
//   surveymonkey  SurveyMonkey CSV/XLSX: two header rows (questions, then the
//                 answer options or "Response"), starting with Respondent ID
//   typeform      Typeform CSV: one header row with "#" first or a
//                 "Network ID" column, dates in "Submit Date (UTC)" or
//                 "Submitted At"
//   csv / xlsx    anything else with one header row
//
// A Layout names every column (the question text a person reads), gives it
// a stable answer key (from the tool's own column id where it has one, so
// the same survey exported in another language or header form keeps its
// keys), marks the tool's bookkeeping columns (IP address, progress, ...)
// and the columns whose meaning the tool fixes (its response id, its date).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/import/table.h"
#include "capture/import/values.h"
#include "core/status.h"

namespace beleving::capture::import {

enum class Format { kQualtrics, kGoogleForms, kSurveyMonkey, kTypeform, kCsv, kXlsx };
// "qualtrics", "google-forms", "surveymonkey", "typeform", "csv", "xlsx".
const char* FormatName(Format f);
// nullopt for "auto" and for an unknown name (`*known` tells them apart).
std::optional<Format> ParseFormat(std::string_view name, bool* known);

// What a column can be mapped to (the --map FIELD names).
enum class Field {
  kNps,
  kCsat,
  kCes,
  kComment,
  kSubmittedAt,
  kCustomer,
  kTouchpoint,
  kTeam,
  kEmployee,
  kLanguage,
  kExternalId,
};
inline constexpr size_t kFieldCount = 11;
inline constexpr std::array<Field, kFieldCount> kFields = {
    Field::kNps,         Field::kCsat,     Field::kCes,        Field::kComment,
    Field::kSubmittedAt, Field::kCustomer, Field::kTouchpoint, Field::kTeam,
    Field::kEmployee,    Field::kLanguage, Field::kExternalId};
const char* FieldName(Field f);  // "nps", "submitted_at", ...
std::optional<Field> ParseField(std::string_view name);
// nps, csat, ces and comment: the answers a row must have one of (besides
// the kept answers) to be imported.
bool IsAnswerField(Field f);

struct Column {
  size_t index = 0;                  // 0-based
  std::string name;                  // the question text (or header) a person reads
  std::string key;                   // stable answer key (AnswerKey of the tool's id)
  std::vector<std::string> headers;  // this column's text in every header row
  bool metadata = false;             // the tool's bookkeeping: not kept as an answer
  std::optional<Field> tool_field;   // a meaning the tool fixes (its response id, ...)
};

struct Layout {
  Format format = Format::kCsv;
  std::string variant;     // e.g. "3 header rows" or "legacy, 2 header rows"
  size_t header_rows = 1;  // records before the first response
  std::vector<Column> columns;
  DateOrder date_hint = DateOrder::kUnknown;  // from the header's language
  bool dates_in_utc = false;                  // the tool writes UTC (Typeform)
  // Identifies the source: SHA-256 (hex) of the format and the header rows.
  std::string fingerprint;
  // Prefix of external ids taken from the tool's response id ("qualtrics:").
  std::string id_prefix;
};

// Detects the layout of `table`; `forced` skips recognition (a forced format
// whose header rows are not there is an InvalidArgument). `xlsx` says the
// table came from a workbook (kXlsx rather than kCsv for one header row).
Result<Layout> DetectLayout(const Table& table, std::optional<Format> forced, bool xlsx);

}  // namespace beleving::capture::import
