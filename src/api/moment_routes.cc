// Ingest and listing of interactions and responses.
#include "api/app.h"
#include "capture/moment.h"
#include "core/time_format.h"
#include "store/dimension_store.h"
#include "store/moment_store.h"

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

json::object InteractionJson(store::SqlConn& c, const store::TenantScope& t,
                             const store::InteractionRecord& r) {
  json::object o;
  o["id"] = r.id;
  o["external_id"] = r.external_id;
  o["occurred_at"] = FormatRfc3339(r.occurred_at);
  auto key = [&](const char* res, const std::optional<int64_t>& id) -> json::value {
    if (!id) return nullptr;
    auto k = store::DimensionStore::KeyOf(c, t, res, *id);
    return k.ok() ? json::value(*k) : json::value(nullptr);
  };
  o["customer"] = key("customers", r.customer_id);
  o["touchpoint"] = key("touchpoints", r.touchpoint_id);
  o["channel"] = r.channel ? json::value(*r.channel) : json::value(nullptr);
  o["location"] = key("locations", r.location_id);
  o["team"] = key("teams", r.team_id);
  o["employee"] = key("employees", r.employee_id);
  return o;
}

// Resolves a dimension filter given by key (?team=verhuur) to an id; an
// unknown key matches nothing.
Status KeyFilter(store::SqlConn& c, const Call& call, const char* param, const char* resource,
                 std::optional<int64_t>* out, bool* impossible) {
  auto v = call.req.Query(param);
  if (!v) return Status::Ok();
  ASSIGN_OR_RETURN(auto id, store::DimensionStore::IdByKey(c, call.tenant(),
                                                           *store::FindDimension(resource), *v));
  if (!id) *impossible = true;
  *out = id;
  return Status::Ok();
}

http::Response IngestResponse(const Result<capture::IngestResult>& r) {
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  json::object o{{"accepted", r->accepted}, {"duplicates", r->duplicates}};
  return JsonOk(o, r->accepted > 0 ? 201 : 200);
}

}  // namespace

void RegisterMomentRoutes(App& app) {
  app.Add(
      "POST", "/api/v1/responses", Access::kIngest,
      [](Call& call) {
        auto body = ReadJsonBody(call.req);
        if (!body.ok()) return http::ProblemFromStatus(body.status());
        auto batch = capture::DecodeResponses(*body);
        if (!batch.ok()) return http::ProblemFromStatus(batch.status());
        return IngestResponse(call.app.ingest().Responses(call.tenant(), *batch));
      },
      kIngestBodyLimit);

  app.Add(
      "POST", "/api/v1/interactions", Access::kIngest,
      [](Call& call) {
        auto body = ReadJsonBody(call.req);
        if (!body.ok()) return http::ProblemFromStatus(body.status());
        auto batch = capture::DecodeInteractions(*body);
        if (!batch.ok()) return http::ProblemFromStatus(batch.status());
        return IngestResponse(call.app.ingest().Interactions(call.tenant(), *batch));
      },
      kIngestBodyLimit);

  app.Add("GET", "/api/v1/responses", Access::kRead, [](Call& call) {
    auto limit = PageLimit(call.req);
    if (!limit.ok()) return http::ProblemFromStatus(limit.status());
    auto after = DecodeCursor(call.req.Query("cursor"));
    if (!after.ok()) return http::ProblemFromStatus(after.status());
    store::ResponseFilter filter;
    for (auto [param, slot] : {std::pair{"from", &filter.from}, {"to", &filter.to}}) {
      if (auto v = call.req.Query(param)) {
        auto t = ParseDateOrDateTime(*v, std::string("/query/") + param);
        if (!t.ok()) return http::ProblemFromStatus(t.status());
        *slot = *t;
      }
    }
    json::array items;
    bool more = false;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      bool impossible = false;
      RETURN_IF_ERROR(
          KeyFilter(c, call, "customer", "customers", &filter.customer_id, &impossible));
      RETURN_IF_ERROR(
          KeyFilter(c, call, "touchpoint", "touchpoints", &filter.touchpoint_id, &impossible));
      RETURN_IF_ERROR(
          KeyFilter(c, call, "employee", "employees", &filter.employee_id, &impossible));
      RETURN_IF_ERROR(KeyFilter(c, call, "team", "teams", &filter.team_id, &impossible));
      RETURN_IF_ERROR(
          KeyFilter(c, call, "location", "locations", &filter.location_id, &impossible));
      if (impossible) return Status::Ok();
      ASSIGN_OR_RETURN(auto rows, store::MomentStore::ListResponses(c, call.tenant(), filter,
                                                                    *after, *limit + 1));
      more = rows.size() > static_cast<size_t>(*limit);
      if (more) rows.pop_back();
      for (const auto& r : rows) items.push_back(ResponseJson(r));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    json::object o;
    json::value next = nullptr;
    if (more) next = EncodeCursor(items.back().as_object().at("id").as_int64());
    o["responses"] = std::move(items);
    o["next_cursor"] = next;
    return JsonOk(o);
  });

  app.Add("GET", "/api/v1/responses/{id}", Access::kRead, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    std::optional<store::ResponseRecord> r;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(r, store::MomentStore::GetResponse(c, call.tenant(), *id));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (!r) return http::Problem(404, "", "no such response");
    return JsonOk(ResponseJson(*r));
  });

  app.Add("GET", "/api/v1/interactions", Access::kRead, [](Call& call) {
    auto limit = PageLimit(call.req);
    if (!limit.ok()) return http::ProblemFromStatus(limit.status());
    auto after = DecodeCursor(call.req.Query("cursor"));
    if (!after.ok()) return http::ProblemFromStatus(after.status());
    json::array items;
    bool more = false;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto rows,
                       store::MomentStore::ListInteractions(c, call.tenant(), *after, *limit + 1));
      more = rows.size() > static_cast<size_t>(*limit);
      if (more) rows.pop_back();
      for (const auto& r : rows) items.push_back(InteractionJson(c, call.tenant(), r));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    json::object o;
    json::value next = nullptr;
    if (more) next = EncodeCursor(items.back().as_object().at("id").as_int64());
    o["interactions"] = std::move(items);
    o["next_cursor"] = next;
    return JsonOk(o);
  });

  app.Add("GET", "/api/v1/interactions/{id}", Access::kRead, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    std::optional<json::object> out;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto r, store::MomentStore::GetInteraction(c, call.tenant(), *id));
      if (r) out = InteractionJson(c, call.tenant(), *r);
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (!out) return http::Problem(404, "", "no such interaction");
    return JsonOk(*out);
  });
}

}  // namespace beleving::api
