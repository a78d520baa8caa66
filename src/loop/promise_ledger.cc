// PromiseLedger: promises made, read, kept, broken, renegotiated and
// compensated, and the standard promises. The tick's part is in
// promise_tick.cc, the charter in promise_charter.cc, the reports in
// promise_report.cc.
#include "loop/promise_ledger.h"

#include <algorithm>

#include "core/time_format.h"
#include "i18n/locale.h"
#include "loop/loop_access.h"
#include "security/secrets.h"
#include "store/case_store.h"

namespace beleving::loop {
namespace {

constexpr int kBatch = 500;

json::value OptId(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

bool KnownChannel(const std::string& ch) {
  return std::find(kKeptByChannels.begin(), kKeptByChannels.end(), ch) != kKeptByChannels.end();
}

// The kept_by rule and grace period of a standard or a hand-made promise.
Status CheckRules(const std::optional<std::string>& touchpoint,
                  const std::optional<std::string>& channel, const std::optional<int64_t>& grace) {
  if (touchpoint && channel) {
    return InvalidArgument("kept_by names a touchpoint or a channel, not both", "/kept_by");
  }
  if (touchpoint && (touchpoint->empty() || touchpoint->size() > kMaxTouchpointKey)) {
    return InvalidArgument("kept_by.touchpoint has 1 to 200 characters", "/kept_by/touchpoint");
  }
  if (channel && !KnownChannel(*channel)) {
    return InvalidArgument("kept_by.channel is not a known channel", "/kept_by/channel");
  }
  if (grace && (*grace < 0 || *grace > kMaxGraceSeconds)) {
    return InvalidArgument("grace_seconds must be 0 to 30 days", "/grace_seconds");
  }
  return Status::Ok();
}

}  // namespace

int64_t DueSoonWindow(UnixSeconds made, UnixSeconds due) {
  int64_t window = std::max<int64_t>(due - made, 1);
  return std::min<int64_t>(3600, window / 4);
}

KeptTiming KeptTimingOf(UnixSeconds made, UnixSeconds due, UnixSeconds kept) {
  if (kept > due) return KeptTiming::kLate;
  if (due - kept <= DueSoonWindow(made, due)) return KeptTiming::kOnTime;
  return KeptTiming::kEarly;
}

std::string_view PromiseStateName(PromiseState s) {
  switch (s) {
    case PromiseState::kOpen:
      return "open";
    case PromiseState::kDueSoon:
      return "due_soon";
    case PromiseState::kOverdue:
      return "overdue";
    case PromiseState::kKept:
      return "kept";
    case PromiseState::kBroken:
      return "broken";
    case PromiseState::kRenegotiated:
      return "renegotiated";
  }
  return "open";
}

const std::vector<std::string>& PromiseStateNames() {
  static const std::vector<std::string> k = {"open", "due_soon", "overdue",
                                             "kept", "broken",   "renegotiated"};
  return k;
}

PromiseState PromiseStateAt(const store::PromiseRecord& p, UnixSeconds now) {
  if (p.status == "kept") return PromiseState::kKept;
  if (p.status == "broken") return PromiseState::kBroken;
  if (p.due_at <= now) return PromiseState::kOverdue;
  if (p.due_at - now <= DueSoonWindow(p.made_at, p.due_at)) return PromiseState::kDueSoon;
  return p.status == "renegotiated" ? PromiseState::kRenegotiated : PromiseState::kOpen;
}

std::string_view PromiseStatusName(PromiseStatus s) {
  switch (s) {
    case PromiseStatus::kOpen:
      return "open";
    case PromiseStatus::kKept:
      return "kept";
    case PromiseStatus::kBroken:
      return "broken";
    case PromiseStatus::kRenegotiated:
      return "renegotiated";
  }
  return "open";
}

const std::vector<std::string>& PromiseStatusNames() {
  static const std::vector<std::string> k = {"open", "kept", "broken", "renegotiated"};
  return k;
}

std::optional<PromiseStatus> ParsePromiseStatus(std::string_view name) {
  for (auto s : {PromiseStatus::kOpen, PromiseStatus::kKept, PromiseStatus::kBroken,
                 PromiseStatus::kRenegotiated}) {
    if (PromiseStatusName(s) == name) return s;
  }
  return std::nullopt;
}

Result<std::vector<PromiseView>> PromiseLedger::Views(store::SqlConn& c,
                                                      const store::TenantScope& t,
                                                      std::vector<store::PromiseRecord> records) {
  DimRefs refs(c, t);
  std::vector<PromiseView> out;
  out.reserve(records.size());
  const UnixSeconds now = clock_.Now();
  for (auto& p : records) {
    PromiseView v;
    v.state = PromiseStateAt(p, now);
    ASSIGN_OR_RETURN(v.employee, refs.Get("employees", p.employee_id));
    ASSIGN_OR_RETURN(v.team, refs.Get("teams", p.team_id));
    ASSIGN_OR_RETURN(v.customer, refs.Get("customers", p.customer_id));
    v.record = std::move(p);
    out.push_back(std::move(v));
  }
  return out;
}

Result<PromiseView> PromiseLedger::Make(const security::Principal& who, const NewPromise& in) {
  RETURN_IF_ERROR(CheckCanHandle(who));
  if (Blank(in.text)) return InvalidArgument("text must not be empty", "/text");
  if (in.text.size() > kMaxPromiseText) return InvalidArgument("text is too long", "/text");
  if (in.type && (in.type->empty() || in.type->size() > kMaxPromiseType)) {
    return InvalidArgument("type has 1 to 100 characters", "/type");
  }
  if (!in.due_at) return InvalidArgument("due_at is required", "/due_at");
  RETURN_IF_ERROR(CheckRules(in.kept_by_touchpoint, in.kept_by_channel, in.grace_seconds));
  const UnixSeconds now = clock_.Now();
  store::PromiseRecord p;
  p.org_id = who.tenant.org_id();
  p.text = in.text;
  p.promise_type = in.type.value_or("manual");
  p.made_at = in.made_at.value_or(now);
  p.due_at = *in.due_at;
  if (p.due_at <= p.made_at) return InvalidArgument("due_at must be after made_at", "/due_at");
  p.interaction_id = in.interaction_id;
  p.case_id = in.case_id;
  p.source_key = "manual:" + security::RandomToken(12);
  PromiseView out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    const auto& t = who.tenant;
    ASSIGN_OR_RETURN(p.employee_id, ResolveKey(c, t, "employees", in.employee, "/employee"));
    ASSIGN_OR_RETURN(p.team_id, ResolveKey(c, t, "teams", in.team, "/team"));
    ASSIGN_OR_RETURN(p.customer_id, ResolveKey(c, t, "customers", in.customer, "/customer"));
    // A promise of a standard's type follows the standard's rules unless
    // given its own.
    p.kept_by_touchpoint = in.kept_by_touchpoint;
    p.kept_by_channel = in.kept_by_channel;
    p.grace_seconds = in.grace_seconds.value_or(kDefaultGraceSeconds);
    if (in.type) {
      ASSIGN_OR_RETURN(auto standards, store::PromiseStore::Standards(c, t));
      for (const auto& s : standards) {
        if (s.key != *in.type) continue;
        if (!in.kept_by_touchpoint && !in.kept_by_channel) {
          p.kept_by_touchpoint = s.kept_by_touchpoint;
          p.kept_by_channel = s.kept_by_channel;
        }
        if (!in.grace_seconds) p.grace_seconds = s.grace_seconds;
      }
    }
    if (p.case_id) {
      ASSIGN_OR_RETURN(auto k, store::CaseStore::GetCase(c, t, *p.case_id));
      if (!k) return InvalidArgument("no such case", "/case_id");
    }
    ASSIGN_OR_RETURN(auto id, store::PromiseStore::InsertPromise(c, p, now));
    if (!id) return Internal("a manual promise's source key is random and cannot exist already");
    p.id = *id;
    RETURN_IF_ERROR(Audit(c, who, "create", "promise:" + std::to_string(p.id), now));
    if (in.email_customer) RETURN_IF_ERROR(mails_.Queue(c, p).status());
    ASSIGN_OR_RETURN(auto views, Views(c, t, {p}));
    out = std::move(views[0]);
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<PromiseView>> PromiseLedger::List(const security::Principal& who,
                                                     const std::optional<std::string>& status,
                                                     int64_t after, int limit, bool* more) {
  if (status && !ParsePromiseStatus(*status)) {
    return InvalidArgument("status must be open, kept, broken or renegotiated", "/query/status");
  }
  if (limit < 1 || limit > 1000) {
    return InvalidArgument("limit must be a number from 1 to 1000", "/query/limit");
  }
  std::vector<PromiseView> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto rows,
                     store::PromiseStore::ListPromises(c, who.tenant, status, after, limit + 1));
    *more = rows.size() > static_cast<size_t>(limit);
    if (*more) rows.pop_back();
    ASSIGN_OR_RETURN(out, Views(c, who.tenant, std::move(rows)));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<PromiseView>> PromiseLedger::Unsettled(const security::Principal& who,
                                                          int limit) {
  std::vector<PromiseView> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto rows, store::PromiseStore::UnsettledPromises(c, who.tenant,
                                                                       std::clamp(limit, 1, 1000)));
    ASSIGN_OR_RETURN(out, Views(c, who.tenant, std::move(rows)));
    return Status::Ok();
  }));
  return out;
}

