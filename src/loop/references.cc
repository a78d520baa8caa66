#include "loop/references.h"

#include "store/dimension_store.h"

namespace beleving::loop {

Result<std::optional<DimRef>> DimRefs::Get(const char* resource, const std::optional<int64_t>& id) {
  if (!id) return std::optional<DimRef>();
  auto key = std::make_pair(std::string(resource), *id);
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  const store::DimensionSpec* spec = store::FindDimension(resource);
  if (!spec) return Internal(std::string("unknown dimension ") + resource);
  ASSIGN_OR_RETURN(auto item, store::DimensionStore::Get(c_, t_, *spec, *id));
  std::optional<DimRef> ref;
  if (item) ref = DimRef{item->id, item->key, item->name};
  cache_.emplace(std::move(key), ref);
  return ref;
}

Result<std::optional<int64_t>> ResolveKey(store::SqlConn& c, const store::TenantScope& t,
                                          const char* resource,
                                          const std::optional<std::string>& key,
                                          const std::string& field) {
  if (!key) return std::optional<int64_t>();
  const store::DimensionSpec* spec = store::FindDimension(resource);
  if (!spec) return Internal(std::string("unknown dimension ") + resource);
  ASSIGN_OR_RETURN(auto id, store::DimensionStore::IdByKey(c, t, *spec, *key));
  if (!id) return InvalidArgument("no such " + spec->singular + " key: " + *key, field);
  return id;
}

}  // namespace beleving::loop
