// When an organisation asks: the survey triggers (which survey after an
// interaction at which touchpoint, and how long after) and the ask settings
// (fatigue window, daily cap, sampling, link expiry, reminder). The trigger
// planner (survey/invitation.h) reads them; people change them through this
// service only, from the API, the dashboard or the CLI: the same bounds, the
// same errors (InvalidArgument naming the field), one audit entry ("update",
// subject "ask_settings") per change, written in the same transaction.
//
// Who may: reading needs Principal::CanRead, changing CanManage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "security/principal.h"
#include "store/ask_store.h"
#include "store/sql.h"

namespace beleving::survey {

// The bounds of the settings (inclusive) and triggers; the API's request
// schema states the same ones.
inline constexpr int kMaxFatigueDays = 365;
inline constexpr int kMaxDailyCap = 1000000;
inline constexpr int kMaxSamplePercent = 100;
inline constexpr int kMinExpiryDays = 1;
inline constexpr int kMaxExpiryDays = 90;
inline constexpr int kMaxReminderDays = 30;
inline constexpr int64_t kMaxTriggerDelaySeconds = 30 * 86400;
inline constexpr int64_t kDefaultTriggerDelaySeconds = 3600;
inline constexpr size_t kMaxTriggers = 1000;
inline constexpr size_t kMaxDimensionKeyBytes = 200;  // a touchpoint's key

// Settings to change; fields left empty keep their value.
struct SettingsChange {
  std::optional<int> fatigue_days, daily_cap, sample_percent, expiry_days, reminder_days;
};

struct TriggerInput {
  std::optional<std::string> touchpoint;  // a touchpoint key; empty: every touchpoint
  std::string survey;                     // a survey key
  std::optional<int64_t> delay_seconds;   // default kDefaultTriggerDelaySeconds
  std::optional<bool> enabled;            // default true
};

// A change of the rules: the settings given change; the trigger list, when
// given, replaces the whole list (each touchpoint at most once).
struct AskRulesChange {
  std::optional<SettingsChange> settings;
  std::optional<std::vector<TriggerInput>> triggers;
};

struct TriggerView {
  std::optional<std::string> touchpoint;  // key; nullopt: the default for every touchpoint
  std::string survey;                     // key
  int64_t delay_seconds = kDefaultTriggerDelaySeconds;
  bool enabled = true;
};

struct AskRulesView {
  store::AskSettings settings;
  std::vector<TriggerView> triggers;
};

class AskRules {
 public:
  AskRules(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<AskRulesView> Get(const security::Principal& who);
  // Applies `change` (all or nothing) and answers the rules afterwards.
  // InvalidArgument with the field (/settings/daily_cap, /triggers/2/survey)
  // for a value out of bounds, an unknown survey or touchpoint, or a
  // touchpoint listed twice.
  Result<AskRulesView> Change(const security::Principal& who, const AskRulesChange& change);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace beleving::survey
