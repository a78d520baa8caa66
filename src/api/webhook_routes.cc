// /api/v1/webhooks and /api/v1/email-deliveries: outbound webhooks, their
// delivery logs, and re-sending a webhook call or an alert e-mail (admins).
#include "api/loop_routes.h"
#include "outbound/webhook_body.h"

namespace beleving::api {
namespace {

const char* kTag = "Webhooks";

Schema WebhookCreate() {
  return Schema::Object(
             {
                 {"url", Schema::String(1, loop::kMaxWebhookUrl).Format("uri"), kRequired},
                 {"secret", Schema::String(loop::kMinWebhookSecret, loop::kMaxWebhookSecret)
                                .Describe("signs the deliveries; default: random")},
                 {"format", Schema::Enum(outbound::WebhookFormats())},
                 {"retry_base_seconds", Schema::Integer(1, loop::kMaxRetryBaseSeconds)},
                 {"max_attempts", Schema::Integer(1, loop::kMaxWebhookAttempts)},
             })
      .Named("WebhookCreate")
      .Example(json::object{{"url", "https://hooks.example.org/beleving"}, {"format", "json"}});
}

json::object WebhookWithSecret(const store::WebhookRecord& w) { return WebhookJson(w, true); }
json::object WebhookOnly(const store::WebhookRecord& w) { return WebhookJson(w); }

http::Response Create(Call& call) {
  loop::NewWebhook in;
  in.url = OptString(call.body, "url").value_or("");
  in.secret = OptString(call.body, "secret");
  in.format = OptString(call.body, "format");
  in.retry_base_seconds = OptInt(call.body, "retry_base_seconds");
  in.max_attempts = OptInt(call.body, "max_attempts");
  return JsonOrProblem(LoopOf(call).webhooks().Create(*call.who, in), WebhookWithSecret, 201);
}

}  // namespace

void RegisterWebhookRoutes(App& app) {
  app.Add("GET", "/api/v1/webhooks", Access::kAdmin,
          Operation{"listWebhooks",
                    "The organisation's webhooks (removed ones have active false)",
                    kTag,
                    {},
                    {},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "The webhooks, without their secrets", "WebhookList")}},
          [](Call& call) {
            return JsonOrProblem(LoopOf(call).webhooks().List(*call.who),
                                 [](const std::vector<store::WebhookRecord>& v) {
                                   json::array items;
                                   for (const auto& w : v) items.push_back(WebhookOnly(w));
                                   return json::object{{"webhooks", std::move(items)}};
                                 });
          });

  app.Add("POST", "/api/v1/webhooks", Access::kAdmin,
          Operation{"createWebhook",
                    "Add a webhook; its signing secret is in this answer only",
                    kTag,
                    {},
                    {},
                    WebhookCreate(),
                    std::nullopt,
                    {Answer(201, "The webhook with its secret", "Webhook"),
                     Answer(400,
                            "A field is invalid (url not http(s), secret too short, unknown "
                            "format)")}},
          Create);

  app.Add(
      "GET", "/api/v1/webhooks/{id}/deliveries", Access::kAdmin,
      Operation{"listWebhookDeliveries",
                "The webhook's delivery log, newest first",
                kTag,
                {IdParameter("id", "The webhook")},
                {LimitParameter()},
                std::nullopt,
                std::nullopt,
                {Answer(200, "The deliveries", "DeliveryList"), Answer(404, "No such webhook")}},
      [](Call& call) {
        auto id = PathId(call.req);
        if (!id.ok()) return http::ProblemFromStatus(id.status());
        auto limit = PageLimit(call.req);
        if (!limit.ok()) return http::ProblemFromStatus(limit.status());
        return JsonOrProblem(LoopOf(call).webhooks().DeliveryLog(*call.who, *id, *limit),
                             [](const std::vector<store::DeliveryRecord>& v) {
                               json::array items;
                               for (const auto& d : v) items.push_back(DeliveryJson(d));
                               return json::object{{"deliveries", std::move(items)}};
                             });
      });

  app.Add("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend", Access::kAdmin,
          Operation{
              "resendWebhookDelivery",
              "Queue another attempt of a delivery now",
              kTag,
              {IdParameter("id", "The webhook"), IdParameter("delivery_id", "The delivery")},
              {},
              std::nullopt,
              std::nullopt,
              {Answer(202, "The delivery, pending", "Delivery"), Answer(404, "No such delivery")}},
          [](Call& call) {
            auto id = PathId(call.req);
            auto did = PathId(call.req, "delivery_id");
            if (!id.ok() || !did.ok()) return http::ProblemFromStatus(NotFound("no such delivery"));
            auto r = LoopOf(call).webhooks().Resend(*call.who, *id, *did);
            if (r.ok()) call.app.jobs().Wake();
            return JsonOrProblem(r, DeliveryJson, 202);
          });

  app.Add("GET", "/api/v1/email-deliveries", Access::kAdmin,
          Operation{"listEmailDeliveries",
                    "Alert e-mails and their delivery state, newest first",
                    kTag,
                    {},
                    {LimitParameter()},
                    std::nullopt,
                    std::nullopt,
                    {Answer(200, "The e-mails", "EmailDeliveryList")}},
          [](Call& call) {
            auto limit = PageLimit(call.req);
            if (!limit.ok()) return http::ProblemFromStatus(limit.status());
            return JsonOrProblem(LoopOf(call).webhooks().EmailDeliveries(*call.who, *limit),
                                 [](const std::vector<store::EmailDeliveryRecord>& v) {
                                   json::array items;
                                   for (const auto& d : v) items.push_back(EmailDeliveryJson(d));
                                   return json::object{{"deliveries", std::move(items)}};
                                 });
          });

  app.Add("POST", "/api/v1/email-deliveries/{id}/resend", Access::kAdmin,
          Operation{
              "resendEmailDelivery",
              "Send an alert e-mail again",
              kTag,
              {IdParameter("id", "The e-mail")},
              {},
              std::nullopt,
              std::nullopt,
              {Answer(202, "The e-mail, pending", "EmailDelivery"), Answer(404, "No such e-mail")}},
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(NotFound("no such e-mail delivery"));
            auto r = LoopOf(call).webhooks().ResendEmail(*call.who, *id);
            if (r.ok()) call.app.jobs().Wake();
            return JsonOrProblem(r, EmailDeliveryJson, 202);
          });
}

}  // namespace beleving::api