Result<PromiseView> PromiseLedger::Get(const security::Principal& who, int64_t id) {
  PromiseView out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto p, store::PromiseStore::GetPromise(c, who.tenant, id));
    if (!p) return NotFound("no such promise");
    ASSIGN_OR_RETURN(auto changes, store::PromiseStore::PromiseChanges(c, who.tenant, id));
    ASSIGN_OR_RETURN(auto actors, ActorNames::Load(c, who.tenant));
    ASSIGN_OR_RETURN(auto views, Views(c, who.tenant, {*p}));
    out = std::move(views[0]);
    for (auto& ch : changes) {
      Actor a = actors.Of(ch.actor);
      out.history.push_back({std::move(ch), std::move(a)});
    }
    return Status::Ok();
  }));
  return out;
}

Status PromiseLedger::SettleInside(store::SqlConn& c, store::PromiseRecord& p, PromiseStatus to,
                                   const std::string& actor, std::optional<UnixSeconds> at) {
  if (p.status == "kept" || p.status == "broken") {
    return Conflict("the promise is already " + p.status);
  }
  if (to != PromiseStatus::kKept && to != PromiseStatus::kBroken) {
    return Internal("a promise settles as kept or broken");
  }
  UnixSeconds now = clock_.Now();
  p.status = std::string(PromiseStatusName(to));
  p.settled_at = at.value_or(now);
  if (to == PromiseStatus::kKept) return store::PromiseStore::UpdatePromise(c, p);
  store::CaseRecord k;
  k.org_id = p.org_id;
  k.case_type = "broken_promise";
  k.source_key = "promise:" + std::to_string(p.id);
  k.title = "Broken promise: " + p.text.substr(0, 150);
  k.customer_id = p.customer_id;
  k.interaction_id = p.interaction_id;
  k.promise_id = p.id;
  k.team_id = p.team_id;
  k.opened_at = now;
  ASSIGN_OR_RETURN(auto case_id, cases_.OpenInside(c, k, actor));
  p.broken_case_id = case_id;
  RETURN_IF_ERROR(store::PromiseStore::UpdatePromise(c, p));
  ASSIGN_OR_RETURN(auto zone, sla_.Zone(c, p.org_id));
  return alerts_.Raise(c, p.org_id, "promise.broken",
                       [&](i18n::Lang lang) {
                         return i18n::Format(
                             lang, "loop.alert.promise_broken",
                             {{"text", p.text}, {"due", i18n::DateTime(lang, p.due_at, zone)}});
                       },
                       {{"promise_id", p.id},
                        {"case_id", OptId(case_id)},
                        {"due_at", FormatRfc3339(p.due_at)},
                        {"promise_type", p.promise_type}});
}

