// Ingest and listing of interactions and responses. Ingest is
// capture::Ingest's (capture/ingest.h, the body decoded by
// capture/moment_decode.cc, whose rules the request schemas below state);
// reading back is capture::Moments' (capture/moments.h).
#include "api/app.h"
#include "api/attribute_schema.h"
#include "api/declare.h"
#include "capture/dimensions.h"
#include "capture/ingest.h"
#include "capture/moment.h"
#include "capture/moments.h"
#include "core/time_format.h"

namespace beleving::api {

// Largest ingest body: 10,000 responses with comments fit comfortably.
constexpr size_t kIngestBodyLimit = 32u << 20;

json::object ResponseJson(const store::ResponseRecord& r) {
  json::object o;
  o["id"] = r.id;
  o["external_id"] = r.external_id;
  o["submitted_at"] = FormatRfc3339(r.submitted_at);
  auto key = [](const std::string& k) { return k.empty() ? json::value(nullptr) : json::value(k); };
  o["customer"] = key(r.customer_key);
  o["touchpoint"] = key(r.touchpoint_key);
  o["channel"] = r.channel ? json::value(*r.channel) : json::value(nullptr);
  o["location"] = key(r.location_key);
  o["team"] = key(r.team_key);
  o["employee"] = key(r.employee_key);
  o["survey"] = key(r.survey_key);
  o["interaction_id"] = r.interaction_id ? json::value(*r.interaction_id) : json::value(nullptr);
  json::object answers;
  auto parsed = ParseJson(r.answers);
  if (parsed.ok() && parsed->is_object()) answers = parsed->get_object();
  if (r.nps) answers["nps"] = *r.nps;
  if (r.csat) answers["csat"] = *r.csat;
  if (r.ces) answers["ces"] = *r.ces;
  for (size_t i = 0; i < r.drivers.size(); ++i) {
    if (r.drivers[i]) answers[capture::kDriverNames[i]] = *r.drivers[i];
  }
  if (r.comment) answers["comment"] = *r.comment;
  o["answers"] = answers;
  return o;
}

namespace {

json::value Key(const std::string& k) { return k.empty() ? json::value(nullptr) : json::value(k); }

json::object InteractionJson(const capture::InteractionView& v) {
  json::object o;
  o["id"] = v.id;
  o["external_id"] = v.external_id;
  o["occurred_at"] = FormatRfc3339(v.occurred_at);
  o["customer"] = Key(v.customer);
  o["touchpoint"] = Key(v.touchpoint);
  o["channel"] = v.channel ? json::value(*v.channel) : json::value(nullptr);
  o["location"] = Key(v.location);
  o["team"] = Key(v.team);
  o["employee"] = Key(v.employee);
  return o;
}

http::Response IngestResponse(const Result<capture::IngestResult>& r) {
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  json::object o{{"accepted", r->accepted}, {"duplicates", r->duplicates}};
  return JsonOk(o, r->accepted > 0 ? 201 : 200);
}

// --- what capture/moment_decode.cc enforces, as schemas

Schema KeyRef() { return Schema::String(1, 200).Pattern(capture::kKeyPattern).Nullable(); }

std::vector<Property> DimensionProps() {
  std::vector<std::string> channels(capture::kChannels.begin(), capture::kChannels.end());
  return {{"customer", KeyRef()},
          {"touchpoint", KeyRef()},
          {"location", KeyRef()},
          {"team", KeyRef()},
          {"employee", KeyRef()},
          {"channel", Schema::Enum(channels).Nullable()},
          {"attributes", AttributesSchema()}};
}

Schema Answers() {
  return Schema::Map(Schema::OneOf({Schema::Integer(INT64_MIN, INT64_MAX), Schema::Boolean(),
                                    Schema::String(0, capture::kMaxCommentBytes),
                                    Schema::Array(Schema::String(0, 200), 50)})
                         .Nullable(),
                     "^[a-z0-9_]{1,64}$", 100)
      .Describe(
          "At least one answer. Built in: nps 0-10, csat 1-5, ces 1-7, the drivers certainty, "
          "flexibility, reliability, customisation, complaint_speed, trust, respect and attention "
          "1-5 (whole numbers), comment (text of at most 10,000 bytes). Other keys are the "
          "survey's questions: text, a whole number, true/false or a list of at most 50 texts.")
      .Example(json::object{{"nps", 9}, {"comment", "Snel en vriendelijk geholpen."}});
}

Schema ResponseIn() {
  std::vector<Property> props = {
      {"external_id", Schema::String(1, 200).Pattern(capture::kKeyPattern), kRequired},
      {"submitted_at", Schema::String(1, 64).Format("date-time"), kRequired},
      {"survey", Schema::String(1, 64).Nullable().Describe("The survey's key")},
      {"interaction", Schema::String(1, 200).Nullable().Describe("A stored interaction's "
                                                                 "external_id")},
      {"interaction_id", Schema::Integer(1, INT64_MAX).Nullable()},
      {"answers", Answers(), kRequired}};
  for (auto& p : DimensionProps()) props.push_back(std::move(p));
  return Schema::Object(std::move(props))
      .Named("ResponseIn")
      .Example(json::object{{"external_id", "r-1001"},
                            {"submitted_at", "2026-03-02T10:15:00Z"},
                            {"customer", "k10042"},
                            {"team", "verhuur"},
                            {"channel", "face_to_face"},
                            {"answers", json::object{{"nps", 9}}}});
}

Schema InteractionIn() {
  std::vector<Property> props = {
      {"external_id", Schema::String(1, 200).Pattern(capture::kKeyPattern), kRequired},
      {"occurred_at", Schema::String(1, 64).Format("date-time"), kRequired},
      {"outcome", Schema::String(1, 32)
                      .Pattern("^[a-z0-9_]{1,32}$")
                      .Describe("bought, not_bought, cancelled, returned, renewed, churned or "
                                "the organisation's own key")},
      {"value", Schema::Number(-1e12, 1e12)
                    .Describe("An amount (needs an outcome); stored to "
                              "hundredths")}};
  for (auto& p : DimensionProps()) {
    if (p.name == "customer") {
      props.emplace_back("customer", Schema::String(1, 200).Pattern(capture::kKeyPattern),
                         kRequired);
    } else {
      props.push_back(std::move(p));
    }
  }
  return Schema::Object(std::move(props))
      .Named("InteractionIn")
      .Example(json::object{{"external_id", "i-1001"},
                            {"occurred_at", "2026-03-02T09:40:00Z"},
                            {"customer", "k10042"},
                            {"touchpoint", "balie"},
                            {"channel", "face_to_face"}});
}

// One item, or {"<collection>": [items]}: at most kMaxBatch items, more
// are refused with 413 (the batch is never split).
Schema Batch(Schema item, const char* collection, const std::string& name) {
  Schema batch = Schema::Object({{collection,
                                  Schema::Array(item, size_t{1} << 30, 1)
                                      .Describe("At most 10,000 items; more are refused with 413"),
                                  kRequired}});
  return Schema::OneOf({std::move(item), std::move(batch)}).Named(name);
}

std::vector<Parameter> PageQuery() {
  return {{"limit", Schema::Integer(1, 1000), false, "Page size (default 100)"},
          {"cursor", Schema::String(2, 20).Pattern("^c[0-9]+$"), false,
           "next_cursor of the previous page"}};
}

Schema DateOrTime() {
  return Schema::OneOf(
      {Schema::String(10, 10).Format("date"), Schema::String(1, 64).Format("date-time")});
}

Parameter IdParam(const char* what) {
  return Parameter{"id", Schema::Integer(1, INT64_MAX), true, what};
}

}  // namespace

void RegisterMomentRoutes(App& app) {
  app.Add(
      "POST", "/api/v1/responses", Access::kIngest,
      Declare("ingestResponses",
              "Ingest one response or a batch of up to 10,000 (atomic, idempotent "
              "by external_id)",
              "moments")
          .Body(Batch(ResponseIn(), "responses", "ResponseIngest"))
          .Replies({Answer(201, "Stored (accepted > 0)", "IngestResult"),
                    Answer(200, "Nothing new: every item was a duplicate", "IngestResult"),
                    Answer(413, "More than 10,000 items, or a body over 32 MiB")}),
      [](Call& call) {
        auto batch = capture::DecodeResponses(call.body);
        if (!batch.ok()) return http::ProblemFromStatus(batch.status());
        return IngestResponse(call.services().ingest().Responses(*call.who, *batch));
      },
      kIngestBodyLimit);

  app.Add(
      "POST", "/api/v1/interactions", Access::kIngest,
      Declare("ingestInteractions",
              "Ingest one interaction or a batch of up to 10,000 (atomic, "
              "idempotent by external_id)",
              "moments")
          .Body(Batch(InteractionIn(), "interactions", "InteractionIngest"))
          .Replies({Answer(201, "Stored (accepted > 0)", "IngestResult"),
                    Answer(200, "Nothing new: every item was a duplicate", "IngestResult"),
                    Answer(413, "More than 10,000 items, or a body over 32 MiB")}),
      [](Call& call) {
        auto batch = capture::DecodeInteractions(call.body);
        if (!batch.ok()) return http::ProblemFromStatus(batch.status());
        return IngestResponse(call.services().ingest().Interactions(*call.who, *batch));
      },
      kIngestBodyLimit);

  std::vector<Parameter> response_query = PageQuery();
  response_query.push_back({"from", DateOrTime(), false, "Submitted at or after (date or time)"});
  response_query.push_back({"to", DateOrTime(), false, "Submitted before (date or time)"});
  for (const char* k : {"customer", "touchpoint", "employee", "team", "location"}) {
    response_query.push_back({k, Schema::String(1, 200).Pattern(capture::kKeyPattern), false,
                              std::string("Only responses of this ") + k + " (key)"});
  }
  app.Add("GET", "/api/v1/responses", Access::kRead,
          Declare("listResponses", "List responses within the caller's scope", "moments")
              .Query(std::move(response_query))
              .Replies({Answer(200, "A page of responses", "ResponseList")}),
          [](Call& call) {
            capture::ResponseQuery q;
            auto limit = PageLimit(call.req);
            if (!limit.ok()) return http::ProblemFromStatus(limit.status());
            q.limit = *limit;
            auto after = DecodeCursor(call.req.Query("cursor"));
            if (!after.ok()) return http::ProblemFromStatus(after.status());
            q.after = *after;
            if (Status st = ParsePeriod(call.req, &q.from, &q.to); !st.ok()) {
              return http::ProblemFromStatus(st);
            }
            q.customer = call.req.Query("customer");
            q.touchpoint = call.req.Query("touchpoint");
            q.employee = call.req.Query("employee");
            q.team = call.req.Query("team");
            q.location = call.req.Query("location");
            auto page = call.services().moments().Responses(*call.who, q);
            if (!page.ok()) return http::ProblemFromStatus(page.status());
            json::array items;
            for (const auto& r : page->items) items.push_back(ResponseJson(r));
            return JsonOk(json::object{
                {"responses", std::move(items)},
                {"next_cursor",
                 page->next_after ? json::value(EncodeCursor(*page->next_after)) : nullptr}});
          });

  app.Add("GET", "/api/v1/responses/{id}", Access::kRead,
          Declare("getResponse", "One response", "moments")
              .Path(IdParam("The response's id"))
              .Replies({Answer(200, "The response", "Response")}),
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            auto r = call.services().moments().Response(*call.who, *id);
            if (!r.ok()) return http::ProblemFromStatus(r.status());
            return JsonOk(ResponseJson(*r));
          });

