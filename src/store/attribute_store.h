// Customer attributes: a small map of key to text value per customer
// ("segment" -> "zakelijk"), dictionary-encoded so that the engine can slice
// by them like by a team (engine/response_facts.h).
//
// Limits, per organisation:
//  - at most kMaxAttributeKeys (8) keys, each matching [a-z0-9_]{1,32}. The
//    first use of a key gives it the lowest free slot 0..7, for good: the
//    engine column of that slot holds this key's codes.
//  - values are text of 1..kMaxAttributeValueBytes (200) bytes without
//    control characters; per key at most kMaxAttributeValues (1000)
//    distinct values, coded 1, 2, ... in order of first use (0 = no value).
//
// Snapshot: every response stores the codes of its customer's attributes as
// they were when it was stored (ResponseRecord::attributes), so a change of
// attributes applies to later responses only, unless ApplyToHistory rewrites
// the snapshots of earlier ones on request.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

inline constexpr int kMaxAttributeKeys = 8;
inline constexpr size_t kMaxAttributeKeyBytes = 32;
inline constexpr size_t kMaxAttributeValueBytes = 200;
inline constexpr int kMaxAttributeValues = 1000;

// Codes per slot (0 = no value).
using AttributeCodes = std::array<int, kMaxAttributeKeys>;
// Key -> value to set, or nullopt to remove the customer's value.
using AttributeChanges = std::map<std::string, std::optional<std::string>>;

// [a-z0-9_]{1,32}.
bool IsValidAttributeKey(std::string_view key);
// Checks keys and values against the limits that need no database (key
// pattern, value length and characters, at most 8 keys in one change).
// Errors are InvalidArgument naming `pointer` + "/" + key.
Status ValidateAttributeChanges(const AttributeChanges& changes, const std::string& pointer);

// One organisation's dictionary: which key holds which slot, which value
// which code. Used to turn "customer.segment" into an engine slot and
// "zakelijk" into a code, and codes back into values for display.
struct AttributeDictionary {
  struct Key {
    std::string key;
    int slot = 0;
    std::map<int, std::string> values;  // by code
  };
  std::vector<Key> keys;  // by slot

  // The slot of `key`, or nullopt when the organisation never used it.
  std::optional<int> SlotOf(std::string_view key) const;
  // The code of `value` in `slot`, or nullopt when never used.
  std::optional<int> CodeOf(int slot, std::string_view value) const;
  // The value of a code ("" for 0 and for unknown codes).
  std::string ValueOf(int slot, int code) const;
};

class AttributeStore {
 public:
  // Sets or removes attributes of a customer of this organisation, creating
  // keys and values in the dictionary on first use. Errors name `pointer` +
  // "/" + key: InvalidArgument for a bad key or value, for a ninth key and
  // for a key's 1001st value; NotFound when the customer is not in this org.
  static Status SetCustomerAttributes(SqlConn& c, const TenantScope& t, int64_t customer_id,
                                      const AttributeChanges& changes, UnixSeconds now,
                                      const std::string& pointer = "/attributes");
  // The customer's current attributes, key -> value.
  static Result<std::map<std::string, std::string>> CustomerAttributes(SqlConn& c,
                                                                       const TenantScope& t,
                                                                       int64_t customer_id);
  // The customer's current attributes as codes per slot: the snapshot a
  // response stored now carries.
  static Result<AttributeCodes> CustomerCodes(SqlConn& c, const TenantScope& t,
                                              int64_t customer_id);
  static Result<AttributeDictionary> Dictionary(SqlConn& c, const TenantScope& t);
  // Rewrites the snapshots of earlier responses with the current
  // attributes: of one customer, or (nullopt) of every customer of the
  // organisation. Returns the number of responses rewritten. The caller
  // refreshes the engine (capture/attributes.h does both).
  static Result<int64_t> ApplyToHistory(SqlConn& c, const TenantScope& t,
                                        std::optional<int64_t> customer_id);
  // Removes a customer's current attributes (erasure); snapshots stay, as
  // codes without the person.
  static Status ClearCustomer(SqlConn& c, const TenantScope& t, int64_t customer_id);
};

}  // namespace beleving::store
