#include "capture/attributes.h"

#include <algorithm>
#include <vector>

#include "capture/ingest.h"
#include "store/moment_store.h"

namespace beleving::capture {
namespace {

// Runs `change` (which returns the number of responses it rewrote) in one
// write; when it rewrote any, reads the organisation's responses in the
// same transaction and swaps them into the engine right after the commit.
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

}  // namespace

Result<int64_t> UpdateCustomerAttributes(store::Database& db, engine::Engine& engine,
                                         const Clock& clock, const store::TenantScope& t,
                                         const AttributeUpdate& update) {
  const UnixSeconds now = clock.Now();
  return WriteAndRefresh(db, engine, t, [&](store::SqlConn& c) -> Result<int64_t> {
    RETURN_IF_ERROR(store::AttributeStore::SetCustomerAttributes(c, t, update.customer_id,
                                                                 update.changes, now));
    if (!update.apply_to_history) return int64_t{0};
    return store::AttributeStore::ApplyToHistory(c, t, update.customer_id);
  });
}

Result<int64_t> ApplyAttributesToHistory(store::Database& db, engine::Engine& engine,
                                         const store::TenantScope& t,
                                         std::optional<int64_t> customer_id) {
  return WriteAndRefresh(db, engine, t, [&](store::SqlConn& c) {
    return store::AttributeStore::ApplyToHistory(c, t, customer_id);
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
