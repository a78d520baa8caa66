#include "loop/sla_watch.h"

#include <map>

#include "i18n/catalogue.h"

namespace beleving::loop {
namespace {

constexpr int kBatch = 500;

}  // namespace

Status SlaWatch::Escalate(store::SqlConn& c, store::CaseRecord& k, const std::string& reason) {
  const auto t = store::TenantScope::System(k.org_id);
  std::optional<int64_t> location = k.location_id;
  if (!location && k.team_id) {
    ASSIGN_OR_RETURN(location, store::CaseStore::TeamLocation(c, t, *k.team_id));
  }
  std::optional<int64_t> lead, manager;
  if (k.team_id) {
    ASSIGN_OR_RETURN(lead, store::CaseStore::TeamLead(c, t, *k.team_id));
  }
  if (location) {
    ASSIGN_OR_RETURN(manager, store::CaseStore::LocationManager(c, t, *location));
  }
  std::optional<int64_t> current =
      k.escalated_to_employee_id ? k.escalated_to_employee_id : k.owner_employee_id;
  int level = k.escalation_level;
  std::optional<int64_t> to;
  bool found = false;
  for (int next = level + 1; next <= 3 && !found; ++next) {
    if (next == 3) {
      level = 3;
      to.reset();
      found = true;
    } else {
      const auto& who = next == 1 ? lead : manager;
      if (who && who != current) {
        level = next;
        to = who;
        found = true;
      }
    }
  }
  if (!found) return Status::Ok();  // already with the org admins
  k.escalation_level = level;
  k.escalated_to_employee_id = to;
  k.updated_at = clock_.Now();
  RETURN_IF_ERROR(store::CaseStore::UpdateCase(c, k));
  json::object body{{"level", level}, {"reason", reason}};
  body["to"] = level == 3 ? json::value("org_admins") : json::value(*to);
  if (level == 3) {
    ASSIGN_OR_RETURN(auto admins, store::CaseStore::AdminEmails(c, t));
    json::array a;
    for (auto& e : admins) a.push_back(json::value(e));
    body["admins"] = a;
  }
  return cases_.AddEvent(c, k, "escalation", "system", body);
}

Status SlaWatch::EvaluateOpenCases(UnixSeconds now) {
  const auto all = store::SystemScope::AllOrganisations();  // the tick's timers
  int64_t after = 0;
  while (true) {
    bool more = false;
    bool work = false;
    // A read pass finds whether this page has a timer that crosses a line; only
    // then the page is evaluated again inside a write.
    const int64_t page_start = after;
    for (bool apply : {false, true}) {
      if (apply && !work) break;
      auto pass = [&, apply, page_start](store::SqlConn& c) -> Status {
        after = page_start;
        ASSIGN_OR_RETURN(auto rows, store::CaseStore::SysOpenCases(c, all, after, kBatch));
        more = rows.size() == static_cast<size_t>(kBatch);
        std::map<int64_t, std::vector<store::SlaPolicyRecord>> policies;
        std::map<int64_t, BusinessCalendar> calendars;
        for (auto& k : rows) {
          after = k.id;
          auto pit = policies.find(k.org_id);
          if (pit == policies.end()) {
            ASSIGN_OR_RETURN(auto ps, settings_.Policies(c, k.org_id));
            pit = policies.emplace(k.org_id, std::move(ps)).first;
          }
          const store::SlaPolicyRecord* policy = PolicyFor(pit->second, k.case_type);
          if (!policy) continue;
          auto cit = calendars.find(k.org_id);
          if (cit == calendars.end()) {
            ASSIGN_OR_RETURN(auto cal, settings_.Calendar(c, k.org_id));
            cit = calendars.emplace(k.org_id, std::move(cal)).first;
          }
          SlaState s = EvaluateSla(TimesOf(k), PolicyOf(*policy), cit->second, now);
          const TimerEval* timers[3] = {&s.acknowledge, &s.first_contact, &s.resolve};
          for (int i = 0; i < 3; ++i) {
            const TimerEval& t = *timers[i];
            int64_t risk_bit = int64_t{1} << (2 * i), breach_bit = int64_t{1} << (2 * i + 1);
            bool breached = t.state == TimerState::kBreached;
            bool at_risk = t.state == TimerState::kAtRisk;
            const char* event = nullptr;
            if (breached && !(k.sla_flags & breach_bit)) {
              k.sla_flags |= risk_bit | breach_bit;
              event = "sla.breached";
            } else if (at_risk && !(k.sla_flags & risk_bit)) {
              k.sla_flags |= risk_bit;
              event = "sla.at_risk";
            }
            if (!event) continue;
            work = true;
            if (!apply) continue;
            k.updated_at = now;
            RETURN_IF_ERROR(store::CaseStore::UpdateCase(c, k));
            json::object body{{"event", event},
                              {"target", t.target},
                              {"used_seconds", t.used_seconds},
                              {"allowed_seconds", t.allowed_seconds}};
            RETURN_IF_ERROR(cases_.AddEvent(c, k, "sla", "system", body));
            RETURN_IF_ERROR(Escalate(c, k, std::string(event) + ":" + t.target));
            const std::string number = std::to_string(k.id), target = t.target;
            const std::string key = breached ? "loop.alert.sla_breached" : "loop.alert.sla_at_risk";
            RETURN_IF_ERROR(alerts_.Raise(
                c, k.org_id, event,
                [&](i18n::Lang lang) {
                  return i18n::Format(lang, key,
                                      {{"number", number},
                                       {"target", i18n::Text(lang, "loop.sla.target." + target)},
                                       {"title", k.title}});
                },
                {{"case_id", k.id}, {"target", t.target}}));
          }
        }
        return Status::Ok();
      };
      RETURN_IF_ERROR(apply ? db_.Write(pass) : db_.Read(pass));
    }
    if (!more) return Status::Ok();
  }
}

Result<SlaReport> SlaWatch::Report(const security::Principal& who, std::optional<UnixSeconds> from,
                                   std::optional<UnixSeconds> to) {
  if (from && to && *from >= *to) return InvalidArgument("from must be before to", "/query/from");
  SlaReport rep;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto policies, settings_.Policies(c, who.tenant.org_id()));
    ASSIGN_OR_RETURN(auto cal, settings_.Calendar(c, who.tenant.org_id()));
    std::map<std::string, SlaReportRow> rows;
    store::CaseFilter f;
    f.opened_from = from;
    f.opened_to = to;
    for (int64_t after = 0;;) {
      ASSIGN_OR_RETURN(auto page, store::CaseStore::ListCases(c, who.tenant, f, after, 5000));
      for (const auto& k : page) {
        after = k.id;
        SlaReportRow& row = rows[k.case_type];
        row.case_type = k.case_type;
        ++row.opened;
        if (k.closed_at) ++row.closed;
        SlaState s;
        if (const auto* p = PolicyFor(policies, k.case_type)) {
          s = EvaluateSla(TimesOf(k), PolicyOf(*p), cal, now);
        }
        for (auto [timer, counts] : {std::pair{&s.acknowledge, &row.acknowledge},
                                     {&s.first_contact, &row.first_contact},
                                     {&s.resolve, &row.resolve}}) {
          if (timer->state == TimerState::kMet) ++counts->met;
          if (timer->state == TimerState::kMissed) ++counts->missed;
          if (timer->state == TimerState::kBreached) ++counts->breached_open;
          if (timer->state == TimerState::kMet || timer->state == TimerState::kMissed) {
            ++counts->finished;
            counts->total_used_seconds += timer->used_seconds;
          }
        }
        if (rep.cases.size() < 1000) rep.cases.push_back({k, s});
      }
      if (page.size() < 5000) break;
    }
    for (auto& [k, r] : rows) rep.by_type.push_back(r);
    return Status::Ok();
  }));
  return rep;
}

}  // namespace beleving::loop
