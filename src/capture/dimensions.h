// The keyed dimensions of an organisation (locations, teams, employees,
// customers, touchpoints) as a service: list, read, create, update, delete,
// with every rule in one place for the API (api/dimension_routes.cc) and
// whoever else changes them. The fields of each kind come from its
// store::DimensionSpec; references are given and shown by key.
//
// Rules
// - Reading a dimension needs a caller who may read (Principal::CanRead);
//   customers are personal data: only callers who manage (CanManage) read
//   them, and each read is audited ("list customers", "read customer:ID").
// - Writes need CanManage. Each create, update and delete is one
//   transaction with its audit entry ("create team:ID", "update ...",
//   "delete ..."), with the caller's actor. A customer's attributes are
//   set in the same transaction as the item (errors under "/attributes";
//   other kinds refuse them).
// - A key is 1..200 printable bytes, unique in the organisation (Conflict
//   when taken); the name defaults to the key. Text fields hold at most their
//   spec's max_len bytes; e-mail and phone fields must look like one; enums
//   one of their values; a reference the key of an existing item (else
//   InvalidArgument naming the field, "/team").
// - Delete fails with Conflict while other data refers to the item.
//
// Thread safety: stateless over a thread-safe Database.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "engine/engine.h"
#include "security/principal.h"
#include "store/attribute_store.h"
#include "store/counter_store.h"
#include "store/dimension_store.h"
#include "store/org_store.h"
#include "store/sql.h"

namespace beleving::capture {

// What the e-mail and phone fields accept, for the request schemas.
inline constexpr const char* kEmailPattern = "^[^@ ]+@[^@ ]*\\.[^@ ]*$";
inline constexpr const char* kPhonePattern = "^[-+0-9 ()]*$";
// What a key is: 1..200 bytes without control characters (store::IsValidKey).
using store::kKeyPattern;

inline constexpr size_t kMaxCustomerSearch = 200;
inline constexpr int kCustomerSearchLimit = 20;

// A field value as given: clear it (null), a boolean, or text (also the key
// of a reference).
using FieldInput = std::variant<std::monostate, bool, std::string>;

struct DimensionInput {
  std::optional<std::string> key;            // create: required; update: not allowed
  std::optional<std::string> name;           // create: defaults to the key
  std::map<std::string, FieldInput> fields;  // by the spec's field name
  // Customers only (capture/attributes.h): attribute changes (key -> value,
  // nullopt removes), written in the same transaction as the item, and on
  // update whether they also apply to the customer's earlier responses.
  store::AttributeChanges attributes;
  bool apply_to_history = false;
};

// A stored item as a person or client sees it: references as keys, fields in
// the spec's order (monostate: empty).
struct DimensionView {
  int64_t id = 0;
  std::string key, name;
  std::vector<std::pair<std::string, FieldInput>> fields;
  UnixSeconds created_at = 0;
};

struct DimensionPageView {
  std::vector<DimensionView> items;
  std::optional<int64_t> next_after;  // the cursor's last id, when there is more
};

class Dimensions {
 public:
  // `engine`: refreshed when an update applies attributes to history.
  Dimensions(store::Database& db, engine::Engine& engine, const Clock& clock)
      : db_(db), engine_(engine), clock_(clock) {}

  // Ids ascending after `after`, at most `limit`; `key` narrows to one key.
  Result<DimensionPageView> List(const security::Principal& who, const store::DimensionSpec& spec,
                                 int64_t after, int limit, const std::optional<std::string>& key);
  // NotFound ("no such team") outside the caller's organisation.
  Result<DimensionView> Get(const security::Principal& who, const store::DimensionSpec& spec,
                            int64_t id);
  Result<DimensionView> Create(const security::Principal& who, const store::DimensionSpec& spec,
                               const DimensionInput& in);
  // Sets the given fields (monostate clears one); `in.key` must be empty.
  Result<DimensionView> Update(const security::Principal& who, const store::DimensionSpec& spec,
                               int64_t id, const DimensionInput& in);
  Status Delete(const security::Principal& who, const store::DimensionSpec& spec, int64_t id);

  // --- finding a customer at the counter (customer_search.cc, issue 16)
  // Any signed-in person of the organisation (employees work the counter),
  // the operator, or an admin-scoped API key; each search is audited
  // ("search customers"). Customers whose name, e-mail or phone contains
  // `text` (1..kMaxCustomerSearch bytes after trimming, else
  // InvalidArgument naming /query/q), at most kCustomerSearchLimit, by name;
  // erased customers are never found, other organisations' never.
  Result<std::vector<store::CustomerHit>> SearchCustomers(const security::Principal& who,
                                                          const std::string& text);
  // One customer by key (NotFound otherwise); audited as
  // "read customer:ID". Same callers as SearchCustomers.
  Result<store::CustomerHit> CounterCustomer(const security::Principal& who,
                                             const std::string& key);
  // The caller's employee in the organisation (sessions with an employee
  // link; nullopt otherwise), for promises made at the counter.
  Result<std::optional<store::StaffLink>> StaffLinkOf(const security::Principal& who);
  // The interactions with a customer logged today (since `since`) by the
  // caller's employee or at its team's location, newest first, at most
  // `limit`; a caller without an employee link sees those of its scope.
  Result<std::vector<store::RecentInteraction>> JustLogged(const security::Principal& who,
                                                           UnixSeconds since, int limit);

 private:
  store::Database& db_;
  engine::Engine& engine_;
  const Clock& clock_;
};

}  // namespace beleving::capture
