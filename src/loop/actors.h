// Who did something, as a person reads it. The loop records actors as
// strings ("user:7", "apikey:3", "cli:anna", "system", "customer",
// "form"); a page shows "Anna de Vries", "anna (beheer)", "systeem".
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::loop {

struct Actor {
  enum class Kind {
    kUser,      // name: the user's name
    kApiKey,    // name: the key's name
    kOperator,  // name: the operator at the CLI
    kSystem,    // the loop itself (timers, the tick)
    kCustomer,  // the customer (the satisfaction follow-up)
    kForm,      // the public complaint form
    kUnknown,   // name: the recorded string
  };
  Kind kind = Kind::kUnknown;
  std::string name;
};

// The users and API keys of one organisation, loaded once.
class ActorNames {
 public:
  static Result<ActorNames> Load(store::SqlConn& c, const store::TenantScope& t);
  Actor Of(const std::string& actor) const;

 private:
  std::map<int64_t, std::string> users_, keys_;
};

}  // namespace beleving::loop
