// Cases, complaints, promises, SLA policies, alert rules, webhooks and their
// reports (issue 5). The work itself lives in loop/loop.h; handlers decode,
// check and render.
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>

#include "api/app.h"
#include "core/html.h"
#include "core/resources.h"
#include "core/time_format.h"
#include "loop/loop.h"
#include "security/secrets.h"
#include "store/dimension_store.h"
#include "store/loop_store.h"
#include "store/org_store.h"

namespace beleving::api {
namespace {

using LoopPtr = std::shared_ptr<loop::Loop>;

http::Response Problem(const Status& st) { return http::ProblemFromStatus(st); }

// Runs `fill` in one read and answers {key: [the items it added]}.
http::Response ItemsResponse(Call& call, const char* key,
                             const std::function<Status(store::SqlConn&, json::array*)>& fill) {
  json::array items;
  Status st = call.app.db().Read([&](store::SqlConn& c) { return fill(c, &items); });
  if (!st.ok()) return Problem(st);
  return JsonOk(json::object{{key, std::move(items)}});
}

json::value Time(const std::optional<UnixSeconds>& t) {
  return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
}
json::value Id(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value Text(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

// Resolves an optional key field ("team": "verhuur") to an id; unknown keys
// are a 422 naming the field.
Status ResolveKey(store::SqlConn& c, const store::TenantScope& t, const char* resource,
                  const std::optional<std::string>& key, const std::string& field,
                  std::optional<int64_t>* out) {
  if (!key) return Status::Ok();
  ASSIGN_OR_RETURN(auto id,
                   store::DimensionStore::IdByKey(c, t, *store::FindDimension(resource), *key));
  if (!id) return InvalidArgument("no such " + std::string(resource) + " key: " + *key, field);
  *out = id;
  return Status::Ok();
}

// Handling cases and promises: any session (the scope limits what it sees),
// or an API key with the admin or ingest scope.
bool CanHandle(const Call& call) {
  if (call.who->kind == security::Principal::Kind::kSession) return true;
  return (call.who->scopes & (security::kScopeAdmin | security::kScopeIngest)) != 0;
}

http::Response Forbidden() {
  return http::Problem(403, "", "handling cases needs a session or an API key with scope admin");
}

Result<json::object> Body(const Call& call) {
  ASSIGN_OR_RETURN(auto v, ReadJsonBody(call.req));
  if (!v.is_object()) return InvalidArgument("the body must be a JSON object", "");
  return v.get_object();
}

Result<std::optional<UnixSeconds>> OptTime(JsonFields& f, std::string_view key) {
  ASSIGN_OR_RETURN(auto s, f.OptString(key, 40));
  if (!s) return std::optional<UnixSeconds>();
  ASSIGN_OR_RETURN(auto t, ParseRfc3339(*s, f.Pointer(key)));
  return std::optional<UnixSeconds>(t);
}

using loop::CaseJson;
using loop::PromiseJson;

json::object ComplaintJson(const store::ComplaintRecord& x) {
  return {{"id", x.id},
          {"source", x.source},
          {"source_ref", x.source_ref},
          {"received_at", FormatRfc3339(x.received_at)},
          {"name", Text(x.name)},
          {"email", Text(x.email)},
          {"product", Text(x.product)},
          {"issue", Text(x.issue)},
          {"subject", Text(x.subject)},
          {"narrative", Text(x.narrative)},
          {"case_id", Id(x.case_id)}};
}

json::object EmailDeliveryJson(const store::EmailDeliveryRecord& d) {
  return {{"id", d.id},
          {"rule_id", Id(d.rule_id)},
          {"event", d.event},
          {"to", d.recipient},
          {"subject", d.subject},
          {"state", d.state},
          {"attempts", d.attempts},
          {"last_error", Text(d.last_error)},
          {"created_at", FormatRfc3339(d.created_at)},
          {"delivered_at", Time(d.delivered_at)}};
}

json::object DeliveryJson(const store::DeliveryRecord& d) {
  return {{"id", d.id},
          {"webhook_id", d.webhook_id},
          {"rule_id", Id(d.rule_id)},
          {"event", d.event},
          {"state", d.state},
          {"attempts", d.attempts},
          {"last_status", d.last_status ? json::value(*d.last_status) : json::value(nullptr)},
          {"last_error", Text(d.last_error)},
          {"created_at", FormatRfc3339(d.created_at)},
          {"delivered_at", Time(d.delivered_at)}};
}

const std::initializer_list<std::string_view> kCaseTypes = {
    "detractor", "complaint", "broken_promise", "disappointment", "manual"};
const std::initializer_list<std::string_view> kSeverities = {"low", "normal", "high", "critical"};
const std::initializer_list<std::string_view> kEvents = {
    "detractor",   "keyword",      "promise.due_soon", "promise.broken",
    "sla.at_risk", "sla.breached", "disappointment",   "case.opened"};

// Loads a case visible to the caller, runs `fn` on it inside one write, and
// answers with the case.
http::Response WithCase(Call& call, const LoopPtr& lp,
                        const std::function<Status(store::SqlConn&, store::CaseRecord&)>& fn,
                        int status = 200) {
  if (!CanHandle(call)) return Forbidden();
  auto id = PathId(call.req);
  if (!id.ok()) return Problem(id.status());
  json::object out;
  Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto k, store::LoopStore::GetCase(c, call.tenant(), *id));
    if (!k) return NotFound("no such case");
    RETURN_IF_ERROR(fn(c, *k));
    out = CaseJson(c, call.tenant(), *k);
    return Status::Ok();
  });
  (void)lp;
  if (!st.ok()) return Problem(st);
  return JsonOk(out, status);
}

void RegisterCaseRoutes(App& app, const LoopPtr& lp) {
  app.Add("GET", "/api/v1/cases", Access::kRead, [lp](Call& call) {
    auto limit = PageLimit(call.req);
    if (!limit.ok()) return Problem(limit.status());
    auto after = DecodeCursor(call.req.Query("cursor"));
    if (!after.ok()) return Problem(after.status());
    store::CaseFilter f;
    if (auto s = call.req.Query("status")) {
      if (!loop::IsCaseStatus(*s)) {
        return Problem(InvalidArgument("unknown status", "/query/status"));
      }
      f.status = *s;
    }
    if (auto s = call.req.Query("type")) {
      if (s->size() > 40) return Problem(InvalidArgument("unknown type", "/query/type"));
      f.case_type = *s;
    }
    if (auto s = call.req.Query("open")) f.open_only = *s == "true" || *s == "1";
    json::array items;
    bool more = false;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto rows,
                       store::LoopStore::ListCases(c, call.tenant(), f, *after, *limit + 1));
      more = rows.size() > static_cast<size_t>(*limit);
      if (more) rows.pop_back();
      for (const auto& k : rows) items.push_back(CaseJson(c, call.tenant(), k));
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    json::value next = nullptr;
    if (more) next = EncodeCursor(items.back().as_object().at("id").as_int64());
    return JsonOk(json::object{{"cases", items}, {"next_cursor", next}});
  });

