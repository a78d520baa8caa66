// Finding a customer at the counter (capture/dimensions.h): search by name,
// e-mail or phone, one customer by key, and the interactions just logged.
#include "capture/dimensions.h"
#include "store/access_store.h"

namespace beleving::capture {
namespace {

// Staff at the counter: every signed-in person (their organisation's
// customers), the operator, and API keys that may manage.
Status MaySearch(const security::Principal& who) {
  if (who.kind == security::Principal::Kind::kApiKey && !who.CanManage()) {
    return PermissionDenied("an API key needs the admin scope to read customers");
  }
  return Status::Ok();
}

std::string Trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

Result<std::vector<store::CustomerHit>> Dimensions::SearchCustomers(const security::Principal& who,
                                                                    const std::string& text) {
  RETURN_IF_ERROR(MaySearch(who));
  const std::string q = Trimmed(text);
  if (q.empty() || q.size() > kMaxCustomerSearch) {
    return InvalidArgument("q has 1 to 200 characters", "/query/q");
  }
  std::vector<store::CustomerHit> out;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(out,
                     store::CounterStore::SearchCustomers(c, who.tenant, q, kCustomerSearchLimit));
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "search", "customers",
                                     now);
  }));
  return out;
}

Result<store::CustomerHit> Dimensions::CounterCustomer(const security::Principal& who,
                                                       const std::string& key) {
  RETURN_IF_ERROR(MaySearch(who));
  std::optional<store::CustomerHit> out;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(out, store::CounterStore::CustomerByKey(c, who.tenant, key));
    if (!out) return NotFound("no such customer");
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "read",
                                     "customer:" + std::to_string(out->id), now);
  }));
  return *out;
}

Result<std::optional<store::StaffLink>> Dimensions::StaffLinkOf(const security::Principal& who) {
  std::optional<store::StaffLink> out;
  if (who.kind != security::Principal::Kind::kSession) return out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(out, store::CounterStore::LinkOf(c, who.tenant, who.user_id));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<store::RecentInteraction>> Dimensions::JustLogged(const security::Principal& who,
                                                                     UnixSeconds since, int limit) {
  RETURN_IF_ERROR(MaySearch(who));
  std::vector<store::RecentInteraction> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    std::optional<store::StaffLink> link;
    if (who.kind == security::Principal::Kind::kSession) {
      ASSIGN_OR_RETURN(link, store::CounterStore::LinkOf(c, who.tenant, who.user_id));
    }
    ASSIGN_OR_RETURN(out,
                     store::CounterStore::RecentInteractions(c, who.tenant, link, since, limit));
    return Status::Ok();
  }));
  return out;
}

}  // namespace beleving::capture
