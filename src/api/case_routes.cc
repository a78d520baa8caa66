// /api/v1/cases: open a case by hand, list and read cases, move them along
// the flow, add notes and contacts, pause the SLA while waiting on the
// customer, update severity, owner, title and resolution.
#include "api/loop_routes.h"

namespace beleving::api {
namespace {

const char* kTag = "Cases";

Reply CaseReply(int status = 200, std::string description = "The case") {
  return Answer(status, std::move(description), "Case");
}
Reply NotFoundReply() { return Answer(404, "No such case (or not visible to the caller)"); }
Reply ForbiddenReply() {
  return Answer(403, "Handling cases needs a session or an API key with scope admin or ingest");
}

Schema CaseCreate() {
  return Schema::Object({
                            {"title", Schema::String(1, loop::kMaxCaseTitle), kRequired},
                            {"type", Schema::Enum(loop::kCaseTypes)},
                            {"description", Schema::String(0, loop::kMaxCaseText)},
                            {"severity", Schema::Enum(loop::kSeverities)},
                            {"customer", KeySchema("customer key")},
                            {"team", KeySchema("team key")},
                            {"location", KeySchema("location key")},
                            {"owner", KeySchema("employee key; default: the team's lead")},
                        })
      .Named("CaseCreate")
      .Example(json::object{{"title", "Te lang gewacht op de monteur"}, {"severity", "high"}});
}

Schema CaseUpdate() {
  return Schema::Object({
                            {"severity", Schema::Enum(loop::kSeverities)},
                            {"title", Schema::String(1, loop::kMaxCaseTitle)},
                            {"resolution", Schema::String(0, loop::kMaxCaseText)},
                            {"customer_satisfied", Schema::Boolean()},
                            {"owner", KeySchema("employee key")},
                        })
      .Named("CaseUpdate");
}

http::Response ListCases(Call& call) {
  auto limit = PageLimit(call.req);
  if (!limit.ok()) return http::ProblemFromStatus(limit.status());
  auto after = DecodeCursor(call.req.Query("cursor"));
  if (!after.ok()) return http::ProblemFromStatus(after.status());
  loop::CaseQuery q;
  q.status = call.req.Query("status");
  q.type = call.req.Query("type");
  q.open_only = call.req.Query("open").value_or("") == "true";
  q.after = *after;
  q.limit = *limit;
  auto page = LoopOf(call).cases().List(*call.who, q);
  return JsonOrProblem(page, [](const loop::CasePage& p) {
    json::array items;
    for (const auto& v : p.cases) items.push_back(CaseJson(v));
    return Page("cases", std::move(items), p.more);
  });
}

http::Response OpenCase(Call& call) {
  loop::NewCase in;
  in.title = OptString(call.body, "title").value_or("");
  in.type = OptString(call.body, "type");
  in.severity = OptString(call.body, "severity");
  in.description = OptString(call.body, "description");
  in.customer = OptString(call.body, "customer");
  in.team = OptString(call.body, "team");
  in.location = OptString(call.body, "location");
  in.owner = OptString(call.body, "owner");
  return JsonOrProblem(LoopOf(call).cases().Open(*call.who, in), CaseJson, 201);
}

// The case id of the path, or the answer for a malformed one.
template <typename F>
http::Response WithId(Call& call, F&& f) {
  auto id = PathId(call.req);
  if (!id.ok()) return http::ProblemFromStatus(id.status());
  return f(*id);
}

}  // namespace

void RegisterCaseRoutes(App& app) {
  app.Add("GET", "/api/v1/cases", Access::kRead,
          Operation{"listCases",
                    "Cases visible to the caller, by id",
                    kTag,
                    {},
                    {LimitParameter(),
                     CursorParameter(),
                     {"status", Schema::Enum(loop::CaseStatusNames()), false, "Only this status"},
                     {"type", Schema::Enum(loop::kCaseTypes), false, "Only this type"},
                     {"open", Schema::Boolean(), false, "true: only cases not closed"}},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "A page of cases", "CaseList")}},
          ListCases);

  app.Add("POST", "/api/v1/cases", Access::kManage,
          Operation{"createCase",
                    "Open a case by hand (the owner follows the team's lead by default)",
                    kTag,
                    {},
                    {},
                    CaseCreate(),
                    std::nullopt,
                    {CaseReply(201, "The case, received"),
                     Answer(400, "A field is invalid or names an unknown key")}},
          OpenCase);

  app.Add("GET", "/api/v1/cases/{id}", Access::kRead,
          Operation{"getCase",
                    "One case with its SLA timers and its log",
                    kTag,
                    {IdParameter("id", "The case")},
                    {},
                    std::nullopt,
                    std::nullopt,
                    {CaseReply(200, "The case with sla and log"), NotFoundReply()}},
          [](Call& call) {
            return WithId(call, [&](int64_t id) {
              return JsonOrProblem(LoopOf(call).cases().Get(*call.who, id), CaseDetailJson);
            });
          });

  app.Add("PATCH", "/api/v1/cases/{id}", Access::kRead,
          Operation{"updateCase",
                    "Change severity, title, resolution, satisfaction or owner (one log entry)",
                    kTag,
                    {IdParameter("id", "The case")},
                    {},
                    CaseUpdate(),
                    std::nullopt,
                    {CaseReply(), Answer(400, "A field is invalid or names an unknown key"),
                     ForbiddenReply(), NotFoundReply()}},
          [](Call& call) {
            return WithId(call, [&](int64_t id) {
              loop::CaseUpdate in;
              in.severity = OptString(call.body, "severity");
              in.title = OptString(call.body, "title");
              in.resolution = OptString(call.body, "resolution");
              in.customer_satisfied = OptBool(call.body, "customer_satisfied");
              in.owner = OptString(call.body, "owner");
              return JsonOrProblem(LoopOf(call).cases().Update(*call.who, id, in), CaseJson);
            });
          });

  app.Add("POST", "/api/v1/cases/{id}/status", Access::kRead,
          Operation{"changeCaseStatus",
                    "Move a case to any status the ISO 10002 flow allows from its current one",
                    kTag,
                    {IdParameter("id", "The case")},
                    {},
                    Schema::Object({{"status", Schema::Enum(loop::CaseStatusNames()), kRequired},
                                    {"note", Schema::String(0, loop::kMaxCaseText)}})
                        .Named("CaseStatusChange")
                        .Example(json::object{{"status", "acknowledged"}}),
                    std::nullopt,
                    {CaseReply(), ForbiddenReply(), NotFoundReply(),
                     Answer(409, "The flow does not allow this move from the current status")}},
          [](Call& call) {
            return WithId(call, [&](int64_t id) {
              return JsonOrProblem(LoopOf(call).cases().ChangeStatus(
                                       *call.who, id, OptString(call.body, "status").value_or(""),
                                       OptString(call.body, "note")),
                                   CaseJson);
            });
          });

  app.Add("POST", "/api/v1/cases/{id}/notes", Access::kRead,
          Operation{"addCaseNote",
                    "Add a note to the case log",
                    kTag,
                    {IdParameter("id", "The case")},
                    {},
                    Schema::Object({{"text", Schema::String(1, loop::kMaxCaseText), kRequired}})
                        .Named("CaseNote")
                        .Example(json::object{{"text", "Klant teruggebeld, excuses gemaakt."}}),
                    std::nullopt,
                    {CaseReply(201, "The case"), Answer(400, "The note is empty"), ForbiddenReply(),
                     NotFoundReply()}},
          [](Call& call) {
            return WithId(call, [&](int64_t id) {
              return JsonOrProblem(LoopOf(call).cases().AddNote(
                                       *call.who, id, OptString(call.body, "text").value_or("")),
                                   CaseJson, 201);
            });
          });

  app.Add("POST", "/api/v1/cases/{id}/contacts", Access::kRead,
          Operation{"addCaseContact",
                    "Log a contact with the customer (the first one stops the first-contact SLA)",
                    kTag,
                    {IdParameter("id", "The case")},
                    {},
                    Schema::Object({{"channel", Schema::Enum(loop::kContactChannels)},
                                    {"summary", Schema::String(1, loop::kMaxCaseText), kRequired}})
                        .Named("CaseContact")
                        .Example(json::object{{"channel", "phone"}, {"summary", "Teruggebeld"}}),
                    std::nullopt,
                    {CaseReply(201, "The case"), Answer(400, "The summary is empty"),
                     ForbiddenReply(), NotFoundReply()}},
          [](Call& call) {
            return WithId(call, [&](int64_t id) {
              return JsonOrProblem(
                  LoopOf(call).cases().AddContact(*call.who, id, OptString(call.body, "channel"),
                                                  OptString(call.body, "summary").value_or("")),
                  CaseJson, 201);
            });
          });

  app.Add("POST", "/api/v1/cases/{id}/waiting", Access::kRead,
          Operation{
              "setCaseWaiting",
              "Pause (true) or resume (false) the SLA while waiting on the customer",
              kTag,
              {IdParameter("id", "The case")},
              {},
              Schema::Object({{"waiting", Schema::Boolean(), kRequired}})
                  .Named("CaseWaiting")
                  .Example(json::object{{"waiting", true}}),
              std::nullopt,
              {CaseReply(), ForbiddenReply(), NotFoundReply(), Answer(409, "The case is closed")}},
          [](Call& call) {
            return WithId(call, [&](int64_t id) {
              return JsonOrProblem(
                  LoopOf(call).cases().SetWaiting(*call.who, id,
                                                  OptBool(call.body, "waiting").value_or(false)),
                  CaseJson);
            });
          });
}

}  // namespace beleving::api
