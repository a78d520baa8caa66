#include "insight/insight_service.h"

#include <algorithm>
#include <limits>

#include "capture/attributes.h"
#include "store/access_store.h"
#include "store/attribute_store.h"
#include "store/dimension_store.h"
#include "store/org_store.h"
#include "store/survey_store.h"

namespace beleving::insight {
namespace {

// An id no row has: a key or id that names nothing matches nothing.
constexpr uint32_t kNoSuchId = std::numeric_limits<uint32_t>::max();

std::vector<uint32_t> EngineIds(const std::vector<int64_t>& ids) {
  std::vector<uint32_t> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    out.push_back(id > 0 && id < kNoSuchId ? static_cast<uint32_t>(id) : kNoSuchId);
  }
  return out;
}

}  // namespace

TimeZone InsightService::Zone(const security::Principal& who) const {
  return engine_.OrgTimeZone(static_cast<uint32_t>(who.tenant.org_id()));
}

Result<Names> InsightService::NamesOf(const security::Principal& who) {
  Names n;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    for (auto [table, out] : {std::pair{"locations", &n.locations},
                              {"teams", &n.teams},
                              {"employees", &n.employees},
                              {"touchpoints", &n.touchpoints},
                              {"surveys", &n.surveys}}) {
      ASSIGN_OR_RETURN(auto items, store::DashboardStore::Names(c, who.tenant, table));
      for (auto& i : items) out->emplace(i.id, std::move(i));
    }
    ASSIGN_OR_RETURN(n.attributes, store::AttributeStore::Dictionary(c, who.tenant));
    ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, who.tenant.org_id()));
    if (org) n.org_slug = org->slug;
    return Status::Ok();
  }));
  return n;
}

Result<Slice> InsightService::Resolve(const security::Principal& who, const SliceByKeys& keys) {
  Slice s;
  s.from = keys.from;
  s.to = keys.to;
  s.channels = keys.channels;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    struct Dim {
      const char* name;
      const char* resource;
      const std::vector<std::string>* keys;
      std::vector<int64_t>* ids;
    };
    for (Dim d : {Dim{"location", "locations", &keys.locations, &s.locations},
                  Dim{"team", "teams", &keys.teams, &s.teams},
                  Dim{"employee", "employees", &keys.employees, &s.employees},
                  Dim{"touchpoint", "touchpoints", &keys.touchpoints, &s.touchpoints}}) {
      if (d.keys->size() > kMaxKeys) {
        return InvalidArgument("at most " + std::to_string(kMaxKeys) + " keys",
                               std::string("/query/") + d.name);
      }
      const store::DimensionSpec& spec = *store::FindDimension(d.resource);
      for (const auto& k : *d.keys) {
        ASSIGN_OR_RETURN(auto id, store::DimensionStore::IdByKey(c, who.tenant, spec, k));
        d.ids->push_back(id.value_or(-1));
      }
    }
    if (keys.surveys.size() > kMaxKeys) {
      return InvalidArgument("at most " + std::to_string(kMaxKeys) + " keys", "/query/survey");
    }
    for (const auto& k : keys.surveys) {
      ASSIGN_OR_RETURN(auto survey, store::SurveyStore::ByKey(c, who.tenant, k));
      s.surveys.push_back(survey ? survey->id : -1);
    }
    if (!keys.customer.empty()) {
      ASSIGN_OR_RETURN(auto dict, store::AttributeStore::Dictionary(c, who.tenant));
      engine::Filter f;
      for (const auto& [key, values] : keys.customer) {
        RETURN_IF_ERROR(
            capture::AddCustomerFilter(dict, key, values, "/query/customer." + key, &f));
      }
      s.attributes = std::move(f.attributes);
    }
    return Status::Ok();
  }));
  return s;
}

Result<std::vector<std::string>> InsightService::ResolveGroupBy(
    const security::Principal& who, std::vector<std::string> group_by) const {
  if (std::none_of(group_by.begin(), group_by.end(),
                   [](const std::string& g) { return g.starts_with("customer."); })) {
    return group_by;
  }
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto dict, store::AttributeStore::Dictionary(c, who.tenant));
    Status st = capture::ResolveCustomerGroupBy(dict, &group_by);
    if (!st.ok()) return InvalidArgument(st.message(), "/query/group_by");
    return Status::Ok();
  }));
  return group_by;
}

engine::Filter InsightService::FilterOf(const security::Principal& who, const Slice& s) const {
  engine::Filter f;
  f.from = s.from;
  f.to = s.to;
  f.locations = EngineIds(s.locations);
  f.teams = EngineIds(s.teams);
  f.employees = EngineIds(s.employees);
  f.touchpoints = EngineIds(s.touchpoints);
  f.channels = s.channels;
  f.surveys = EngineIds(s.surveys);
  f.attributes = s.attributes;
  // The caller's own visibility: never wider than their scope.
  who.tenant.Restrict(&f);
  return f;
}

