// The loop's route groups and what they share.
#include "api/loop_routes.h"

namespace beleving::api {

void RegisterLoopRoutes(App& app) {
  RegisterCaseRoutes(app);
  RegisterComplaintRoutes(app);
  RegisterPromiseRoutes(app);
  RegisterWebhookRoutes(app);
  RegisterAlertRoutes(app);
  RegisterSlaRoutes(app);
}

Reply Answer(int status, std::string description, std::string schema_ref) {
  return {status, std::move(description), std::move(schema_ref), std::nullopt, "application/json"};
}

Reply InlineAnswer(int status, std::string description, Schema schema) {
  return {status, std::move(description), "", std::move(schema), "application/json"};
}

Parameter LimitParameter(int dflt, int max) {
  return {"limit", Schema::Integer(1, max), false,
          "At most this many items (default " + std::to_string(dflt) + ")"};
}

Parameter CursorParameter() {
  return {"cursor", Schema::String(2, 20).Pattern("^c[0-9]{1,18}$").Example("c100"), false,
          "The next_cursor of the previous page"};
}

Parameter IdParameter(std::string name, std::string what) {
  return {std::move(name), Schema::String(1, 18).Pattern("^[0-9]+$").Example("1"), true,
          std::move(what)};
}

Schema KeySchema(std::string description) {
  return Schema::String(1, loop::kMaxKeyLength).Describe(std::move(description));
}

json::object Page(const char* key, json::array items, bool more) {
  json::value next = nullptr;
  if (more && !items.empty()) next = EncodeCursor(items.back().as_object().at("id").as_int64());
  return json::object{{key, std::move(items)}, {"next_cursor", next}};
}

}  // namespace beleving::api
