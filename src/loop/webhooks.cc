#include "loop/webhooks.h"

#include <algorithm>

#include "loop/loop_access.h"
#include "outbound/webhook_body.h"
#include "security/secrets.h"

namespace beleving::loop {
namespace {

bool IsHttpUrl(const std::string& url) {
  for (const char* scheme : {"http://", "https://"}) {
    const size_t n = std::string_view(scheme).size();
    if (url.rfind(scheme, 0) == 0 && url.size() > n && url[n] != '/') return true;
  }
  return false;
}

Status Check(const NewWebhook& in) {
  if (in.url.size() > kMaxWebhookUrl || !IsHttpUrl(in.url) ||
      in.url.find_first_of(" \r\n\t") != std::string::npos) {
    return InvalidArgument("url must be an http or https URL of at most 2000 characters", "/url");
  }
  if (in.secret &&
      (in.secret->size() < kMinWebhookSecret || in.secret->size() > kMaxWebhookSecret)) {
    return InvalidArgument("secret must have 16 to 200 characters", "/secret");
  }
  if (in.format && !outbound::IsWebhookFormat(*in.format)) {
    return InvalidArgument("format must be json, slack, teams or adaptive_card", "/format");
  }
  if (in.retry_base_seconds &&
      (*in.retry_base_seconds < 1 || *in.retry_base_seconds > kMaxRetryBaseSeconds)) {
    return InvalidArgument("retry_base_seconds must be 1 to 3600", "/retry_base_seconds");
  }
  if (in.max_attempts && (*in.max_attempts < 1 || *in.max_attempts > kMaxWebhookAttempts)) {
    return InvalidArgument("max_attempts must be 1 to 20", "/max_attempts");
  }
  return Status::Ok();
}

}  // namespace

Result<store::WebhookRecord> WebhookService::Create(const security::Principal& who,
                                                    const NewWebhook& in) {
  RETURN_IF_ERROR(CheckAdmin(who));
  RETURN_IF_ERROR(Check(in));
  store::WebhookRecord w;
  w.org_id = who.tenant.org_id();
  w.url = in.url;
  w.secret = in.secret ? *in.secret : security::RandomToken(32);
  w.format = in.format.value_or("json");
  w.retry_base_seconds = in.retry_base_seconds.value_or(kDefaultRetryBaseSeconds);
  w.max_attempts = static_cast<int>(in.max_attempts.value_or(kDefaultWebhookAttempts));
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(w.id, store::AlertStore::InsertWebhook(c, who.tenant, w, now));
    return Audit(c, who, "create", "webhook:" + std::to_string(w.id), now);
  }));
  return w;
}

Result<std::vector<store::WebhookRecord>> WebhookService::List(const security::Principal& who) {
  RETURN_IF_ERROR(CheckAdmin(who));
  std::vector<store::WebhookRecord> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(out, store::AlertStore::Webhooks(c, who.tenant));
    return Status::Ok();
  }));
  for (auto& w : out) w.secret.clear();
  return out;
}

Result<store::WebhookRecord> WebhookService::Get(const security::Principal& who, int64_t id) {
  RETURN_IF_ERROR(CheckAdmin(who));
  std::optional<store::WebhookRecord> hook;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(hook, store::AlertStore::GetWebhook(c, who.tenant, id));
    return Status::Ok();
  }));
  if (!hook) return NotFound("no such webhook");
  hook->secret.clear();
  return *hook;
}

Status WebhookService::Remove(const security::Principal& who, int64_t id) {
  RETURN_IF_ERROR(CheckAdmin(who));
  const UnixSeconds now = clock_.Now();
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(bool found, store::AlertStore::DeactivateWebhook(c, who.tenant, id));
    if (!found) return NotFound("no such webhook");
    return Audit(c, who, "delete", "webhook:" + std::to_string(id), now);
  });
}

Result<std::vector<store::DeliveryRecord>> WebhookService::DeliveryLog(
    const security::Principal& who, int64_t webhook_id, int limit) {
  RETURN_IF_ERROR(CheckAdmin(who));
  std::vector<store::DeliveryRecord> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto hook, store::AlertStore::GetWebhook(c, who.tenant, webhook_id));
    if (!hook) return NotFound("no such webhook");
    ASSIGN_OR_RETURN(out, store::AlertStore::Deliveries(c, who.tenant, webhook_id,
                                                        std::clamp(limit, 1, kMaxDeliveryLog)));
    return Status::Ok();
  }));
  return out;
}

Result<store::DeliveryRecord> WebhookService::Resend(const security::Principal& who,
                                                     int64_t webhook_id, int64_t delivery_id) {
  RETURN_IF_ERROR(CheckAdmin(who));
  store::DeliveryRecord out;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto d, store::AlertStore::GetDelivery(c, who.tenant, delivery_id));
    if (!d || d->webhook_id != webhook_id) return NotFound("no such delivery");
    d->state = "pending";
    RETURN_IF_ERROR(store::AlertStore::UpdateDelivery(c, *d));
    RETURN_IF_ERROR(deliveries_.QueueWebhook(c, *d));
    out = *d;
    return Audit(c, who, "resend", "webhook_delivery:" + std::to_string(d->id), now);
  }));
  return out;
}

Result<std::vector<store::EmailDeliveryRecord>> WebhookService::EmailDeliveries(
    const security::Principal& who, int limit) {
  RETURN_IF_ERROR(CheckAdmin(who));
  std::vector<store::EmailDeliveryRecord> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(out, store::AlertStore::EmailDeliveries(
                              c, who.tenant, std::clamp(limit, 1, kMaxDeliveryLog)));
    return Status::Ok();
  }));
  return out;
}

Result<store::EmailDeliveryRecord> WebhookService::ResendEmail(const security::Principal& who,
                                                               int64_t id) {
  RETURN_IF_ERROR(CheckAdmin(who));
  store::EmailDeliveryRecord out;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto d, store::AlertStore::GetEmailDelivery(c, who.tenant, id));
    if (!d) return NotFound("no such e-mail delivery");
    RETURN_IF_ERROR(deliveries_.QueueEmail(c, *d));
    out = *d;
    return Audit(c, who, "resend", "email_delivery:" + std::to_string(d->id), now);
  }));
  return out;
}

}  // namespace beleving::loop
