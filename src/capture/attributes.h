// Customer attributes as a service: set them (they apply to the responses
// stored from then on) and, on request, apply them to history, rewriting the
// snapshots of earlier responses (store/attribute_store.h) and refreshing
// the insight engine's partition of the organisation, so that every measure
// and analysis slices the history by the new values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "engine/engine.h"
#include "store/attribute_store.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::capture {

struct AttributeUpdate {
  int64_t customer_id = 0;
  store::AttributeChanges changes;  // key -> value, nullopt removes
  bool apply_to_history = false;    // also rewrite the customer's earlier responses
};

// Sets a customer's attributes in one durable write. Errors as
// AttributeStore::SetCustomerAttributes (fields under "/attributes");
// nothing changes on error. Returns the number of earlier responses
// rewritten (0 unless apply_to_history).
Result<int64_t> UpdateCustomerAttributes(store::Database& db, engine::Engine& engine,
                                         const Clock& clock, const store::TenantScope& t,
                                         const AttributeUpdate& update);

// Applies the current attributes of one customer (or, nullopt, of every
// customer of the organisation) to their earlier responses and rebuilds the
// engine's partition of the organisation from the database: a query sees
// the old or the new snapshots, never a mix. Returns the number of
// responses rewritten.
Result<int64_t> ApplyAttributesToHistory(store::Database& db, engine::Engine& engine,
                                         const store::TenantScope& t,
                                         std::optional<int64_t> customer_id);

// Query side: turns the names a person uses into the engine's. Replaces
// every "customer.KEY" in `group_by` by the key's slot ("attribute_N"); a
// KEY the organisation never used is InvalidArgument naming
// "/group_by/N".
Status ResolveCustomerGroupBy(const store::AttributeDictionary& dict,
                              std::vector<std::string>* group_by);
// Adds the filter customer.KEY=VALUES to `f`: values never used match
// nothing, and a KEY never used matches only when "" (no value) is asked
// for. `field` names the parameter in errors (an invalid KEY).
Status AddCustomerFilter(const store::AttributeDictionary& dict, std::string_view key,
                         const std::vector<std::string>& values, const std::string& field,
                         engine::Filter* f);

}  // namespace beleving::capture
