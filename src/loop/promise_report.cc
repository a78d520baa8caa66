// PromiseLedger::Report: the kept rate per team, employee and type, and
// the NPS of customers after a kept or a broken promise; UnderPromise: how
// early each promise type is kept and the NPS by outcome.
#include <algorithm>
#include <map>

#include "engine/measures.h"
#include "loop/promise_ledger.h"

namespace beleving::loop {
namespace {

void Count(PromiseReportRow& r, const std::string& status) {
  if (status == "kept") {
    ++r.kept;
  } else if (status == "broken") {
    ++r.broken;
  } else {
    ++r.open;
  }
}

void Finish(PromiseReportRow& r) {
  if (r.kept + r.broken > 0) {
    r.kept_rate = static_cast<double>(r.kept) / static_cast<double>(r.kept + r.broken);
  }
}

void AddNps(NpsOutcome& o, const std::optional<int>& nps) {
  ++o.promises;
  if (!nps) return;
  ++o.responses;
  if (*nps >= 9) {
    ++o.promoters;
  } else if (*nps >= 7) {
    ++o.passives;
  } else {
    ++o.detractors;
  }
}

void FinishNps(NpsOutcome& o) {
  auto e = engine::NpsWithCi(o.promoters, o.passives, o.detractors);
  if (!e) return;
  o.nps = e->nps;
  o.nps_low = e->ci_low;
  o.nps_high = e->ci_high;
}

std::optional<double> Mean(const std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

std::optional<double> Median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

Result<std::vector<UnderPromiseRow>> PromiseLedger::UnderPromise(const security::Principal& who) {
  std::vector<store::SettledPromise> settled;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(settled, store::PromiseStore::Settled(c, who.tenant));
    return Status::Ok();
  }));
  struct Acc {
    UnderPromiseRow row;
    std::vector<double> promised, taken, early;
  };
  std::map<std::string, Acc> by_type;
  for (const auto& p : settled) {
    Acc& a = by_type[p.promise_type];
    if (p.status == "broken") {
      AddNps(a.row.broken, p.next_nps);
      continue;
    }
    ++a.row.kept;
    a.promised.push_back(static_cast<double>(p.due_at - p.made_at));
    a.taken.push_back(static_cast<double>(p.settled_at - p.made_at));
    a.early.push_back(static_cast<double>(p.due_at - p.settled_at));
    switch (KeptTimingOf(p.made_at, p.due_at, p.settled_at)) {
      case KeptTiming::kEarly:
        AddNps(a.row.kept_early, p.next_nps);
        break;
      case KeptTiming::kOnTime:
        AddNps(a.row.kept_on_time, p.next_nps);
        break;
      case KeptTiming::kLate:
        AddNps(a.row.late, p.next_nps);
        break;
    }
  }
  std::vector<UnderPromiseRow> out;
  for (auto& [type, a] : by_type) {
    a.row.type = type;
    a.row.mean_promised = Mean(a.promised);
    a.row.mean_taken = Mean(a.taken);
    a.row.mean_early = Mean(a.early);
    a.row.median_early = Median(a.early);
    for (auto* o : {&a.row.kept_early, &a.row.kept_on_time, &a.row.late, &a.row.broken}) {
      FinishNps(*o);
    }
    out.push_back(std::move(a.row));
  }
  return out;
}

Result<PromiseReport> PromiseLedger::Report(const security::Principal& who) {
  PromiseReport rep;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    std::map<int64_t, PromiseReportRow> team, emp;
    std::map<std::string, PromiseReportRow> type;
    for (int64_t after = 0;;) {
      ASSIGN_OR_RETURN(auto page,
                       store::PromiseStore::ListPromises(c, who.tenant, std::nullopt, after, 5000));
      for (const auto& p : page) {
        Count(rep.total, p.status);
        Count(type[p.promise_type], p.status);
        if (p.team_id) Count(team[*p.team_id], p.status);
        if (p.employee_id) Count(emp[*p.employee_id], p.status);
        after = p.id;
      }
      if (page.size() < 5000) break;
    }
    Finish(rep.total);
    DimRefs refs(c, who.tenant);
    for (auto [m, resource, out] : {std::tuple{&team, "teams", &rep.by_team},
                                    std::tuple{&emp, "employees", &rep.by_employee}}) {
      for (auto& [id, r] : *m) {
        ASSIGN_OR_RETURN(r.item, refs.Get(resource, id));
        r.key = r.item ? r.item->key : std::to_string(id);
        Finish(r);
        out->push_back(r);
      }
    }
    for (auto& [key, r] : type) {
      r.key = key;
      Finish(r);
      rep.by_type.push_back(r);
    }
    ASSIGN_OR_RETURN(auto pairs, store::PromiseStore::ResponsesAfterSettled(c, who.tenant));
    for (const auto& x : pairs) {
      NpsAfter& n = x.status == "kept" ? rep.after_kept : rep.after_broken;
      ++n.responses;
      if (x.nps >= 9) ++n.promoters;
      if (x.nps <= 6) ++n.detractors;
    }
    return Status::Ok();
  }));
  for (auto* n : {&rep.after_kept, &rep.after_broken}) {
    if (n->responses > 0) {
      n->nps = 100.0 * static_cast<double>(n->promoters - n->detractors) /
               static_cast<double>(n->responses);
    }
  }
  return rep;
}

}  // namespace beleving::loop
