// Storage of the loop's alerting (loop/alerts.h, loop/webhooks.h): alert
// rules, outbound webhooks, and the delivery logs of webhook calls and
// alert e-mails. All of it belongs to one organisation; the `Sys*` reads
// are the delivery jobs', which know only a row id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct WebhookRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string url, secret;
  std::string format = "json";  // json, slack, teams, adaptive_card
  int64_t retry_base_seconds = 30;
  int max_attempts = 8;
  bool active = true;
};

struct AlertRuleRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string event;
  std::optional<std::string> keyword;
  std::optional<int64_t> webhook_id;
  std::optional<std::string> email;
  bool active = true;
};

struct DeliveryRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  int64_t webhook_id = 0;
  std::optional<int64_t> rule_id;
  std::string event, body;
  std::string state = "pending";  // pending, delivered, failed
  int attempts = 0;
  std::optional<int> last_status;
  std::optional<std::string> last_error;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> delivered_at;
};

// An alert e-mail (a rule with an `email` target) and its delivery state.
struct EmailDeliveryRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::optional<int64_t> rule_id;
  std::string event, recipient, subject, body;
  std::string state = "pending";  // pending, delivered, failed
  int attempts = 0;
  std::optional<std::string> last_error;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> delivered_at;
};

class AlertStore {
 public:
  // --- webhooks
  static Result<int64_t> InsertWebhook(SqlConn& c, const TenantScope& t, const WebhookRecord& r,
                                       UnixSeconds now);
  // Active and removed ones, by id.
  static Result<std::vector<WebhookRecord>> Webhooks(SqlConn& c, const TenantScope& t);
  static Result<std::optional<WebhookRecord>> GetWebhook(SqlConn& c, const TenantScope& t,
                                                         int64_t id);
  static Result<std::optional<WebhookRecord>> SysWebhook(SqlConn& c, const SystemScope& all,
                                                         int64_t id);
  // Takes an active webhook out of alerting (active = 0); its delivery log
  // stays. False when the org has no such active webhook.
  static Result<bool> DeactivateWebhook(SqlConn& c, const TenantScope& t, int64_t id);

  // --- alert rules
  static Result<int64_t> InsertRule(SqlConn& c, const TenantScope& t, const AlertRuleRecord& r,
                                    UnixSeconds now);
  static Result<std::vector<AlertRuleRecord>> Rules(SqlConn& c, const TenantScope& t);
  static Result<bool> DeleteRule(SqlConn& c, const TenantScope& t, int64_t id);

  // --- webhook deliveries
  static Result<int64_t> InsertDelivery(SqlConn& c, const DeliveryRecord& r);
  static Result<std::optional<DeliveryRecord>> GetDelivery(SqlConn& c, const TenantScope& t,
                                                           int64_t id);
  static Result<std::optional<DeliveryRecord>> SysDelivery(SqlConn& c, const SystemScope& all,
                                                           int64_t id);
  static Status UpdateDelivery(SqlConn& c, const DeliveryRecord& r);
  // Newest first.
  static Result<std::vector<DeliveryRecord>> Deliveries(SqlConn& c, const TenantScope& t,
                                                        int64_t webhook_id, int limit);

  // --- alert e-mails
  static Result<int64_t> InsertEmailDelivery(SqlConn& c, const EmailDeliveryRecord& r);
  static Result<std::optional<EmailDeliveryRecord>> SysEmailDelivery(SqlConn& c,
                                                                     const SystemScope& all,
                                                                     int64_t id);
  static Result<std::optional<EmailDeliveryRecord>> GetEmailDelivery(SqlConn& c,
                                                                     const TenantScope& t,
                                                                     int64_t id);
  static Status UpdateEmailDelivery(SqlConn& c, const EmailDeliveryRecord& r);
  // Newest first.
  static Result<std::vector<EmailDeliveryRecord>> EmailDeliveries(SqlConn& c, const TenantScope& t,
                                                                  int limit);
};

}  // namespace beleving::store
