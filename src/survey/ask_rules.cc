#include "survey/ask_rules.h"

#include <set>

#include "store/access_store.h"
#include "store/survey_store.h"
#include "survey/access.h"

namespace beleving::survey {
namespace {

Status Bounded(const std::optional<int>& v, int lo, int hi, const char* field, int* into) {
  if (!v) return Status::Ok();
  if (*v < lo || *v > hi) {
    return InvalidArgument(
        "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi),
        std::string("/settings/") + field);
  }
  *into = *v;
  return Status::Ok();
}

Result<store::AskSettings> Apply(const SettingsChange& ch, store::AskSettings s) {
  RETURN_IF_ERROR(Bounded(ch.fatigue_days, 0, kMaxFatigueDays, "fatigue_days", &s.fatigue_days));
  RETURN_IF_ERROR(Bounded(ch.daily_cap, 0, kMaxDailyCap, "daily_cap", &s.daily_cap));
  RETURN_IF_ERROR(
      Bounded(ch.sample_percent, 0, kMaxSamplePercent, "sample_percent", &s.sample_percent));
  RETURN_IF_ERROR(
      Bounded(ch.expiry_days, kMinExpiryDays, kMaxExpiryDays, "expiry_days", &s.expiry_days));
  RETURN_IF_ERROR(
      Bounded(ch.reminder_days, 0, kMaxReminderDays, "reminder_days", &s.reminder_days));
  return s;
}

Result<AskRulesView> Read(store::SqlConn& c, const store::TenantScope& t) {
  AskRulesView v;
  ASSIGN_OR_RETURN(v.settings, store::AskStore::Settings(c, t));
  ASSIGN_OR_RETURN(auto triggers, store::AskStore::Triggers(c, t));
  for (const auto& tr : triggers) {
    v.triggers.push_back(
        TriggerView{tr.touchpoint_id ? std::optional<std::string>(tr.touchpoint_key) : std::nullopt,
                    tr.survey_key, tr.delay_seconds, tr.enabled});
  }
  return v;
}

// Resolves and checks the new trigger list (before anything is written).
Result<std::vector<store::SurveyTrigger>> Resolve(store::SqlConn& c, const store::TenantScope& t,
                                                  const std::vector<TriggerInput>& in) {
  if (in.size() > kMaxTriggers) {
    return InvalidArgument("at most " + std::to_string(kMaxTriggers) + " triggers", "/triggers");
  }
  std::vector<store::SurveyTrigger> out;
  std::set<std::optional<int64_t>> seen;
  for (size_t i = 0; i < in.size(); ++i) {
    const TriggerInput& x = in[i];
    const std::string ptr = "/triggers/" + std::to_string(i);
    store::SurveyTrigger tr;
    if (x.touchpoint) {
      if (x.touchpoint->empty() || x.touchpoint->size() > kMaxDimensionKeyBytes) {
        return InvalidArgument("a touchpoint key of 1 to 200 bytes, or null", ptr + "/touchpoint");
      }
      ASSIGN_OR_RETURN(tr.touchpoint_id,
                       store::AskStore::DimensionId(c, t, "touchpoints", *x.touchpoint));
      if (!tr.touchpoint_id) return InvalidArgument("no such touchpoint", ptr + "/touchpoint");
    }
    if (!seen.insert(tr.touchpoint_id).second) {
      return InvalidArgument(
          x.touchpoint ? "this touchpoint has a trigger already" : "one default trigger at most",
          ptr + "/touchpoint");
    }
    ASSIGN_OR_RETURN(auto survey, store::SurveyStore::ByKey(c, t, x.survey));
    if (!survey) return InvalidArgument("no such survey", ptr + "/survey");
    tr.survey_id = survey->id;
    tr.delay_seconds = x.delay_seconds.value_or(kDefaultTriggerDelaySeconds);
    if (tr.delay_seconds < 0 || tr.delay_seconds > kMaxTriggerDelaySeconds) {
      return InvalidArgument(
          "must be a whole number from 0 to " + std::to_string(kMaxTriggerDelaySeconds),
          ptr + "/delay_seconds");
    }
    tr.enabled = x.enabled.value_or(true);
    out.push_back(std::move(tr));
  }
  return out;
}

}  // namespace

Result<AskRulesView> AskRules::Get(const security::Principal& who) {
  RETURN_IF_ERROR(MayRead(who));
  AskRulesView v;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(v, Read(c, who.tenant));
    return Status::Ok();
  }));
  return v;
}

Result<AskRulesView> AskRules::Change(const security::Principal& who,
                                      const AskRulesChange& change) {
  RETURN_IF_ERROR(MayManage(who));
  const UnixSeconds now = clock_.Now();
  const store::TenantScope& t = who.tenant;
  AskRulesView after;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    if (change.settings) {
      ASSIGN_OR_RETURN(auto current, store::AskStore::Settings(c, t));
      ASSIGN_OR_RETURN(auto s, Apply(*change.settings, current));
      RETURN_IF_ERROR(store::AskStore::PutSettings(c, t, s, now));
    }
    if (change.triggers) {
      ASSIGN_OR_RETURN(auto wanted, Resolve(c, t, *change.triggers));
      ASSIGN_OR_RETURN(auto existing, store::AskStore::Triggers(c, t));
      for (const auto& e : existing) {
        RETURN_IF_ERROR(store::AskStore::DeleteTrigger(c, t, e.touchpoint_id).status());
      }
      for (const auto& tr : wanted) RETURN_IF_ERROR(store::AskStore::PutTrigger(c, t, tr, now));
    }
    RETURN_IF_ERROR(
        store::AccessStore::Audit(c, t.org_id(), who.actor(), "update", "ask_settings", now));
    ASSIGN_OR_RETURN(after, Read(c, t));
    return Status::Ok();
  }));
  return after;
}

}  // namespace beleving::survey
