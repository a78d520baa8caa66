// Outbound webhooks and the delivery logs, as admins manage them: add a
// webhook (its signing secret is shown once), remove it (its log stays),
// read what was delivered, and re-send a webhook call or an alert e-mail.
// The API, the settings page and the CLI all come here, so a webhook is
// checked and audited the same way whichever door it comes through.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "loop/deliveries.h"
#include "security/principal.h"
#include "store/alert_store.h"
#include "store/sql.h"

namespace beleving::loop {

inline constexpr size_t kMaxWebhookUrl = 2000;
inline constexpr size_t kMinWebhookSecret = 16, kMaxWebhookSecret = 200;
inline constexpr int64_t kMaxRetryBaseSeconds = 3600, kDefaultRetryBaseSeconds = 30;
inline constexpr int64_t kMaxWebhookAttempts = 20, kDefaultWebhookAttempts = 8;
inline constexpr int kMaxDeliveryLog = 1000;  // rows per read

struct NewWebhook {
  std::string url;                            // http:// or https://, at most 2000 bytes
  std::optional<std::string> secret;          // 16..200 bytes; absent: a random one
  std::optional<std::string> format;          // outbound::WebhookFormats(); absent: "json"
  std::optional<int64_t> retry_base_seconds;  // 1..3600, default 30
  std::optional<int64_t> max_attempts;        // 1..20, default 8
};

class WebhookService {
 public:
  WebhookService(store::Database& db, const Clock& clock, Deliveries& deliveries)
      : db_(db), clock_(clock), deliveries_(deliveries) {}

  // Admins. InvalidArgument naming /url, /secret, /format,
  // /retry_base_seconds or /max_attempts. The answer holds the secret: the
  // only time it is shown.
  Result<store::WebhookRecord> Create(const security::Principal& who, const NewWebhook& in);
  // The organisation's webhooks, removed ones included (active false); the
  // secrets are left out.
  Result<std::vector<store::WebhookRecord>> List(const security::Principal& who);
  Result<store::WebhookRecord> Get(const security::Principal& who, int64_t id);
  // Takes the webhook out of alerting; NotFound when there is no such
  // active webhook.
  Status Remove(const security::Principal& who, int64_t id);

  // The webhook's deliveries, newest first, at most `limit`.
  Result<std::vector<store::DeliveryRecord>> DeliveryLog(const security::Principal& who,
                                                         int64_t webhook_id, int limit);
  // Queues another attempt now; NotFound unless the delivery is the
  // webhook's and the organisation's.
  Result<store::DeliveryRecord> Resend(const security::Principal& who, int64_t webhook_id,
                                       int64_t delivery_id);
  // Alert e-mails, newest first; and a re-send of one.
  Result<std::vector<store::EmailDeliveryRecord>> EmailDeliveries(const security::Principal& who,
                                                                  int limit);
  Result<store::EmailDeliveryRecord> ResendEmail(const security::Principal& who, int64_t id);

 private:
  store::Database& db_;
  const Clock& clock_;
  Deliveries& deliveries_;
};

}  // namespace beleving::loop
