// PromiseLedger, the service charter: the active standard promises with
// their kept rate over the last kCharterDays days, for the organisation's
// own pages and, when it published it, for everyone (/charter/SLUG).
#include <map>

#include "loop/loop_access.h"
#include "loop/promise_ledger.h"

namespace beleving::loop {

Result<CharterView> PromiseLedger::CharterOf(store::SqlConn& c, const store::TenantScope& t) {
  CharterView v;
  ASSIGN_OR_RETURN(v.published, store::PromiseStore::CharterPublished(c, t));
  ASSIGN_OR_RETURN(auto standards, store::PromiseStore::Standards(c, t));
  ASSIGN_OR_RETURN(auto counts, store::PromiseStore::CountsByType(
                                    c, t, clock_.Now() - int64_t{kCharterDays} * 86400));
  std::map<std::string, store::PromiseTypeCount> by_type;
  for (auto& n : counts) by_type[n.promise_type] = n;
  for (auto& s : standards) {
    if (!s.active) continue;
    CharterItem item;
    if (auto it = by_type.find(s.key); it != by_type.end()) {
      item.made = it->second.made;
      item.kept = it->second.kept;
      item.broken = it->second.broken;
    }
    if (item.kept + item.broken > 0) {
      item.kept_rate =
          static_cast<double>(item.kept) / static_cast<double>(item.kept + item.broken);
    }
    v.made += item.made;
    v.kept += item.kept;
    v.broken += item.broken;
    item.standard = std::move(s);
    v.items.push_back(std::move(item));
  }
  if (v.kept + v.broken > 0) {
    v.kept_rate = static_cast<double>(v.kept) / static_cast<double>(v.kept + v.broken);
  }
  ASSIGN_OR_RETURN(auto zone, sla_.Zone(c, t.org_id()));
  ASSIGN_OR_RETURN(auto broken,
                   store::PromiseStore::BrokenByTypeSince(c, t, WeekStart(zone, clock_.Now())));
  for (const auto& b : broken) {
    for (const auto& i : v.items) {
      if (i.standard.key == b.promise_type) v.broken_this_week += b.broken;
    }
  }
  return v;
}

Result<CharterView> PromiseLedger::Charter(const security::Principal& who) {
  CharterView v;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    // The organisation's charter is its promise to everyone: its figures
    // count every promise, whatever part of it the reader may see.
    ASSIGN_OR_RETURN(v, CharterOf(c, store::TenantScope::System(who.tenant.org_id())));
    return Status::Ok();
  }));
  return v;
}

Result<CharterView> PromiseLedger::PublicCharter(const std::string& slug) {
  CharterView v;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto org, store::PromiseStore::CharterBySlug(c, slug));
    if (!org || !org->published) return NotFound("no public charter");
    ASSIGN_OR_RETURN(v, CharterOf(c, store::TenantScope::System(org->org_id)));
    v.org_name = org->name;
    v.org_lang = i18n::ParseLang(org->language).value_or(i18n::Lang::kNl);
    return Status::Ok();
  }));
  return v;
}

Status PromiseLedger::PublishCharter(const security::Principal& who, bool published) {
  RETURN_IF_ERROR(CheckAdmin(who));
  const UnixSeconds now = clock_.Now();
  return db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(store::PromiseStore::SetCharterPublished(c, who.tenant, published));
    return Audit(c, who, published ? "publish" : "unpublish", "charter", now);
  });
}

}  // namespace beleving::loop
