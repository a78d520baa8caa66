#include "store/alert_store.h"

namespace beleving::store {
namespace {

const char* kWebhookCols =
    "id, org_id, url, secret, format, retry_base_seconds, max_attempts, active";

WebhookRecord WebhookFromRow(const SqlRow& r) {
  WebhookRecord w;
  w.id = r[0].as_int();
  w.org_id = r[1].as_int();
  w.url = r[2].as_text();
  w.secret = r[3].as_text();
  w.format = r[4].as_text();
  w.retry_base_seconds = r[5].as_int();
  w.max_attempts = static_cast<int>(r[6].as_int());
  w.active = r[7].as_int() != 0;
  return w;
}

const char* kDeliveryCols =
    "id, org_id, webhook_id, rule_id, event, body, state, attempts, last_status, last_error, "
    "created_at, delivered_at";

DeliveryRecord DeliveryFromRow(const SqlRow& r) {
  DeliveryRecord d;
  d.id = r[0].as_int();
  d.org_id = r[1].as_int();
  d.webhook_id = r[2].as_int();
  d.rule_id = r[3].as_opt_int();
  d.event = r[4].as_text();
  d.body = r[5].as_text();
  d.state = r[6].as_text();
  d.attempts = static_cast<int>(r[7].as_int());
  if (!r[8].is_null()) d.last_status = static_cast<int>(r[8].as_int());
  d.last_error = r[9].as_opt_text();
  d.created_at = r[10].as_int();
  d.delivered_at = r[11].as_opt_int();
  return d;
}

const char* kEmailDeliveryCols =
    "id, org_id, rule_id, event, recipient, subject, body, state, attempts, last_error, "
    "created_at, delivered_at";

EmailDeliveryRecord EmailDeliveryFromRow(const SqlRow& r) {
  EmailDeliveryRecord d;
  d.id = r[0].as_int();
  d.org_id = r[1].as_int();
  d.rule_id = r[2].as_opt_int();
  d.event = r[3].as_text();
  d.recipient = r[4].as_text();
  d.subject = r[5].as_text();
  d.body = r[6].as_text();
  d.state = r[7].as_text();
  d.attempts = static_cast<int>(r[8].as_int());
  d.last_error = r[9].as_opt_text();
  d.created_at = r[10].as_int();
  d.delivered_at = r[11].as_opt_int();
  return d;
}

template <typename T, typename F>
Result<std::vector<T>> Rows(SqlConn& c, const std::string& sql, const SqlParams& p, F from_row) {
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<T> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

template <typename T, typename F>
Result<std::optional<T>> OneRow(SqlConn& c, const std::string& sql, const SqlParams& p,
                                F from_row) {
  ASSIGN_OR_RETURN(auto rows, Rows<T>(c, sql, p, from_row));
  if (rows.empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows[0]));
}

std::string Select(const char* cols, const char* rest) {
  return std::string("SELECT ") + cols + " FROM " + rest;
}

}  // namespace

// --- webhooks

Result<int64_t> AlertStore::InsertWebhook(SqlConn& c, const TenantScope& t, const WebhookRecord& r,
                                          UnixSeconds now) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("INSERT INTO webhooks (org_id, url, secret, format, "
                           "retry_base_seconds, max_attempts, active, created_at) VALUES "
                           "($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
                           {t.org_id(), r.url, r.secret, r.format, r.retry_base_seconds,
                            r.max_attempts, r.active, now}));
  return rows[0][0].as_int();
}

Result<std::vector<WebhookRecord>> AlertStore::Webhooks(SqlConn& c, const TenantScope& t) {
  return Rows<WebhookRecord>(
      c, Select(kWebhookCols, "webhooks WHERE org_id = $1 ORDER BY id LIMIT 1000"), {t.org_id()},
      WebhookFromRow);
}

Result<std::optional<WebhookRecord>> AlertStore::GetWebhook(SqlConn& c, const TenantScope& t,
                                                            int64_t id) {
  return OneRow<WebhookRecord>(c, Select(kWebhookCols, "webhooks WHERE org_id = $1 AND id = $2"),
                               {t.org_id(), id}, WebhookFromRow);
}

Result<std::optional<WebhookRecord>> AlertStore::SysWebhook(SqlConn& c, const SystemScope&,
                                                            int64_t id) {
  return OneRow<WebhookRecord>(c, Select(kWebhookCols, "webhooks WHERE id = $1"), {id},
                               WebhookFromRow);
}

Result<bool> AlertStore::DeactivateWebhook(SqlConn& c, const TenantScope& t, int64_t id) {
  ASSIGN_OR_RETURN(auto n, c.Exec("UPDATE webhooks SET active = 0 WHERE org_id = $1 AND id = $2 "
                                  "AND active = 1",
                                  {t.org_id(), id}));
  return n > 0;
}

// --- alert rules

Result<int64_t> AlertStore::InsertRule(SqlConn& c, const TenantScope& t, const AlertRuleRecord& r,
                                       UnixSeconds now) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("INSERT INTO alert_rules (org_id, event, keyword, "
                           "webhook_id, email, active, created_at) VALUES "
                           "($1,$2,$3,$4,$5,$6,$7) RETURNING id",
                           {t.org_id(), r.event, r.keyword, r.webhook_id, r.email, r.active, now}));
  return rows[0][0].as_int();
}

