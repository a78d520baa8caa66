// The promise board and the kept-rate report (PromiseLedger::Board,
// KeptRates), without HTTP. The fixture's clock: Friday 7 March 2025,
// 17:00 in Amsterdam (the organisation's zone).
#include <cmath>

#include "loop/loop_fixture_test.h"
#include "loop/promise_ledger.h"

namespace beleving::loop {
namespace {

class PromiseBoardTest : public LoopServiceTest {
 protected:
  PromiseLedger& ledger() { return loop_->promises(); }
  int64_t Make(const std::string& text, int64_t due_in, int64_t made_ago = 0,
               std::optional<int64_t> grace = std::nullopt) {
    NewPromise in;
    in.text = text;
    in.made_at = clock_.Now() - made_ago;
    in.due_at = clock_.Now() + due_in;
    in.employee = "lead1";
    in.team = "verhuur";
    in.grace_seconds = grace;
    auto p = ledger().Make(Operator(), in);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? p->record.id : 0;
  }
  static std::vector<std::string> Texts(const std::vector<PromiseView>& v) {
    std::vector<std::string> out;
    for (const auto& p : v) out.push_back(p.record.text);
    return out;
  }
};

TEST_F(PromiseBoardTest, ColumnsFollowTheOrganisationsDayAndWeek) {
  Make("vanavond", 2 * 3600);                  // 19:00 today
  Make("middernacht", 7 * 3600);               // 00:00 tomorrow: not today
  Make("over tijd", -3600, 2 * 86400, 86400);  // an hour late, a day of grace
  const int64_t gone = Make("gebroken", 3600);
  ASSERT_TRUE(ledger().Break(Operator(), gone).ok());
  auto b = ledger().Board(Operator(), {});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(Texts(b->due_today), std::vector<std::string>{"vanavond"});
  EXPECT_EQ(Texts(b->later), std::vector<std::string>{"middernacht"});
  EXPECT_EQ(Texts(b->overdue), std::vector<std::string>{"over tijd"});
  EXPECT_EQ(Texts(b->broken_this_week), std::vector<std::string>{"gebroken"});
  EXPECT_EQ(b->overdue[0].state, PromiseState::kOverdue);
  // Monday 00:00 in Amsterdam, and the next midnight.
  auto zone = TimeZone::Load("Europe/Amsterdam");
  ASSERT_TRUE(zone.ok());
  EXPECT_EQ(WeekStart(*zone, clock_.Now()), At("2025-03-02T23:00:00Z"));
  EXPECT_EQ(NextMidnight(*zone, clock_.Now()), At("2025-03-07T23:00:00Z"));
  // A week later the broken promise is off the board.
  clock_.Set(At("2025-03-10T08:00:00Z"));
  b = ledger().Board(Operator(), {});
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->broken_this_week.empty());
}

TEST_F(PromiseBoardTest, FiltersByTeamLocationAndType) {
  Make("vanavond", 2 * 3600);
  PromiseFilter f;
  f.team = "verhuur";
  f.location = "amersfoort";  // the team's location (the promise has no interaction)
  f.type = "manual";
  auto b = ledger().Board(Operator(), f);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->due_today.size(), 1u);
  f.type = "terugbellen";
  EXPECT_EQ(ledger().Board(Operator(), f).status().field(), "/query/type");
  f.type.reset();
  f.team = "nergens";
  EXPECT_EQ(ledger().Board(Operator(), f).status().field(), "/query/team");
  f.team.reset();
  f.location = "nergens";
  EXPECT_EQ(ledger().Board(Operator(), f).status().field(), "/query/location");
}

TEST_F(PromiseBoardTest, KeptRateWithWilsonIntervalAndMonthlyTrend) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(ledger().Keep(Operator(), Make("k", 86400)).ok());
  // Renegotiated, then broken: counts as broken.
  const int64_t moved = Make("r", 86400, 40 * 86400);  // made 26 January
  ASSERT_TRUE(ledger().Renegotiate(Operator(), moved, clock_.Now() + 2 * 86400, "ok").ok());
  ASSERT_TRUE(ledger().Break(Operator(), moved).ok());
  Make("open", 86400);
  auto rep = ledger().KeptRates(Operator(), "team");
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  ASSERT_EQ(rep->rows.size(), 1u);
  const auto& r = rep->rows[0];
  EXPECT_EQ(r.key, "verhuur");
  EXPECT_EQ(r.made, 5);
  EXPECT_EQ(r.kept, 3);
  EXPECT_EQ(r.broken, 1);
  EXPECT_EQ(r.open, 1);
  EXPECT_DOUBLE_EQ(*r.kept_rate, 0.75);
  EXPECT_NEAR(*r.low, 0.300642, 1e-6);
  EXPECT_NEAR(*r.high, 0.954413, 1e-6);
  ASSERT_EQ(r.trend.size(), 13u);
  EXPECT_EQ(r.trend.front().month, "2024-03");
  EXPECT_EQ(r.trend.back().month, "2025-03");
  EXPECT_TRUE(r.trend.back().partial);
  EXPECT_FALSE(r.trend[11].partial);
  EXPECT_EQ(r.trend[10].month, "2025-01");
  EXPECT_EQ(r.trend[10].broken, 1);
  EXPECT_EQ(r.trend.back().kept, 3);
  EXPECT_EQ(rep->total.made, 5);
  auto loc = ledger().KeptRates(Operator(), "location");
  ASSERT_TRUE(loc.ok());
  ASSERT_EQ(loc->rows.size(), 1u);
  EXPECT_EQ(loc->rows[0].item->key, "amersfoort");
  auto type = ledger().KeptRates(Operator(), "type");
  ASSERT_TRUE(type.ok());
  EXPECT_EQ(type->rows[0].key, "manual");
  EXPECT_EQ(ledger().KeptRates(Operator(), "shoe").status().field(), "/query/group_by");
}

TEST_F(PromiseBoardTest, CharterFiguresCountThisWeeksBroken) {
  NewStandardPromise s;
  s.key = "terugbellen";
  s.touchpoint = "balie";
  s.text = "Wij bellen terug";
  s.due_after_hours = 4;
  ASSERT_TRUE(ledger().CreateStandard(Operator(), s).ok());
  auto make = [&] {
    NewPromise in;
    in.text = "Wij bellen terug";
    in.type = "terugbellen";
    in.due_at = clock_.Now() + 3600;
    auto p = ledger().Make(Operator(), in);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? p->record.id : 0;
  };
  ASSERT_TRUE(ledger().Keep(Operator(), make()).ok());
  ASSERT_TRUE(ledger().Break(Operator(), make()).ok());
  Make("vrije tekst, niet in het handvest", 3600);
  ASSERT_TRUE(ledger().Break(Operator(), Make("ook niet", 3600)).ok());
  auto v = ledger().Charter(Operator());
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->made, 2);
  EXPECT_EQ(v->kept, 1);
  EXPECT_EQ(v->broken, 1);
  EXPECT_DOUBLE_EQ(*v->kept_rate, 0.5);
  EXPECT_EQ(v->broken_this_week, 1);
  clock_.Set(At("2025-03-10T08:00:00Z"));  // the next Monday
  v = ledger().Charter(Operator());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->broken_this_week, 0);
  EXPECT_EQ(v->made, 2);
}

}  // namespace
}  // namespace beleving::loop