  app.Add("POST", "/api/v1/cases", Access::kManage, [lp](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    JsonFields f(*body, "");
    store::CaseRecord k;
    k.org_id = call.tenant().org_id();
    json::object out;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto type, f.OptEnum("type", kCaseTypes));
      k.case_type = type.value_or("manual");
      ASSIGN_OR_RETURN(k.title, f.String("title", 300));
      ASSIGN_OR_RETURN(k.description, f.OptString("description", 20000));
      ASSIGN_OR_RETURN(auto sev, f.OptEnum("severity", kSeverities));
      k.severity = sev.value_or("normal");
      ASSIGN_OR_RETURN(auto customer, f.OptString("customer"));
      ASSIGN_OR_RETURN(auto team, f.OptString("team"));
      ASSIGN_OR_RETURN(auto location, f.OptString("location"));
      ASSIGN_OR_RETURN(auto owner, f.OptString("owner"));
      RETURN_IF_ERROR(f.RejectUnknown());
      if (k.title.empty()) return InvalidArgument("title must not be empty", "/title");
      RETURN_IF_ERROR(
          ResolveKey(c, call.tenant(), "customers", customer, "/customer", &k.customer_id));
      RETURN_IF_ERROR(ResolveKey(c, call.tenant(), "teams", team, "/team", &k.team_id));
      RETURN_IF_ERROR(
          ResolveKey(c, call.tenant(), "locations", location, "/location", &k.location_id));
      RETURN_IF_ERROR(
          ResolveKey(c, call.tenant(), "employees", owner, "/owner", &k.owner_employee_id));
      ASSIGN_OR_RETURN(auto id, lp->OpenCase(c, k, call.who->actor()));
      ASSIGN_OR_RETURN(auto rec, store::LoopStore::GetCase(
                                     c, store::TenantScope::System(call.tenant().org_id()), *id));
      out = CaseJson(c, call.tenant(), *rec);
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    return JsonOk(out, 201);
  });

  app.Add("GET", "/api/v1/cases/{id}", Access::kRead, [lp](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return Problem(id.status());
    json::object out;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto k, store::LoopStore::GetCase(c, call.tenant(), *id));
      if (!k) return NotFound("no such case");
      out = CaseJson(c, call.tenant(), *k);
      ASSIGN_OR_RETURN(auto sla, lp->CaseSla(c, *k, call.app.clock().Now()));
      out["sla"] = loop::SlaStateJson(sla);
      ASSIGN_OR_RETURN(auto log, loop::CaseLogJson(c, *k));
      out["log"] = std::move(log);
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    return JsonOk(out);
  });

  app.Add("PATCH", "/api/v1/cases/{id}", Access::kRead, [lp](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    return WithCase(call, lp, [&](store::SqlConn& c, store::CaseRecord& k) -> Status {
      JsonFields f(*body, "");
      ASSIGN_OR_RETURN(auto sev, f.OptEnum("severity", kSeverities));
      ASSIGN_OR_RETURN(auto title, f.OptString("title", 300));
      ASSIGN_OR_RETURN(auto resolution, f.OptString("resolution", 20000));
      ASSIGN_OR_RETURN(auto satisfied, f.OptBool("customer_satisfied"));
      ASSIGN_OR_RETURN(auto owner, f.OptString("owner"));
      RETURN_IF_ERROR(f.RejectUnknown());
      json::object changes;
      if (sev) k.severity = *sev, changes["severity"] = *sev;
      if (title) k.title = *title, changes["title"] = *title;
      if (resolution) k.resolution = *resolution, changes["resolution"] = *resolution;
      if (satisfied) k.customer_satisfied = *satisfied, changes["customer_satisfied"] = *satisfied;
      if (owner) {
        RETURN_IF_ERROR(
            ResolveKey(c, call.tenant(), "employees", owner, "/owner", &k.owner_employee_id));
        changes["owner"] = *owner;
      }
      k.updated_at = call.app.clock().Now();
      RETURN_IF_ERROR(store::LoopStore::UpdateCase(c, k));
      return lp->AddEvent(c, k, "update", call.who->actor(), changes);
    });
  });

  app.Add("POST", "/api/v1/cases/{id}/status", Access::kRead, [lp](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    return WithCase(call, lp, [&](store::SqlConn& c, store::CaseRecord& k) -> Status {
      JsonFields f(*body, "");
      ASSIGN_OR_RETURN(auto to, f.String("status", 40));
      ASSIGN_OR_RETURN(auto note, f.OptString("note", 20000));
      RETURN_IF_ERROR(f.RejectUnknown());
      return lp->ChangeStatus(c, k, to, call.who->actor(), note);
    });
  });

  app.Add("POST", "/api/v1/cases/{id}/notes", Access::kRead, [lp](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    return WithCase(
        call, lp,
        [&](store::SqlConn& c, store::CaseRecord& k) -> Status {
          JsonFields f(*body, "");
          ASSIGN_OR_RETURN(auto text, f.String("text", 20000));
          RETURN_IF_ERROR(f.RejectUnknown());
          if (text.empty()) return InvalidArgument("text must not be empty", "/text");
          return lp->AddEvent(c, k, "note", call.who->actor(), {{"text", text}});
        },
        201);
  });

  app.Add("POST", "/api/v1/cases/{id}/contacts", Access::kRead, [lp](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    return WithCase(
        call, lp,
        [&](store::SqlConn& c, store::CaseRecord& k) -> Status {
          JsonFields f(*body, "");
          ASSIGN_OR_RETURN(auto channel, f.OptEnum("channel", {"phone", "email", "face_to_face",
                                                               "chat", "letter", "other"}));
          ASSIGN_OR_RETURN(auto summary, f.String("summary", 20000));
          RETURN_IF_ERROR(f.RejectUnknown());
          return lp->AddContact(c, k, channel.value_or("other"), summary, call.who->actor());
        },
        201);
  });

  app.Add("POST", "/api/v1/cases/{id}/waiting", Access::kRead, [lp](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    return WithCase(call, lp, [&](store::SqlConn& c, store::CaseRecord& k) -> Status {
      JsonFields f(*body, "");
      ASSIGN_OR_RETURN(auto waiting, f.OptBool("waiting"));
      RETURN_IF_ERROR(f.RejectUnknown());
      if (!waiting) return InvalidArgument("waiting (true or false) is required", "/waiting");
      if (k.closed_at) return Conflict("the case is closed");
      return lp->SetWaiting(c, k, *waiting, call.who->actor());
    });
  });
}

