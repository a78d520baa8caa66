// The request schema of customer attributes (capture/attributes.h), shared
// by ingest items and the customer routes: a map of at most
// kMaxAttributeKeys keys [a-z0-9_]{1,32} to text of 1..200 bytes, or null to
// remove the key.
#pragma once

#include "api/schema.h"
#include "capture/attributes.h"

namespace beleving::api {

inline Schema AttributesSchema() {
  return Schema::Map(Schema::String(1, store::kMaxAttributeValueBytes).Nullable(),
                     "^[a-z0-9_]{1,32}$", static_cast<size_t>(store::kMaxAttributeKeys))
      .Describe(
          "Customer attributes: key -> text (null removes the key); at most 8 keys per "
          "customer, at most 1,000 values per key")
      .Example(json::object{{"segment", "zakelijk"}});
}

}  // namespace beleving::api
