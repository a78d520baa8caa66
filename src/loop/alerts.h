// Alerts: what the loop tells people and systems when something happens
// (a detractor, a keyword in a comment, a promise due or broken, an SLA at
// risk or breached, a new case), by the organisation's alert rules. A rule
// names one event (and, for "keyword", a word) and a target: a webhook, an
// e-mail address, or both. Raising an alert writes one delivery per
// matching target and queues its job (loop/deliveries.h) in the same
// transaction as the change that raised it, so an alert exists exactly when
// its cause does.
//
// Texts are worded in the organisation's language from the catalogue
// (loop.alert.*); the e-mail adds a link to the case on the dashboard.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "i18n/catalogue.h"
#include "loop/deliveries.h"
#include "security/principal.h"
#include "store/alert_store.h"
#include "store/sql.h"

namespace beleving::loop {

// The events a rule can name, in the order forms offer them.
inline const std::vector<std::string> kAlertEvents = {
    "detractor",    "keyword",        "promise.due_soon", "promise.broken", "sla.at_risk",
    "sla.breached", "disappointment", "case.opened",      "promise.overdue"};
inline constexpr size_t kMaxAlertKeyword = 200;
inline constexpr size_t kMaxEmailAddress = 320;

struct NewAlertRule {
  std::optional<std::string> event;    // required: one of kAlertEvents
  std::optional<std::string> keyword;  // required for "keyword"
  std::optional<int64_t> webhook_id;   // a webhook of the organisation
  std::optional<std::string> email;    // one address
};

// The alert's text in a language (the caller words it from the catalogue).
using AlertText = std::function<std::string(i18n::Lang)>;

class Alerts {
 public:
  // `public_url`: the base of the dashboard links in alert e-mails.
  Alerts(store::Database& db, const Clock& clock, Deliveries& deliveries, std::string public_url)
      : db_(db), clock_(clock), deliveries_(deliveries), public_url_(std::move(public_url)) {}

  // Inside the cause's write: one delivery and one job per active rule of
  // `event` (for "keyword": whose word is in `comment`, any case).
  Status Raise(store::SqlConn& c, int64_t org_id, std::string_view event, const AlertText& text,
               json::object data, const std::optional<std::string>& comment = std::nullopt);

  // --- the rules (admins)
  Result<std::vector<store::AlertRuleRecord>> Rules(const security::Principal& who);
  // InvalidArgument naming the field: no or an unknown event, a keyword rule
  // without a word, neither webhook nor e-mail, a webhook of another
  // organisation, an address that is not one.
  Result<store::AlertRuleRecord> CreateRule(const security::Principal& who, const NewAlertRule& in);
  // NotFound when the organisation has no such rule.
  Status DeleteRule(const security::Principal& who, int64_t id);

 private:
  store::Database& db_;
  const Clock& clock_;
  Deliveries& deliveries_;
  const std::string public_url_;
};

}  // namespace beleving::loop