void RegisterComplaintRoutes(App& app, const LoopPtr& lp) {
  app.Add("POST", "/api/v1/complaints", Access::kIngest, [lp](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    JsonFields f(*body, "");
    store::ComplaintRecord x;
    x.org_id = call.tenant().org_id();
    x.source = "api";
    std::optional<int64_t> id;
    bool duplicate = false;
    json::object out;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto ext, f.OptString("external_id", 200));
      ASSIGN_OR_RETURN(auto received, OptTime(f, "received_at"));
      ASSIGN_OR_RETURN(x.name, f.OptString("name", 200));
      ASSIGN_OR_RETURN(x.email, f.OptString("email", 320));
      ASSIGN_OR_RETURN(auto customer, f.OptString("customer"));
      ASSIGN_OR_RETURN(x.product, f.OptString("product", 300));
      ASSIGN_OR_RETURN(x.issue, f.OptString("issue", 300));
      ASSIGN_OR_RETURN(x.subject, f.OptString("subject", 500));
      ASSIGN_OR_RETURN(auto narrative, f.String("narrative", 64 * 1024));
      RETURN_IF_ERROR(f.RejectUnknown());
      if (narrative.empty()) return InvalidArgument("narrative must not be empty", "/narrative");
      x.narrative = narrative;
      RETURN_IF_ERROR(
          ResolveKey(c, call.tenant(), "customers", customer, "/customer", &x.customer_id));
      UnixSeconds now = call.app.clock().Now();
      x.received_at = received.value_or(now);
      x.source_ref = ext ? "api:" + *ext : "api:" + security::RandomToken(12);
      ASSIGN_OR_RETURN(id, lp->SubmitComplaint(c, x, call.who->actor()));
      duplicate = !id;
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    if (duplicate) return JsonOk(json::object{{"duplicate", true}}, 200);
    Status rs = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(
          auto rec, store::LoopStore::GetComplaint(c, store::TenantScope::System(x.org_id), *id));
      if (rec) out = ComplaintJson(*rec);
      return Status::Ok();
    });
    if (!rs.ok()) return Problem(rs);
    return JsonOk(out, 201);
  });

  app.Add("GET", "/api/v1/complaints", Access::kManage, [](Call& call) {
    auto limit = PageLimit(call.req);
    if (!limit.ok()) return Problem(limit.status());
    auto after = DecodeCursor(call.req.Query("cursor"));
    if (!after.ok()) return Problem(after.status());
    json::array items;
    bool more = false;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto rows,
                       store::LoopStore::ListComplaints(c, call.tenant(), *after, *limit + 1));
      more = rows.size() > static_cast<size_t>(*limit);
      if (more) rows.pop_back();
      for (const auto& x : rows) items.push_back(ComplaintJson(x));
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    json::value next = nullptr;
    if (more) next = EncodeCursor(items.back().as_object().at("id").as_int64());
    call.app.Audit(call, "complaints.list", "complaints");
    return JsonOk(json::object{{"complaints", items}, {"next_cursor", next}});
  });

  app.Add("GET", "/api/v1/complaints/{id}", Access::kManage, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return Problem(id.status());
    json::object out;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto x, store::LoopStore::GetComplaint(c, call.tenant(), *id));
      if (!x) return NotFound("no such complaint");
      out = ComplaintJson(*x);
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    call.app.Audit(call, "complaints.read", "complaint:" + std::to_string(*id));
    return JsonOk(out);
  });
}

void RegisterPromiseRoutes(App& app, const LoopPtr& lp) {
  app.Add("GET", "/api/v1/promises/standards", Access::kRead, [](Call& call) {
    return ItemsResponse(call, "standards", [&](store::SqlConn& c, json::array* items) -> Status {
      ASSIGN_OR_RETURN(auto rows, store::LoopStore::Standards(c, call.tenant().org_id()));
      for (const auto& s : rows) {
        items->push_back(json::object{{"id", s.id},
                                      {"key", s.key},
                                      {"touchpoint", s.touchpoint_key},
                                      {"text", s.text},
                                      {"due_after_seconds", s.due_after_seconds},
                                      {"business_hours", s.business_hours},
                                      {"active", s.active}});
      }
      return Status::Ok();
    });
  });

  app.Add("POST", "/api/v1/promises/standards", Access::kAdmin, [](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    JsonFields f(*body, "");
    store::StandardPromiseRecord s;
    int64_t id = 0;
    Status st = [&]() -> Status {
      ASSIGN_OR_RETURN(s.key, f.String("key", 100));
      ASSIGN_OR_RETURN(s.touchpoint_key, f.String("touchpoint", 200));
      ASSIGN_OR_RETURN(s.text, f.String("text", 1000));
      ASSIGN_OR_RETURN(auto secs, f.OptInt("due_after_seconds", 1, 366LL * 86400));
      ASSIGN_OR_RETURN(auto hours, f.OptInt("due_after_hours", 1, 366LL * 24));
      ASSIGN_OR_RETURN(auto bh, f.OptBool("business_hours"));
      RETURN_IF_ERROR(f.RejectUnknown());
      if (s.key.empty()) return InvalidArgument("key must not be empty", "/key");
      if (s.text.empty()) return InvalidArgument("text must not be empty", "/text");
      if (!secs == !hours) {
        return InvalidArgument("give one of due_after_seconds or due_after_hours",
                               "/due_after_hours");
      }
      s.due_after_seconds = secs ? *secs : *hours * 3600;
      s.business_hours = bh.value_or(true);
      return call.app.db().Write([&](store::SqlConn& c) -> Status {
        ASSIGN_OR_RETURN(
            id, store::LoopStore::InsertStandard(c, call.tenant(), s, call.app.clock().Now()));
        return Status::Ok();
      });
    }();
    if (!st.ok()) return Problem(st);
    return JsonOk(json::object{{"id", id},
                               {"key", s.key},
                               {"touchpoint", s.touchpoint_key},
                               {"text", s.text},
                               {"due_after_seconds", s.due_after_seconds},
                               {"business_hours", s.business_hours},
                               {"active", true}},
                  201);
  });

  app.Add("GET", "/api/v1/promises", Access::kRead, [](Call& call) {
    auto limit = PageLimit(call.req);
    if (!limit.ok()) return Problem(limit.status());
    auto after = DecodeCursor(call.req.Query("cursor"));
    if (!after.ok()) return Problem(after.status());
    std::optional<std::string> status;
    if (auto s = call.req.Query("status")) {
      if (*s != "open" && *s != "kept" && *s != "broken" && *s != "renegotiated") {
        return Problem(
            InvalidArgument("status must be open, kept, broken or renegotiated", "/query/status"));
      }
      status = *s;
    }
    json::array items;
    bool more = false;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(
          auto rows, store::LoopStore::ListPromises(c, call.tenant(), status, *after, *limit + 1));
      more = rows.size() > static_cast<size_t>(*limit);
      if (more) rows.pop_back();
      for (const auto& p : rows) items.push_back(PromiseJson(c, call.tenant(), p));
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    json::value next = nullptr;
    if (more) next = EncodeCursor(items.back().as_object().at("id").as_int64());
    return JsonOk(json::object{{"promises", items}, {"next_cursor", next}});
  });

  app.Add("POST", "/api/v1/promises", Access::kRead, [lp](Call& call) {
    if (!CanHandle(call)) return Forbidden();
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    JsonFields f(*body, "");
    json::object out;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      store::PromiseRecord p;
      p.org_id = call.tenant().org_id();
      ASSIGN_OR_RETURN(p.text, f.String("text", 1000));
      ASSIGN_OR_RETURN(auto type, f.OptString("type", 100));
      p.promise_type = type.value_or("manual");
      ASSIGN_OR_RETURN(auto due, OptTime(f, "due_at"));
      ASSIGN_OR_RETURN(auto made, OptTime(f, "made_at"));
      ASSIGN_OR_RETURN(auto employee, f.OptString("employee"));
      ASSIGN_OR_RETURN(auto team, f.OptString("team"));
      ASSIGN_OR_RETURN(auto customer, f.OptString("customer"));
      ASSIGN_OR_RETURN(p.interaction_id, f.OptInt("interaction_id", 1, INT64_MAX));
      ASSIGN_OR_RETURN(p.case_id, f.OptInt("case_id", 1, INT64_MAX));
      RETURN_IF_ERROR(f.RejectUnknown());
      if (p.text.empty()) return InvalidArgument("text must not be empty", "/text");
      if (!due) return InvalidArgument("due_at is required", "/due_at");
      UnixSeconds now = call.app.clock().Now();
      p.made_at = made.value_or(now);
      p.due_at = *due;
      if (p.due_at <= p.made_at) return InvalidArgument("due_at must be after made_at", "/due_at");
      RETURN_IF_ERROR(
          ResolveKey(c, call.tenant(), "employees", employee, "/employee", &p.employee_id));
      RETURN_IF_ERROR(ResolveKey(c, call.tenant(), "teams", team, "/team", &p.team_id));
      RETURN_IF_ERROR(
          ResolveKey(c, call.tenant(), "customers", customer, "/customer", &p.customer_id));
      if (p.case_id) {
        ASSIGN_OR_RETURN(auto k, store::LoopStore::GetCase(c, call.tenant(), *p.case_id));
        if (!k) return InvalidArgument("no such case", "/case_id");
      }
      p.source_key = "manual:" + security::RandomToken(12);
      ASSIGN_OR_RETURN(auto id, store::LoopStore::InsertPromise(c, p, now));
      p.id = id.value_or(0);
      out = PromiseJson(c, call.tenant(), p);
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    return JsonOk(out, 201);
  });

  app.Add("GET", "/api/v1/promises/{id}", Access::kRead, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return Problem(id.status());
    json::object out;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto p, store::LoopStore::GetPromise(c, call.tenant(), *id));
      if (!p) return NotFound("no such promise");
      out = PromiseJson(c, call.tenant(), *p);
      ASSIGN_OR_RETURN(auto hist, store::LoopStore::PromiseChanges(c, p->org_id, p->id));
      json::array h;
      for (const auto& ch : hist) {
        h.push_back(json::object{{"old_due_at", FormatRfc3339(ch.old_due_at)},
                                 {"new_due_at", FormatRfc3339(ch.new_due_at)},
                                 {"note", Text(ch.note)},
                                 {"actor", ch.actor},
                                 {"at", FormatRfc3339(ch.at)}});
      }
      out["history"] = h;
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    return JsonOk(out);
  });

  auto settle = [lp](Call& call, const std::string& what) {
    if (!CanHandle(call)) return Forbidden();
    auto id = PathId(call.req);
    if (!id.ok()) return Problem(id.status());
    std::optional<json::object> body;
    if (what == "renegotiate") {
      auto b = Body(call);
      if (!b.ok()) return Problem(b.status());
      body = *b;
    }
    json::object out;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto p, store::LoopStore::GetPromise(c, call.tenant(), *id));
      if (!p) return NotFound("no such promise");
      if (what == "renegotiate") {
        JsonFields f(*body, "");
        ASSIGN_OR_RETURN(auto due, OptTime(f, "due_at"));
        ASSIGN_OR_RETURN(auto note, f.OptString("note", 2000));
        RETURN_IF_ERROR(f.RejectUnknown());
        if (!due) return InvalidArgument("due_at is required", "/due_at");
        RETURN_IF_ERROR(lp->RenegotiatePromise(c, *p, *due, note, call.who->actor()));
      } else {
        RETURN_IF_ERROR(lp->SettlePromise(c, *p, what, call.who->actor()));
      }
      out = PromiseJson(c, call.tenant(), *p);
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    return JsonOk(out);
  };
  app.Add("POST", "/api/v1/promises/{id}/kept", Access::kRead,
          [settle](Call& call) { return settle(call, "kept"); });
  app.Add("POST", "/api/v1/promises/{id}/broken", Access::kRead,
          [settle](Call& call) { return settle(call, "broken"); });
  app.Add("POST", "/api/v1/promises/{id}/renegotiate", Access::kRead,
          [settle](Call& call) { return settle(call, "renegotiate"); });
}