Result<PromiseView> PromiseLedger::Settle(const security::Principal& who, int64_t id,
                                          PromiseStatus to) {
  RETURN_IF_ERROR(CheckCanHandle(who));
  PromiseView out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto p, store::PromiseStore::GetPromise(c, who.tenant, id));
    if (!p) return NotFound("no such promise");
    if (to == PromiseStatus::kKept) {
      p->kept_evidence =
          who.kind == security::Principal::Kind::kApiKey ? "api" : std::string("person");
    }
    RETURN_IF_ERROR(SettleInside(c, *p, to, who.actor()));
    RETURN_IF_ERROR(
        Audit(c, who, PromiseStatusName(to), "promise:" + std::to_string(id), clock_.Now()));
    ASSIGN_OR_RETURN(auto views, Views(c, who.tenant, {*p}));
    out = std::move(views[0]);
    return Status::Ok();
  }));
  return out;
}

Result<PromiseView> PromiseLedger::Keep(const security::Principal& who, int64_t id) {
  return Settle(who, id, PromiseStatus::kKept);
}

Result<PromiseView> PromiseLedger::Break(const security::Principal& who, int64_t id) {
  return Settle(who, id, PromiseStatus::kBroken);
}

Result<PromiseView> PromiseLedger::Renegotiate(const security::Principal& who, int64_t id,
                                               UnixSeconds new_due,
                                               const std::optional<std::string>& note) {
  RETURN_IF_ERROR(CheckCanHandle(who));
  const UnixSeconds now = clock_.Now();
  if (new_due <= now) return InvalidArgument("the new due date must be in the future", "/due_at");
  if (note && note->size() > kMaxPromiseNote) return InvalidArgument("note is too long", "/note");
  std::optional<std::string> n;
  if (note && !Blank(*note)) n = note;
  PromiseView out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto p, store::PromiseStore::GetPromise(c, who.tenant, id));
    if (!p) return NotFound("no such promise");
    if (p->status == "kept" || p->status == "broken") {
      return Conflict("the promise is already " + p->status);
    }
    RETURN_IF_ERROR(store::PromiseStore::AddPromiseChange(
        c, who.tenant, p->id, {p->due_at, new_due, n, who.actor(), now}));
    p->due_at = new_due;
    p->status = std::string(PromiseStatusName(PromiseStatus::kRenegotiated));
    p->due_soon_alerted = false;
    p->overdue_alerted = false;
    RETURN_IF_ERROR(store::PromiseStore::UpdatePromise(c, *p));
    RETURN_IF_ERROR(Audit(c, who, "renegotiate", "promise:" + std::to_string(id), now));
    ASSIGN_OR_RETURN(auto views, Views(c, who.tenant, {*p}));
    out = std::move(views[0]);
    return Status::Ok();
  }));
  return out;
}

