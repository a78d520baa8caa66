#include "capture/attributes.h"

#include <algorithm>
#include <vector>

#include "capture/ingest.h"
#include "store/access_store.h"
#include "store/moment_store.h"

namespace beleving::capture {
Result<int64_t> WriteAndRefresh(store::Database& db, engine::Engine& engine,
                                const store::TenantScope& t,
                                const std::function<Result<int64_t>(store::SqlConn&)>& change) {
  int64_t rewritten = 0;
  std::vector<engine::ResponseFacts> facts;
  Status refreshed = Status::Ok();
  Status st = db.Write(
      [&](store::SqlConn& c) -> Status {
        facts.clear();
        ASSIGN_OR_RETURN(rewritten, change(c));
        if (rewritten == 0) return Status::Ok();
        return store::MomentStore::ScanOrgResponses(
            c, t, [&](const store::ResponseRecord& r) { facts.push_back(ToFacts(r)); });
      },
      [&] {
        if (rewritten == 0) return;
        // Responses the engine has not appended yet (committed by another
        // process) reach it through its catch-up, with their snapshot.
        const uint32_t last = engine.LastResponseId();
        while (!facts.empty() && facts.back().response_id > last) facts.pop_back();
        refreshed = engine.ReplaceOrg(static_cast<uint32_t>(t.org_id()), facts);
      });
  RETURN_IF_ERROR(st);
  RETURN_IF_ERROR(refreshed);
  return rewritten;
}

Result<int64_t> ChangeAttributes(store::SqlConn& c, const store::TenantScope& t,
                                 const AttributeUpdate& u, UnixSeconds now) {
  RETURN_IF_ERROR(
      store::AttributeStore::SetCustomerAttributes(c, t, u.customer_id, u.changes, now));
  if (!u.apply_to_history) return int64_t{0};
  return store::AttributeStore::ApplyToHistory(c, t, u.customer_id);
}

Result<int64_t> CustomerAttributes::Update(const security::Principal& who,
                                           const AttributeUpdate& update) {
  if (!who.CanManage()) return PermissionDenied("changing customers needs a manager or admin");
  const UnixSeconds now = clock_.Now();
  return WriteAndRefresh(db_, engine_, who.tenant, [&](store::SqlConn& c) -> Result<int64_t> {
    ASSIGN_OR_RETURN(int64_t n, ChangeAttributes(c, who.tenant, update, now));
    RETURN_IF_ERROR(store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "update",
                                              "customer:" + std::to_string(update.customer_id),
                                              now));
    return n;
  });
}

Result<int64_t> CustomerAttributes::ApplyToHistory(const security::Principal& who,
                                                   std::optional<int64_t> customer_id) {
  if (!who.CanManage()) return PermissionDenied("changing customers needs a manager or admin");
  const UnixSeconds now = clock_.Now();
  return WriteAndRefresh(db_, engine_, who.tenant, [&](store::SqlConn& c) -> Result<int64_t> {
    ASSIGN_OR_RETURN(int64_t n, store::AttributeStore::ApplyToHistory(c, who.tenant, customer_id));
    RETURN_IF_ERROR(store::AccessStore::Audit(
        c, who.tenant.org_id(), who.actor(), "apply_attributes",
        customer_id ? "customer:" + std::to_string(*customer_id) : std::string("customers"), now));
    return n;
  });
}

Status ResolveCustomerGroupBy(const store::AttributeDictionary& dict,
                              std::vector<std::string>* group_by) {
  constexpr std::string_view kCustomer = "customer.";
  for (size_t i = 0; i < group_by->size(); ++i) {
    std::string& name = (*group_by)[i];
    if (!name.starts_with(kCustomer)) continue;
    const auto slot = dict.SlotOf(std::string_view(name).substr(kCustomer.size()));
    if (!slot) {
      return InvalidArgument("no customer attribute '" + name.substr(kCustomer.size(), 32) + "'",
                             "/group_by/" + std::to_string(i));
    }
    name = std::string(engine::GroupKeyName(engine::AttributeKey(*slot)));
  }
  return Status::Ok();
}

Status AddCustomerFilter(const store::AttributeDictionary& dict, std::string_view key,
                         const std::vector<std::string>& values, const std::string& field,
                         engine::Filter* f) {
  if (!store::IsValidAttributeKey(key)) {
    return InvalidArgument("attribute keys are 1-32 of a-z, 0-9 and _", field);
  }
  const auto slot = dict.SlotOf(key);
  const bool wants_none = std::find(values.begin(), values.end(), std::string()) != values.end();
  if (!slot) {
    // Every response has no value for a key never used.
    if (!wants_none) f->attributes.push_back({0, {UINT32_MAX}});
    return Status::Ok();
  }
  engine::Filter::AttributeValues a;
  a.slot = *slot;
  for (const std::string& v : values) {
    if (v.empty()) {
      a.codes.push_back(0);
    } else if (auto code = dict.CodeOf(*slot, v)) {
      a.codes.push_back(static_cast<uint32_t>(*code));
    }
  }
  if (a.codes.empty()) a.codes.push_back(UINT32_MAX);  // none of the values was ever used
  f->attributes.push_back(std::move(a));
  return Status::Ok();
}

}  // namespace beleving::capture
