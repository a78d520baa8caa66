// The cells of an imported file as its readers hand them on: records of
// text cells, each cell with the line (CSV, TSV) or row (XLSX) where it
// starts, so every problem found later can be named "file:LINE:COLUMN".
// COLUMN is always the 1-based field number (the spreadsheet column: C = 3),
// the same for every format.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace beleving::capture::import {

struct Cell {
  std::string text;   // UTF-8; CSV quotes removed; XLSX values as text
  uint32_t line = 0;  // where the cell starts (1-based)
};

struct Record {
  uint32_t line = 0;  // where the record starts (1-based)
  std::vector<Cell> cells;
  // The text of cell `i` (1-based column i+1), "" past the end.
  const std::string& text(size_t i) const {
    static const std::string kEmpty;
    return i < cells.size() ? cells[i].text : kEmpty;
  }
  // The line of cell `i`, or the record's line past the end.
  uint32_t line_of(size_t i) const { return i < cells.size() ? cells[i].line : line; }
};

struct Table {
  std::vector<Record> records;  // blank lines and empty spreadsheet rows left out
  // How the bytes were read, for people: "UTF-8", "Windows-1252", "UTF-16LE",
  // and the separator ("," ";" "TAB") or the sheet ("sheet 'Sheet1'").
  std::string encoding;
  std::string shape;
};

}  // namespace beleving::capture::import