Result<engine::MeasureResult> InsightService::Measures(const security::Principal& who,
                                                       const Slice& slice,
                                                       std::vector<std::string> group_by,
                                                       std::string_view measure) const {
  engine::MeasureQuery q{who.tenant.EngineScope(), FilterOf(who, slice), std::move(group_by)};
  q.csat = measure == "all" || measure == "csat";
  q.ces = measure == "all" || measure == "ces";
  return engine_.Measures(q);
}

Result<Benchmarks> InsightService::Compare(const security::Principal& who, const Slice& slice,
                                           const engine::MeasureResult& grouped,
                                           int64_t min_answers) const {
  ASSIGN_OR_RETURN(auto whole,
                   engine_.Measures({who.tenant.EngineScope(), FilterOf(who, slice), {}}));
  return CompareWithinOrg(grouped, whole.rows.front().measures, min_answers);
}

Result<engine::ConsistencyResult> InsightService::Consistency(
    const security::Principal& who, const Slice& slice, std::vector<std::string> group_by,
    int standard, int64_t min_employee_responses) const {
  return engine_.Consistency({who.tenant.EngineScope(), FilterOf(who, slice), std::move(group_by),
                              standard, min_employee_responses});
}

Result<RatchetView> InsightService::Ratchet(const security::Principal& who, const Slice& slice,
                                            std::vector<std::string> group_by, int threshold,
                                            size_t list_limit) {
  RatchetView v;
  ASSIGN_OR_RETURN(v.result,
                   engine_.ExpectationRatchet({who.tenant.EngineScope(), FilterOf(who, slice),
                                               std::move(group_by), threshold, list_limit}));
  // The list names customers: personal data, read by managers and admins.
  v.customers_listed = who.CanManage();
  if (v.customers_listed && !v.result.disappointed.empty()) {
    RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
      for (const auto& d : v.result.disappointed) {
        if (v.customer_keys.count(d.customer)) continue;
        ASSIGN_OR_RETURN(v.customer_keys[d.customer],
                         store::DimensionStore::KeyOf(c, who.tenant, "customers", d.customer));
      }
      return Status::Ok();
    }));
    RETURN_IF_ERROR(Audit(who, "read", "disappointed_customers"));
  }
  return v;
}

Result<engine::RankingResult> InsightService::Rankings(const security::Principal& who,
                                                       const Slice& slice, const std::string& level,
                                                       int64_t min_count) const {
  return engine_.FairRanking({who.tenant.EngineScope(), FilterOf(who, slice), level, min_count});
}

Result<engine::KeyDriversResult> InsightService::Drivers(const security::Principal& who,
                                                         const Slice& slice,
                                                         std::vector<std::string> group_by,
                                                         int64_t min_n) const {
  return engine_.KeyDrivers(
      {who.tenant.EngineScope(), FilterOf(who, slice), std::move(group_by), min_n});
}

Result<NamedItem> InsightService::Team(const security::Principal& who, const Names& names,
                                       int64_t id) const {
  auto it = names.teams.find(id);
  if (it == names.teams.end() || !who.tenant.SeesTeam(id)) return NotFound("no such team");
  return it->second;
}

Result<NamedItem> InsightService::Touchpoint(const security::Principal&, const Names& names,
                                             int64_t id) const {
  auto it = names.touchpoints.find(id);
  if (it == names.touchpoints.end()) return NotFound("no such touchpoint");
  return it->second;
}

Result<NamedItem> InsightService::Person(const security::Principal& who, const Names& names,
                                         int64_t id) {
  const auto& t = who.tenant;
  if (t.kind() == store::TenantScope::Kind::kOwnFeedback && t.employee() != id) {
    return NotFound("no such employee");
  }
  auto it = names.employees.find(id);
  if (it == names.employees.end()) return NotFound("no such employee");
  const auto& team = it->second.parent_id;
  if (t.kind() == store::TenantScope::Kind::kManager && !(team && t.SeesTeam(*team))) {
    // Not of a team they see: still theirs to open when some of the
    // employee's responses are in their view (as the rankings list them).
    Slice own;
    own.employees = {id};
    ASSIGN_OR_RETURN(auto m, Measures(who, own, {}));
    if (m.rows.empty() || m.rows[0].measures.count == 0) return NotFound("no such employee");
  }
  RETURN_IF_ERROR(Audit(who, "dashboard.person.read", "employee:" + std::to_string(id)));
  return it->second;
}

Result<std::shared_ptr<const text::TextAnalyzer>> InsightService::AnalyzerOf(
    const security::Principal& who) {
  return text_.Analyzer(who.tenant.org_id());
}

Status InsightService::Audit(const security::Principal& who, const std::string& action,
                             const std::string& subject) {
  const UnixSeconds now = clock_.Now();
  return db_.Write([&](store::SqlConn& c) {
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), action, subject, now);
  });
}

}  // namespace beleving::insight
