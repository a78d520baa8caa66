// Insight endpoints answered by the in-memory engine: measures by any slice,
// consistency, the expectation ratchet, fair rankings and key drivers.
//
// Query parameters common to all of them:
//   from, to             period [from, to) as a date or RFC 3339 date-time
//   location, team, employee, touchpoint   keys, comma-separated for several
//   channel              online, phone, email, face_to_face, chat, other
//   group_by             org, location, team, employee, touchpoint, channel,
//                        day, week, month, quarter (comma-separated)
// The caller's TenantScope narrows the filter: a manager sees their teams
// and locations, an employee their own responses.
#include <limits>
#include <map>

#include "api/app.h"
#include "core/time_format.h"
#include "engine/engine.h"
#include "store/dimension_store.h"
#include "store/org_store.h"

namespace beleving::api {
namespace {

constexpr uint32_t kNoSuchId = std::numeric_limits<uint32_t>::max();

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    std::string part = s.substr(start, comma - start);
    if (!part.empty()) out.push_back(part);
    start = comma + 1;
  }
  return out;
}

// Names of the dimension items of one org, for labelling group rows.
struct Labels {
  std::map<std::string, std::map<int64_t, std::pair<std::string, std::string>>> by_resource;
  std::string org_slug;
};

// What every insight request shares: the engine scope and filter, group-by
// names, and the labels to render keys.
struct InsightRequest {
  engine::Scope scope = engine::Scope::Org(0);
  engine::Filter filter;
  std::vector<std::string> group_by;
  Labels labels;
};

Result<std::vector<uint32_t>> ResolveKeys(store::SqlConn& c, const store::TenantScope& t,
                                          const char* resource, const std::string& list,
                                          const std::string& field) {
  std::vector<uint32_t> ids;
  auto keys = SplitList(list);
  if (keys.size() > 200) return InvalidArgument("at most 200 keys", field);
  for (const auto& k : keys) {
    ASSIGN_OR_RETURN(auto id,
                     store::DimensionStore::IdByKey(c, t, *store::FindDimension(resource), k));
    ids.push_back(id ? static_cast<uint32_t>(*id) : kNoSuchId);
  }
  return ids;
}

// Narrows `ids` (empty = all) to `allowed`; an empty result matches nothing.
Result<InsightRequest> ParseInsightRequest(Call& call, bool with_group_by) {
  InsightRequest ir;
  const auto& t = call.tenant();
  ir.scope = engine::Scope::Org(static_cast<uint32_t>(t.org_id()));
  RETURN_IF_ERROR(ParsePeriod(call.req, &ir.filter.from, &ir.filter.to));
  if (auto v = call.req.Query("channel")) {
    for (const auto& name : SplitList(*v)) {
      auto ch = engine::ParseChannel(name);
      if (!ch || *ch == engine::Channel::kUnknown) {
        return InvalidArgument("channel must be online, phone, email, face_to_face, chat or other",
                               "/query/channel");
      }
      ir.filter.channels.push_back(*ch);
    }
  }
  if (with_group_by) {
    if (auto v = call.req.Query("group_by")) ir.group_by = SplitList(*v);
    // Validate names early so the error names the query parameter.
    auto parsed = engine::ParseGroupBy(ir.group_by);
    if (!parsed.ok()) {
      return InvalidArgument(parsed.status().message(), "/query/group_by");
    }
  }
  RETURN_IF_ERROR(call.app.db().Read([&](store::SqlConn& c) -> Status {
    struct Dim {
      const char* param;
      const char* resource;
      std::vector<uint32_t>* ids;
    };
    for (Dim d : {Dim{"location", "locations", &ir.filter.locations},
                  Dim{"team", "teams", &ir.filter.teams},
                  Dim{"employee", "employees", &ir.filter.employees},
                  Dim{"touchpoint", "touchpoints", &ir.filter.touchpoints}}) {
      if (auto v = call.req.Query(d.param)) {
        ASSIGN_OR_RETURN(*d.ids,
                         ResolveKeys(c, t, d.resource, *v, std::string("/query/") + d.param));
      }
    }
    // The caller's own visibility.
    t.Restrict(&ir.filter);
    for (const char* res : {"locations", "teams", "employees", "touchpoints"}) {
      auto& m = ir.labels.by_resource[res];
      ASSIGN_OR_RETURN(
          auto rows, c.Query(std::string("SELECT id, key, name FROM ") + res + " WHERE org_id = $1",
                             {t.org_id()}));
      for (auto& r : rows) m[r[0].as_int()] = {r[1].as_text(), r[2].as_text()};
    }
    ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, t.org_id()));
    if (org) ir.labels.org_slug = org->slug;
    return Status::Ok();
  }));
  return ir;
}

