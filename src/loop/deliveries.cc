#include "loop/deliveries.h"

#include "core/json.h"
#include "outbound/mail_date.h"
#include "outbound/smtp.h"
#include "outbound/webhook_client.h"
#include "security/secrets.h"

namespace beleving::loop {
namespace {

constexpr const char* kWebhookJob = "loop.webhook";
constexpr const char* kEmailJob = "loop.email";

// The row id in a job's payload {"NAME": id}.
std::optional<int64_t> PayloadId(const jobs::Job& job, const char* name) {
  auto payload = ParseJson(job.payload);
  if (!payload.ok() || !payload->is_object()) return std::nullopt;
  const json::value* v = payload->get_object().if_contains(name);
  if (!v || !v->is_int64()) return std::nullopt;
  return v->get_int64();
}

std::string Payload(const char* name, int64_t id) { return ToJsonText(json::object{{name, id}}); }

}  // namespace

std::string WebhookSignature(const std::string& secret, UnixSeconds t, const std::string& body) {
  std::string ts = std::to_string(t);
  return "t=" + ts + ",v1=" + security::HmacSha256Hex(secret, ts + "." + body);
}

void Deliveries::Register() {
  jobs_.RegisterExternal(
      kEmailJob, [this](const jobs::Job& job) { return DeliverEmail(job); }, kEmailRetry);
  jobs::RetryPolicy once;
  once.max_attempts = 3;  // the handler schedules its own retries per webhook
  once.base_seconds = 5;
  jobs_.RegisterExternal(
      kWebhookJob, [this](const jobs::Job& job) { return DeliverWebhook(job); }, once);
}

Status Deliveries::QueueWebhook(store::SqlConn& c, const store::DeliveryRecord& d) {
  return jobs_.Schedule(c, d.org_id, kWebhookJob, Payload("delivery_id", d.id), clock_.Now())
      .status();
}

Status Deliveries::QueueEmail(store::SqlConn& c, store::EmailDeliveryRecord& d) {
  d.state = "pending";
  RETURN_IF_ERROR(store::AlertStore::UpdateEmailDelivery(c, d));
  return jobs_.Schedule(c, d.org_id, kEmailJob, Payload("email_delivery_id", d.id), clock_.Now())
      .status();
}

Status Deliveries::DeliverWebhook(const jobs::Job& job) {
  auto id = PayloadId(job, "delivery_id");
  if (!id) return FailedPrecondition("bad webhook job payload");
  const auto all = store::SystemScope::AllOrganisations();  // a job knows only the row
  std::optional<store::DeliveryRecord> d;
  std::optional<store::WebhookRecord> hook;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(d, store::AlertStore::SysDelivery(c, all, *id));
    if (d) {
      ASSIGN_OR_RETURN(hook, store::AlertStore::SysWebhook(c, all, d->webhook_id));
    }
    return Status::Ok();
  }));
  if (!d || !hook) return FailedPrecondition("no such delivery");
  if (d->state == "delivered") return Status::Ok();
  UnixSeconds now = clock_.Now();
  auto code = outbound::PostJson(
      hook->url, d->body,
      {"X-Beleving-Signature: " + WebhookSignature(hook->secret, now, d->body),
       "X-Beleving-Event: " + d->event, "X-Beleving-Delivery: " + std::to_string(d->id)});
  d->attempts += 1;
  bool ok = code.ok() && *code >= 200 && *code < 300;
  if (code.ok()) {
    d->last_status = *code;
    d->last_error = ok ? std::nullopt : std::optional<std::string>("HTTP " + std::to_string(*code));
  } else {
    d->last_status.reset();
    d->last_error = code.status().message();
  }
  if (ok) {
    d->state = "delivered";
    d->delivered_at = now;
  } else {
    d->state = d->attempts >= hook->max_attempts ? "failed" : "pending";
  }
  return db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(store::AlertStore::UpdateDelivery(c, *d));
    if (d->state != "pending") return Status::Ok();
    jobs::RetryPolicy p;
    p.base_seconds = hook->retry_base_seconds;
    p.max_attempts = hook->max_attempts;
    return jobs_
        .Schedule(c, d->org_id, kWebhookJob, Payload("delivery_id", d->id),
                  now + jobs::Backoff(p, d->attempts))
        .status();
  });
}

Status Deliveries::DeliverEmail(const jobs::Job& job) {
  auto id = PayloadId(job, "email_delivery_id");
  if (!id) return FailedPrecondition("bad e-mail job payload");
  std::optional<store::EmailDeliveryRecord> d;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(
        d, store::AlertStore::SysEmailDelivery(c, store::SystemScope::AllOrganisations(), *id));
    return Status::Ok();
  }));
  if (!d) return FailedPrecondition("no such e-mail delivery");
  if (d->state == "delivered") return Status::Ok();  // a rerun after a crash
  outbound::SmtpClient smtp(smtp_url_);
  Status sent = Status::Ok();
  if (!smtp.enabled()) {
    sent = FailedPrecondition("e-mail alerts need BELEVING_SMTP_URL");
  } else if (!outbound::IsPlainAddress(d->recipient)) {
    sent = FailedPrecondition("not an e-mail address: " + d->recipient);
  } else {
    outbound::Message m;
    m.from = mail_from_;
    m.from_name = "Beleving";
    m.to = d->recipient;
    m.subject = d->subject;
    m.text = d->body;
    m.message_id = "<loop-alert-" + std::to_string(d->id) + "-" + std::to_string(d->attempts + 1) +
                   "@beleving>";
    sent = smtp.Send(m, outbound::MailDate(clock_.Now()));
  }
  UnixSeconds now = clock_.Now();
  d->attempts += 1;
  if (sent.ok()) {
    d->state = "delivered";
    d->delivered_at = now;
    d->last_error.reset();
  } else {
    bool last =
        sent.code() == StatusCode::kFailedPrecondition || job.attempt >= kEmailRetry.max_attempts;
    d->state = last ? "failed" : "pending";
    d->last_error = sent.message();
  }
  RETURN_IF_ERROR(db_.Write(
      [&](store::SqlConn& c) -> Status { return store::AlertStore::UpdateEmailDelivery(c, *d); }));
  return sent;
}

}  // namespace beleving::loop
