// Files compiled into the binary from resources/ (lexicons, theme lists,
// web assets, SQL migrations), so `beleving` is one self-contained file.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace beleving::resources {

struct Entry {
  std::string_view path;  // relative to resources/, e.g. "text/sentiment_nl.tsv"
  std::string_view data;
};

// Every embedded file, sorted by path.
const std::vector<Entry>& All();

// The contents of one embedded file, or nullopt when there is none.
std::optional<std::string_view> Find(std::string_view path);

}  // namespace beleving::resources