  app.Add("GET", "/api/v1/interactions", Access::kRead,
          Declare("listInteractions", "List interactions within the caller's scope", "moments")
              .Query(PageQuery())
              .Replies({Answer(200, "A page of interactions", "InteractionList")}),
          [](Call& call) {
            auto limit = PageLimit(call.req);
            if (!limit.ok()) return http::ProblemFromStatus(limit.status());
            auto after = DecodeCursor(call.req.Query("cursor"));
            if (!after.ok()) return http::ProblemFromStatus(after.status());
            auto page = call.services().moments().Interactions(*call.who, *after, *limit);
            if (!page.ok()) return http::ProblemFromStatus(page.status());
            json::array items;
            for (const auto& v : page->items) items.push_back(InteractionJson(v));
            return JsonOk(json::object{
                {"interactions", std::move(items)},
                {"next_cursor",
                 page->next_after ? json::value(EncodeCursor(*page->next_after)) : nullptr}});
          });

  app.Add("GET", "/api/v1/interactions/{id}", Access::kRead,
          Declare("getInteraction", "One interaction", "moments")
              .Path(IdParam("The interaction's id"))
              .Replies({Answer(200, "The interaction", "Interaction")}),
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            auto v = call.services().moments().Interaction(*call.who, *id);
            if (!v.ok()) return http::ProblemFromStatus(v.status());
            return JsonOk(InteractionJson(*v));
          });
}

}  // namespace beleving::api
