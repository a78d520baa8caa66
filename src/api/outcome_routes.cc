// Moment outcomes (outcomes/outcomes.h): what the customer decided after an
// interaction, set later by an event from the organisation's systems, and
// the outcome rates per group and per NPS band of the linked response.
//
//   POST /api/v1/interactions/outcomes   {"outcomes": [{"interaction": ...}]}
//   GET  /api/v1/insights/outcomes?group_by=touchpoint[&outcome=bought]
//
// The caller's TenantScope narrows both: an event names interactions of the
// caller's organisation only; the rates count the interactions in view.
#include <cmath>

#include "api/app.h"
#include "api/declare.h"
#include "core/time_format.h"
#include "outcomes/outcomes.h"

namespace beleving::api {
namespace {

constexpr const char* kOutcomePattern = "^[a-z0-9_]{1,32}$";
constexpr const char* kGroupByPattern =
    "^(touchpoint|team|location|employee|channel|survey|customer\\.[a-z0-9_]{1,32})$";
// One event batch: the same bound as an ingest batch.
constexpr size_t kMaxEvents = 10'000;

Schema OutcomeEventIn() {
  return Schema::Object(
             {{"interaction", Schema::String(1, 200).Describe("The interaction's external_id"),
               kRequired},
              {"outcome",
               Schema::String(1, 32)
                   .Pattern(kOutcomePattern)
                   .Describe("bought, not_bought, cancelled, returned, renewed, churned or the "
                             "organisation's own key"),
               kRequired},
              {"value", Schema::Number(-1e12, 1e12)
                            .Nullable()
                            .Describe("An amount; stored to hundredths (125.5 -> 125.50)")},
              {"at", Schema::String(1, 64).Format("date-time").Nullable()}})
      .Named("OutcomeEventIn");
}

Schema OutcomeEvents() {
  return Schema::Object({{"outcomes", Schema::Array(OutcomeEventIn(), kMaxEvents, 1), kRequired}})
      .Named("OutcomeEvents")
      .Example(
          json::object{{"outcomes", json::array{json::object{{"interaction", "i-1001"},
                                                             {"outcome", "bought"},
                                                             {"value", 125.5},
                                                             {"at", "2026-03-02T11:00:00Z"}}}}});
}

// The body, already checked against OutcomeEvents(), as the service's events.
Result<std::vector<store::OutcomeEvent>> EventsOf(const json::value& body) {
  std::vector<store::OutcomeEvent> out;
  const auto& items = body.as_object().at("outcomes").as_array();
  out.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& o = items[i].as_object();
    store::OutcomeEvent e;
    e.interaction = std::string(o.at("interaction").as_string());
    e.outcome = std::string(o.at("outcome").as_string());
    if (const auto* v = o.if_contains("value"); v && !v->is_null()) {
      e.value_cents = std::llround(v->to_number<double>() * 100);
    }
    if (const auto* at = o.if_contains("at"); at && !at->is_null()) {
      ASSIGN_OR_RETURN(e.at,
                       ParseRfc3339(at->as_string(), "/outcomes/" + std::to_string(i) + "/at"));
    }
    out.push_back(std::move(e));
  }
  return out;
}

json::value Rate(const outcomes::Share& s) {
  auto r = s.rate();
  return r ? json::value(*r) : json::value(nullptr);
}

json::object RowJson(const std::string& group_by, const outcomes::OutcomeGroupRow& row) {
  json::object group{{group_by, row.group.empty() ? json::value(nullptr) : json::value(row.group)}};
  return json::object{{"group", std::move(group)},
                      {"interactions", row.all.interactions},
                      {"with_outcome", row.all.with_outcome},
                      {"outcome_rate", Rate(row.all)},
                      {"value", static_cast<double>(row.value_cents) / 100.0},
                      {"by_band", json::object{{"detractor", Rate(row.detractor)},
                                               {"passive", Rate(row.passive)},
                                               {"promoter", Rate(row.promoter)}}},
                      {"band_interactions", json::object{{"detractor", row.detractor.interactions},
                                                         {"passive", row.passive.interactions},
                                                         {"promoter", row.promoter.interactions}}}};
}

}  // namespace

void RegisterOutcomeRoutes(App& app) {
  app.Add(
      "POST", "/api/v1/interactions/outcomes", Access::kIngest,
      Declare("recordOutcomes",
              "Set the outcomes of stored interactions, by their external ids (all or "
              "nothing)",
              "moments")
          .Body(OutcomeEvents())
          .Replies({Answer(200, "Every outcome set", "OutcomesRecorded"),
                    Answer(422,
                           "An interaction this organisation does not have; the "
                           "problem's field names it (/outcomes/N/interaction)")}),
      [](Call& call) {
        auto events = EventsOf(call.body);
        if (!events.ok()) return http::ProblemFromStatus(events.status());
        Status s = call.services().outcomes().Record(*call.who, *events);
        // The body passed its schema: what is left is an interaction the
        // organisation does not have (or an outcome it refuses).
        if (!s.ok() && s.code() == StatusCode::kInvalidArgument) {
          return http::Problem(422, "Unprocessable", s.message(), s.field());
        }
        if (!s.ok()) return http::ProblemFromStatus(s);
        return JsonOk(json::object{{"recorded", events->size()}});
      },
      size_t{4} << 20);

  app.Add("GET", "/api/v1/insights/outcomes", Access::kRead,
          Declare("outcomeRates",
                  "Outcome rates per group: of all interactions and per NPS band of the linked "
                  "response (fractions 0..1)",
                  "insight")
              .Query({{"group_by", Schema::String(1, 64).Pattern(kGroupByPattern), false,
                       "touchpoint (default), team, location, employee, channel, survey or "
                       "customer.KEY"},
                      {"outcome", Schema::String(1, 32).Pattern(kOutcomePattern), false,
                       "The outcome counted (default bought)"},
                      {"from",
                       Schema::OneOf({Schema::String(10, 10).Format("date"),
                                      Schema::String(1, 64).Format("date-time")}),
                       false, "Interactions at or after"},
                      {"to",
                       Schema::OneOf({Schema::String(10, 10).Format("date"),
                                      Schema::String(1, 64).Format("date-time")}),
                       false, "Interactions before"}})
              .Replies({Answer(200, "OK", "OutcomeRates")}),
          [](Call& call) {
            outcomes::OutcomesQuery q;
            q.group_by = call.req.Query("group_by").value_or("touchpoint");
            q.outcome = call.req.Query("outcome").value_or("bought");
            if (Status s = ParsePeriod(call.req, &q.from, &q.to); !s.ok()) {
              return http::ProblemFromStatus(s);
            }
            auto rows = call.services().outcomes().By(*call.who, q);
            if (!rows.ok()) return http::ProblemFromStatus(rows.status());
            json::array out;
            for (const auto& row : *rows) out.push_back(RowJson(q.group_by, row));
            return JsonOk(json::object{
                {"group_by", q.group_by}, {"outcome", q.outcome}, {"rows", std::move(out)}});
          });
}

}  // namespace beleving::api
