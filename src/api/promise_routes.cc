// /api/v1/promises: the promise ledger (promises made, kept, broken,
// renegotiated), the standard promises, and the kept-rate report.
#include "api/loop_routes.h"

namespace beleving::api {
namespace {

const char* kTag = "Promises";

// {"touchpoint": KEY} or {"channel": CHANNEL}: what keeps the promise.
Schema KeptBySchema() {
  return Schema::OneOf(
             {Schema::Object({{"touchpoint", KeySchema("touchpoint key"), kRequired}}),
              Schema::Object({{"channel", Schema::Enum(loop::kKeptByChannels), kRequired}})})
      .Describe(
          "a later interaction of the same customer at this touchpoint or on this channel, "
          "before the deadline, keeps the promise");
}

Schema GraceSchema() {
  return Schema::Integer(0, loop::kMaxGraceSeconds)
      .Describe("seconds an overdue promise waits before it is broken (default 3600)");
}

void ReadKeptBy(const json::value& body, std::optional<std::string>* touchpoint,
                std::optional<std::string>* channel) {
  if (!body.is_object()) return;
  const auto* k = body.get_object().if_contains("kept_by");
  if (!k) return;
  *touchpoint = OptString(*k, "touchpoint");
  *channel = OptString(*k, "channel");
}

Schema PromiseCreate() {
  return Schema::Object({
                            {"text", Schema::String(1, loop::kMaxPromiseText), kRequired},
                            {"due_at", Schema::String(1, 40).Format("date-time"), kRequired},
                            {"type", Schema::String(1, loop::kMaxPromiseType)
                                         .Describe("a standard's key, default manual")},
                            {"made_at", Schema::String(1, 40).Format("date-time")},
                            {"employee", KeySchema("employee key")},
                            {"team", KeySchema("team key")},
                            {"customer", KeySchema("customer key")},
                            {"interaction_id", Schema::Integer(1, INT64_MAX)},
                            {"case_id", Schema::Integer(1, INT64_MAX)},
                            {"kept_by", KeptBySchema()},
                            {"grace_seconds", GraceSchema()},
                        })
      .Named("PromiseCreate")
      .Example(
          json::object{{"text", "We bellen u morgen terug"}, {"due_at", "2030-01-02T12:00:00Z"}});
}

Schema StandardPromiseCreate() {
  return Schema::Object({
                            {"key", Schema::String(1, loop::kMaxPromiseType), kRequired},
                            {"touchpoint", KeySchema("touchpoint key"), kRequired},
                            {"text", Schema::String(1, loop::kMaxPromiseText), kRequired},
                            {"due_after_seconds", Schema::Integer(1, loop::kMaxDueAfterSeconds)
                                                      .Describe("give this or due_after_hours")},
                            {"due_after_hours", Schema::Integer(1, loop::kMaxDueAfterHours)},
                            {"business_hours", Schema::Boolean().Describe("default true")},
                            {"kept_by", KeptBySchema()},
                            {"grace_seconds", GraceSchema()},
                            {"compensation", Schema::String(1, loop::kMaxCompensation)
                                                 .Describe("what the customer gets when broken")},
                        })
      .Named("StandardPromiseCreate")
      .Example(json::object{{"key", "terugbellen"},
                            {"touchpoint", "telefoon"},
                            {"text", "We bellen binnen 4 uur terug"},
                            {"due_after_hours", 4},
                            {"kept_by", json::object{{"channel", "phone"}}}});
}

// PATCH: every field optional; kept_by and compensation null clear them;
// the key never changes.
Schema StandardPromiseUpdate() {
  Schema kept_by = KeptBySchema();
  kept_by.Nullable();
  return Schema::Object(
             {
                 {"touchpoint", KeySchema("touchpoint key")},
                 {"text", Schema::String(1, loop::kMaxPromiseText)},
                 {"due_after_seconds", Schema::Integer(1, loop::kMaxDueAfterSeconds)
                                           .Describe("give this or due_after_hours, not both")},
                 {"due_after_hours", Schema::Integer(1, loop::kMaxDueAfterHours)},
                 {"business_hours", Schema::Boolean()},
                 {"active", Schema::Boolean().Describe(
                                "false deactivates the standard (it is never deleted)")},
                 {"kept_by", std::move(kept_by)},
                 {"grace_seconds", GraceSchema()},
                 {"compensation", Schema::String(1, loop::kMaxCompensation).Nullable()},
             })
      .Named("StandardPromiseUpdate")
      .Example(json::object{{"text", "We bellen binnen 2 uur terug"}, {"due_after_hours", 2}});
}

Reply PromiseReply() { return Answer(200, "The promise", "Promise"); }
Reply NotFoundReply() { return Answer(404, "No such promise (or not visible to the caller)"); }
Reply ForbiddenReply() {
  return Answer(403, "Handling promises needs a session or an API key with scope admin or ingest");
}
Reply SettledReply() { return Answer(409, "The promise is kept or broken already"); }

json::object RowJson(const loop::PromiseReportRow& r, bool with_key = true) {
  json::object o{{"kept", r.kept},
                 {"broken", r.broken},
                 {"open", r.open},
                 {"kept_rate", r.kept_rate ? json::value(*r.kept_rate) : json::value(nullptr)}};
  if (with_key) o["key"] = r.key;
  return o;
}

json::object NpsAfterJson(const loop::NpsAfter& n) {
  return {{"responses", n.responses},
          {"promoters", n.promoters},
          {"detractors", n.detractors},
          {"nps", n.nps ? json::value(*n.nps) : json::value(nullptr)}};
}

json::object ReportJson(const loop::PromiseReport& rep) {
  auto rows = [](const std::vector<loop::PromiseReportRow>& v) {
    json::array a;
    for (const auto& r : v) a.push_back(RowJson(r));
    return a;
  };
  return {{"total", RowJson(rep.total, false)},
          {"by_team", rows(rep.by_team)},
          {"by_employee", rows(rep.by_employee)},
          {"by_type", rows(rep.by_type)},
          {"nps_after_kept", NpsAfterJson(rep.after_kept)},
          {"nps_after_broken", NpsAfterJson(rep.after_broken)}};
}

json::value OptNum(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object NpsOutcomeJson(const loop::NpsOutcome& o) {
  return {{"promises", o.promises},          {"responses", o.responses},
          {"promoters", o.promoters},        {"passives", o.passives},
          {"detractors", o.detractors},      {"nps", OptNum(o.nps)},
          {"nps_ci_low", OptNum(o.nps_low)}, {"nps_ci_high", OptNum(o.nps_high)}};
}

json::object UnderPromiseJson(const std::vector<loop::UnderPromiseRow>& rows) {
  json::array types;
  for (const auto& r : rows) {
    types.push_back(json::object{{"type", r.type},
                                 {"kept", r.kept},
                                 {"mean_promised_seconds", OptNum(r.mean_promised)},
                                 {"mean_taken_seconds", OptNum(r.mean_taken)},
                                 {"mean_early_seconds", OptNum(r.mean_early)},
                                 {"median_early_seconds", OptNum(r.median_early)},
                                 {"nps_kept_early", NpsOutcomeJson(r.kept_early)},
                                 {"nps_kept_on_time", NpsOutcomeJson(r.kept_on_time)},
                                 {"nps_late", NpsOutcomeJson(r.late)},
                                 {"nps_broken", NpsOutcomeJson(r.broken)}});
  }
  return {{"types", std::move(types)}};
}

// The kept-rate report (issue 16): a row with its Wilson interval and trend.
json::object KeptRateRowJson(const loop::KeptRateRow& r) {
  json::array trend;
  for (const auto& m : r.trend) {
    trend.push_back(json::object{{"month", m.month},
                                 {"made", m.made},
                                 {"kept", m.kept},
                                 {"broken", m.broken},
                                 {"kept_rate", OptNum(m.kept_rate)},
                                 {"kept_rate_low", OptNum(m.low)},
                                 {"kept_rate_high", OptNum(m.high)},
                                 {"partial", m.partial}});
  }
  json::object o{{"key", r.key},
                 {"made", r.made},
                 {"kept", r.kept},
                 {"broken", r.broken},
                 {"open", r.open},
                 {"kept_rate", OptNum(r.kept_rate)},
                 {"kept_rate_low", OptNum(r.low)},
                 {"kept_rate_high", OptNum(r.high)},
                 {"trend", std::move(trend)}};
  if (r.item) o["name"] = r.item->name;
  return o;
}

// The report; with ?group_by= also the kept rate per group and the trend.
http::Response PromiseReport(Call& call) {
  auto rep = LoopOf(call).promises().Report(*call.who);
  if (!rep.ok()) return http::ProblemFromStatus(rep.status());
  json::object out = ReportJson(*rep);
  if (auto g = call.req.Query("group_by"); g && !g->empty()) {
    auto k = LoopOf(call).promises().KeptRates(*call.who, *g);
    if (!k.ok()) return http::ProblemFromStatus(k.status());
    json::array groups;
    for (const auto& r : k->rows) groups.push_back(KeptRateRowJson(r));
    out["group_by"] = k->group_by;
    out["groups"] = std::move(groups);
    out["trend_total"] = KeptRateRowJson(k->total);
  }
  return JsonOk(out);
}

json::object PromiseWithHistory(const loop::PromiseView& v) { return PromiseJson(v, true); }
json::object PromiseOnly(const loop::PromiseView& v) { return PromiseJson(v); }

http::Response MakePromise(Call& call) {
  loop::NewPromise in;
  in.text = OptString(call.body, "text").value_or("");
  in.type = OptString(call.body, "type");
  in.due_at = OptTime(call.body, "due_at");
  in.made_at = OptTime(call.body, "made_at");
  in.employee = OptString(call.body, "employee");
  in.team = OptString(call.body, "team");
  in.customer = OptString(call.body, "customer");
  in.interaction_id = OptInt(call.body, "interaction_id");
  in.case_id = OptInt(call.body, "case_id");
  ReadKeptBy(call.body, &in.kept_by_touchpoint, &in.kept_by_channel);
  in.grace_seconds = OptInt(call.body, "grace_seconds");
  return JsonOrProblem(LoopOf(call).promises().Make(*call.who, in), PromiseOnly, 201);
}

http::Response ListPromises(Call& call) {
  auto limit = PageLimit(call.req);
  if (!limit.ok()) return http::ProblemFromStatus(limit.status());
  auto after = DecodeCursor(call.req.Query("cursor"));
  if (!after.ok()) return http::ProblemFromStatus(after.status());
  bool more = false;
  auto rows =
      LoopOf(call).promises().List(*call.who, call.req.Query("status"), *after, *limit, &more);
  return JsonOrProblem(rows, [&](const std::vector<loop::PromiseView>& vs) {
    json::array items;
    for (const auto& v : vs) items.push_back(PromiseJson(v));
    return Page("promises", std::move(items), more);
  });
}

http::Response CreateStandard(Call& call) {
  loop::NewStandardPromise in;
  in.key = OptString(call.body, "key").value_or("");
  in.touchpoint = OptString(call.body, "touchpoint").value_or("");
  in.text = OptString(call.body, "text").value_or("");
  in.due_after_seconds = OptInt(call.body, "due_after_seconds");
  in.due_after_hours = OptInt(call.body, "due_after_hours");
  in.business_hours = OptBool(call.body, "business_hours");
  ReadKeptBy(call.body, &in.kept_by_touchpoint, &in.kept_by_channel);
  in.grace_seconds = OptInt(call.body, "grace_seconds");
  in.compensation = OptString(call.body, "compensation");
  return JsonOrProblem(LoopOf(call).promises().CreateStandard(*call.who, in), StandardPromiseJson,
                       201);
}

// A rule the schema cannot state (blank text, both due_after fields) is 422
// with the field, as the dashboard's form shows it.
http::Response UpdateStandard(Call& call) {
  auto id = PathId(call.req);
  if (!id.ok()) return http::ProblemFromStatus(id.status());
  loop::StandardPromiseChange in;
  in.touchpoint = OptString(call.body, "touchpoint");
  in.text = OptString(call.body, "text");
  in.due_after_seconds = OptInt(call.body, "due_after_seconds");
  in.due_after_hours = OptInt(call.body, "due_after_hours");
  in.business_hours = OptBool(call.body, "business_hours");
  in.active = OptBool(call.body, "active");
  const auto& body = call.body.get_object();
  if (const auto* k = body.if_contains("kept_by"); k && k->is_null()) in.clear_kept_by = true;
  ReadKeptBy(call.body, &in.kept_by_touchpoint, &in.kept_by_channel);
  in.grace_seconds = OptInt(call.body, "grace_seconds");
  if (const auto* x = body.if_contains("compensation"); x && x->is_null()) {
    in.clear_compensation = true;
  }
  in.compensation = OptString(call.body, "compensation");
  auto s = LoopOf(call).promises().UpdateStandard(*call.who, *id, in);
  if (!s.ok() && s.status().code() == StatusCode::kInvalidArgument) {
    return http::Problem(422, "Unprocessable content", s.status().message(), s.status().field());
  }
  return JsonOrProblem(s, StandardPromiseJson);
}

// Kept, broken: the promise of the path.
template <typename F>
ApiHandler Settle(F f) {
  return [f](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    return JsonOrProblem(f(LoopOf(call).promises(), *call.who, *id), PromiseOnly);
  };
}

Operation SettleOperation(std::string id, std::string summary) {
  return {std::move(id),
          std::move(summary),
          kTag,
          {IdParameter("id", "The promise")},
          {},
          std::nullopt,
          std::nullopt,
          {PromiseReply(), ForbiddenReply(), NotFoundReply(), SettledReply()}};
}

}  // namespace

void RegisterPromiseRoutes(App& app) {
  app.Add("GET", "/api/v1/promises/standards", Access::kRead,
          Operation{"listStandardPromises",
                    "The organisation's standard promises",
                    kTag,
                    {},
                    {},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "The standard promises", "StandardPromiseList")}},
          [](Call& call) {
            return JsonOrProblem(LoopOf(call).promises().Standards(*call.who),
                                 [](const std::vector<store::StandardPromiseRecord>& v) {
                                   json::array items;
                                   for (const auto& s : v) items.push_back(StandardPromiseJson(s));
                                   return json::object{{"standards", std::move(items)}};
                                 });
          });

