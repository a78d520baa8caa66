// Customer attributes as a service: set them (they apply to the responses
// stored from then on) and, on request, apply them to history, rewriting the
// snapshots of earlier responses (store/attribute_store.h) and refreshing
// the insight engine's partition of the organisation, so that every measure
// and analysis slices the history by the new values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "engine/engine.h"
#include "security/principal.h"
#include "store/attribute_store.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::capture {

struct AttributeUpdate {
  int64_t customer_id = 0;
  store::AttributeChanges changes;  // key -> value, nullopt removes
  bool apply_to_history = false;    // also rewrite the customer's earlier responses
};

// Runs `change` (which returns the number of earlier responses it rewrote)
// in one durable write; when it rewrote any, reads the organisation's
// responses in the same transaction and swaps them into the engine right
// after the commit: a query sees the old or the new snapshots, never a mix.
// For the services that change attributes inside their own write (this
// file's CustomerAttributes, capture::Dimensions for a customer's create and
// update).
Result<int64_t> WriteAndRefresh(store::Database& db, engine::Engine& engine,
                                const store::TenantScope& t,
                                const std::function<Result<int64_t>(store::SqlConn&)>& change);

// Inside a write: sets `u.changes` on the customer (errors as
// AttributeStore::SetCustomerAttributes, fields under "/attributes") and,
// when asked, applies them to the customer's earlier responses. Returns the
// number of responses rewritten. No audit: the caller writes it.
Result<int64_t> ChangeAttributes(store::SqlConn& c, const store::TenantScope& t,
                                 const AttributeUpdate& u, UnixSeconds now);

// Customer attributes as a service, for callers who manage
// (Principal::CanManage, else PermissionDenied). Each write is one
// transaction with its audit entry, with the caller's actor.
//
// Thread safety: stateless over a thread-safe Database and Engine.
class CustomerAttributes {
 public:
  CustomerAttributes(store::Database& db, engine::Engine& engine, const Clock& clock)
      : db_(db), engine_(engine), clock_(clock) {}

  // Sets one customer's attributes (audit "update customer:ID"); nothing
  // changes on error. Returns the number of earlier responses rewritten (0
  // unless apply_to_history).
  Result<int64_t> Update(const security::Principal& who, const AttributeUpdate& update);

  // Applies the current attributes of one customer (or, nullopt, of every
  // customer in the caller's organisation) to their earlier responses and
  // refreshes the engine's partition (audit "apply_attributes customer:ID"
  // or "apply_attributes customers"). Returns the number of responses
  // rewritten.
  Result<int64_t> ApplyToHistory(const security::Principal& who,
                                 std::optional<int64_t> customer_id);

 private:
  store::Database& db_;
  engine::Engine& engine_;
  const Clock& clock_;
};

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