void RegisterAlertRoutes(App& app, const LoopPtr& lp) {
  app.Add("GET", "/api/v1/webhooks", Access::kAdmin, [](Call& call) {
    return ItemsResponse(call, "webhooks", [&](store::SqlConn& c, json::array* items) -> Status {
      ASSIGN_OR_RETURN(auto rows, store::LoopStore::Webhooks(c, call.tenant()));
      for (const auto& w : rows) {
        items->push_back(json::object{{"id", w.id},
                                      {"url", w.url},
                                      {"format", w.format},
                                      {"retry_base_seconds", w.retry_base_seconds},
                                      {"max_attempts", w.max_attempts},
                                      {"active", w.active}});
      }
      return Status::Ok();
    });
  });

  app.Add("POST", "/api/v1/webhooks", Access::kAdmin, [](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    JsonFields f(*body, "");
    store::WebhookRecord w;
    Status st = [&]() -> Status {
      ASSIGN_OR_RETURN(w.url, f.String("url", 2000));
      ASSIGN_OR_RETURN(auto secret, f.OptString("secret", 200));
      ASSIGN_OR_RETURN(auto format,
                       f.OptEnum("format", {"json", "slack", "teams", "adaptive_card"}));
      ASSIGN_OR_RETURN(auto base, f.OptInt("retry_base_seconds", 1, 3600));
      ASSIGN_OR_RETURN(auto max, f.OptInt("max_attempts", 1, 20));
      RETURN_IF_ERROR(f.RejectUnknown());
      if (w.url.rfind("http://", 0) != 0 && w.url.rfind("https://", 0) != 0) {
        return InvalidArgument("url must be an http or https URL", "/url");
      }
      if (secret && secret->size() < 16) {
        return InvalidArgument("secret must have at least 16 characters", "/secret");
      }
      w.secret = secret ? *secret : security::RandomToken(32);
      w.format = format.value_or("json");
      w.retry_base_seconds = base.value_or(30);
      w.max_attempts = static_cast<int>(max.value_or(8));
      return call.app.db().Write([&](store::SqlConn& c) -> Status {
        ASSIGN_OR_RETURN(
            w.id, store::LoopStore::InsertWebhook(c, call.tenant(), w, call.app.clock().Now()));
        return Status::Ok();
      });
    }();
    if (!st.ok()) return Problem(st);
    return JsonOk(json::object{{"id", w.id},
                               {"url", w.url},
                               {"format", w.format},
                               {"secret", w.secret},
                               {"retry_base_seconds", w.retry_base_seconds},
                               {"max_attempts", w.max_attempts},
                               {"active", true}},
                  201);
  });

  app.Add("GET", "/api/v1/webhooks/{id}/deliveries", Access::kAdmin, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return Problem(id.status());
    auto limit = PageLimit(call.req);
    if (!limit.ok()) return Problem(limit.status());
    return ItemsResponse(call, "deliveries", [&](store::SqlConn& c, json::array* items) -> Status {
      ASSIGN_OR_RETURN(auto hook, store::LoopStore::SysWebhook(c, *id));
      if (!hook || hook->org_id != call.tenant().org_id()) return NotFound("no such webhook");
      ASSIGN_OR_RETURN(auto rows, store::LoopStore::Deliveries(c, call.tenant(), *id, *limit));
      for (const auto& d : rows) items->push_back(DeliveryJson(d));
      return Status::Ok();
    });
  });

  app.Add("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend", Access::kAdmin,
          [lp](Call& call) {
            auto id = PathId(call.req);
            auto did = PathId(call.req, "delivery_id");
            if (!id.ok() || !did.ok()) return Problem(NotFound("no such delivery"));
            json::object out;
            Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
              ASSIGN_OR_RETURN(auto d, store::LoopStore::SysDelivery(c, *did));
              if (!d || d->org_id != call.tenant().org_id() || d->webhook_id != *id) {
                return NotFound("no such delivery");
              }
              d->state = "pending";
              RETURN_IF_ERROR(store::LoopStore::UpdateDelivery(c, *d));
              RETURN_IF_ERROR(lp->Resend(c, *d));
              out = DeliveryJson(*d);
              return Status::Ok();
            });
            if (!st.ok()) return Problem(st);
            call.app.jobs().Wake();
            return JsonOk(out, 202);
          });

  app.Add("GET", "/api/v1/email-deliveries", Access::kAdmin, [](Call& call) {
    auto limit = PageLimit(call.req);
    if (!limit.ok()) return Problem(limit.status());
    return ItemsResponse(call, "deliveries", [&](store::SqlConn& c, json::array* items) -> Status {
      ASSIGN_OR_RETURN(auto rows, store::LoopStore::EmailDeliveries(c, call.tenant(), *limit));
      for (const auto& d : rows) items->push_back(EmailDeliveryJson(d));
      return Status::Ok();
    });
  });

  app.Add("POST", "/api/v1/email-deliveries/{id}/resend", Access::kAdmin, [lp](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return Problem(NotFound("no such e-mail delivery"));
    json::object out;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto d, store::LoopStore::GetEmailDelivery(c, call.tenant(), *id));
      if (!d) return NotFound("no such e-mail delivery");
      RETURN_IF_ERROR(lp->ResendEmail(c, *d));
      out = EmailDeliveryJson(*d);
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    call.app.jobs().Wake();
    return JsonOk(out, 202);
  });

  app.Add("GET", "/api/v1/alert-rules", Access::kAdmin, [](Call& call) {
    return ItemsResponse(call, "alert_rules", [&](store::SqlConn& c, json::array* items) -> Status {
      ASSIGN_OR_RETURN(auto rows, store::LoopStore::Rules(c, call.tenant().org_id()));
      for (const auto& r : rows) {
        items->push_back(json::object{{"id", r.id},
                                      {"event", r.event},
                                      {"keyword", Text(r.keyword)},
                                      {"webhook_id", Id(r.webhook_id)},
                                      {"email", Text(r.email)},
                                      {"active", r.active}});
      }
      return Status::Ok();
    });
  });

  app.Add("POST", "/api/v1/alert-rules", Access::kAdmin, [](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    JsonFields f(*body, "");
    store::AlertRuleRecord r;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto event, f.OptEnum("event", kEvents));
      ASSIGN_OR_RETURN(r.keyword, f.OptString("keyword", 200));
      ASSIGN_OR_RETURN(r.webhook_id, f.OptInt("webhook_id", 1, INT64_MAX));
      ASSIGN_OR_RETURN(r.email, f.OptString("email", 320));
      RETURN_IF_ERROR(f.RejectUnknown());
      if (!event) return InvalidArgument("event is required", "/event");
      r.event = *event;
      if (r.event == "keyword" && (!r.keyword || r.keyword->empty())) {
        return InvalidArgument("a keyword rule needs a keyword", "/keyword");
      }
      if (!r.webhook_id && !r.email) {
        return InvalidArgument("give a webhook_id or an email", "/webhook_id");
      }
      if (r.email && r.email->find('@') == std::string::npos) {
        return InvalidArgument("not an e-mail address", "/email");
      }
      if (r.webhook_id) {
        ASSIGN_OR_RETURN(auto hook, store::LoopStore::SysWebhook(c, *r.webhook_id));
        if (!hook || hook->org_id != call.tenant().org_id()) {
          return InvalidArgument("no such webhook", "/webhook_id");
        }
      }
      ASSIGN_OR_RETURN(r.id,
                       store::LoopStore::InsertRule(c, call.tenant(), r, call.app.clock().Now()));
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    return JsonOk(json::object{{"id", r.id},
                               {"event", r.event},
                               {"keyword", Text(r.keyword)},
                               {"webhook_id", Id(r.webhook_id)},
                               {"email", Text(r.email)},
                               {"active", true}},
                  201);
  });

  app.Add("DELETE", "/api/v1/alert-rules/{id}", Access::kAdmin, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return Problem(id.status());
    bool gone = false;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(gone, store::LoopStore::DeleteRule(c, call.tenant(), *id));
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    if (!gone) return Problem(NotFound("no such alert rule"));
    http::Response r;
    r.status = 204;
    return r;
  });
}

