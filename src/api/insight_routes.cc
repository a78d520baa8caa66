// Insight endpoints answered by the insight service (insight/insight_service.h):
// measures by any slice, consistency, the expectation ratchet, fair rankings
// and key drivers. The handlers turn the checked query into a slice, call the
// service with the caller, and the service's result into JSON.
//
// Query parameters common to all of them (api/insight_schema.h):
//   from, to             period [from, to) as a date or RFC 3339 date-time
//   location, team, employee, touchpoint   keys, comma-separated for several
//   channel              online, phone, email, face_to_face, chat, other
//   survey               survey keys, comma-separated
//   customer.KEY         values of a customer attribute ("" = no value)
//   group_by             org, location, team, employee, touchpoint, channel,
//                        day, week, month, quarter, survey, customer.KEY
//                        (comma-separated; not on rankings)
// The caller's TenantScope narrows the slice: a manager sees their teams
// and locations, an employee their own responses.
#include <algorithm>
#include <cmath>

#include "api/app.h"
#include "api/insight_schema.h"
#include "core/time_format.h"

namespace beleving::api {
namespace {

json::value Opt(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value ItemJson(const insight::ItemLabel& l) {
  if (l.unknown) return json::object{{"id", nullptr}, {"key", nullptr}, {"name", "(onbekend)"}};
  return json::object{{"id", l.id},
                      {"key", l.key ? json::value(*l.key) : json::value(nullptr)},
                      {"name", l.name ? json::value(*l.name) : json::value(nullptr)}};
}

json::object GroupJson(const std::vector<insight::GroupValue>& group) {
  json::object g;
  for (const auto& v : group) {
    if (!v.name.empty()) {  // customer.KEY: its value, null for none
      g[v.name] = v.text.empty() ? json::value(nullptr) : json::value(v.text);
      continue;
    }
    std::string name(engine::GroupKeyName(v.key));
    g[name] = v.item ? ItemJson(*v.item) : json::value(v.text);
  }
  return g;
}

// The slice of the request, resolved by the service, and the names that
// label its groups.
struct Request {
  insight::Slice slice;
  insight::Names names;
  std::vector<std::string> group_by;
};

Result<Request> Read(Call& call, bool with_group_by) {
  Request r;
  auto& svc = call.services().insight();
  ASSIGN_OR_RETURN(auto keys, SliceOf(call));
  if (with_group_by) {
    ASSIGN_OR_RETURN(r.group_by, svc.ResolveGroupBy(*call.who, GroupByOf(call)));
    // Duplicates and two periods are the engine's rule: named as the query
    // parameter.
    if (auto parsed = engine::ParseGroupBy(r.group_by); !parsed.ok()) {
      return InvalidArgument(parsed.status().message(), "/query/group_by");
    }
  }
  ASSIGN_OR_RETURN(r.slice, svc.Resolve(*call.who, keys));
  ASSIGN_OR_RETURN(r.names, svc.NamesOf(*call.who));
  return r;
}

// Every analysis takes the slice, and most a grouping.
std::vector<Parameter> SliceParameters(bool with_group_by) {
  std::vector<Parameter> p = {PeriodParameter("from"),
                              PeriodParameter("to"),
                              KeysParameter("location", "location"),
                              KeysParameter("team", "team"),
                              KeysParameter("employee", "employee"),
                              KeysParameter("touchpoint", "touchpoint"),
                              ChannelsParameter()};
  for (auto& q : SegmentParameters()) p.push_back(std::move(q));
  if (with_group_by) p.push_back(GroupByParameter());
  return p;
}

Operation Analysis(std::string id, std::string summary, std::string answer, bool with_group_by,
                   std::vector<Parameter> extra) {
  Operation op{std::move(id), std::move(summary), "insight", {}, {}, {}, {}, {}};
  op.query = SliceParameters(with_group_by);
  for (auto& p : extra) op.query.push_back(std::move(p));
  op.replies = {{200, "OK", std::move(answer), {}, "application/json"}};
  return op;
}

std::vector<Parameter> MetricsParameters() {
  std::vector<Parameter> p = SliceParameters(true);
  p.push_back({"measure", Schema::Enum(Values(insight::kMeasures)), false,
               "which measures each row carries (default all)"});
  p.push_back({"compare", Schema::Enum({"org"}), false,
               "org: each row also carries the organisation's own NPS (the whole slice in the "
               "caller's scope) and its best comparable group (same other group keys, another "
               "location, team or employee, with at least the fair ranking's minimum of NPS "
               "answers)"});
  return p;
}

// compare=org: the organisation's own figure at the top and in every row,
// and each row's best comparable group (insight/benchmarks.h).
void AddBenchmarks(const insight::Benchmarks& b, const engine::MeasureResult& res,
                   const insight::Names& names, json::object* out) {
  json::array& rows = (*out)["rows"].as_array();
  for (size_t i = 0; i < rows.size(); ++i) {
    json::value best = nullptr;
    if (b.best[i]) {
      const auto& row = res.rows[*b.best[i]];
      best = json::object{{"group", GroupJson(names.Group(res.group_by, row.key))},
                          {"nps", Opt(row.measures.nps)},
                          {"nps_answers", row.measures.nps_answers}};
    }
    rows[i].as_object()["benchmark"] =
        json::object{{"org_nps", Opt(b.org.nps)}, {"best", std::move(best)}};
  }
  (*out)["benchmark"] =
      json::object{{"org", json::object{{"count", b.org.count},
                                        {"nps_answers", b.org.nps_answers},
                                        {"nps", Opt(b.org.nps)}}},
                   {"peer", b.peer ? json::value(json::string(engine::GroupKeyName(*b.peer)))
                                   : json::value(nullptr)},
                   {"min_nps_answers", b.min_answers}};
}

http::Response Metrics(Call& call) {
  std::string measure = call.req.Query("measure").value_or("all");
  auto r = Read(call, true);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  auto res = call.services().insight().Measures(*call.who, r->slice, r->group_by, measure);
  if (!res.ok()) return http::ProblemFromStatus(res.status());
  auto want = [&](const char* m) { return measure == "all" || measure == m; };
  json::array rows;
  for (const auto& row : res->rows) {
    const auto& m = row.measures;
    json::object o;
    o["group"] = GroupJson(r->names.Group(res->group_by, row.key));
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
  json::object out{{"measure", measure}, {"group_by", gb}, {"rows", rows}};
  if (call.req.Query("compare")) {
    auto b = call.services().insight().Compare(*call.who, r->slice, *res);
    if (!b.ok()) return http::ProblemFromStatus(b.status());
    AddBenchmarks(*b, *res, r->names, &out);
  }
  return JsonOk(out);
}

http::Response Consistency(Call& call) {
  auto r = Read(call, true);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  const int standard = static_cast<int>(BoundedOf(call, "standard", insight::kStandard));
  auto res = call.services().insight().Consistency(
      *call.who, r->slice, r->group_by, standard,
      BoundedOf(call, "min_employee_responses", insight::kMinEmployeeResponses));
  if (!res.ok()) return http::ProblemFromStatus(res.status());
  json::array rows;
  for (const auto& row : res->rows) {
    json::object o{{"group", GroupJson(r->names.Group(res->group_by, row.key))},
                   {"count", row.n},
                   {"mean", row.mean},
                   {"stddev", row.stddev},
                   {"q1", row.q1},
                   {"q3", row.q3},
                   {"iqr", row.iqr},
                   {"share_below", row.share_below}};
    if (row.employees) {
      o["employees"] = json::object{{"employees", row.employees->employees},
                                    {"stddev", Opt(row.employees->stddev)},
                                    {"min_mean", Opt(row.employees->min_mean)},
                                    {"max_mean", Opt(row.employees->max_mean)}};
    }
    rows.push_back(std::move(o));
  }
  return JsonOk(json::object{{"standard", standard}, {"rows", rows}});
}

http::Response Ratchet(Call& call) {
  auto r = Read(call, true);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  const int threshold = static_cast<int>(BoundedOf(call, "threshold", insight::kRatchetThreshold));
  auto v = call.services().insight().Ratchet(
      *call.who, r->slice, r->group_by, threshold,
      static_cast<size_t>(BoundedOf(call, "limit", insight::kRatchetListLimit)));
  if (!v.ok()) return http::ProblemFromStatus(v.status());
  const auto& res = v->result;
  json::array rows;
  for (const auto& row : res.rows) {
    rows.push_back(json::object{{"group", GroupJson(r->names.Group(res.group_by, row.key))},
                                {"with_prev", row.with_prev},
                                {"disappointed", row.disappointed},
                                {"share", Opt(row.share)}});
  }
  json::array list;
  for (const auto& d : res.disappointed) {
    json::object o{{"response_id", d.response_id},
                   {"submitted_at", FormatRfc3339(d.submitted_at)},
                   {"score", d.score},
                   {"best_previous", d.best_prev},
                   {"employee", ItemJson(r->names.Item(r->names.employees, d.employee))},
                   {"team", ItemJson(r->names.Item(r->names.teams, d.team))},
                   {"touchpoint", ItemJson(r->names.Item(r->names.touchpoints, d.touchpoint))}};
    if (v->customers_listed) {
      auto it = v->customer_keys.find(d.customer);
      o["customer"] = it == v->customer_keys.end() ? std::string() : it->second;
    }
    list.push_back(std::move(o));
  }
  return JsonOk(json::object{{"threshold", threshold},
                             {"rows", rows},
                             {"disappointed", list},
                             {"disappointed_total", res.disappointed_total}});
}

http::Response Rankings(Call& call) {
  auto r = Read(call, false);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  std::string level = call.req.Query("level").value_or("employee");
  const int64_t min_count = BoundedOf(call, "min_count", insight::kRankingMinCount);
  auto res = call.services().insight().Rankings(*call.who, r->slice, level, min_count);
  if (!res.ok()) return http::ProblemFromStatus(res.status());
  const auto& items = level == "employee" ? r->names.employees
                      : level == "team"   ? r->names.teams
                                          : r->names.locations;
  json::array rows;
  for (const auto& row : res->rows) {
    rows.push_back(
        json::object{{level, ItemJson(r->names.Item(items, row.id))},
                     {"count", row.n},
                     {"promoters", row.promoters},
                     {"passives", row.passives},
                     {"detractors", row.detractors},
                     {"raw_nps", row.raw_nps},
                     {"nps", row.posterior_nps},
                     {"ci_low", row.ci_low},
                     {"ci_high", row.ci_high},
                     {"rank", row.rank ? json::value(*row.rank) : json::value(nullptr)}});
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
      {"min_count", min_count},
      {"method",
       "empirical-Bayes Dirichlet shrinkage toward the organisation; see docs/ranking.md"},
      {"prior", prior},
      {"rows", rows}});
}

http::Response Drivers(Call& call) {
  auto r = Read(call, true);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  auto res = call.services().insight().Drivers(*call.who, r->slice, r->group_by,
                                               BoundedOf(call, "min_n", insight::kDriversMinN));
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
    groups.push_back(json::object{{"group", GroupJson(r->names.Group(res->group_by, g.key))},
                                  {"responses", g.responses},
                                  {"r_squared", Opt(g.r_squared)},
                                  {"drivers", drivers}});
  }
  return JsonOk(json::object{{"groups", groups}});
}

}  // namespace

void RegisterInsightRoutes(App& app) {
  app.Add("GET", "/api/v1/metrics", Access::kRead,
          Analysis("getMetrics",
                   "Measures by any slice: count, NPS with its 95% interval (NpsInterval95, "
                   "docs/ranking.md), share of 10s, CSAT (% 4-5), CES mean and % 5-7, mean "
                   "score, 0-10 distribution",
                   "Metrics", false, MetricsParameters()),
          Metrics);
  app.Add("GET", "/api/v1/insights/consistency", Access::kRead,
          Analysis("getConsistency",
                   "Consistency per group: stddev, IQR, share below a standard, spread between "
                   "the employees of a team",
                   "Consistency", true,
                   {BoundedParameter("standard", insight::kStandard,
                                     "share_below counts scores below this"),
                    BoundedParameter("min_employee_responses", insight::kMinEmployeeResponses,
                                     "employees with fewer scores stay out of the spread")}),
          Consistency);
  app.Add("GET", "/api/v1/insights/ratchet", Access::kRead,
          Analysis("getExpectationRatchet",
                   "Expectation ratchet: responses at or below the customer's best earlier "
                   "score minus the threshold; the list names the customer for callers who "
                   "manage (audited)",
                   "Ratchet", true,
                   {BoundedParameter("threshold", insight::kRatchetThreshold,
                                     "points below the best earlier score"),
                    BoundedParameter("limit", insight::kRatchetListLimit,
                                     "disappointed responses listed, newest first")}),
          Ratchet);
  app.Add("GET", "/api/v1/insights/rankings", Access::kRead,
          Analysis("getFairRanking",
                   "Fair ranking: empirical-Bayes shrunk NPS with its 95% interval, the same "
                   "for every viewer; no rank below min_count",
                   "Ranking", false,
                   {{"level", Schema::Enum(Values(insight::kRankingLevels)), false,
                     "what is ranked (default employee)"},
                    BoundedParameter("min_count", insight::kRankingMinCount,
                                     "NPS answers a group needs for a rank")}),
          Rankings);
  app.Add("GET", "/api/v1/insights/drivers", Access::kRead,
          Analysis("getKeyDrivers",
                   "Key drivers: Pearson r, Johnson's relative weights, importance x "
                   "performance quadrant",
                   "KeyDrivers", true,
                   {BoundedParameter("min_n", insight::kDriversMinN,
                                     "(driver, score) pairs a driver needs for a weight")}),
          Drivers);
}

}  // namespace beleving::api