const char* ResourceOf(engine::GroupKey k) {
  switch (k) {
    case engine::GroupKey::kLocation:
      return "locations";
    case engine::GroupKey::kTeam:
      return "teams";
    case engine::GroupKey::kEmployee:
      return "employees";
    case engine::GroupKey::kTouchpoint:
      return "touchpoints";
    default:
      return nullptr;
  }
}

json::value DimensionLabel(const Labels& labels, const char* resource, int64_t id) {
  if (id == 0) return json::object{{"id", nullptr}, {"key", nullptr}, {"name", "(onbekend)"}};
  const auto& m = labels.by_resource.at(resource);
  auto it = m.find(id);
  if (it == m.end()) return json::object{{"id", id}, {"key", nullptr}, {"name", nullptr}};
  return json::object{{"id", id}, {"key", it->second.first}, {"name", it->second.second}};
}

json::object GroupJson(const Labels& labels, const std::vector<engine::GroupKey>& keys,
                       const std::vector<int64_t>& values) {
  json::object g;
  for (size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    std::string name(engine::GroupKeyName(keys[i]));
    if (const char* res = ResourceOf(keys[i])) {
      g[name] = DimensionLabel(labels, res, values[i]);
    } else if (keys[i] == engine::GroupKey::kOrg) {
      g[name] = labels.org_slug;
    } else {
      g[name] = engine::FormatGroupValue(keys[i], values[i]);
    }
  }
  return g;
}

json::value Opt(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

Result<std::optional<int64_t>> IntParam(const Call& call, const char* name, int64_t lo,
                                        int64_t hi) {
  auto v = call.req.Query(name);
  if (!v) return std::optional<int64_t>();
  std::string field = std::string("/query/") + name;
  if (v->empty() || v->size() > 12 || v->find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument(std::string(name) + " must be a whole number", field);
  }
  int64_t x = std::stoll(*v);
  if (x < lo || x > hi) {
    return InvalidArgument(
        std::string(name) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi),
        field);
  }
  return std::optional<int64_t>(x);
}

http::Response Metrics(Call& call) {
  std::string measure = call.req.Query("measure").value_or("all");
  static const std::vector<std::string> kMeasures = {"all", "nps",  "share_tens",  "csat",
                                                     "ces", "mean", "distribution"};
  if (std::find(kMeasures.begin(), kMeasures.end(), measure) == kMeasures.end()) {
    return http::Problem(400, "",
                         "measure must be all, nps, share_tens, csat, ces, mean or distribution",
                         "/query/measure");
  }
  auto ir = ParseInsightRequest(call, true);
  if (!ir.ok()) return http::ProblemFromStatus(ir.status());
  engine::MeasureQuery q{ir->scope, ir->filter, ir->group_by};
  auto res = call.app.engine().Measures(q);
  if (!res.ok()) return http::ProblemFromStatus(res.status());
  auto want = [&](const char* m) { return measure == "all" || measure == m; };
  json::array rows;
  for (const auto& row : res->rows) {
    const auto& m = row.measures;
    json::object o;
    o["group"] = GroupJson(ir->labels, res->group_by, row.key);
    o["count"] = m.count;
    if (want("nps")) {
      o["nps_answers"] = m.nps_answers;
      o["promoters"] = m.promoters;
      o["passives"] = m.passives;
      o["detractors"] = m.detractors;
      o["nps"] = Opt(m.nps);
      o["ci_low"] = Opt(m.nps_ci_low);
      o["ci_high"] = Opt(m.nps_ci_high);
    }
    if (want("share_tens") || want("nps")) o["share_tens"] = Opt(m.share_tens);
    if (want("csat")) {
      o["csat_answers"] = m.csat_answers;
      o["csat"] = Opt(m.csat);
    }
    if (want("ces")) {
      o["ces_answers"] = m.ces_answers;
      o["ces_mean"] = Opt(m.ces_mean);
      o["ces_easy_share"] = Opt(m.ces_easy_share);
    }
    if (want("mean")) o["mean"] = Opt(m.mean_score);
    if (want("distribution")) {
      json::array d;
      for (auto n : m.distribution) d.push_back(n);
      o["distribution"] = d;
    }
    rows.push_back(std::move(o));
  }
  json::array gb;
  for (auto k : res->group_by) gb.push_back(json::string(engine::GroupKeyName(k)));
  return JsonOk(json::object{{"measure", measure}, {"group_by", gb}, {"rows", rows}});
}