json::object TargetCountsJson(const loop::SlaTargetCounts& t) {
  json::object o{{"met", t.met}, {"missed", t.missed}, {"breached_open", t.breached_open}};
  o["mean_seconds"] =
      t.finished
          ? json::value(static_cast<double>(t.total_used_seconds) / static_cast<double>(t.finished))
          : json::value(nullptr);
  return o;
}

json::object PromiseRowJson(const loop::PromiseReportRow& r) {
  return {{"key", r.key},
          {"kept", r.kept},
          {"broken", r.broken},
          {"open", r.open},
          {"kept_rate", r.kept_rate ? json::value(*r.kept_rate) : json::value(nullptr)}};
}

json::object NpsAfterJson(const loop::NpsAfter& n) {
  return {{"responses", n.responses},
          {"promoters", n.promoters},
          {"detractors", n.detractors},
          {"nps", n.nps ? json::value(*n.nps) : json::value(nullptr)}};
}

void RegisterSlaRoutes(App& app, const LoopPtr& lp) {
  app.Add("GET", "/api/v1/sla-policies", Access::kRead, [lp](Call& call) {
    json::object out;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto cal, lp->Calendar(c, call.tenant().org_id()));
      out["calendar"] = json::object{{"time_zone", cal.zone.name()},
                                     {"hours", loop::CalendarHoursJson(cal)},
                                     {"holidays", loop::CalendarHolidaysJson(cal)}};
      ASSIGN_OR_RETURN(auto ps, store::LoopStore::Policies(c, call.tenant().org_id()));
      json::array items;
      for (const auto& p : ps) {
        items.push_back(json::object{{"case_type", p.case_type},
                                     {"acknowledge_minutes", Id(p.acknowledge_minutes)},
                                     {"first_contact_minutes", Id(p.first_contact_minutes)},
                                     {"resolve_minutes", Id(p.resolve_minutes)},
                                     {"at_risk_percent", p.at_risk_percent},
                                     {"business_hours", p.business_hours}});
      }
      out["policies"] = items;
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    return JsonOk(out);
  });

  app.Add("PUT", "/api/v1/sla-policies/calendar", Access::kAdmin, [lp](Call& call) {
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    JsonFields f(*body, "");
    const json::value* hours = f.Get("hours");
    const json::value* holidays = f.Get("holidays");
    Status st = f.RejectUnknown();
    if (!st.ok()) return Problem(st);
    json::value none = nullptr;
    auto cal =
        loop::ParseCalendar(hours ? *hours : none, holidays ? *holidays : none, TimeZone::Utc());
    if (!cal.ok()) return Problem(cal.status());
    store::CalendarRecord rec{ToJsonText(loop::CalendarHoursJson(*cal)),
                              ToJsonText(loop::CalendarHolidaysJson(*cal))};
    st = call.app.db().Write([&](store::SqlConn& c) {
      return store::LoopStore::PutCalendar(c, call.tenant(), rec, call.app.clock().Now());
    });
    if (!st.ok()) return Problem(st);
    return JsonOk(json::object{{"hours", loop::CalendarHoursJson(*cal)},
                               {"holidays", loop::CalendarHolidaysJson(*cal)}});
  });

  app.Add("PUT", "/api/v1/sla-policies/{case_type}", Access::kAdmin, [](Call& call) {
    std::string type = call.req.path_params["case_type"];
    bool known = false;
    for (auto t : kCaseTypes) known = known || t == type;
    if (!known) return Problem(NotFound("unknown case type"));
    auto body = Body(call);
    if (!body.ok()) return Problem(body.status());
    JsonFields f(*body, "");
    store::SlaPolicyRecord p;
    p.case_type = type;
    Status st = [&]() -> Status {
      constexpr int64_t kYear = 366LL * 24 * 60;
      ASSIGN_OR_RETURN(p.acknowledge_minutes, f.OptInt("acknowledge_minutes", 1, kYear));
      ASSIGN_OR_RETURN(p.first_contact_minutes, f.OptInt("first_contact_minutes", 1, kYear));
      ASSIGN_OR_RETURN(p.resolve_minutes, f.OptInt("resolve_minutes", 1, kYear));
      ASSIGN_OR_RETURN(auto risk, f.OptInt("at_risk_percent", 1, 99));
      ASSIGN_OR_RETURN(auto bh, f.OptBool("business_hours"));
      RETURN_IF_ERROR(f.RejectUnknown());
      p.at_risk_percent = static_cast<int>(risk.value_or(75));
      p.business_hours = bh.value_or(true);
      return call.app.db().Write([&](store::SqlConn& c) {
        return store::LoopStore::PutPolicy(c, call.tenant(), p, call.app.clock().Now());
      });
    }();
    if (!st.ok()) return Problem(st);
    return JsonOk(json::object{{"case_type", p.case_type},
                               {"acknowledge_minutes", Id(p.acknowledge_minutes)},
                               {"first_contact_minutes", Id(p.first_contact_minutes)},
                               {"resolve_minutes", Id(p.resolve_minutes)},
                               {"at_risk_percent", p.at_risk_percent},
                               {"business_hours", p.business_hours}});
  });

  app.Add("GET", "/api/v1/reports/sla", Access::kRead, [lp](Call& call) {
    std::optional<UnixSeconds> from, to;
    for (auto [param, slot] : {std::pair{"from", &from}, {"to", &to}}) {
      if (auto v = call.req.Query(param)) {
        auto t = ParseDateOrDateTime(*v, std::string("/query/") + param);
        if (!t.ok()) return Problem(t.status());
        *slot = *t;
      }
    }
    json::object out;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto rep, lp->SlaOutcomes(c, call.tenant(), from, to));
      json::array rows, cases;
      for (const auto& r : rep.by_type) {
        rows.push_back(json::object{{"case_type", r.case_type},
                                    {"opened", r.opened},
                                    {"closed", r.closed},
                                    {"acknowledge", TargetCountsJson(r.acknowledge)},
                                    {"first_contact", TargetCountsJson(r.first_contact)},
                                    {"resolve", TargetCountsJson(r.resolve)}});
      }
      for (const auto& k : rep.cases) {
        cases.push_back(json::object{{"id", k.record.id},
                                     {"type", k.record.case_type},
                                     {"status", k.record.status},
                                     {"opened_at", FormatRfc3339(k.record.opened_at)},
                                     {"acknowledged_at", Time(k.record.acknowledged_at)},
                                     {"first_contact_at", Time(k.record.first_contact_at)},
                                     {"closed_at", Time(k.record.closed_at)},
                                     {"escalation_level", k.record.escalation_level},
                                     {"sla", loop::SlaStateJson(k.sla)}});
      }
      out["by_type"] = rows;
      out["cases"] = cases;
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    return JsonOk(out);
  });

  app.Add("GET", "/api/v1/reports/promises", Access::kRead, [lp](Call& call) {
    json::object out;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto rep, lp->PromiseKeeping(c, call.tenant()));
      auto rows = [&](const std::vector<loop::PromiseReportRow>& v, const char* resource) {
        json::array a;
        for (const auto& r : v) {
          json::object o = PromiseRowJson(r);
          if (resource) {
            auto k = store::DimensionStore::KeyOf(c, call.tenant(), resource, std::stoll(r.key));
            o["key"] = k.ok() ? json::value(*k) : json::value(r.key);
          }
          a.push_back(o);
        }
        return a;
      };
      json::object total = PromiseRowJson(rep.total);
      total.erase("key");
      out["total"] = total;
      out["by_team"] = rows(rep.by_team, "teams");
      out["by_employee"] = rows(rep.by_employee, "employees");
      out["by_type"] = rows(rep.by_type, nullptr);
      out["nps_after_kept"] = NpsAfterJson(rep.after_kept);
      out["nps_after_broken"] = NpsAfterJson(rep.after_broken);
      return Status::Ok();
    });
    if (!st.ok()) return Problem(st);
    return JsonOk(out);
  });
}

