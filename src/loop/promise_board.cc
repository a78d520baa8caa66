// PromiseLedger, the promise board and the kept-rate report (issue 16):
// the board's three columns (due today, overdue in grace, broken this
// week) filtered by team, location and type, and the kept rate per team,
// location, employee or type with its Wilson interval and monthly trend.
// Days, weeks and months are the organisation's (its time zone).
#include <algorithm>
#include <limits>
#include <map>

#include "core/time_format.h"
#include "engine/proportion.h"
#include "loop/promise_ledger.h"

namespace beleving::loop {
namespace {

constexpr int64_t kDay = 86400;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Local day number (days since 1970-01-01 in the zone) of `utc`.
int64_t LocalDay(const TimeZone& zone, UnixSeconds utc) {
  return FloorDiv(zone.ToLocal(utc), kDay);
}

// The UTC instant of local midnight starting local day `day` (offset taken
// at `near`: a daylight-saving change between the two moves it an hour).
UnixSeconds LocalMidnight(const TimeZone& zone, int64_t day, UnixSeconds near) {
  return day * kDay - zone.OffsetAt(near);
}

// Months counted from year 0: y * 12 + (m - 1).
int64_t MonthIndex(const TimeZone& zone, UnixSeconds utc) {
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(LocalDay(zone, utc), &y, &m, &d);
  return y * 12 + static_cast<int64_t>(m) - 1;
}

std::string MonthName(int64_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d", static_cast<long long>(index / 12),
                static_cast<int>(index % 12) + 1);
  return buf;
}

template <typename Row>
void Count(Row& r, const std::string& status) {
  ++r.made;
  if (status == "kept") {
    ++r.kept;
  } else if (status == "broken") {
    ++r.broken;
  }
}

template <typename Row>
void Rate(Row& r) {
  const int64_t settled = r.kept + r.broken;
  if (settled == 0) return;
  r.kept_rate = static_cast<double>(r.kept) / static_cast<double>(settled);
  if (auto ci = engine::WilsonInterval95(r.kept, settled)) {
    r.low = ci->low;
    r.high = ci->high;
  }
}

// A row with an empty trend of the report's months.
KeptRateRow EmptyRow(int64_t first_month) {
  KeptRateRow r;
  for (int i = 0; i <= kKeptRateMonths; ++i) {
    KeptRateMonth m;
    m.month = MonthName(first_month + i);
    m.partial = i == kKeptRateMonths;
    r.trend.push_back(std::move(m));
  }
  return r;
}

void Add(KeptRateRow& r, const store::PromiseFact& f, size_t month) {
  Count(r, f.status);
  if (f.status != "kept" && f.status != "broken") ++r.open;
  Count(r.trend[month], f.status);
}

void Finish(KeptRateRow& r) {
  Rate(r);
  for (auto& m : r.trend) Rate(m);
}

}  // namespace

