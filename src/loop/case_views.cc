// CaseService: the reads (a page of cases, one case with its SLA and log)
// and the views every answer is made of.
#include "loop/case_service.h"
#include "loop/loop_access.h"
#include "store/case_store.h"

namespace beleving::loop {
namespace {

std::vector<std::pair<UnixSeconds, UnixSeconds>> ParsePauses(const std::string& text) {
  std::vector<std::pair<UnixSeconds, UnixSeconds>> out;
  auto v = ParseJson(text);
  if (!v.ok() || !v->is_array()) return out;
  for (const auto& p : v->get_array()) {
    if (p.is_array() && p.get_array().size() == 2 && p.get_array()[0].is_int64() &&
        p.get_array()[1].is_int64()) {
      out.emplace_back(p.get_array()[0].get_int64(), p.get_array()[1].get_int64());
    }
  }
  return out;
}

bool Automatic(const std::string& case_type) { return case_type != "manual"; }

}  // namespace

CaseTimes TimesOf(const store::CaseRecord& k) {
  CaseTimes t;
  t.opened_at = k.opened_at;
  t.acknowledged_at = k.acknowledged_at;
  t.first_contact_at = k.first_contact_at;
  t.closed_at = k.closed_at;
  t.waiting_since = k.waiting_since;
  t.pauses = ParsePauses(k.pauses);
  return t;
}

Result<std::vector<CaseView>> CaseService::Views(store::SqlConn& c, const store::TenantScope& t,
                                                 std::vector<store::CaseRecord> records) {
  std::vector<int64_t> automatic;
  for (const auto& k : records) {
    if (Automatic(k.case_type)) automatic.push_back(k.id);
  }
  std::map<int64_t, store::CaseTitleFacts> facts;
  for (size_t i = 0; i < automatic.size(); i += 1000) {
    std::vector<int64_t> part(
        automatic.begin() + static_cast<std::ptrdiff_t>(i),
        automatic.begin() + static_cast<std::ptrdiff_t>(std::min(automatic.size(), i + 1000)));
    ASSIGN_OR_RETURN(auto some, store::CaseStore::TitleFacts(c, t, part));
    facts.merge(some);
  }
  DimRefs refs(c, t);
  std::vector<CaseView> out;
  out.reserve(records.size());
  for (auto& k : records) {
    CaseView v;
    ASSIGN_OR_RETURN(v.customer, refs.Get("customers", k.customer_id));
    ASSIGN_OR_RETURN(v.team, refs.Get("teams", k.team_id));
    ASSIGN_OR_RETURN(v.location, refs.Get("locations", k.location_id));
    ASSIGN_OR_RETURN(v.owner, refs.Get("employees", k.owner_employee_id));
    ASSIGN_OR_RETURN(v.escalated_to, refs.Get("employees", k.escalated_to_employee_id));
    if (auto it = facts.find(k.id); it != facts.end()) {
      v.title_facts = it->second;
      ASSIGN_OR_RETURN(v.title_employee, refs.Get("employees", it->second.employee_id));
    }
    v.record = std::move(k);
    out.push_back(std::move(v));
  }
  return out;
}

Result<SlaState> CaseService::Sla(store::SqlConn& c, const store::CaseRecord& k, UnixSeconds now) {
  ASSIGN_OR_RETURN(auto policies, sla_.Policies(c, k.org_id));
  const store::SlaPolicyRecord* p = PolicyFor(policies, k.case_type);
  if (!p) return SlaState{};
  ASSIGN_OR_RETURN(auto cal, sla_.Calendar(c, k.org_id));
  return EvaluateSla(TimesOf(k), PolicyOf(*p), cal, now);
}

Result<store::CaseFilter> CaseService::FilterOf(store::SqlConn& c, const store::TenantScope& t,
                                                const CaseQuery& q) {
  store::CaseFilter f;
  if (q.status) {
    if (!IsCaseStatus(*q.status)) return InvalidArgument("unknown status", "/query/status");
    f.status = q.status;
  }
  if (q.type) {
    if (std::find(kCaseTypes.begin(), kCaseTypes.end(), *q.type) == kCaseTypes.end()) {
      return InvalidArgument("unknown type", "/query/type");
    }
    f.case_type = q.type;
  }
  if (q.sla) {
    if (*q.sla == "breached") {
      f.sla = store::CaseFilter::Sla::kBreached;
    } else if (*q.sla == "at_risk") {
      f.sla = store::CaseFilter::Sla::kAtRisk;
    } else if (*q.sla == "ok") {
      f.sla = store::CaseFilter::Sla::kOk;
    } else {
      return InvalidArgument("unknown SLA state", "/query/sla");
    }
  }
  ASSIGN_OR_RETURN(f.owner_employee_id, ResolveKey(c, t, "employees", q.owner, "/query/owner"));
  ASSIGN_OR_RETURN(f.team_id, ResolveKey(c, t, "teams", q.team, "/query/team"));
  f.open_only = q.open_only;
  f.opened_from = q.opened_from;
  f.opened_to = q.opened_to;
  return f;
}

Result<CasePage> CaseService::List(const security::Principal& who, const CaseQuery& q) {
  if (q.limit < 1 || q.limit > 1000) {
    return InvalidArgument("limit must be a number from 1 to 1000", "/query/limit");
  }
  std::optional<store::CaseOrder> order;
  if (q.sort) {
    if (*q.sort == "urgency") {
      order = store::CaseOrder::kUrgency;
    } else if (*q.sort == "oldest") {
      order = store::CaseOrder::kOldest;
    } else if (*q.sort == "newest") {
      order = store::CaseOrder::kNewest;
    } else {
      return InvalidArgument("unknown sort", "/query/sort");
    }
  }
  if (q.offset < 0 || q.offset > kMaxCaseOffset) {
    return InvalidArgument("offset out of range", "/query/offset");
  }
  CasePage page;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto f, FilterOf(c, who.tenant, q));
    std::vector<store::CaseRecord> rows;
    if (order) {
      ASSIGN_OR_RETURN(
          rows, store::CaseStore::QueueCases(c, who.tenant, f, *order, q.offset, q.limit + 1));
    } else {
      ASSIGN_OR_RETURN(rows, store::CaseStore::ListCases(c, who.tenant, f, q.after, q.limit + 1));
    }
    page.more = rows.size() > static_cast<size_t>(q.limit);
    if (page.more) rows.pop_back();
    ASSIGN_OR_RETURN(page.cases, Views(c, who.tenant, std::move(rows)));
    return Status::Ok();
  }));
  return page;
}