Result<PromiseView> PromiseLedger::Compensate(const security::Principal& who, int64_t id,
                                              const std::string& compensation) {
  RETURN_IF_ERROR(CheckCanHandle(who));
  if (Blank(compensation)) {
    return InvalidArgument("compensation must not be empty", "/compensation");
  }
  if (compensation.size() > kMaxCompensation) {
    return InvalidArgument("compensation is too long", "/compensation");
  }
  const UnixSeconds now = clock_.Now();
  PromiseView out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto p, store::PromiseStore::GetPromise(c, who.tenant, id));
    if (!p) return NotFound("no such promise");
    if (p->status != "broken") return Conflict("only a broken promise is compensated");
    p->compensation = compensation;
    p->compensated_at = now;
    RETURN_IF_ERROR(store::PromiseStore::UpdatePromise(c, *p));
    RETURN_IF_ERROR(Audit(c, who, "compensate", "promise:" + std::to_string(id), now));
    ASSIGN_OR_RETURN(auto views, Views(c, who.tenant, {*p}));
    out = std::move(views[0]);
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<store::StandardPromiseRecord>> PromiseLedger::Standards(
    const security::Principal& who) {
  std::vector<store::StandardPromiseRecord> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(out, store::PromiseStore::Standards(c, who.tenant));
    return Status::Ok();
  }));
  return out;
}

namespace {

// The bounds a standard's fields share between CreateStandard and
// UpdateStandard (each checks only what it is given).
Status CheckStandardFields(const std::optional<std::string>& touchpoint,
                           const std::optional<std::string>& text,
                           const std::optional<int64_t>& due_after_seconds,
                           const std::optional<int64_t>& due_after_hours,
                           const std::optional<std::string>& compensation) {
  if (touchpoint && (touchpoint->empty() || touchpoint->size() > kMaxTouchpointKey)) {
    return InvalidArgument("touchpoint has 1 to 200 characters", "/touchpoint");
  }
  if (text && (Blank(*text) || text->size() > kMaxPromiseText)) {
    return InvalidArgument("text has 1 to 1000 characters", "/text");
  }
  if (due_after_seconds && due_after_hours) {
    return InvalidArgument("give one of due_after_seconds or due_after_hours", "/due_after_hours");
  }
  if (due_after_seconds && (*due_after_seconds < 1 || *due_after_seconds > kMaxDueAfterSeconds)) {
    return InvalidArgument("due_after_seconds must be 1 to a year", "/due_after_seconds");
  }
  if (due_after_hours && (*due_after_hours < 1 || *due_after_hours > kMaxDueAfterHours)) {
    return InvalidArgument("due_after_hours must be 1 to a year", "/due_after_hours");
  }
  if (compensation && (Blank(*compensation) || compensation->size() > kMaxCompensation)) {
    return InvalidArgument("compensation has 1 to 1000 characters", "/compensation");
  }
  return Status::Ok();
}

}  // namespace

