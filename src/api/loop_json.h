// The loop's answers as JSON (the resource schemas Case, Promise,
// Complaint, Webhook, Delivery, EmailDelivery, AlertRule, SlaPolicy,
// SlaState in resources/openapi.json), built from the loop services' views,
// and reading a checked request body into the services' inputs. Shared by
// the loop's route files (case_routes.cc, promise_routes.cc, ...) and the
// CLI, which prints the same objects.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/json.h"
#include "loop/alerts.h"
#include "loop/case_service.h"
#include "loop/complaints.h"
#include "loop/deliveries.h"
#include "loop/promise_ledger.h"
#include "loop/sla.h"
#include "loop/sla_settings.h"
#include "loop/webhooks.h"

namespace beleving::api {

json::object CaseJson(const loop::CaseView& v);
// The case with "sla" and "log".
json::object CaseDetailJson(const loop::CaseDetail& d);
json::object SlaStateJson(const loop::SlaState& s);
// The promise; with "history" when `with_history`.
json::object PromiseJson(const loop::PromiseView& v, bool with_history = false);
json::object StandardPromiseJson(const store::StandardPromiseRecord& s);
json::object ComplaintJson(const store::ComplaintRecord& x);
// The webhook; its secret only when `with_secret` (at creation).
json::object WebhookJson(const store::WebhookRecord& w, bool with_secret = false);
json::object DeliveryJson(const store::DeliveryRecord& d);
json::object EmailDeliveryJson(const store::EmailDeliveryRecord& d);
json::object AlertRuleJson(const store::AlertRuleRecord& r);
json::object SlaPolicyJson(const store::SlaPolicyRecord& p);

// Fields of a request body the request chain has checked (api/schema.h):
// absent or null fields are nullopt.
std::optional<std::string> OptString(const json::value& body, std::string_view key);
std::optional<int64_t> OptInt(const json::value& body, std::string_view key);
std::optional<bool> OptBool(const json::value& body, std::string_view key);
// A date-time field (format "date-time", so it parses).
std::optional<UnixSeconds> OptTime(const json::value& body, std::string_view key);

}  // namespace beleving::api