Result<CaseCounts> CaseService::Count(const security::Principal& who, const CaseQuery& q) {
  CaseCounts out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto f, FilterOf(c, who.tenant, q));
    ASSIGN_OR_RETURN(out, store::CaseStore::CountCases(c, who.tenant, f));
    return Status::Ok();
  }));
  return out;
}

Result<CaseDetail> CaseService::Get(const security::Principal& who, int64_t id) {
  CaseDetail d;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto k, store::CaseStore::GetCase(c, who.tenant, id));
    if (!k) return NotFound("no such case");
    ASSIGN_OR_RETURN(d.sla, Sla(c, *k, clock_.Now()));
    ASSIGN_OR_RETURN(d.origin, OriginOf(c, who.tenant, *k));
    ASSIGN_OR_RETURN(auto events, store::CaseStore::CaseEvents(c, who.tenant, k->id));
    ASSIGN_OR_RETURN(auto actors, ActorNames::Load(c, who.tenant));
    DimRefs refs(c, who.tenant);
    for (auto& e : events) {
      CaseLogEntry entry;
      entry.kind = e.kind;
      entry.actor = e.actor;
      entry.who = actors.Of(e.actor);
      entry.at = e.at;
      if (auto body = ParseJson(e.body); body.ok() && body->is_object()) {
        entry.body = std::move(body->get_object());
      }
      // The employee the entry names, by id or (updates) by key.
      std::optional<int64_t> employee;
      for (const char* field : {"owner_employee_id", "to"}) {
        if (const auto* v = entry.body.if_contains(field); v && v->is_int64()) {
          employee = v->get_int64();
        }
      }
      if (const auto* v = entry.body.if_contains("owner"); v && v->is_string()) {
        auto resolved = ResolveKey(c, who.tenant, "employees", std::string(v->get_string()), "");
        if (resolved.ok()) employee = *resolved;
      }
      ASSIGN_OR_RETURN(entry.employee, refs.Get("employees", employee));
      d.log.push_back(std::move(entry));
    }
    ASSIGN_OR_RETURN(auto views, Views(c, who.tenant, {std::move(*k)}));
    d.view = std::move(views[0]);
    return Status::Ok();
  }));
  return d;
}

}  // namespace beleving::loop