http::Response Consistency(Call& call) {
  auto ir = ParseInsightRequest(call, true);
  if (!ir.ok()) return http::ProblemFromStatus(ir.status());
  auto standard = IntParam(call, "standard", 1, 10);
  if (!standard.ok()) return http::ProblemFromStatus(standard.status());
  auto min_emp = IntParam(call, "min_employee_responses", 1, 100000);
  if (!min_emp.ok()) return http::ProblemFromStatus(min_emp.status());
  engine::ConsistencyQuery q{ir->scope, ir->filter, ir->group_by,
                             static_cast<int>(standard->value_or(7)), min_emp->value_or(5)};
  auto res = call.app.engine().Consistency(q);
  if (!res.ok()) return http::ProblemFromStatus(res.status());
  json::array rows;
  for (const auto& r : res->rows) {
    json::object o{{"group", GroupJson(ir->labels, res->group_by, r.key)},
                   {"count", r.n},
                   {"mean", r.mean},
                   {"stddev", r.stddev},
                   {"q1", r.q1},
                   {"q3", r.q3},
                   {"iqr", r.iqr},
                   {"share_below", r.share_below}};
    if (r.employees) {
      o["employees"] = json::object{{"employees", r.employees->employees},
                                    {"stddev", Opt(r.employees->stddev)},
                                    {"min_mean", Opt(r.employees->min_mean)},
                                    {"max_mean", Opt(r.employees->max_mean)}};
    }
    rows.push_back(std::move(o));
  }
  return JsonOk(json::object{{"standard", q.standard}, {"rows", rows}});
}

http::Response Ratchet(Call& call) {
  auto ir = ParseInsightRequest(call, true);
  if (!ir.ok()) return http::ProblemFromStatus(ir.status());
  auto threshold = IntParam(call, "threshold", 1, 10);
  if (!threshold.ok()) return http::ProblemFromStatus(threshold.status());
  auto limit = IntParam(call, "limit", 0, 1000);
  if (!limit.ok()) return http::ProblemFromStatus(limit.status());
  engine::RatchetQuery q{ir->scope, ir->filter, ir->group_by,
                         static_cast<int>(threshold->value_or(3)),
                         static_cast<size_t>(limit->value_or(100))};
  auto res = call.app.engine().ExpectationRatchet(q);
  if (!res.ok()) return http::ProblemFromStatus(res.status());
  json::array rows;
  for (const auto& r : res->rows) {
    rows.push_back(json::object{{"group", GroupJson(ir->labels, res->group_by, r.key)},
                                {"with_prev", r.with_prev},
                                {"disappointed", r.disappointed},
                                {"share", Opt(r.share)}});
  }
  // The list names customers: personal data, read by managers and admins.
  json::array list;
  bool personal = call.who->CanManage();
  std::map<int64_t, std::string> customer_keys;
  if (personal && !res->disappointed.empty()) {
    (void)call.app.db().Read([&](store::SqlConn& c) -> Status {
      for (const auto& d : res->disappointed) {
        ASSIGN_OR_RETURN(auto k,
                         store::DimensionStore::KeyOf(c, call.tenant(), "customers", d.customer));
        customer_keys[d.customer] = k;
      }
      return Status::Ok();
    });
    call.app.Audit(call, "read", "disappointed_customers");
  }
  for (const auto& d : res->disappointed) {
    json::object o{{"response_id", d.response_id},
                   {"submitted_at", FormatRfc3339(d.submitted_at)},
                   {"score", d.score},
                   {"best_previous", d.best_prev},
                   {"employee", DimensionLabel(ir->labels, "employees", d.employee)},
                   {"team", DimensionLabel(ir->labels, "teams", d.team)},
                   {"touchpoint", DimensionLabel(ir->labels, "touchpoints", d.touchpoint)}};
    if (personal) o["customer"] = customer_keys[d.customer];
    list.push_back(std::move(o));
  }
  return JsonOk(json::object{{"threshold", q.threshold},
                             {"rows", rows},
                             {"disappointed", list},
                             {"disappointed_total", res->disappointed_total}});
}