Result<store::StandardPromiseRecord> PromiseLedger::UpdateStandard(
    const security::Principal& who, int64_t id, const StandardPromiseChange& in) {
  RETURN_IF_ERROR(CheckAdmin(who));
  RETURN_IF_ERROR(CheckStandardFields(in.touchpoint, in.text, in.due_after_seconds,
                                      in.due_after_hours, in.compensation));
  if (in.clear_kept_by && (in.kept_by_touchpoint || in.kept_by_channel)) {
    return InvalidArgument("kept_by is either cleared or given", "/kept_by");
  }
  if (in.clear_compensation && in.compensation) {
    return InvalidArgument("compensation is either cleared or given", "/compensation");
  }
  RETURN_IF_ERROR(CheckRules(in.kept_by_touchpoint, in.kept_by_channel, in.grace_seconds));
  const UnixSeconds now = clock_.Now();
  store::StandardPromiseRecord s;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto found, store::PromiseStore::GetStandard(c, who.tenant, id));
    if (!found) return NotFound("no such standard promise");
    s = std::move(*found);
    if (in.touchpoint) s.touchpoint_key = *in.touchpoint;
    if (in.text) s.text = *in.text;
    if (in.due_after_seconds) s.due_after_seconds = *in.due_after_seconds;
    if (in.due_after_hours) s.due_after_seconds = *in.due_after_hours * 3600;
    if (in.business_hours) s.business_hours = *in.business_hours;
    if (in.active) s.active = *in.active;
    if (in.clear_kept_by || in.kept_by_touchpoint || in.kept_by_channel) {
      s.kept_by_touchpoint = in.kept_by_touchpoint;
      s.kept_by_channel = in.kept_by_channel;
    }
    if (in.grace_seconds) s.grace_seconds = *in.grace_seconds;
    if (in.clear_compensation) s.compensation.reset();
    if (in.compensation) s.compensation = in.compensation;
    RETURN_IF_ERROR(store::PromiseStore::UpdateStandard(c, who.tenant, s));
    return Audit(c, who, "update", "standard_promise:" + std::to_string(s.id), now);
  }));
  return s;
}

Result<UnixSeconds> PromiseLedger::DueOf(const security::Principal& who,
                                         const store::StandardPromiseRecord& s, UnixSeconds from) {
  if (!s.business_hours) return from + s.due_after_seconds;
  UnixSeconds due = 0;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto cal, sla_.Calendar(c, who.tenant.org_id()));
    due = cal.AddBusinessSeconds(from, s.due_after_seconds);
    return Status::Ok();
  }));
  return due;
}

Result<store::StandardPromiseRecord> PromiseLedger::CreateStandard(const security::Principal& who,
                                                                   const NewStandardPromise& in) {
  RETURN_IF_ERROR(CheckAdmin(who));
  if (in.key.empty() || in.key.size() > kMaxPromiseType) {
    return InvalidArgument("key has 1 to 100 characters", "/key");
  }
  if (!in.due_after_seconds && !in.due_after_hours) {
    return InvalidArgument("give one of due_after_seconds or due_after_hours", "/due_after_hours");
  }
  RETURN_IF_ERROR(CheckStandardFields(in.touchpoint, in.text, in.due_after_seconds,
                                      in.due_after_hours, std::nullopt));
  RETURN_IF_ERROR(CheckRules(in.kept_by_touchpoint, in.kept_by_channel, in.grace_seconds));
  RETURN_IF_ERROR(
      CheckStandardFields(std::nullopt, std::nullopt, std::nullopt, std::nullopt, in.compensation));
  store::StandardPromiseRecord s;
  s.org_id = who.tenant.org_id();
  s.key = in.key;
  s.touchpoint_key = in.touchpoint;
  s.text = in.text;
  s.due_after_seconds = in.due_after_seconds ? *in.due_after_seconds : *in.due_after_hours * 3600;
  s.business_hours = in.business_hours.value_or(true);
  s.kept_by_touchpoint = in.kept_by_touchpoint;
  s.kept_by_channel = in.kept_by_channel;
  s.grace_seconds = in.grace_seconds.value_or(kDefaultGraceSeconds);
  s.compensation = in.compensation;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(s.id, store::PromiseStore::InsertStandard(c, who.tenant, s, now));
    return Audit(c, who, "create", "standard_promise:" + std::to_string(s.id), now);
  }));
  return s;
}

}  // namespace beleving::loop
