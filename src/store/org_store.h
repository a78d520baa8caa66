// Organisations: the tenants. Everything else hangs off an org id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct Org {
  int64_t id = 0;
  std::string slug;
  std::string name;
  std::string time_zone = "Europe/Amsterdam";
  std::string language = "nl";
  UnixSeconds created_at = 0;
};

class OrgStore {
 public:
  // Fails with AlreadyExists when the slug is taken.
  static Result<Org> Create(SqlConn& c, const std::string& slug, const std::string& name,
                            const std::string& time_zone, UnixSeconds now);
  static Result<std::optional<Org>> BySlug(SqlConn& c, const std::string& slug);
  static Result<std::optional<Org>> ById(SqlConn& c, int64_t id);
  static Result<std::vector<Org>> All(SqlConn& c, const SystemScope& all);
};

// Slugs: 2..63 of [a-z0-9-], starting with a letter or digit.
bool IsValidSlug(std::string_view slug);
// The same rule as an ECMAScript pattern, for the request schemas.
inline constexpr const char* kSlugPattern = "^[a-z0-9][a-z0-9-]{1,62}$";
// Keys of hierarchy items, customers, touchpoints, external ids: 1..200
// printable bytes, no control characters.
bool IsValidKey(std::string_view key);
// The same rule as an ECMAScript pattern, for the request schemas (with a
// length of 1..200).
inline constexpr const char* kKeyPattern = "^[^\\x00-\\x1f\\x7f]+$";

}  // namespace beleving::store