http::Response Rankings(Call& call) {
  auto ir = ParseInsightRequest(call, false);
  if (!ir.ok()) return http::ProblemFromStatus(ir.status());
  std::string level = call.req.Query("level").value_or("employee");
  if (level != "employee" && level != "team" && level != "location") {
    return http::Problem(400, "", "level must be employee, team or location", "/query/level");
  }
  auto min_count = IntParam(call, "min_count", 1, 1000000);
  if (!min_count.ok()) return http::ProblemFromStatus(min_count.status());
  engine::RankingQuery q{ir->scope, ir->filter, level, min_count->value_or(10)};
  auto res = call.app.engine().FairRanking(q);
  if (!res.ok()) return http::ProblemFromStatus(res.status());
  const char* resource = level == "employee" ? "employees"
                         : level == "team"   ? "teams"
                                             : "locations";
  json::array rows;
  for (const auto& r : res->rows) {
    rows.push_back(json::object{{level, DimensionLabel(ir->labels, resource, r.id)},
                                {"count", r.n},
                                {"promoters", r.promoters},
                                {"passives", r.passives},
                                {"detractors", r.detractors},
                                {"raw_nps", r.raw_nps},
                                {"nps", r.posterior_nps},
                                {"ci_low", r.ci_low},
                                {"ci_high", r.ci_high},
                                {"rank", r.rank ? json::value(*r.rank) : json::value(nullptr)}});
  }
  json::object prior;
  if (!res->priors.empty()) {
    const auto& p = res->priors.front();
    prior = json::object{
        {"groups", p.groups},
        {"promoters", p.pooled[0]},
        {"passives", p.pooled[1]},
        {"detractors", p.pooled[2]},
        {"pseudo_answers", std::isfinite(p.alpha0) ? json::value(p.alpha0) : json::value(nullptr)}};
  }
  return JsonOk(json::object{
      {"level", level},
      {"min_count", q.min_count},
      {"method",
       "empirical-Bayes Dirichlet shrinkage toward the organisation; see docs/ranking.md"},
      {"prior", prior},
      {"rows", rows}});
}

http::Response Drivers(Call& call) {
  auto ir = ParseInsightRequest(call, true);
  if (!ir.ok()) return http::ProblemFromStatus(ir.status());
  auto min_n = IntParam(call, "min_n", 2, 100000000);
  if (!min_n.ok()) return http::ProblemFromStatus(min_n.status());
  engine::KeyDriversQuery q{ir->scope, ir->filter, ir->group_by, min_n->value_or(30)};
  auto res = call.app.engine().KeyDrivers(q);
  if (!res.ok()) return http::ProblemFromStatus(res.status());
  json::array groups;
  for (const auto& g : res->groups) {
    json::array drivers;
    for (const auto& d : g.drivers) {
      drivers.push_back(json::object{
          {"driver", d.name},
          {"n", d.n},
          {"n_rated", d.n_rated},
          {"r", Opt(d.r)},
          {"mean_rating", Opt(d.mean_rating)},
          {"top2_share", Opt(d.top2_share)},
          {"relative_weight", Opt(d.raw_weight)},
          {"weight_share", Opt(d.weight_share)},
          {"quadrant", d.quadrant.empty() ? json::value(nullptr) : json::value(d.quadrant)}});
    }
    groups.push_back(json::object{{"group", GroupJson(ir->labels, res->group_by, g.key)},
                                  {"responses", g.responses},
                                  {"r_squared", Opt(g.r_squared)},
                                  {"drivers", drivers}});
  }
  return JsonOk(json::object{{"groups", groups}});
}

}  // namespace

void RegisterInsightRoutes(App& app) {
  app.Add("GET", "/api/v1/metrics", Access::kRead, Metrics);
  app.Add("GET", "/api/v1/insights/consistency", Access::kRead, Consistency);
  app.Add("GET", "/api/v1/insights/ratchet", Access::kRead, Ratchet);
  app.Add("GET", "/api/v1/insights/rankings", Access::kRead, Rankings);
  app.Add("GET", "/api/v1/insights/drivers", Access::kRead, Drivers);
}

}  // namespace beleving::api