UnixSeconds WeekStart(const TimeZone& zone, UnixSeconds now) {
  const int64_t today = LocalDay(zone, now);
  const int64_t weekday = ((today + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; Monday 0
  return LocalMidnight(zone, today - weekday, now);
}

UnixSeconds NextMidnight(const TimeZone& zone, UnixSeconds now) {
  return LocalMidnight(zone, LocalDay(zone, now) + 1, now);
}

Result<PromiseBoard> PromiseLedger::Board(const security::Principal& who,
                                          const PromiseFilter& filter) {
  PromiseBoard board;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    const store::TenantScope& t = who.tenant;
    store::PromiseFilterIds ids;
    ASSIGN_OR_RETURN(ids.team_id, ResolveKey(c, t, "teams", filter.team, "/query/team"));
    ASSIGN_OR_RETURN(ids.location_id,
                     ResolveKey(c, t, "locations", filter.location, "/query/location"));
    if (filter.type) {
      ASSIGN_OR_RETURN(auto standards, store::PromiseStore::Standards(c, t));
      const bool known = *filter.type == kManualPromiseType ||
                         std::any_of(standards.begin(), standards.end(),
                                     [&](const auto& s) { return s.key == *filter.type; });
      if (!known) return InvalidArgument("no such promise type: " + *filter.type, "/query/type");
      ids.promise_type = filter.type;
    }
    ASSIGN_OR_RETURN(auto zone, sla_.Zone(c, t.org_id()));
    const UnixSeconds day_end = NextMidnight(zone, now);
    const UnixSeconds week_start = WeekStart(zone, now);
    ASSIGN_OR_RETURN(auto unsettled,
                     store::PromiseStore::BoardUnsettled(
                         c, t, ids, std::numeric_limits<int64_t>::max(), 3 * kBoardLimit));
    std::vector<store::PromiseRecord> due, late, later;
    for (auto& p : unsettled) {
      auto& to = p.due_at <= now ? late : p.due_at < day_end ? due : later;
      if (to.size() < static_cast<size_t>(kBoardLimit)) to.push_back(std::move(p));
    }
    ASSIGN_OR_RETURN(auto broken,
                     store::PromiseStore::BoardBroken(c, t, ids, week_start, kBoardLimit));
    ASSIGN_OR_RETURN(board.due_today, Views(c, t, std::move(due)));
    ASSIGN_OR_RETURN(board.overdue, Views(c, t, std::move(late)));
    ASSIGN_OR_RETURN(board.broken_this_week, Views(c, t, std::move(broken)));
    ASSIGN_OR_RETURN(board.later, Views(c, t, std::move(later)));
    return Status::Ok();
  }));
  return board;
}

Result<KeptRateReport> PromiseLedger::KeptRates(const security::Principal& who,
                                                const std::string& group_by) {
  if (std::find(kPromiseGroupings.begin(), kPromiseGroupings.end(), group_by) ==
      kPromiseGroupings.end()) {
    return InvalidArgument("group_by is one of team, location, employee, type", "/query/group_by");
  }
  KeptRateReport rep;
  rep.group_by = group_by;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    const store::TenantScope& t = who.tenant;
    ASSIGN_OR_RETURN(auto zone, sla_.Zone(c, t.org_id()));
    const int64_t running = MonthIndex(zone, now);
    const int64_t first = running - kKeptRateMonths;
    const int64_t first_day = DaysFromCivil(first / 12, static_cast<unsigned>(first % 12) + 1, 1);
    // A day early: the exact month is decided per promise below.
    ASSIGN_OR_RETURN(auto facts,
                     store::PromiseStore::Facts(c, t, LocalMidnight(zone, first_day - 1, now)));
    rep.total = EmptyRow(first);
    std::map<int64_t, KeptRateRow> by_id;
    std::map<std::string, KeptRateRow> by_type;
    for (const auto& f : facts) {
      const int64_t m = MonthIndex(zone, f.made_at) - first;
      if (m < 0 || m > kKeptRateMonths) continue;
      const auto month = static_cast<size_t>(m);
      Add(rep.total, f, month);
      if (group_by == "type") {
        auto [it, fresh] = by_type.try_emplace(f.promise_type, EmptyRow(first));
        Add(it->second, f, month);
        continue;
      }
      const std::optional<int64_t>& id = group_by == "team"       ? f.team_id
                                         : group_by == "location" ? f.location_id
                                                                  : f.employee_id;
      if (!id) continue;
      auto [it, fresh] = by_id.try_emplace(*id, EmptyRow(first));
      Add(it->second, f, month);
    }
    Finish(rep.total);
    for (auto& [type, r] : by_type) {
      r.key = type;
      Finish(r);
      rep.rows.push_back(std::move(r));
    }
    DimRefs refs(c, t);
    const char* resource = group_by == "team"       ? "teams"
                           : group_by == "location" ? "locations"
                                                    : "employees";
    for (auto& [id, r] : by_id) {
      ASSIGN_OR_RETURN(r.item, refs.Get(resource, id));
      r.key = r.item ? r.item->key : std::to_string(id);
      Finish(r);
      rep.rows.push_back(std::move(r));
    }
    if (group_by != "type") {
      std::sort(rep.rows.begin(), rep.rows.end(),
                [](const KeptRateRow& a, const KeptRateRow& b) { return a.key < b.key; });
    }
    return Status::Ok();
  }));
  return rep;
}

}  // namespace beleving::loop