  app.Add("POST", "/api/v1/promises/standards", Access::kAdmin,
          Operation{"createStandardPromise",
                    "A promise made for every interaction at a touchpoint",
                    kTag,
                    {},
                    {},
                    StandardPromiseCreate(),
                    std::nullopt,
                    {Answer(201, "The standard promise", "StandardPromise"),
                     Answer(400, "A field is invalid, or not exactly one of the due_after fields"),
                     Answer(409, "The organisation has a standard promise with this key")}},
          CreateStandard);

  // --- issue 16: the charter editor (dashboard /promises/standards)
  app.Add("PATCH", "/api/v1/promises/standards/{id}", Access::kAdmin,
          Operation{"updateStandardPromise",
                    "Change a standard promise, or deactivate it (active: false)",
                    kTag,
                    {IdParameter("id", "The standard promise")},
                    {},
                    StandardPromiseUpdate(),
                    std::nullopt,
                    {Answer(200, "The standard promise", "StandardPromise"),
                     Answer(400, "The body does not match StandardPromiseUpdate"),
                     Answer(404, "No such standard promise in the organisation"),
                     Answer(422,
                            "A rule refused a field (blank text, both due_after fields, kept_by "
                            "given and cleared): the problem names the field")}},
          UpdateStandard);
  // --- end issue 16

