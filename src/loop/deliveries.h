// Delivering alerts: the "loop.webhook" and "loop.email" jobs, their logs
// (alert_deliveries, alert_email_deliveries) and re-sends.
//
// - A webhook delivery is POSTed once per job (outbound/webhook_client.h),
//   signed with the webhook's secret; on failure the job schedules the next
//   attempt after retry_base_seconds * 2^(attempt-1) until the webhook's
//   max_attempts, then the delivery is "failed".
// - An alert e-mail goes out over SMTP (outbound/smtp.h), retried by the
//   job runner's backoff (kEmailRetry); without an SMTP server or with a
//   bad address it fails at once.
// Both logs can be re-sent by hand (loop/webhooks.h), which queues another
// job now.
#pragma once

#include <string>

#include "core/clock.h"
#include "jobs/job_runner.h"
#include "store/alert_store.h"
#include "store/sql.h"

namespace beleving::loop {

// Retries of an alert e-mail (job runner backoff): 5 attempts, 30 s, 60 s, ...
inline constexpr jobs::RetryPolicy kEmailRetry = {5, 30, 6 * 3600};

// The X-Beleving-Signature header value for a webhook body sent at `t`:
// "t=T,v1=hex(HMAC-SHA256(secret, "T.BODY"))".
std::string WebhookSignature(const std::string& secret, UnixSeconds t, const std::string& body);

class Deliveries {
 public:
  // `smtp_url` empty: e-mails fail at once (logged as failed deliveries).
  Deliveries(store::Database& db, const Clock& clock, jobs::JobRunner& jobs, std::string smtp_url,
             std::string mail_from)
      : db_(db),
        clock_(clock),
        jobs_(jobs),
        smtp_url_(std::move(smtp_url)),
        mail_from_(std::move(mail_from)) {}

  // Registers the two job kinds. Call once at start-up.
  void Register();

  // Inside a write: queues an attempt of the webhook delivery now.
  Status QueueWebhook(store::SqlConn& c, const store::DeliveryRecord& d);
  // Inside a write: sets the e-mail pending and queues an attempt now.
  Status QueueEmail(store::SqlConn& c, store::EmailDeliveryRecord& d);

  // The job handlers (public for the tests, which run them directly).
  Status DeliverWebhook(const jobs::Job& job);
  Status DeliverEmail(const jobs::Job& job);

 private:
  store::Database& db_;
  const Clock& clock_;
  jobs::JobRunner& jobs_;
  const std::string smtp_url_, mail_from_;
};

}  // namespace beleving::loop
