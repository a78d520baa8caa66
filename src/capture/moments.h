// Reading the captured moments back: interactions and responses of the
// caller's scope (a manager's teams and locations, an employee's own
// feedback: store/tenant_scope.h), page by page, with dimensions named by
// their keys. Writing them is capture::Ingest's (capture/ingest.h).
//
// Rules: the caller must be able to read (Principal::CanRead); a filter key
// that names no item matches nothing (an empty page, not an error); an id
// outside the scope looks missing (NotFound).
//
// Thread safety: stateless over a thread-safe Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "security/principal.h"
#include "store/moment_store.h"
#include "store/sql.h"

namespace beleving::capture {

// A stored response with its dimensions' keys resolved (the *_key fields).
using ResponseView = store::ResponseRecord;

struct InteractionView {
  int64_t id = 0;
  std::string external_id;
  UnixSeconds occurred_at = 0;
  // Keys of the dimensions; empty when none.
  std::string customer, touchpoint, location, team, employee;
  std::optional<std::string> channel;
};

struct ResponseQuery {
  std::optional<UnixSeconds> from, to;  // submitted_at in [from, to)
  // Dimension keys to match exactly.
  std::optional<std::string> customer, touchpoint, employee, team, location;
  int64_t after = 0;  // the cursor: ids above this one
  int limit = 100;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<int64_t> next_after;  // set when there is more
};

class Moments {
 public:
  explicit Moments(store::Database& db) : db_(db) {}

  Result<Page<ResponseView>> Responses(const security::Principal& who, const ResponseQuery& q);
  Result<ResponseView> Response(const security::Principal& who, int64_t id);
  Result<Page<InteractionView>> Interactions(const security::Principal& who, int64_t after,
                                             int limit);
  Result<InteractionView> Interaction(const security::Principal& who, int64_t id);

 private:
  store::Database& db_;
};

}  // namespace beleving::capture
