// The people room's API (people/): the team pulse and engagement beside
// experience.
//
//   POST /api/v1/pulse/answers     {"answers": [{"team", "answered_at", "enps", "comment"}]}
//   GET  /api/v1/pulse/results?group_by=team[&from=..&to=..]
//   GET  /api/v1/insights/people[?from=..&to=..]
//
// Results are published under the rule of people/pulse_anonymity.h: a team
// with no block of at least 5 answers is only counted in `suppressed`.
#include "api/app.h"
#include "api/declare.h"
#include "core/time_format.h"
#include "people/engagement.h"
#include "people/pulse.h"

namespace beleving::api {
namespace {

Schema PulseAnswerIn() {
  return Schema::Object({{"team", Schema::String(1, 200).Describe("The team's key"), kRequired},
                         {"answered_at", Schema::String(1, 64).Format("date-time"), kRequired},
                         {"enps",
                          Schema::Integer(0, 10).Describe("How likely to recommend the team as a "
                                                          "place to work, 0..10"),
                          kRequired},
                         {"comment", Schema::String(0, people::kMaxPulseComment).Nullable()}})
      .Named("PulseAnswerIn");
}

Schema PulseAnswers() {
  return Schema::Object({{"answers",
                          Schema::Array(PulseAnswerIn(), people::kMaxPulseBatch, 1)
                              .Describe("Anonymous answers: no employee identity"),
                          kRequired}})
      .Named("PulseAnswers")
      .Example(
          json::object{{"answers", json::array{json::object{{"team", "verhuur"},
                                                            {"answered_at", "2026-11-02T09:00:00Z"},
                                                            {"enps", 8},
                                                            {"comment", "Fijn team"}}}}});
}

Result<std::vector<people::PulseAnswerInput>> AnswersOf(const json::value& body) {
  std::vector<people::PulseAnswerInput> out;
  const auto& items = body.as_object().at("answers").as_array();
  out.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& o = items[i].as_object();
    people::PulseAnswerInput a;
    a.team = std::string(o.at("team").as_string());
    ASSIGN_OR_RETURN(a.answered_at, ParseRfc3339(o.at("answered_at").as_string(),
                                                 "/answers/" + std::to_string(i) + "/answered_at"));
    a.enps = static_cast<int>(o.at("enps").to_number<int64_t>());
    if (const auto* cm = o.if_contains("comment"); cm && !cm->is_null()) {
      a.comment = std::string(cm->as_string());
    }
    out.push_back(std::move(a));
  }
  return out;
}

Parameter PeriodParam(const char* name, const char* what) {
  return {name,
          Schema::OneOf(
              {Schema::String(10, 10).Format("date"), Schema::String(1, 64).Format("date-time")}),
          false, what};
}

json::value Month(const std::optional<int>& m) {
  if (!m) return nullptr;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", *m / 100, *m % 100);
  return json::value(buf);
}

// `o` (its first key already set) with n, enps and its interval.
json::object WithScore(json::object o, const people::PulseScore& s) {
  o["n"] = s.n;
  o["enps"] = s.enps;
  o["ci_low"] = s.ci_low;
  o["ci_high"] = s.ci_high;
  return o;
}

}  // namespace