// --- the public complaint form (server-rendered, no JavaScript)

std::string Esc(std::string_view in) { return HtmlEscape(in); }

struct FormText {
  const char *lang, *title, *lead, *name, *email, *email_hint, *subject, *narrative, *send, *thanks,
      *thanks_lead, *required, *too_long;
};
const FormText kNl = {"nl",
                      "Een klacht indienen",
                      "Vertel ons wat er mis ging. Een medewerker neemt contact met u op.",
                      "Uw naam",
                      "Uw e-mailadres",
                      "(zodat we u kunnen antwoorden)",
                      "Onderwerp",
                      "Wat is er gebeurd?",
                      "Klacht versturen",
                      "Bedankt voor uw klacht",
                      "We hebben uw klacht ontvangen. Uw referentienummer is ",
                      "Vul in wat er is gebeurd.",
                      "Uw tekst is te lang (hoogstens 10.000 tekens)."};
const FormText kEn = {"en",
                      "Make a complaint",
                      "Tell us what went wrong. Someone from our team will contact you.",
                      "Your name",
                      "Your e-mail address",
                      "(so we can reply)",
                      "Subject",
                      "What happened?",
                      "Send complaint",
                      "Thank you for your complaint",
                      "We have received your complaint. Your reference number is ",
                      "Please describe what happened.",
                      "Your text is too long (at most 10,000 characters)."};

