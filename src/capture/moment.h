// The captured moments of truth and the feedback on them, as they arrive
// from an integration: interactions (customer x touchpoint x channel x
// employee x time) and responses (answers, linked to the same dimensions).
// Dimensions are named by the integration's own keys.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "store/attribute_store.h"

namespace beleving::capture {

inline constexpr int kDriverCount = 8;
// The driver ratings (1-5) the engine tracks, in column order.
extern const std::array<const char*, kDriverCount> kDriverNames;
// The channels of a touchpoint or interaction.
extern const std::vector<std::string_view> kChannels;

struct DimensionKeys {
  std::optional<std::string> customer, touchpoint, location, team, employee;
  std::optional<std::string> channel;
  // "attributes": {"segment": "zakelijk", "tier": null}: the customer's
  // attributes to set (null removes one) before the item is stored; limits
  // in store/attribute_store.h. Needs a customer (for a response, its own or
  // its interaction's).
  store::AttributeChanges attributes;
};

struct InteractionInput {
  std::string external_id;
  UnixSeconds occurred_at = 0;
  DimensionKeys keys;
  // "outcome": "bought" and "value": 125.50 (store/outcome_store.h); the
  // value in hundredths, and only with an outcome.
  std::optional<std::string> outcome;
  std::optional<int64_t> value_cents;
};

struct Answers {
  std::optional<int> nps, csat, ces;
  std::array<std::optional<int>, kDriverCount> drivers;
  std::optional<std::string> comment;
  json::object other;  // survey-specific answers (text, choice), validated against the survey
};

struct ResponseInput {
  std::string external_id;
  UnixSeconds submitted_at = 0;
  DimensionKeys keys;
  std::optional<std::string> survey;       // survey key
  std::optional<int64_t> interaction_id;   // stored interaction id
  std::optional<std::string> interaction;  // or its external id
  Answers answers;
  // Set by file imports (capture/import/), never from JSON: the response is
  // history (capture/history.h) and belongs to this import source.
  std::optional<int64_t> import_source_id;
};

// Limits of one request.
inline constexpr size_t kMaxBatch = 10000;
inline constexpr size_t kMaxCommentBytes = 10000;

// Decode `{"responses": [...]}` or one response object. Every error names
// its field as a JSON pointer; nothing is partially accepted.
Result<std::vector<ResponseInput>> DecodeResponses(const json::value& doc);
Result<std::vector<InteractionInput>> DecodeInteractions(const json::value& doc);

}  // namespace beleving::capture
