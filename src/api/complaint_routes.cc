// /api/v1/complaints: complaints from other systems, and reading them
// (audited: they hold a person's own words).
#include "api/loop_routes.h"

namespace beleving::api {
namespace {

const char* kTag = "Complaints";

Schema ComplaintCreate() {
  return Schema::Object(
             {
                 {"narrative", Schema::String(1, loop::kMaxComplaintNarrative), kRequired},
                 {"external_id",
                  Schema::String(1, loop::kMaxComplaintExternalId)
                      .Describe("Your id: a retry with the same one is a duplicate")},
                 {"received_at", Schema::String(1, 40).Format("date-time")},
                 {"name", Schema::String(0, loop::kMaxComplainantName)},
                 {"email", Schema::String(0, loop::kMaxComplainantEmail)},
                 {"customer", KeySchema("customer key")},
                 {"product", Schema::String(0, loop::kMaxComplaintProduct)},
                 {"issue", Schema::String(0, loop::kMaxComplaintIssue)},
                 {"subject", Schema::String(0, loop::kMaxComplaintSubject)},
             })
      .Named("ComplaintCreate")
      .Example(json::object{{"narrative", "De monteur kwam niet opdagen."},
                            {"external_id", "crm-4711"}});
}

http::Response Submit(Call& call) {
  loop::NewComplaint in;
  in.narrative = OptString(call.body, "narrative").value_or("");
  in.external_id = OptString(call.body, "external_id");
  in.received_at = OptTime(call.body, "received_at");
  in.name = OptString(call.body, "name");
  in.email = OptString(call.body, "email");
  in.customer = OptString(call.body, "customer");
  in.product = OptString(call.body, "product");
  in.issue = OptString(call.body, "issue");
  in.subject = OptString(call.body, "subject");
  auto r = LoopOf(call).complaints().Submit(*call.who, in);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  if (r->duplicate) return JsonOk(json::object{{"duplicate", true}}, 200);
  return JsonOk(ComplaintJson(r->complaint), 201);
}

}  // namespace

void RegisterComplaintRoutes(App& app) {
  app.Add("POST", "/api/v1/complaints", Access::kIngest,
          Operation{"createComplaint",
                    "Submit a complaint; it opens a complaint case",
                    kTag,
                    {},
                    {},
                    ComplaintCreate(),
                    std::nullopt,
                    {Answer(201, "The complaint, with its case", "Complaint"),
                     InlineAnswer(200, "A duplicate of an earlier external_id: nothing changed",
                                  Schema::Object({{"duplicate", Schema::Boolean()}})),
                     Answer(400, "A field is invalid or names an unknown key")}},
          Submit);

  app.Add("GET", "/api/v1/complaints", Access::kManage,
          Operation{"listComplaints",
                    "Complaints visible to the caller, by id (audited)",
                    kTag,
                    {},
                    {LimitParameter(), CursorParameter()},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "A page of complaints", "ComplaintList")}},
          [](Call& call) {
            auto limit = PageLimit(call.req);
            if (!limit.ok()) return http::ProblemFromStatus(limit.status());
            auto after = DecodeCursor(call.req.Query("cursor"));
            if (!after.ok()) return http::ProblemFromStatus(after.status());
            bool more = false;
            auto rows = LoopOf(call).complaints().List(*call.who, *after, *limit, &more);
            return JsonOrProblem(rows, [&](const std::vector<store::ComplaintRecord>& xs) {
              json::array items;
              for (const auto& x : xs) items.push_back(ComplaintJson(x));
              return Page("complaints", std::move(items), more);
            });
          });

  app.Add("GET", "/api/v1/complaints/{id}", Access::kManage,
          Operation{"getComplaint",
                    "One complaint (audited)",
                    kTag,
                    {IdParameter("id", "The complaint")},
                    {},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "The complaint", "Complaint"), Answer(404, "No such complaint")}},
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            return JsonOrProblem(LoopOf(call).complaints().Get(*call.who, *id), ComplaintJson);
          });
}

}  // namespace beleving::api
