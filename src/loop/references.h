// The loop's references to an organisation's dimensions (customers, teams,
// locations, employees) as callers know them: by key in requests, by key
// and name in answers. Services resolve them here; answers carry DimRefs,
// so an adapter never turns an id into a key or a name itself.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "core/status.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::loop {

// One dimension item: its id, its key (API) and its name (people).
struct DimRef {
  int64_t id = 0;
  std::string key, name;
};

// Resolves ids of one organisation, each at most once per instance. Use it
// inside one Read or Write (it keeps the connection).
class DimRefs {
 public:
  DimRefs(store::SqlConn& c, const store::TenantScope& t) : c_(c), t_(t) {}
  // nullopt for no id or an id the organisation does not have.
  Result<std::optional<DimRef>> Get(const char* resource, const std::optional<int64_t>& id);

 private:
  store::SqlConn& c_;
  const store::TenantScope& t_;
  std::map<std::pair<std::string, int64_t>, std::optional<DimRef>> cache_;
};

// The id of `key` in `resource` ("teams"); nullopt for no key;
// InvalidArgument naming `field` ("/team") when the organisation has no
// item with that key.
Result<std::optional<int64_t>> ResolveKey(store::SqlConn& c, const store::TenantScope& t,
                                          const char* resource,
                                          const std::optional<std::string>& key,
                                          const std::string& field);

}  // namespace beleving::loop
