// Storage behind the counter page (loop/counter.h, issue 16): finding a
// customer by name, e-mail or phone, the staff member's employee link, and
// the interactions just logged by them or at their location.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct CustomerHit {
  int64_t id = 0;
  std::string key;
  std::optional<std::string> name, email, phone, language;
};

// A user's employee in one organisation, with the location of its team.
struct StaffLink {
  int64_t employee_id = 0;
  std::string employee_key;
  std::optional<std::string> team_key;
  std::optional<int64_t> location_id;
};

// An interaction with a customer, as the counter lists it.
struct RecentInteraction {
  int64_t id = 0;
  UnixSeconds occurred_at = 0;
  CustomerHit customer;
  std::optional<std::string> touchpoint, channel;  // the touchpoint's name
};

class CounterStore {
 public:
  // Customers of the scope's organisation (not erased) whose name, e-mail or
  // phone contains `text` (case-insensitive; % and _ match themselves),
  // by name, at most `limit`.
  static Result<std::vector<CustomerHit>> SearchCustomers(SqlConn& c, const TenantScope& t,
                                                          const std::string& text, int limit);
  // The customer with this key (not erased).
  static Result<std::optional<CustomerHit>> CustomerByKey(SqlConn& c, const TenantScope& t,
                                                          const std::string& key);
  static Result<std::optional<StaffLink>> LinkOf(SqlConn& c, const TenantScope& t, int64_t user_id);
  // Interactions with a customer at or after `since`, newest first: those of
  // `link`'s employee or at its location; without a link, those the scope
  // sees.
  static Result<std::vector<RecentInteraction>> RecentInteractions(
      SqlConn& c, const TenantScope& t, const std::optional<StaffLink>& link, UnixSeconds since,
      int limit);
};

}  // namespace beleving::store
