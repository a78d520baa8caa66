// PromiseLedger::Report: the kept rate per team, employee and type, and
// the NPS of customers after a kept or a broken promise.
#include <map>

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

}  // namespace

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