  app.Add(
      "GET", "/api/v1/promises", Access::kRead,
      Operation{"listPromises",
                "Promises visible to the caller, by id",
                kTag,
                {},
                {LimitParameter(),
                 CursorParameter(),
                 {"status", Schema::Enum(loop::PromiseStatusNames()), false, "Only this status"}},
                std::nullopt,
                std::nullopt,
                {Answer(200, "A page of promises", "PromiseList")}},
      ListPromises);

  app.Add("POST", "/api/v1/promises", Access::kRead,
          Operation{"createPromise",
                    "Write down a promise made to a customer",
                    kTag,
                    {},
                    {},
                    PromiseCreate(),
                    std::nullopt,
                    {Answer(201, "The promise", "Promise"),
                     Answer(400,
                            "A field is invalid, due_at is not after made_at, or a key or case "
                            "is unknown"),
                     ForbiddenReply()}},
          MakePromise);

  app.Add("GET", "/api/v1/promises/{id}", Access::kRead,
          Operation{"getPromise",
                    "One promise with its renegotiations",
                    kTag,
                    {IdParameter("id", "The promise")},
                    {},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "The promise with history", "Promise"), NotFoundReply()}},
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            return JsonOrProblem(LoopOf(call).promises().Get(*call.who, *id), PromiseWithHistory);
          });

  app.Add("POST", "/api/v1/promises/{id}/kept", Access::kRead,
          SettleOperation("keepPromise", "Mark a promise kept"),
          Settle([](loop::PromiseLedger& l, const security::Principal& who, int64_t id) {
            return l.Keep(who, id);
          }));
  app.Add("POST", "/api/v1/promises/{id}/broken", Access::kRead,
          SettleOperation("breakPromise", "Mark a promise broken (opens a broken_promise case)"),
          Settle([](loop::PromiseLedger& l, const security::Principal& who, int64_t id) {
            return l.Break(who, id);
          }));

  app.Add(
      "POST", "/api/v1/promises/{id}/renegotiate", Access::kRead,
      Operation{
          "renegotiatePromise",
          "Agree a new due time with the customer (the history keeps the old one)",
          kTag,
          {IdParameter("id", "The promise")},
          {},
          Schema::Object({{"due_at", Schema::String(1, 40).Format("date-time"), kRequired},
                          {"note", Schema::String(0, loop::kMaxPromiseNote)}})
              .Named("PromiseRenegotiation")
              .Example(json::object{{"due_at", "2030-01-09T12:00:00Z"}, {"note", "Klant akkoord"}}),
          std::nullopt,
          {PromiseReply(), Answer(400, "The new due time is not in the future"), ForbiddenReply(),
           NotFoundReply(), SettledReply()}},
      [](Call& call) {
        auto id = PathId(call.req);
        if (!id.ok()) return http::ProblemFromStatus(id.status());
        return JsonOrProblem(LoopOf(call).promises().Renegotiate(
                                 *call.who, *id, OptTime(call.body, "due_at").value_or(0),
                                 OptString(call.body, "note")),
                             PromiseOnly);
      });

  app.Add(
      "POST", "/api/v1/promises/{id}/compensate", Access::kRead,
      Operation{
          "compensatePromise",
          "Record the compensation a customer got for a broken promise",
          kTag,
          {IdParameter("id", "The promise")},
          {},
          Schema::Object({{"compensation", Schema::String(1, loop::kMaxCompensation), kRequired}})
              .Named("PromiseCompensation")
              .Example(json::object{{"compensation", "Vervangende auto"}}),
          std::nullopt,
          {PromiseReply(), Answer(400, "The compensation is empty or too long"), ForbiddenReply(),
           NotFoundReply(), Answer(409, "The promise is not broken")}},
      [](Call& call) {
        auto id = PathId(call.req);
        if (!id.ok()) return http::ProblemFromStatus(id.status());
        return JsonOrProblem(LoopOf(call).promises().Compensate(
                                 *call.who, *id, OptString(call.body, "compensation").value_or("")),
                             PromiseOnly);
      });

  app.Add("GET", "/api/v1/reports/promises/under-promise", Access::kRead,
          Operation{"getUnderPromiseReport",
                    "Per promise type: how early it is kept (mean, median) and the NPS of the "
                    "customer's next response after kept early, on time, late or broken",
                    kTag,
                    {},
                    {},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "The figures", "UnderPromiseReport")}},
          [](Call& call) {
            return JsonOrProblem(LoopOf(call).promises().UnderPromise(*call.who), UnderPromiseJson);
          });

  RegisterCharterRoutes(app);

  app.Add("GET", "/api/v1/reports/promises", Access::kRead,
          Operation{"getPromiseReport",
                    "Kept rate per team, employee and type; NPS after kept and broken "
                    "promises; with group_by the kept rate per team, location, employee or type "
                    "with its Wilson 95% interval and monthly trend",
                    kTag,
                    {},
                    {{"group_by", Schema::Enum(loop::kPromiseGroupings), false,
                      "adds groups (and trend_total): promises made in the last 12 finished "
                      "months and the running one, by their final state"}},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "The report", "PromiseReport")}},
          PromiseReport);
}

}  // namespace beleving::api