std::string FormPage(const FormText& t, const store::Org& org, const std::string& error,
                     const std::map<std::string, std::string>& v) {
  auto val = [&](const char* k) {
    auto it = v.find(k);
    return it == v.end() ? std::string() : Esc(it->second);
  };
  std::string h = "<!doctype html><html lang=\"" + std::string(t.lang) +
                  "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\"><title>" +
                  Esc(t.title) + " - " + Esc(org.name) +
                  "</title><link rel=\"stylesheet\" href=\"/complaints/assets/complaint.css\">"
                  "</head><body><main><h1>" +
                  Esc(t.title) + "</h1><p class=\"lead\">" + Esc(org.name) + ": " + Esc(t.lead) +
                  "</p>";
  if (!error.empty())
    h += "<p class=\"error\" role=\"alert\" id=\"form-error\">" + Esc(error) + "</p>";
  h += "<form method=\"post\" action=\"/complaints/" + Esc(org.slug) + "\">";
  h += "<label for=\"name\">" + Esc(t.name) +
       "</label><input type=\"text\" id=\"name\" "
       "name=\"name\" maxlength=\"200\" autocomplete=\"name\" value=\"" +
       val("name") + "\">";
  h += "<label for=\"email\">" + Esc(t.email) + " <span class=\"hint\">" + Esc(t.email_hint) +
       "</span></label><input type=\"email\" id=\"email\" name=\"email\" maxlength=\"320\" "
       "autocomplete=\"email\" value=\"" +
       val("email") + "\">";
  h += "<label for=\"subject\">" + Esc(t.subject) +
       "</label><input type=\"text\" id=\"subject\" "
       "name=\"subject\" maxlength=\"300\" value=\"" +
       val("subject") + "\">";
  h += "<label for=\"narrative\">" + Esc(t.narrative) +
       "</label><textarea id=\"narrative\" "
       "name=\"narrative\" required maxlength=\"10000\"" +
       std::string(error.empty() ? "" : " aria-describedby=\"form-error\" aria-invalid=\"true\"") +
       ">" + val("narrative") + "</textarea>";
  h += "<div class=\"hp\" aria-hidden=\"true\"><label for=\"website\">Website</label><input "
       "type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>";
  h += "<button type=\"submit\">" + Esc(t.send) + "</button></form></main></body></html>";
  return h;
}

Result<store::Org> FormOrg(Call& call) {
  const std::string& slug = call.req.path_params["org"];
  if (slug.empty() || slug.size() > 60) return NotFound("no such organisation");
  std::optional<store::Org> org;
  RETURN_IF_ERROR(call.app.db().Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, slug));
    return Status::Ok();
  }));
  if (!org) return NotFound("no such organisation");
  return *org;
}

void RegisterComplaintForm(App& app, const LoopPtr& lp) {
  app.Add("GET", "/complaints/assets/complaint.css", Access::kPublic, [](Call&) {
    http::Response r;
    auto css = resources::Find("loop/complaint.css");
    r.content_type = "text/css; charset=utf-8";
    r.body = css ? std::string(*css) : "";
    return r;
  });
  app.Add("GET", "/complaints/{org}", Access::kPublic, [](Call& call) {
    auto org = FormOrg(call);
    if (!org.ok())
      return http::Html(404, "<!doctype html><title>Not found</title><p>Not found</p>");
    const FormText& t = org->language == "nl" ? kNl : kEn;
    return http::Html(200, FormPage(t, *org, "", {}));
  });
  app.Add(
      "POST", "/complaints/{org}", Access::kPublic,
      [lp](Call& call) {
        auto org = FormOrg(call);
        if (!org.ok()) {
          return http::Html(404, "<!doctype html><title>Not found</title><p>Not found</p>");
        }
        const FormText& t = org->language == "nl" ? kNl : kEn;
        std::multimap<std::string, std::string> form;
        http::ParseQueryString(call.req.body, &form);
        std::map<std::string, std::string> v;
        for (const char* k : {"name", "email", "subject", "narrative", "website"}) {
          auto it = form.find(k);
          if (it != form.end()) v[k] = it->second;
        }
        std::string narrative = v["narrative"];
        if (narrative.find_first_not_of(" \t\r\n") == std::string::npos) {
          return http::Html(422, FormPage(t, *org, t.required, v));
        }
        if (narrative.size() > 10000 || v["name"].size() > 200 || v["email"].size() > 320 ||
            v["subject"].size() > 300) {
          return http::Html(422, FormPage(t, *org, t.too_long, v));
        }
        std::optional<int64_t> id;
        if (v["website"].empty()) {  // the honeypot field stays empty for people
          store::ComplaintRecord x;
          x.org_id = org->id;
          x.source = "form";
          x.source_ref = "form:" + security::RandomToken(12);
          x.received_at = call.app.clock().Now();
          auto opt = [&](const char* k) -> std::optional<std::string> {
            return v[k].empty() ? std::nullopt : std::optional<std::string>(v[k]);
          };
          x.name = opt("name");
          x.email = opt("email");
          x.subject = opt("subject");
          x.narrative = narrative;
          Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
            ASSIGN_OR_RETURN(id, lp->SubmitComplaint(c, x, "form"));
            return Status::Ok();
          });
          if (!st.ok()) return http::Html(500, FormPage(t, *org, st.message(), v));
        }
        std::string ref = id ? "K-" + std::to_string(*id) : "K-0";
        std::string h =
            "<!doctype html><html lang=\"" + std::string(t.lang) +
            "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
            "content=\"width=device-width, initial-scale=1\"><title>" +
            Esc(t.thanks) +
            "</title><link rel=\"stylesheet\" href=\"/complaints/assets/complaint.css\">"
            "</head><body><main><h1>" +
            Esc(t.thanks) + "</h1><p>" + Esc(t.thanks_lead) + "<strong>" + ref +
            "</strong>.</p></main></body></html>";
        return http::Html(201, h);
      },
      16 * 1024);
}

// --- the public satisfaction follow-up page (/followup/{token}): the token
// in the URL is the only credential, so the form needs no CSRF token; it
// reads and writes only its own follow-up and case.

struct FollowUpText {
  const char *lang, *title, *lead, *yes, *no, *comment, *send, *thanks, *thanks_lead, *choose,
      *too_long, *already, *expired, *unknown;
};
const FollowUpText kFollowUpNl = {
    "nl",
    "Bent u tevreden over de afhandeling van uw melding?",
    "Uw melding is afgehandeld. Wij horen graag hoe u dat heeft ervaren.",
    "Ja, ik ben tevreden",
    "Nee, ik ben niet tevreden",
    "Wilt u nog iets toelichten? (niet verplicht, hoogstens 1000 tekens)",
    "Antwoord versturen",
    "Bedankt voor uw antwoord",
    "We hebben uw antwoord ontvangen en gebruiken het om onze service te verbeteren.",
    "Kies ja of nee.",
    "Uw toelichting is te lang (hoogstens 1000 tekens).",
    "U heeft deze vraag al beantwoord. Uw eerdere antwoord blijft staan.",
    "Deze link is verlopen.",
    "Deze link is niet (meer) geldig."};
