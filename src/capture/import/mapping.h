// Which column of an import holds which field: detected where the format or
// the wording says so, given on the command line (--map FIELD=COLUMN), or
// saved from the last import of the same source.
//
// Detection, for every field the format does not fix already:
//   nps      wording "how likely ... recommend", "hoe waarschijnlijk ...
//            aanbevelen/aanbeveelt/aanraden", "probable ... recomiendes /
//            recommanderiez", "wahrscheinlich ... empfehlen", "NPS", and only
//            when (at least 95% of) the column's answers are whole numbers
//            0-10; the others are then reported as bad rows
//   csat     "satisf", "tevreden", "CSAT" with answers 1-5
//   ces      "easy", "effort", "makkelijk", "gemakkelijk", "moeite", "CES"
//            with answers 1-7
//   submitted_at  a header with "date", "datum", "timestamp", "submitted",
//            "created", "ingevuld", "received", "ontvangen" (or "Time",
//            "Wanneer") whose values read as dates
//   comment, customer, touchpoint, team, employee, language, external_id:
//            a header that names them (English or Dutch), e.g. "Comment",
//            "Opmerking", "Klant", "Medewerker", "Response ID"
// Scores and dates: at least 95% of the column's non-blank cells.
// The first matching column wins; others stay answers.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/import/format.h"
#include "capture/import/table.h"
#include "core/status.h"

namespace beleving::capture::import {

struct Mapping {
  std::array<std::optional<size_t>, kFieldCount> columns;  // 0-based column per field
  std::optional<size_t>& operator[](Field f) { return columns[static_cast<size_t>(f)]; }
  const std::optional<size_t>& operator[](Field f) const { return columns[static_cast<size_t>(f)]; }
  // The field a column is mapped to, if any.
  std::optional<Field> FieldOf(size_t column) const;
};

// The detected mapping; `notes` gets one line per detected field saying why.
Mapping DetectMapping(const Layout& layout, const Table& table, std::vector<std::string>* notes);

// A column given as a 1-based number or a header's full text (any header
// row; exact, else ignoring case). InvalidArgument when there is no such
// column or the text names more than one.
Result<size_t> ResolveColumn(const Layout& layout, std::string_view spec);

// Applies "FIELD=COLUMN" overrides in order ("FIELD=" unmaps the field); a
// column given to a field is taken from any other field it had. An unknown
// field or column is an InvalidArgument.
Status ApplyOverrides(const Layout& layout, const std::vector<std::string>& specs,
                      Mapping* mapping);

// The mapping as stored per source: {"nps": 27, ...} (1-based columns).
std::string MappingToJson(const Mapping& m);
Result<Mapping> MappingFromJson(std::string_view json, size_t columns);

}  // namespace beleving::capture::import
