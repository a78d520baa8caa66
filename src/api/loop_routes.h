// The loop's API routes, one file per resource, registered together by
// RegisterLoopRoutes (api/app.h). Each route declares its Operation
// (api/operation.h): the chain checks the request against it, the OpenAPI
// document publishes it. Handlers turn the checked request into a call of
// the loop's services (loop/loop.h) and the answer into JSON
// (api/loop_json.h); the services hold the rules.
#pragma once

#include <string>
#include <utility>

#include "api/app.h"
#include "api/loop_json.h"
#include "api/operation.h"
#include "loop/loop.h"

namespace beleving::api {

void RegisterCaseRoutes(App& app);       // api/case_routes.cc: /api/v1/cases
void RegisterComplaintRoutes(App& app);  // api/complaint_routes.cc: /api/v1/complaints
void RegisterPromiseRoutes(App& app);    // api/promise_routes.cc: promises, standards, report
void RegisterWebhookRoutes(App& app);    // api/webhook_routes.cc: webhooks, delivery logs
void RegisterAlertRoutes(App& app);      // api/alert_routes.cc: /api/v1/alert-rules
void RegisterSlaRoutes(App& app);        // api/sla_routes.cc: SLA policies, calendar, report
void RegisterCharterRoutes(App& app);    // api/charter_routes.cc: /api/v1/charter

// The loop's services of the call's process.
inline loop::Loop& LoopOf(Call& call) { return call.services().loop(); }

// A documented answer: JSON of the resource schema `schema_ref` (empty: a
// problem for 4xx, nothing otherwise); InlineAnswer with a small schema of
// its own.
Reply Answer(int status, std::string description, std::string schema_ref = "");
Reply InlineAnswer(int status, std::string description, Schema schema);

// Query parameters every list shares.
Parameter LimitParameter(int dflt = 100, int max = 1000);
Parameter CursorParameter();
// The {id} of a path, documented as a positive integer.
Parameter IdParameter(std::string name = "id", std::string what = "the id");
// A key of one of the organisation's dimensions in a request body.
Schema KeySchema(std::string description);

// `r`'s value as JSON with `status`, or its failure as a problem.
template <typename T, typename F>
http::Response JsonOrProblem(const Result<T>& r, F&& to_json, int status = 200) {
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  return JsonOk(to_json(*r), status);
}

// {key: [items], "next_cursor": the last item's id or null}.
json::object Page(const char* key, json::array items, bool more);

}  // namespace beleving::api
