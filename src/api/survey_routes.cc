// Survey definitions: list, read, create, replace, delete, through
// survey::SurveyService (the rules, the audit entry, the page cache).
#include "api/app.h"
#include "api/survey_schemas.h"

namespace beleving::api {
namespace {

constexpr size_t kSurveyBodyLimit = 256 * 1024;
constexpr const char* kTag = "surveys";

Parameter IdParameter() {
  return {"id", Schema::Integer(1, INT64_MAX).Describe("the survey's id"), true, ""};
}

Reply SurveyReply(int status, std::string description) {
  return {status, std::move(description), "Survey", std::nullopt, "application/json"};
}

Reply Problem(int status, std::string description) {
  return {status, std::move(description), "", std::nullopt, "application/json"};
}

http::Response NoContent() {
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace

void RegisterSurveyRoutes(App& app) {
  app.Add(
      "GET", "/api/v1/surveys", Access::kRead,
      [&] {
        Operation o;
        o.id = "listSurveys";
        o.summary = "The organisation's surveys";
        o.tag = kTag;
        o.replies = {{200, "The surveys (one page: next_cursor is always null)", "SurveyList",
                      std::nullopt, "application/json"}};
        return o;
      }(),
      [](Call& call) {
        auto list = call.services().surveys().List(*call.who);
        if (!list.ok()) return http::ProblemFromStatus(list.status());
        json::array items;
        for (const auto& s : *list) items.push_back(SurveyJson(s));
        return JsonOk(json::object{{"surveys", items}, {"next_cursor", nullptr}});
      });

  app.Add(
      "GET", "/api/v1/surveys/{id}", Access::kRead,
      [&] {
        Operation o;
        o.id = "getSurvey";
        o.summary = "One survey";
        o.tag = kTag;
        o.path = {IdParameter()};
        o.replies = {SurveyReply(200, "The survey"),
                     Problem(404, "No such survey in this organisation")};
        return o;
      }(),
      [](Call& call) {
        auto id = PathId(call.req);
        if (!id.ok()) return http::ProblemFromStatus(id.status());
        auto s = call.services().surveys().Get(*call.who, *id);
        if (!s.ok()) return http::ProblemFromStatus(s.status());
        return JsonOk(SurveyJson(*s));
      });

  app.Add(
      "POST", "/api/v1/surveys", Access::kManage,
      [&] {
        Operation o;
        o.id = "createSurvey";
        o.summary = "Create a survey from its definition";
        o.tag = kTag;
        o.body = SurveyDefinitionSchema("SurveyCreate");
        o.replies = {SurveyReply(201, "Created (Location: the new survey)"),
                     Problem(400, "The definition breaks a rule (the field is named)"),
                     Problem(409, "The organisation has a survey with this key")};
        return o;
      }(),
      [](Call& call) {
        auto def = survey::ParseDefinition(call.body);
        if (!def.ok()) return http::ProblemFromStatus(def.status());
        auto s = call.services().surveys().Create(*call.who, *def);
        if (!s.ok()) return http::ProblemFromStatus(s.status());
        auto r = JsonOk(SurveyJson(*s), 201);
        r.Set("Location", "/api/v1/surveys/" + std::to_string(s->id));
        return r;
      },
      kSurveyBodyLimit);

  app.Add(
      "PUT", "/api/v1/surveys/{id}", Access::kManage,
      [&] {
        Operation o;
        o.id = "replaceSurvey";
        o.summary =
            "Replace a survey's name and questions (its key stays); its links show "
            "the new texts at once";
        o.tag = kTag;
        o.path = {IdParameter()};
        o.body = SurveyDefinitionSchema("SurveyReplace", KeyInBody::kOptional);
        o.replies = {SurveyReply(200, "The survey as stored"),
                     Problem(400, "The definition breaks a rule, or changes the key"),
                     Problem(404, "No such survey in this organisation")};
        return o;
      }(),
      [](Call& call) {
        auto id = PathId(call.req);
        if (!id.ok()) return http::ProblemFromStatus(id.status());
        json::value body = call.body;
        if (body.is_object() && body.as_object().find("key") == body.as_object().end()) {
          // Left out: the survey keeps its key.
          auto current = call.services().surveys().Get(*call.who, *id);
          if (!current.ok()) return http::ProblemFromStatus(current.status());
          body.as_object()["key"] = current->key;
        }
        auto def = survey::ParseDefinition(body);
        if (!def.ok()) return http::ProblemFromStatus(def.status());
        auto s = call.services().surveys().Replace(*call.who, *id, *def);
        if (!s.ok()) return http::ProblemFromStatus(s.status());
        return JsonOk(SurveyJson(*s));
      },
      kSurveyBodyLimit);

  app.Add(
      "DELETE", "/api/v1/surveys/{id}", Access::kManage,
      [&] {
        Operation o;
        o.id = "deleteSurvey";
        o.summary = "Delete a survey nothing refers to yet";
        o.tag = kTag;
        o.path = {IdParameter()};
        o.replies = {{204, "Deleted", "", std::nullopt, "application/json"},
                     Problem(404, "No such survey in this organisation"),
                     Problem(409,
                             "Responses, invitations, triggers or QR codes refer "
                             "to the survey")};
        return o;
      }(),
      [](Call& call) {
        auto id = PathId(call.req);
        if (!id.ok()) return http::ProblemFromStatus(id.status());
        Status st = call.services().surveys().Delete(*call.who, *id);
        if (!st.ok()) return http::ProblemFromStatus(st);
        return NoContent();
      });
}

}  // namespace beleving::api
