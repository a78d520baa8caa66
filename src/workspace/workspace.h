// Setting up an organisation's workspace: the organisation with its default
// NPS survey. Creating one is an operator's act (the CLI, the demo builder):
// Organisations::Create is the one service function for it, audited as
// "create org:ID" with the operator as actor. Users and API keys of an
// organisation are security::AccessService's (security/access_service.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "security/access_service.h"
#include "security/principal.h"
#include "store/org_store.h"
#include "store/sql.h"

namespace beleving::workspace {

inline constexpr size_t kMaxOrgNameBytes = 200;
// What a slug is, as a request-schema pattern (store::IsValidSlug).
using store::kSlugPattern;

struct NewOrganisation {
  std::string slug;                            // 2..63 of a-z, 0-9, - (store::IsValidSlug)
  std::string name;                            // 1..kMaxOrgNameBytes
  std::string time_zone = "Europe/Amsterdam";  // an IANA zone this machine knows
};

// The building block inside a Database::Write: the organisation and its
// default "nps" survey, without audit entry. AlreadyExists ("/slug") when the
// slug is taken.
Result<store::Org> CreateOrg(store::SqlConn& c, const std::string& slug, const std::string& name,
                             const std::string& time_zone, UnixSeconds now);

class Organisations {
 public:
  Organisations(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // Validates (slug, name, time zone), creates the organisation with its
  // default survey and the audit entry in one write. Only an operator
  // (Principal::Kind::kOperator) creates organisations: PermissionDenied
  // otherwise.
  Result<store::Org> Create(const security::Principal& who, const NewOrganisation& o);
  // The organisation with `slug`; NotFound otherwise (for operators naming
  // one on the command line).
  Result<store::Org> BySlug(const std::string& slug);

 private:
  store::Database& db_;
  const Clock& clock_;
};

// Users moved to security/access_service.h; these names stay for callers
// that set up workspaces inside their own write (tests, older branches).
using NewUser = security::NewUser;
using security::ValidateNewUser;
inline Result<int64_t> AddUser(store::SqlConn& c, const store::Org& org, const NewUser& u,
                               const std::string& password_hash, UnixSeconds now) {
  return security::AddUser(c, org.id, u, password_hash, now);
}

}  // namespace beleving::workspace
