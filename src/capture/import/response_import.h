// Importing survey responses from files: the one service behind
// `beleving import responses` (and, later, the dashboard's import page).
//
//   read       CSV/TSV (delimited_reader.h) or XLSX (xlsx_reader.h)
//   recognise  the tool that wrote it and its columns (format.h)
//   map        saved mapping of this source, else detection (mapping.h),
//              then the caller's FIELD=COLUMN overrides
//   convert    each row to a capture::ResponseInput; a row with a bad value
//              is skipped with a Problem naming its line and column, never
//              half stored; a row without any answer is skipped too, unless
//              it is a survey tool's dated submission (an empty form that was
//              sent is a response with every answer blank)
//   write      through capture::Ingest (the API's own path: key resolution,
//              one atomic durable write per batch, dedupe on external_id,
//              the sinks), in batches; or, for a dry run, nothing at all
//
// Idempotent: each row's external id is the tool's response id (prefixed by
// the tool: "qualtrics:R_1x..."), a mapped external_id column ("import:..."),
// or else a hash of the row's non-empty cells with their headers
// ("import:h:...", and ":2", ":3" for the second and third identical row),
// so importing the same file twice adds nothing. Imported
// responses carry their source (import_source_id) and are history
// (capture/history.h): they feed every analysis but open no case.
//
// Times without a zone are the organisation's local time (Typeform's "UTC"
// columns excepted). Blank cells are "not answered", never zero.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/import/format.h"
#include "capture/import/mapping.h"
#include "capture/import/table.h"
#include "capture/ingest.h"
#include "capture/moment.h"
#include "core/clock.h"
#include "core/timezone.h"
#include "security/principal.h"
#include "store/sql.h"

namespace beleving::capture::import {

struct ImportOptions {
  std::optional<Format> format;  // nullopt: recognise
  std::vector<std::string> map;  // "FIELD=COLUMN" overrides, in order
  bool dry_run = false;
  std::string file_name;  // for the source record
  size_t batch_size = 2000;
};

// A row that was skipped, and why; column 0 when it is about the whole row.
struct Problem {
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;
};

struct ImportReport {
  Layout layout;
  std::string encoding, shape;  // how the file was read (Table)
  Mapping mapping;
  std::vector<std::string> mapping_notes;            // why each field was mapped
  bool saved_mapping = false;                        // the source's saved mapping was used
  std::vector<size_t> answer_columns;                // kept as answers (0-based)
  size_t rows = 0;                                   // data rows read
  size_t imported = 0, duplicates = 0, skipped = 0;  // a dry run: what would happen
  std::array<int64_t, 12> nps{};                     // rows to import by NPS 0..10; [11]: blank
  std::vector<Problem> problems;  // every skipped row's first problem, in file order
};

// Progress of the write: rows handled so far of `total`.
using ImportProgress = std::function<void(size_t done, size_t total)>;

// Reads `bytes` into a Table by content: a zip is an XLSX workbook, anything
// else delimited text. `format` csv or xlsx must match the content.
Result<Table> ReadTable(std::string_view bytes, std::optional<Format> format, bool* xlsx);

// Turns rows into responses for one layout and mapping (pure; exposed for
// tests). `zone` reads local times, `now` stands in for a missing date.
class RowReader {
 public:
  RowReader(const Layout& layout, const Mapping& mapping, const Table& table, TimeZone zone,
            UnixSeconds now);
  // The answer columns: not mapped to a field and not the tool's metadata.
  const std::vector<size_t>& answer_columns() const { return answer_columns_; }
  // The response of `record`, or the reason it is skipped (problem.column 0:
  // the row has no answer at all; a survey tool's row with its date is
  // imported all the same, with every answer blank).
  Result<ResponseInput> Read(const Record& record, Problem* problem) const;

 private:
  const Layout& layout_;
  const Mapping& mapping_;
  TimeZone zone_;
  UnixSeconds now_;
  DateOrder date_order_ = DateOrder::kDayFirst;
  std::vector<size_t> answer_columns_;
};

class ResponseImporter {
 public:
  ResponseImporter(store::Database& db, Ingest& ingest, const Clock& clock)
      : db_(db), ingest_(ingest), clock_(clock) {}

  // Imports (or, with dry_run, only checks) `bytes` into the organisation of
  // `t`. Fails only when the file cannot be read or the mapping is unusable
  // (InvalidArgument: a usage error) or on storage errors; bad rows are
  // reported in the result.
  Result<ImportReport> Run(const store::TenantScope& t, std::string_view bytes,
                           const ImportOptions& options, const ImportProgress& progress = {});

 private:
  store::Database& db_;
  Ingest& ingest_;
  const Clock& clock_;
};

}  // namespace beleving::capture::import