const FollowUpText kFollowUpEn = {
    "en",
    "Are you satisfied with how we handled your request?",
    "Your request has been closed. We would like to hear how it went for you.",
    "Yes, I am satisfied",
    "No, I am not satisfied",
    "Anything you would like to add? (optional, at most 1000 characters)",
    "Send answer",
    "Thank you for your answer",
    "We have received your answer and will use it to improve our service.",
    "Please choose yes or no.",
    "Your comment is too long (at most 1000 characters).",
    "You have already answered this question. Your earlier answer stands.",
    "This link has expired.",
    "This link is not valid (any more)."};

std::string FollowUpShell(const FollowUpText& t, const std::string& title,
                          const std::string& inner) {
  return "<!doctype html><html lang=\"" + std::string(t.lang) +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" "
         "content=\"noindex\"><title>" +
         Esc(title) +
         "</title><link rel=\"stylesheet\" href=\"/complaints/assets/complaint.css\">"
         "</head><body><main><h1>" +
         Esc(title) + "</h1>" + inner + "</main></body></html>";
}

std::string FollowUpMessage(const FollowUpText& t, const std::string& title,
                            const std::string& text) {
  return FollowUpShell(t, title, "<p>" + Esc(text) + "</p>");
}

std::string FollowUpForm(const FollowUpText& t, const loop::FollowUpView& v,
                         const std::string& token, const std::string& error,
                         const std::string& choice, const std::string& comment) {
  std::string h = "<p class=\"lead\">" + (v.org_name.empty() ? "" : Esc(v.org_name) + ": ") +
                  Esc(t.lead) + "</p>";
  if (!error.empty())
    h += "<p class=\"error\" role=\"alert\" id=\"form-error\">" + Esc(error) + "</p>";
  h += "<form method=\"post\" action=\"/followup/" + Esc(token) + "\"><fieldset";
  if (!error.empty()) h += " aria-describedby=\"form-error\"";
  h += "><legend>" + Esc(t.title) + "</legend>";
  for (auto [value, label] : {std::pair{"yes", t.yes}, {"no", t.no}}) {
    h += "<label class=\"choice\" for=\"satisfied-" + std::string(value) +
         "\"><input type=\"radio\" name=\"satisfied\" required id=\"satisfied-" + value +
         "\" value=\"" + value + "\"" + (choice == value ? " checked" : "") + ">" + Esc(label) +
         "</label>";
  }
  h += "</fieldset><label for=\"comment\">" + Esc(t.comment) +
       "</label><textarea id=\"comment\" name=\"comment\" maxlength=\"1000\">" + Esc(comment) +
       "</textarea><button type=\"submit\">" + Esc(t.send) + "</button></form>";
  return FollowUpShell(t, t.title, h);
}

// The page for a follow-up that cannot be answered (any more).
http::Response FollowUpClosed(const loop::FollowUpView& v) {
  const FollowUpText& t = v.language == "en" ? kFollowUpEn : kFollowUpNl;
  switch (v.state) {
    case loop::FollowUpState::kAlreadyAnswered:
      return http::Html(409, FollowUpMessage(t, t.thanks, t.already));
    case loop::FollowUpState::kExpired:
      return http::Html(410, FollowUpMessage(t, t.expired, t.expired));
    default:
      return http::Html(404, FollowUpMessage(t, t.unknown, t.unknown));
  }
}

// The follow-up of `token` when it can still be answered; otherwise
// `*page` is the page to show instead (unknown, answered, expired, error).
std::optional<loop::FollowUpView> OpenFollowUp(Call& call, const LoopPtr& lp,
                                               const std::string& token, http::Response* page) {
  loop::FollowUpView v;
  Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(v, lp->FindFollowUp(c, token));
    return Status::Ok();
  });
  if (!st.ok()) {
    *page = http::Html(500, FollowUpMessage(kFollowUpNl, "Error", st.message()));
    return std::nullopt;
  }
  if (v.state != loop::FollowUpState::kOpen) {
    *page = FollowUpClosed(v);
    return std::nullopt;
  }
  return v;
}

void RegisterFollowUpPage(App& app, const LoopPtr& lp) {
  app.Add("GET", "/followup/{token}", Access::kPublic, [lp](Call& call) {
    const std::string& token = call.req.path_params["token"];
    http::Response page;
    auto v = OpenFollowUp(call, lp, token, &page);
    if (!v) return page;
    const FollowUpText& t = v->language == "en" ? kFollowUpEn : kFollowUpNl;
    return http::Html(200, FollowUpForm(t, *v, token, "", "", ""));
  });
  app.Add(
      "POST", "/followup/{token}", Access::kPublic,
      [lp](Call& call) {
        const std::string& token = call.req.path_params["token"];
        std::multimap<std::string, std::string> form;
        http::ParseQueryString(call.req.body, &form);
        auto field = [&](const char* k) {
          auto it = form.find(k);
          return it == form.end() ? std::string() : it->second;
        };
        std::string choice = field("satisfied"), comment = field("comment");
        http::Response page;
        auto open = OpenFollowUp(call, lp, token, &page);
        if (!open) return page;
        loop::FollowUpView v = std::move(*open);
        const FollowUpText& t = v.language == "en" ? kFollowUpEn : kFollowUpNl;
        if (choice != "yes" && choice != "no") {
          return http::Html(422, FollowUpForm(t, v, token, t.choose, "", comment));
        }
        if (comment.size() > loop::kMaxFollowUpComment) {
          return http::Html(422, FollowUpForm(t, v, token, t.too_long, choice, comment));
        }
        std::optional<std::string> note;
        if (comment.find_first_not_of(" \t\r\n") != std::string::npos) note = comment;
        Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
          ASSIGN_OR_RETURN(v, lp->AnswerFollowUp(c, token, choice == "yes", note));
          return Status::Ok();
        });
        if (!st.ok()) return http::Html(500, FollowUpMessage(t, "Error", st.message()));
        if (v.state != loop::FollowUpState::kRecorded) return FollowUpClosed(v);
        return http::Html(200, FollowUpMessage(t, t.thanks, t.thanks_lead));
      },
      8 * 1024);
}

}  // namespace

void RegisterLoopRoutes(App& app) {
  // Owned by the services; the routes only borrow it.
  LoopPtr lp(std::shared_ptr<loop::Loop>(), &app.services().loop());
  RegisterCaseRoutes(app, lp);
  RegisterComplaintRoutes(app, lp);
  RegisterPromiseRoutes(app, lp);
  RegisterAlertRoutes(app, lp);
  RegisterSlaRoutes(app, lp);
  RegisterComplaintForm(app, lp);
  RegisterFollowUpPage(app, lp);
}

}  // namespace beleving::api
