// PromiseLedger, the tick's part: standard promises made for a new
// interaction, the promises a new interaction keeps, and the timers (due
// soon, overdue in the grace period, broken after it).
#include <algorithm>

#include "core/time_format.h"
#include "i18n/locale.h"
#include "loop/promise_ledger.h"

namespace beleving::loop {
namespace {

constexpr int kBatch = 500;

bool Matches(const store::PromiseRecord& p, const store::LoopInteraction& r) {
  if (p.kept_by_touchpoint) return r.touchpoint_key && *r.touchpoint_key == *p.kept_by_touchpoint;
  if (p.kept_by_channel) return r.channel && *r.channel == *p.kept_by_channel;
  return false;
}

}  // namespace

Status PromiseLedger::MakeStandardPromises(
    store::SqlConn& c, const store::LoopInteraction& r,
    const std::vector<store::StandardPromiseRecord>& standards) {
  if (standards.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(auto cal, sla_.Calendar(c, r.org_id));
  for (const auto& s : standards) {
    store::PromiseRecord p;
    p.org_id = r.org_id;
    p.promise_type = s.key;
    p.source_key = "standard:" + std::to_string(s.id) + ":interaction:" + std::to_string(r.id);
    p.employee_id = r.employee_id;
    p.team_id = r.team_id;
    p.customer_id = r.customer_id;
    p.interaction_id = r.id;
    p.text = s.text;
    p.made_at = r.occurred_at;
    p.due_at = s.business_hours ? cal.AddBusinessSeconds(r.occurred_at, s.due_after_seconds)
                                : r.occurred_at + s.due_after_seconds;
    p.kept_by_touchpoint = s.kept_by_touchpoint;
    p.kept_by_channel = s.kept_by_channel;
    p.grace_seconds = s.grace_seconds;
    RETURN_IF_ERROR(store::PromiseStore::InsertPromise(c, p, clock_.Now()).status());
  }
  return Status::Ok();
}

Status PromiseLedger::KeepByInteraction(store::SqlConn& c, const store::LoopInteraction& r) {
  if (!r.customer_id || (!r.touchpoint_key && !r.channel)) return Status::Ok();
  ASSIGN_OR_RETURN(auto open, store::PromiseStore::Keepable(c, store::TenantScope::System(r.org_id),
                                                            *r.customer_id, r.occurred_at));
  for (auto& p : open) {
    if (p.interaction_id == r.id || !Matches(p, r)) continue;
    p.kept_evidence = "interaction";
    p.kept_interaction_id = r.id;
    RETURN_IF_ERROR(SettleInside(c, p, PromiseStatus::kKept, "system", r.occurred_at));
  }
  return Status::Ok();
}

Status PromiseLedger::EvaluateDue(UnixSeconds now) {
  const auto all = store::SystemScope::AllOrganisations();  // the tick's timers
  auto broken = [&](const store::PromiseRecord& p) { return p.due_at + p.grace_seconds <= now; };
  auto overdue = [&](const store::PromiseRecord& p) { return p.due_at <= now; };
  auto due_soon = [&](const store::PromiseRecord& p) {
    return p.due_at - now <= DueSoonWindow(p.made_at, p.due_at);
  };
  bool work = false;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto rows,
                     store::PromiseStore::SysPromisesDueBefore(c, all, now + 3600, kBatch));
    for (const auto& p : rows) {
      work = work || broken(p) || (overdue(p) && !p.overdue_alerted) ||
             (!overdue(p) && !p.due_soon_alerted && due_soon(p));
    }
    return Status::Ok();
  }));
  if (!work) return Status::Ok();
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto rows,
                     store::PromiseStore::SysPromisesDueBefore(c, all, now + 3600, kBatch));
    for (auto& p : rows) {
      if (broken(p)) {
        RETURN_IF_ERROR(SettleInside(c, p, PromiseStatus::kBroken, "system"));
        continue;
      }
      const bool late = overdue(p);
      if (late ? p.overdue_alerted : (p.due_soon_alerted || !due_soon(p))) continue;
      (late ? p.overdue_alerted : p.due_soon_alerted) = true;
      RETURN_IF_ERROR(store::PromiseStore::UpdatePromise(c, p));
      ASSIGN_OR_RETURN(auto zone, sla_.Zone(c, p.org_id));
      json::object data{{"promise_id", p.id},
                        {"due_at", FormatRfc3339(p.due_at)},
                        {"promise_type", p.promise_type}};
      if (late) {
        data["broken_at"] = FormatRfc3339(p.due_at + p.grace_seconds);
        data["employee_id"] = p.employee_id ? json::value(*p.employee_id) : json::value(nullptr);
      }
      RETURN_IF_ERROR(alerts_.Raise(
          c, p.org_id, late ? "promise.overdue" : "promise.due_soon",
          [&](i18n::Lang lang) {
            return i18n::Format(
                lang, late ? "loop.alert.promise_overdue" : "loop.alert.promise_due_soon",
                {{"text", p.text},
                 {"due", i18n::DateTime(lang, p.due_at, zone)},
                 {"broken", i18n::DateTime(lang, p.due_at + p.grace_seconds, zone)}});
          },
          std::move(data)));
    }
    return Status::Ok();
  });
}

}  // namespace beleving::loop
