#include "loop/alerts.h"

#include <algorithm>
#include <cctype>

#include "loop/loop_access.h"
#include "outbound/mail_texts.h"
#include "outbound/webhook_body.h"
#include "store/org_store.h"

namespace beleving::loop {
namespace {

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

bool Matches(const store::AlertRuleRecord& rule, std::string_view event,
             const std::optional<std::string>& comment) {
  if (!rule.active || rule.event != event) return false;
  if (!rule.keyword) return true;
  return comment && Lower(*comment).find(Lower(*rule.keyword)) != std::string::npos;
}

}  // namespace

Status Alerts::Raise(store::SqlConn& c, int64_t org_id, std::string_view event,
                     const AlertText& text, json::object data,
                     const std::optional<std::string>& comment) {
  const auto t = store::TenantScope::System(org_id);
  ASSIGN_OR_RETURN(auto rules, store::AlertStore::Rules(c, t));
  if (std::none_of(rules.begin(), rules.end(),
                   [&](const auto& r) { return Matches(r, event, comment); })) {
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, org_id));
  const i18n::Lang lang = org && org->language == "en" ? i18n::Lang::kEn : i18n::Lang::kNl;
  const std::string line = text(lang);
  const std::string ev(event);
  std::string link;
  if (const auto* id = data.if_contains("case_id"); id && id->is_int64()) {
    link = public_url_ + "/cases/" + std::to_string(id->get_int64());
  }
  const UnixSeconds now = clock_.Now();
  for (const auto& rule : rules) {
    if (!Matches(rule, event, comment)) continue;
    if (rule.email) {
      auto mail = outbound::AlertMail(lang, i18n::Text(lang, "loop.event." + ev), line, link);
      store::EmailDeliveryRecord m;
      m.org_id = org_id;
      m.rule_id = rule.id;
      m.event = ev;
      m.recipient = *rule.email;
      m.subject = mail.subject;
      m.body = mail.text;
      m.created_at = now;
      ASSIGN_OR_RETURN(m.id, store::AlertStore::InsertEmailDelivery(c, m));
      RETURN_IF_ERROR(deliveries_.QueueEmail(c, m));
    }
    if (!rule.webhook_id) continue;
    ASSIGN_OR_RETURN(auto hook, store::AlertStore::GetWebhook(c, t, *rule.webhook_id));
    if (!hook || !hook->active) continue;
    outbound::WebhookAlert alert{ev, org_id, rule.id, now, line, data};
    store::DeliveryRecord d;
    d.org_id = org_id;
    d.webhook_id = hook->id;
    d.rule_id = rule.id;
    d.event = ev;
    d.body = ToJsonText(outbound::WebhookBody(hook->format, alert));
    d.created_at = now;
    ASSIGN_OR_RETURN(d.id, store::AlertStore::InsertDelivery(c, d));
    RETURN_IF_ERROR(deliveries_.QueueWebhook(c, d));
  }
  return Status::Ok();
}

Result<std::vector<store::AlertRuleRecord>> Alerts::Rules(const security::Principal& who) {
  RETURN_IF_ERROR(CheckAdmin(who));
  std::vector<store::AlertRuleRecord> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(out, store::AlertStore::Rules(c, who.tenant));
    return Status::Ok();
  }));
  return out;
}

Result<store::AlertRuleRecord> Alerts::CreateRule(const security::Principal& who,
                                                  const NewAlertRule& in) {
  RETURN_IF_ERROR(CheckAdmin(who));
  if (!in.event) return InvalidArgument("event is required", "/event");
  if (std::find(kAlertEvents.begin(), kAlertEvents.end(), *in.event) == kAlertEvents.end()) {
    return InvalidArgument("unknown event", "/event");
  }
  if (in.keyword && (in.keyword->empty() || in.keyword->size() > kMaxAlertKeyword)) {
    return InvalidArgument("a keyword has 1 to 200 characters", "/keyword");
  }
  if (*in.event == "keyword" && !in.keyword) {
    return InvalidArgument("a keyword rule needs a keyword", "/keyword");
  }
  if (!in.webhook_id && !in.email) {
    return InvalidArgument("give a webhook_id or an email", "/webhook_id");
  }
  if (in.email &&
      (in.email->size() > kMaxEmailAddress || in.email->find('@') == std::string::npos ||
       in.email->find_first_of(" \r\n<>") != std::string::npos)) {
    return InvalidArgument("not an e-mail address", "/email");
  }
  store::AlertRuleRecord r;
  r.org_id = who.tenant.org_id();
  r.event = *in.event;
  r.keyword = in.keyword;
  r.webhook_id = in.webhook_id;
  r.email = in.email;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    if (r.webhook_id) {
      ASSIGN_OR_RETURN(auto hook, store::AlertStore::GetWebhook(c, who.tenant, *r.webhook_id));
      if (!hook) return InvalidArgument("no such webhook", "/webhook_id");
    }
    ASSIGN_OR_RETURN(r.id, store::AlertStore::InsertRule(c, who.tenant, r, now));
    return Audit(c, who, "create", "alert_rule:" + std::to_string(r.id), now);
  }));
  return r;
}

Status Alerts::DeleteRule(const security::Principal& who, int64_t id) {
  RETURN_IF_ERROR(CheckAdmin(who));
  const UnixSeconds now = clock_.Now();
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(bool gone, store::AlertStore::DeleteRule(c, who.tenant, id));
    if (!gone) return NotFound("no such alert rule");
    return Audit(c, who, "delete", "alert_rule:" + std::to_string(id), now);
  });
}

}  // namespace beleving::loop