Result<std::vector<AlertRuleRecord>> AlertStore::Rules(SqlConn& c, const TenantScope& t) {
  return Rows<AlertRuleRecord>(
      c,
      "SELECT id, org_id, event, keyword, webhook_id, email, active FROM alert_rules WHERE "
      "org_id = $1 ORDER BY id LIMIT 1000",
      {t.org_id()}, [](const SqlRow& r) {
        return AlertRuleRecord{r[0].as_int(),      r[1].as_int(),     r[2].as_text(),
                               r[3].as_opt_text(), r[4].as_opt_int(), r[5].as_opt_text(),
                               r[6].as_int() != 0};
      });
}

Result<bool> AlertStore::DeleteRule(SqlConn& c, const TenantScope& t, int64_t id) {
  ASSIGN_OR_RETURN(
      auto n, c.Exec("DELETE FROM alert_rules WHERE org_id = $1 AND id = $2", {t.org_id(), id}));
  return n > 0;
}

// --- webhook deliveries

Result<int64_t> AlertStore::InsertDelivery(SqlConn& c, const DeliveryRecord& r) {
  ASSIGN_OR_RETURN(auto rows, c.Query("INSERT INTO alert_deliveries (org_id, webhook_id, rule_id, "
                                      "event, body, state, attempts, created_at) VALUES "
                                      "($1,$2,$3,$4,$5,$6,0,$7) RETURNING id",
                                      {r.org_id, r.webhook_id, r.rule_id, r.event, r.body, r.state,
                                       r.created_at}));
  return rows[0][0].as_int();
}

Result<std::optional<DeliveryRecord>> AlertStore::GetDelivery(SqlConn& c, const TenantScope& t,
                                                              int64_t id) {
  return OneRow<DeliveryRecord>(
      c, Select(kDeliveryCols, "alert_deliveries WHERE org_id = $1 AND id = $2"), {t.org_id(), id},
      DeliveryFromRow);
}

Result<std::optional<DeliveryRecord>> AlertStore::SysDelivery(SqlConn& c, const SystemScope&,
                                                              int64_t id) {
  return OneRow<DeliveryRecord>(c, Select(kDeliveryCols, "alert_deliveries WHERE id = $1"), {id},
                                DeliveryFromRow);
}

Status AlertStore::UpdateDelivery(SqlConn& c, const DeliveryRecord& r) {
  std::optional<int64_t> st;
  if (r.last_status) st = *r.last_status;
  return c
      .Exec(
          "UPDATE alert_deliveries SET state=$2, attempts=$3, last_status=$4, last_error=$5, "
          "delivered_at=$6 WHERE id=$1",
          {r.id, r.state, r.attempts, st, r.last_error, r.delivered_at})
      .status();
}

Result<std::vector<DeliveryRecord>> AlertStore::Deliveries(SqlConn& c, const TenantScope& t,
                                                           int64_t webhook_id, int limit) {
  return Rows<DeliveryRecord>(c,
                              Select(kDeliveryCols,
                                     "alert_deliveries WHERE org_id = $1 AND webhook_id = $2 "
                                     "ORDER BY id DESC LIMIT $3"),
                              {t.org_id(), webhook_id, limit}, DeliveryFromRow);
}

// --- alert e-mails

Result<int64_t> AlertStore::InsertEmailDelivery(SqlConn& c, const EmailDeliveryRecord& r) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("INSERT INTO alert_email_deliveries (org_id, rule_id, event, recipient, "
                           "subject, body, state, attempts, created_at) VALUES "
                           "($1,$2,$3,$4,$5,$6,$7,0,$8) RETURNING id",
                           {r.org_id, r.rule_id, r.event, r.recipient, r.subject, r.body, r.state,
                            r.created_at}));
  return rows[0][0].as_int();
}

Result<std::optional<EmailDeliveryRecord>> AlertStore::SysEmailDelivery(SqlConn& c,
                                                                        const SystemScope&,
                                                                        int64_t id) {
  return OneRow<EmailDeliveryRecord>(
      c, Select(kEmailDeliveryCols, "alert_email_deliveries WHERE id = $1"), {id},
      EmailDeliveryFromRow);
}

Result<std::optional<EmailDeliveryRecord>> AlertStore::GetEmailDelivery(SqlConn& c,
                                                                        const TenantScope& t,
                                                                        int64_t id) {
  return OneRow<EmailDeliveryRecord>(
      c, Select(kEmailDeliveryCols, "alert_email_deliveries WHERE org_id = $1 AND id = $2"),
      {t.org_id(), id}, EmailDeliveryFromRow);
}

Status AlertStore::UpdateEmailDelivery(SqlConn& c, const EmailDeliveryRecord& r) {
  return c
      .Exec(
          "UPDATE alert_email_deliveries SET state=$3, attempts=$4, last_error=$5, "
          "delivered_at=$6 WHERE org_id=$1 AND id=$2",
          {r.org_id, r.id, r.state, r.attempts, r.last_error, r.delivered_at})
      .status();
}

Result<std::vector<EmailDeliveryRecord>> AlertStore::EmailDeliveries(SqlConn& c,
                                                                     const TenantScope& t,
                                                                     int limit) {
  return Rows<EmailDeliveryRecord>(
      c,
      Select(kEmailDeliveryCols,
             "alert_email_deliveries WHERE org_id = $1 ORDER BY id DESC LIMIT $2"),
      {t.org_id(), limit}, EmailDeliveryFromRow);
}

}  // namespace beleving::store
