#include "loop/case_flow.h"

#include <gtest/gtest.h>

#include "i18n/catalogue.h"
#include "loop/alerts.h"
#include "loop/case_kinds.h"
#include "loop/promise_ledger.h"
#include "loop/sla.h"
#include "outbound/webhook_body.h"

namespace beleving::loop {
namespace {

using S = CaseStatus;

TEST(CaseFlowTest, ForwardToAnyLaterStageButClosedOnlyAfterTheResponse) {
  EXPECT_EQ(NextStatuses(S::kReceived),
            (std::vector<S>{S::kAcknowledged, S::kAssessed, S::kInvestigating, S::kResponded}));
  EXPECT_EQ(NextStatuses(S::kAcknowledged),
            (std::vector<S>{S::kAssessed, S::kInvestigating, S::kResponded}));
  EXPECT_EQ(NextStatuses(S::kAssessed), (std::vector<S>{S::kInvestigating, S::kResponded}));
  EXPECT_EQ(NextStatuses(S::kInvestigating), (std::vector<S>{S::kResponded}));
  EXPECT_EQ(NextStatuses(S::kResponded), (std::vector<S>{S::kInvestigating, S::kClosed}));
  EXPECT_EQ(NextStatuses(S::kClosed), (std::vector<S>{S::kInvestigating}));  // reopen
  // Never back to received, never to the same status, never closed early.
  for (S s : kCaseStatuses) {
    EXPECT_FALSE(CanMove(s, S::kReceived));
    EXPECT_FALSE(CanMove(s, s));
    EXPECT_EQ(CanMove(s, S::kClosed), s == S::kResponded);
  }
}

TEST(CaseFlowTest, NamesRoundTripAndUnknownNamesAreNeverAllowed) {
  for (S s : kCaseStatuses) EXPECT_EQ(ParseCaseStatus(CaseStatusName(s)), s);
  EXPECT_EQ(CaseStatusNames().size(), kCaseStatuses.size());
  EXPECT_FALSE(ParseCaseStatus("open").has_value());
  EXPECT_TRUE(CaseTransitionAllowed("received", "responded"));
  EXPECT_FALSE(CaseTransitionAllowed("received", "closed"));
  EXPECT_FALSE(CaseTransitionAllowed("nonsense", "closed"));
  EXPECT_FALSE(CaseTransitionAllowed("received", "nonsense"));
}

// Every value a page can show has its text in both languages (keys made at
// run time are not seen by tools/check_catalogue.py).
TEST(LoopCatalogueTest, EveryValueHasItsText) {
  std::vector<std::string> keys;
  auto add = [&](const std::string& prefix, const std::vector<std::string>& values) {
    for (const auto& v : values) keys.push_back(prefix + v);
  };
  add("loop.case.status.", CaseStatusNames());
  add("loop.case.type.", kCaseTypes);
  add("loop.case.severity.", kSeverities);
  add("loop.contact.channel_", kContactChannels);
  add("loop.event.", kAlertEvents);
  add("loop.promise.status.", PromiseStatusNames());
  add("loop.webhook.format.", outbound::WebhookFormats());
  add("loop.delivery.state.", {"pending", "delivered", "failed"});
  add("loop.sla.target.", {"acknowledge", "first_contact", "resolve"});
  add("loop.log.kind.",
      {"status", "note", "contact", "waiting", "update", "escalation", "sla", "satisfaction"});
  add("loop.weekday.", {"1", "2", "3", "4", "5", "6", "7"});
  for (auto s : {TimerState::kNone, TimerState::kRunning, TimerState::kAtRisk,
                 TimerState::kBreached, TimerState::kMet, TimerState::kMissed}) {
    keys.push_back(std::string("loop.sla.state.") + TimerStateName(s));
  }
  for (const auto& key : keys) {
    EXPECT_TRUE(i18n::Has(key)) << key;
    EXPECT_NE(i18n::Text(i18n::Lang::kNl, key), key) << key;
    EXPECT_NE(i18n::Text(i18n::Lang::kEn, key), key) << key;
  }
  EXPECT_EQ(i18n::Text(i18n::Lang::kNl, "loop.case.status.received"), "ontvangen");
  EXPECT_EQ(i18n::Text(i18n::Lang::kNl, "loop.case.type.broken_promise"), "gebroken belofte");
}

}  // namespace
}  // namespace beleving::loop
