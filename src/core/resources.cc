#include "core/resources.h"

#include <algorithm>

namespace beleving::resources {

std::optional<std::string_view> Find(std::string_view path) {
  const auto& all = All();
  auto it = std::lower_bound(all.begin(), all.end(), path,
                             [](const Entry& e, std::string_view p) { return e.path < p; });
  if (it == all.end() || it->path != path) return std::nullopt;
  return it->data;
}

}  // namespace beleving::resources