void RegisterPeopleRoutes(App& app) {
  app.Add(
      "POST", "/api/v1/pulse/answers", Access::kIngest,
      Declare("sendPulseAnswers",
              "Send anonymous team pulse answers collected elsewhere (all or nothing)", "people")
          .Body(PulseAnswers())
          .Replies({Answer(201, "Every answer stored", "PulseAccepted"),
                    Answer(422,
                           "A team this organisation does not have; the problem's field names "
                           "it (/answers/N/team)")}),
      [](Call& call) {
        auto answers = AnswersOf(call.body);
        if (!answers.ok()) return http::ProblemFromStatus(answers.status());
        auto n = call.services().pulse().Ingest(*call.who, *answers);
        if (!n.ok() && n.status().code() == StatusCode::kInvalidArgument) {
          return http::Problem(422, "Unprocessable", n.status().message(), n.status().field());
        }
        if (!n.ok()) return http::ProblemFromStatus(n.status());
        return JsonOk(json::object{{"accepted", *n}}, 201);
      },
      size_t{4} << 20);

  app.Add("GET", "/api/v1/pulse/results", Access::kRead,
          Declare("pulseResults",
                  "Team pulse (eNPS) per team, published only in blocks of at least 5 answers; "
                  "the period is widened to whole months",
                  "people")
              .Query({{"group_by", Schema::Enum({"team"}), false, "team (the only grouping)"},
                      PeriodParam("from", "Answers in or after this month"),
                      PeriodParam("to", "Answers before this moment (its month included)")})
              .Replies({Answer(200, "OK", "PulseResults"), Answer(400, "to is not after from")}),
          [](Call& call) {
            people::PulsePeriod p;
            if (Status s = ParsePeriod(call.req, &p.from, &p.to); !s.ok()) {
              return http::ProblemFromStatus(s);
            }
            auto r = call.services().pulse().Results(*call.who, p);
            if (!r.ok()) return http::ProblemFromStatus(r.status());
            json::array groups;
            for (const auto& g : r->groups) {
              json::object o = WithScore(json::object{{"team", g.team}}, g.score);
              json::array trend;
              for (const auto& m : g.trend) {
                trend.push_back(WithScore(json::object{{"month", Month(m.month)}}, m.score));
              }
              o["trend"] = std::move(trend);
              groups.push_back(std::move(o));
            }
            return JsonOk(json::object{{"groups", std::move(groups)},
                                       {"suppressed", r->suppressed},
                                       {"from_month", Month(r->from_month)},
                                       {"to_month", Month(r->to_month)}});
          });

  app.Add("GET", "/api/v1/insights/people", Access::kRead,
          Declare("peopleInsight",
                  "Per team: eNPS beside the customers' NPS, and their Pearson correlation "
                  "across teams (teams with at least 5 pulse answers and 5 customer answers)",
                  "insight")
              .Query({PeriodParam("from", "From this month"),
                      PeriodParam("to", "Before this moment (its month included)")})
              .Replies({Answer(200, "OK", "PeopleInsight"), Answer(400, "to is not after from")}),
          [](Call& call) {
            people::PulsePeriod p;
            if (Status s = ParsePeriod(call.req, &p.from, &p.to); !s.ok()) {
              return http::ProblemFromStatus(s);
            }
            auto v = call.services().engagement().BesideExperience(*call.who, p);
            if (!v.ok()) return http::ProblemFromStatus(v.status());
            json::array teams;
            for (const auto& t : v->teams) {
              teams.push_back(json::object{{"team", t.team},
                                           {"enps", t.pulse.enps},
                                           {"enps_ci_low", t.pulse.ci_low},
                                           {"enps_ci_high", t.pulse.ci_high},
                                           {"nps", t.customers.enps},
                                           {"nps_ci_low", t.customers.ci_low},
                                           {"nps_ci_high", t.customers.ci_high},
                                           {"pulse_n", t.pulse.n},
                                           {"responses_n", t.customers.n}});
            }
            json::object corr{{"enps_nps", nullptr},
                              {"teams", static_cast<int64_t>(v->teams.size())},
                              {"ci_low", nullptr},
                              {"ci_high", nullptr}};
            if (v->correlation) {
              corr["enps_nps"] = v->correlation->r;
              if (v->correlation->ci_low) corr["ci_low"] = *v->correlation->ci_low;
              if (v->correlation->ci_high) corr["ci_high"] = *v->correlation->ci_high;
            }
            return JsonOk(json::object{{"teams", std::move(teams)},
                                       {"correlation", std::move(corr)},
                                       {"from_month", Month(v->from_month)},
                                       {"to_month", Month(v->to_month)}});
          });
}

}  // namespace beleving::api
