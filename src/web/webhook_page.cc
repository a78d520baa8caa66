// One webhook's delivery log (/settings/webhooks/{id}, admins): what was
// sent, whether it arrived, and the last error.
#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

http::Response WebhookPage(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  auto& webhooks = c.app.services().loop().webhooks();
  auto hook = webhooks.Get(c.who, *id);
  if (!hook.ok()) return StatusPage(c, hook.status());
  auto rows = webhooks.DeliveryLog(c.who, *id, 100);
  if (!rows.ok()) return StatusPage(c, rows.status());
  std::string h =
      "<p class=\"lede\"><a href=\"/settings#webhooks\">" + Esc(c.T("loop.webhook.back")) +
      "</a></p><dl class=\"facts\"><dt>" + Esc(c.T("loop.webhook.url")) + "</dt><dd><code>" +
      Esc(hook->url) + "</code></dd><dt>" + Esc(c.T("loop.webhook.format")) + "</dt><dd>" +
      Esc(c.T("loop.webhook.format." + hook->format)) + "</dd><dt>" + Esc(c.T("loop.case.status")) +
      "</dt><dd>" + Esc(c.T(hook->active ? "loop.webhook.active" : "loop.webhook.removed")) +
      "</dd></dl><section class=\"panel\"><h2>" + Esc(c.T("loop.webhook.log")) + "</h2>";
  if (rows->empty()) {
    h += "<p class=\"muted\">" + Esc(c.T("loop.webhook.nothing_sent")) + "</p>";
  } else {
    h += "<table class=\"data\"><thead><tr><th scope=\"col\">" + Esc(c.T("loop.webhook.created")) +
         "</th><th scope=\"col\">" + Esc(c.T("loop.webhook.event")) + "</th><th scope=\"col\">" +
         Esc(c.T("loop.webhook.state")) + "</th><th scope=\"col\">" +
         Esc(c.T("loop.webhook.attempts")) + "</th><th scope=\"col\">" +
         Esc(c.T("loop.webhook.http_status")) + "</th><th scope=\"col\">" +
         Esc(c.T("loop.webhook.error")) + "</th></tr></thead><tbody>";
    for (const auto& d : *rows) {
      h += "<tr><th scope=\"row\">" + Date(c, d.created_at) + "</th><td>" +
           Esc(EventText(c, d.event)) + "</td><td>" + Esc(c.T("loop.delivery.state." + d.state)) +
           "</td><td>" + Num(c, static_cast<double>(d.attempts)) + "</td><td>" +
           (d.last_status ? std::to_string(*d.last_status) : "—") + "</td><td>" +
           Esc(d.last_error.value_or("")) + "</td></tr>";
    }
    h += "</tbody></table>";
  }
  h += "</section>";
  return Page(c, 200, "settings", c.T("loop.webhook.title"), h);
}

}  // namespace

void RegisterWebhookPage(api::App& app) {
  AddPage(
      app, "GET", "/settings/webhooks/{id}", PageAccess::kAdmin,
      PageOperation("pageWebhook", "One webhook: its settings and its recent deliveries", {}, true),
      WebhookPage);
}

}  // namespace beleving::web
