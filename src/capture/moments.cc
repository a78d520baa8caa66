#include "capture/moments.h"

#include "store/dimension_store.h"

namespace beleving::capture {
namespace {

Status MayRead(const security::Principal& who) {
  if (!who.CanRead()) return PermissionDenied("this key may not read");
  return Status::Ok();
}

Result<InteractionView> ViewOf(store::SqlConn& c, const store::TenantScope& t,
                               const store::InteractionRecord& r) {
  InteractionView v;
  v.id = r.id;
  v.external_id = r.external_id;
  v.occurred_at = r.occurred_at;
  v.channel = r.channel;
  for (auto [resource, id, out] : {std::tuple{"customers", &r.customer_id, &v.customer},
                                   {"touchpoints", &r.touchpoint_id, &v.touchpoint},
                                   {"locations", &r.location_id, &v.location},
                                   {"teams", &r.team_id, &v.team},
                                   {"employees", &r.employee_id, &v.employee}}) {
    if (*id) {
      ASSIGN_OR_RETURN(*out, store::DimensionStore::KeyOf(c, t, resource, **id));
    }
  }
  return v;
}

}  // namespace

Result<Page<ResponseView>> Moments::Responses(const security::Principal& who,
                                              const ResponseQuery& q) {
  RETURN_IF_ERROR(MayRead(who));
  Page<ResponseView> page;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    store::ResponseFilter filter;
    filter.from = q.from;
    filter.to = q.to;
    for (auto [resource, key, slot] : {std::tuple{"customers", &q.customer, &filter.customer_id},
                                       {"touchpoints", &q.touchpoint, &filter.touchpoint_id},
                                       {"employees", &q.employee, &filter.employee_id},
                                       {"teams", &q.team, &filter.team_id},
                                       {"locations", &q.location, &filter.location_id}}) {
      if (!*key) continue;
      ASSIGN_OR_RETURN(*slot, store::DimensionStore::IdByKey(
                                  c, who.tenant, *store::FindDimension(resource), **key));
      if (!*slot) return Status::Ok();  // an unknown key matches nothing
    }
    ASSIGN_OR_RETURN(
        page.items, store::MomentStore::ListResponses(c, who.tenant, filter, q.after, q.limit + 1));
    return Status::Ok();
  }));
  if (page.items.size() > static_cast<size_t>(q.limit)) {
    page.items.pop_back();
    page.next_after = page.items.back().id;
  }
  return page;
}

Result<ResponseView> Moments::Response(const security::Principal& who, int64_t id) {
  RETURN_IF_ERROR(MayRead(who));
  std::optional<ResponseView> r;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(r, store::MomentStore::GetResponse(c, who.tenant, id));
    return Status::Ok();
  }));
  if (!r) return NotFound("no such response");
  return *r;
}

Result<Page<InteractionView>> Moments::Interactions(const security::Principal& who, int64_t after,
                                                    int limit) {
  RETURN_IF_ERROR(MayRead(who));
  Page<InteractionView> page;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto rows,
                     store::MomentStore::ListInteractions(c, who.tenant, after, limit + 1));
    if (rows.size() > static_cast<size_t>(limit)) {
      rows.pop_back();
      page.next_after = rows.back().id;
    }
    for (const auto& r : rows) {
      ASSIGN_OR_RETURN(auto v, ViewOf(c, who.tenant, r));
      page.items.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return page;
}

Result<InteractionView> Moments::Interaction(const security::Principal& who, int64_t id) {
  RETURN_IF_ERROR(MayRead(who));
  std::optional<InteractionView> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto r, store::MomentStore::GetInteraction(c, who.tenant, id));
    if (r) {
      ASSIGN_OR_RETURN(out, ViewOf(c, who.tenant, *r));
    }
    return Status::Ok();
  }));
  if (!out) return NotFound("no such interaction");
  return *out;
}

}  // namespace beleving::capture
