// Survey definitions: list, read, create, replace, delete.
#include "api/app.h"
#include "core/time_format.h"
#include "store/survey_store.h"
#include "survey/definition.h"

namespace beleving::api {
namespace {

json::object SurveyJson(const store::SurveyRecord& s) {
  json::object o;
  o["id"] = s.id;
  o["key"] = s.key;
  o["name"] = s.name;
  auto def = ParseJson(s.definition);
  o["definition"] = def.ok() ? *def : json::value(nullptr);
  o["created_at"] = FormatRfc3339(s.created_at);
  o["updated_at"] = FormatRfc3339(s.updated_at);
  return o;
}

constexpr size_t kSurveyBodyLimit = 256 * 1024;

}  // namespace

void RegisterSurveyRoutes(App& app) {
  app.Add("GET", "/api/v1/surveys", Access::kRead, [](Call& call) {
    json::array items;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto list, store::SurveyStore::List(c, call.tenant()));
      for (const auto& s : list) items.push_back(SurveyJson(s));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    return JsonOk(json::object{{"surveys", items}, {"next_cursor", nullptr}});
  });

  app.Add("GET", "/api/v1/surveys/{id}", Access::kRead, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    std::optional<store::SurveyRecord> s;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(s, store::SurveyStore::ById(c, call.tenant(), *id));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (!s) return http::Problem(404, "", "no such survey");
    return JsonOk(SurveyJson(*s));
  });

  app.Add(
      "POST", "/api/v1/surveys", Access::kManage,
      [](Call& call) {
        auto body = ReadJsonBody(call.req);
        if (!body.ok()) return http::ProblemFromStatus(body.status());
        auto def = survey::ParseDefinition(*body);
        if (!def.ok()) return http::ProblemFromStatus(def.status());
        UnixSeconds now = call.app.clock().Now();
        std::optional<store::SurveyRecord> out;
        Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
          store::SurveyRecord rec{0,   def->key, def->name, json::serialize(survey::ToJson(*def)),
                                  now, now};
          ASSIGN_OR_RETURN(rec.id, store::SurveyStore::Create(c, call.tenant(), rec, now));
          out = rec;
          return Status::Ok();
        });
        if (!st.ok()) return http::ProblemFromStatus(st);
        auto r = JsonOk(SurveyJson(*out), 201);
        r.Set("Location", "/api/v1/surveys/" + std::to_string(out->id));
        return r;
      },
      kSurveyBodyLimit);

  app.Add(
      "PUT", "/api/v1/surveys/{id}", Access::kManage,
      [](Call& call) {
        auto id = PathId(call.req);
        if (!id.ok()) return http::ProblemFromStatus(id.status());
        auto body = ReadJsonBody(call.req);
        if (!body.ok()) return http::ProblemFromStatus(body.status());
        auto def = survey::ParseDefinition(*body);
        if (!def.ok()) return http::ProblemFromStatus(def.status());
        UnixSeconds now = call.app.clock().Now();
        std::optional<store::SurveyRecord> out;
        Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
          ASSIGN_OR_RETURN(auto existing, store::SurveyStore::ById(c, call.tenant(), *id));
          if (!existing) return NotFound("no such survey");
          if (existing->key != def->key) {
            return InvalidArgument("a survey's key cannot change", "/key");
          }
          ASSIGN_OR_RETURN(bool ok,
                           store::SurveyStore::Update(c, call.tenant(), *id, def->name,
                                                      json::serialize(survey::ToJson(*def)), now));
          if (!ok) return NotFound("no such survey");
          ASSIGN_OR_RETURN(out, store::SurveyStore::ById(c, call.tenant(), *id));
          return Status::Ok();
        });
        if (!st.ok()) return http::ProblemFromStatus(st);
        call.app.survey_pages().Clear();  // its links show the new texts at once
        return JsonOk(SurveyJson(*out));
      },
      kSurveyBodyLimit);

  app.Add("DELETE", "/api/v1/surveys/{id}", Access::kManage, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    bool found = false;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(found, store::SurveyStore::Delete(c, call.tenant(), *id));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (!found) return http::Problem(404, "", "no such survey");
    call.app.survey_pages().Clear();
    http::Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  });
}

}  // namespace beleving::api
