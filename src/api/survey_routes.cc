// Survey definitions: list, read, create, replace, delete, through
// survey::SurveyService (the rules, the audit entry, the page cache).
#include "api/app.h"
#include "api/declare.h"
#include "api/survey_schemas.h"

namespace beleving::api {
namespace {

constexpr size_t kSurveyBodyLimit = 256 * 1024;
constexpr const char* kTag = "surveys";

Parameter IdParameter() {
  return {"id", Schema::Integer(1, INT64_MAX).Describe("the survey's id"), true, ""};
}

Reply SurveyReply(int status, std::string description) {
  return Answer(status, std::move(description), "Survey");
}

http::Response NoContent() {
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace

void RegisterSurveyRoutes(App& app) {
  app.Add("GET", "/api/v1/surveys", Access::kRead,
          Declare("listSurveys", "The organisation's surveys", kTag)
              .Replies({Answer(200, "The surveys (one page: next_cursor is always null)",
                               "SurveyList")}),
          [](Call& call) {
            auto list = call.services().surveys().List(*call.who);
            if (!list.ok()) return http::ProblemFromStatus(list.status());
            json::array items;
            for (const auto& s : *list) items.push_back(SurveyJson(s));
            return JsonOk(json::object{{"surveys", items}, {"next_cursor", nullptr}});
          });

  app.Add("GET", "/api/v1/surveys/{id}", Access::kRead,
          Declare("getSurvey", "One survey", kTag)
              .Path(IdParameter())
              .Replies({SurveyReply(200, "The survey"),
                        Answer(404, "No such survey in this organisation")}),
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            auto s = call.services().surveys().Get(*call.who, *id);
            if (!s.ok()) return http::ProblemFromStatus(s.status());
            return JsonOk(SurveyJson(*s));
          });

  app.Add(
      "POST", "/api/v1/surveys", Access::kManage,
      Declare("createSurvey", "Create a survey from its definition", kTag)
          .Body(SurveyDefinitionSchema("SurveyCreate"))
          .Replies({SurveyReply(201, "Created (Location: the new survey)"),
                    Answer(400, "The definition breaks a rule (the field is named)"),
                    Answer(409, "The organisation has a survey with this key")}),
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
      Declare("replaceSurvey",
              "Replace a survey's name and questions (its key stays); its links show "
              "the new texts at once",
              kTag)
          .Path(IdParameter())
          .Body(SurveyDefinitionSchema("SurveyReplace", KeyInBody::kOptional))
          .Replies({SurveyReply(200, "The survey as stored"),
                    Answer(400, "The definition breaks a rule, or changes the key"),
                    Answer(404, "No such survey in this organisation")}),
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

  app.Add("DELETE", "/api/v1/surveys/{id}", Access::kManage,
          Declare("deleteSurvey", "Delete a survey nothing refers to yet", kTag)
              .Path(IdParameter())
              .Replies({Answer(204, "Deleted"), Answer(404, "No such survey in this organisation"),
                        Answer(409,
                               "Responses, invitations, triggers or QR codes refer "
                               "to the survey")}),
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            Status st = call.services().surveys().Delete(*call.who, *id);
            if (!st.ok()) return http::ProblemFromStatus(st);
            return NoContent();
          });
}

}  // namespace beleving::api
