// The ask rules service: bounds, unknown names, a touchpoint twice, partial
// settings, all-or-nothing, the audit entry.
#include "survey/ask_rules.h"

#include "store/dimension_store.h"
#include "survey/ask_test_fixture.h"

namespace beleving::survey {
namespace {

class AskRulesTest : public AskTest {
 protected:
  void SetUp() override {
    AskTest::SetUp();
    ASSERT_TRUE(real_
                    ->Write([&](store::SqlConn& c) -> Status {
                      return store::DimensionStore::Ensure(c, store::TenantScope::System(acme_),
                                                           *store::FindDimension("touchpoints"),
                                                           "balie", {}, clock_.Now())
                          .status();
                    })
                    .ok());
  }
};

TEST_F(AskRulesTest, SettingsChangeOnlyWhatIsGiven) {
  AskRulesChange ch;
  ch.settings = SettingsChange{};
  ch.settings->daily_cap = 50;
  auto after = rules_->Change(Admin(), ch);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->settings.daily_cap, 50);
  EXPECT_EQ(after->settings.fatigue_days, store::AskSettings{}.fatigue_days);
  EXPECT_EQ(rules_->Get(ReadKey())->settings.daily_cap, 50);
  EXPECT_EQ(Audit(), std::vector<std::string>{"user:7 update ask_settings"});
}

TEST_F(AskRulesTest, EveryBoundNamesItsField) {
  auto refused = [&](auto set, const char* field) {
    AskRulesChange ch;
    ch.settings = SettingsChange{};
    set(*ch.settings);
    auto r = rules_->Change(Admin(), ch);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << field;
    EXPECT_EQ(r.status().field(), field);
  };
  refused([](SettingsChange& s) { s.fatigue_days = kMaxFatigueDays + 1; },
          "/settings/fatigue_days");
  refused([](SettingsChange& s) { s.daily_cap = -1; }, "/settings/daily_cap");
  refused([](SettingsChange& s) { s.sample_percent = 101; }, "/settings/sample_percent");
  refused([](SettingsChange& s) { s.expiry_days = 0; }, "/settings/expiry_days");
  refused([](SettingsChange& s) { s.reminder_days = kMaxReminderDays + 1; },
          "/settings/reminder_days");
  EXPECT_TRUE(Audit().empty());
}

TEST_F(AskRulesTest, TriggersReplaceTheListAndNameTheirMistakes) {
  AskRulesChange ch;
  ch.triggers = std::vector<TriggerInput>{{std::nullopt, "nps", std::nullopt, std::nullopt},
                                          {"balie", "nps", 600, false}};
  auto after = rules_->Change(Admin(), ch);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  ASSERT_EQ(after->triggers.size(), 2u);
  EXPECT_FALSE(after->triggers[0].touchpoint);
  EXPECT_EQ(after->triggers[0].delay_seconds, kDefaultTriggerDelaySeconds);
  EXPECT_EQ(after->triggers[1].touchpoint, "balie");
  EXPECT_EQ(after->triggers[1].delay_seconds, 600);
  EXPECT_FALSE(after->triggers[1].enabled);

  auto mistake = [&](std::vector<TriggerInput> list, const char* field) {
    AskRulesChange bad;
    bad.settings = SettingsChange{};
    bad.settings->daily_cap = 1;  // must not be applied when the triggers are refused
    bad.triggers = std::move(list);
    auto r = rules_->Change(Admin(), bad);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << field;
    EXPECT_EQ(r.status().field(), field);
  };
  mistake({{"kassa", "nps", std::nullopt, std::nullopt}}, "/triggers/0/touchpoint");
  mistake({{std::nullopt, "nope", std::nullopt, std::nullopt}}, "/triggers/0/survey");
  mistake({{"balie", "nps", std::nullopt, std::nullopt}, {"balie", "nps", 5, std::nullopt}},
          "/triggers/1/touchpoint");
  mistake({{std::nullopt, "nps", std::nullopt, std::nullopt},
           {std::nullopt, "nps", std::nullopt, std::nullopt}},
          "/triggers/1/touchpoint");
  mistake({{std::nullopt, "nps", kMaxTriggerDelaySeconds + 1, std::nullopt}},
          "/triggers/0/delay_seconds");
  // All or nothing: the earlier list and settings stand.
  auto now = rules_->Get(Admin());
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->triggers.size(), 2u);
  EXPECT_EQ(now->settings.daily_cap, store::AskSettings{}.daily_cap);
}

TEST_F(AskRulesTest, OnlyManagersChangeTheRules) {
  AskRulesChange ch;
  ch.settings = SettingsChange{};
  EXPECT_EQ(rules_->Change(Employee(), ch).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(rules_->Change(ReadKey(), ch).status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(rules_->Get(Employee()).ok());
}

TEST_F(AskRulesTest, EachOrganisationHasItsOwnRules) {
  AskRulesChange ch;
  ch.triggers = std::vector<TriggerInput>{{"balie", "nps", std::nullopt, std::nullopt}};
  ASSERT_TRUE(rules_->Change(Admin(), ch).ok());
  // Globex has no touchpoint "balie".
  EXPECT_EQ(rules_->Change(Admin(globex_), ch).status().field(), "/triggers/0/touchpoint");
  EXPECT_TRUE(rules_->Get(Admin(globex_))->triggers.empty());
}

}  // namespace
}  // namespace beleving::survey
