#include "capture/attributes.h"

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

}  // namespace beleving::capture
