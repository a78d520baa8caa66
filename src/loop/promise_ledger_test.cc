// The promise ledger, without HTTP.
#include "loop/promise_ledger.h"

#include "loop/loop_fixture_test.h"
#include "store/promise_store.h"

namespace beleving::loop {
namespace {

class PromiseLedgerTest : public LoopServiceTest {
 protected:
  PromiseLedger& ledger() { return loop_->promises(); }
  int64_t Make(const std::string& text = "We bellen morgen terug", int64_t due_in = 86400) {
    NewPromise in;
    in.text = text;
    in.due_at = clock_.Now() + due_in;
    in.employee = "lead1";
    in.team = "verhuur";
    auto p = ledger().Make(Operator(), in);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? p->record.id : 0;
  }
};

TEST_F(PromiseLedgerTest, MakeChecksItsFieldsAndIsAudited) {
  NewPromise in;
  in.text = " ";
  in.due_at = clock_.Now() + 60;
  EXPECT_EQ(ledger().Make(Operator(), in).status().field(), "/text");
  in.text = "x";
  in.due_at.reset();
  EXPECT_EQ(ledger().Make(Operator(), in).status().field(), "/due_at");
  in.due_at = clock_.Now() - 60;
  EXPECT_EQ(ledger().Make(Operator(), in).status().field(), "/due_at");
  in.due_at = clock_.Now() + 60;
  in.customer = "nobody-yet";
  EXPECT_EQ(ledger().Make(Operator(), in).status().field(), "/customer");
  in.customer.reset();
  in.case_id = 999;
  EXPECT_EQ(ledger().Make(Operator(), in).status().field(), "/case_id");
  EXPECT_EQ(ledger().Make(ApiKey(security::kScopeRead), in).status().code(),
            StatusCode::kPermissionDenied);
  int64_t id = Make();
  auto p = ledger().Get(Operator(), id);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->employee->name, "Hanna de Vries");
  EXPECT_EQ(p->record.promise_type, "manual");
  EXPECT_EQ(AuditEntries()[0].subject, "promise:" + std::to_string(id));
}

TEST_F(PromiseLedgerTest, KeptOnceBrokenOpensACaseRenegotiatedKeepsItsHistory) {
  int64_t kept = Make(), broken = Make("Nieuwe pas sturen"), moved = Make("Offerte");
  auto k = ledger().Keep(Session(security::Role::kAdmin), kept);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->record.status, "kept");
  EXPECT_EQ(ledger().Keep(Operator(), kept).status().code(), StatusCode::kConflict);
  EXPECT_EQ(ledger().Break(Operator(), kept).status().code(), StatusCode::kConflict);
  auto b = ledger().Break(Operator(), broken);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b->record.broken_case_id.has_value());
  auto kase = loop_->cases().Get(Operator(), *b->record.broken_case_id);
  ASSERT_TRUE(kase.ok());
  EXPECT_EQ(kase->view.record.case_type, "broken_promise");
  EXPECT_EQ(kase->view.title_facts->promise_text, "Nieuwe pas sturen");
  EXPECT_EQ(ledger().Renegotiate(Operator(), moved, clock_.Now(), std::nullopt).status().field(),
            "/due_at");
  UnixSeconds new_due = clock_.Now() + 7 * 86400;
  auto r = ledger().Renegotiate(Operator(), moved, new_due, std::string("Klant akkoord"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->record.status, "renegotiated");
  auto got = ledger().Get(Operator(), moved);
  ASSERT_EQ(got->history.size(), 1u);
  EXPECT_EQ(got->history[0].change.new_due_at, new_due);
  EXPECT_EQ(*got->history[0].change.note, "Klant akkoord");
  EXPECT_EQ(got->history[0].who.kind, Actor::Kind::kOperator);
  // The board: not settled, soonest first.
  auto board = ledger().Unsettled(Operator(), 10);
  ASSERT_TRUE(board.ok());
  ASSERT_EQ(board->size(), 1u);
  EXPECT_EQ((*board)[0].record.id, moved);
  std::vector<std::string> actions;
  for (const auto& e : AuditEntries()) actions.push_back(e.action);
  EXPECT_EQ(actions[0], "renegotiate");
  EXPECT_EQ(actions[1], "broken");
  EXPECT_EQ(actions[2], "kept");
}

// Issue 16 (deliberate change): an overdue promise waits out its grace
// period (default an hour) before the tick breaks it.
TEST_F(PromiseLedgerTest, OverduePromisesBreakOnTheTickAfterGraceAndDueSoonAlertsOnce) {
  int64_t id = Make("Terugbellen", 3600);
  RunAt("2025-03-07T16:59:00Z");  // due within the last quarter of the window
  auto p = ledger().Get(Operator(), id);
  EXPECT_EQ(p->record.status, "open");
  EXPECT_EQ(p->state, PromiseState::kDueSoon);
  EXPECT_TRUE(p->record.due_soon_alerted);
  RunAt("2025-03-07T17:00:00Z");
  p = ledger().Get(Operator(), id);
  EXPECT_EQ(p->record.status, "open");
  EXPECT_EQ(p->state, PromiseState::kOverdue);
  EXPECT_TRUE(p->record.overdue_alerted);
  RunAt("2025-03-07T17:59:59Z");
  EXPECT_EQ(ledger().Get(Operator(), id)->record.status, "open");
  RunAt("2025-03-07T18:00:00Z");
  p = ledger().Get(Operator(), id);
  EXPECT_EQ(p->record.status, "broken");
  EXPECT_TRUE(p->record.broken_case_id.has_value());
}

TEST_F(PromiseLedgerTest, StandardsAreUniqueByKeyAndNeedOneDueTime) {
  NewStandardPromise s;
  s.key = "terugbellen";
  s.touchpoint = "telefoon";
  s.text = "We bellen binnen 4 uur terug";
  EXPECT_EQ(ledger().CreateStandard(Operator(), s).status().field(), "/due_after_hours");
  s.due_after_hours = 4;
  s.due_after_seconds = 60;
  EXPECT_EQ(ledger().CreateStandard(Operator(), s).status().field(), "/due_after_hours");
  s.due_after_seconds.reset();
  EXPECT_EQ(ledger().CreateStandard(Session(security::Role::kManager), s).status().code(),
            StatusCode::kPermissionDenied);
  auto made = ledger().CreateStandard(Operator(), s);
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(made->due_after_seconds, 4 * 3600);
  EXPECT_EQ(ledger().CreateStandard(Operator(), s).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(AuditEntries()[0].subject, "standard_promise:" + std::to_string(made->id));
}

TEST_F(PromiseLedgerTest, KeptRateAndNpsAfterKeptAndBrokenPromises) {
  // Four promises by lead1 (team verhuur): three kept, one broken; one by
  // mgr1 (no team): broken.
  struct P {
    int64_t employee;
    std::optional<int64_t> team;
    const char* customer;
    const char* type;
    bool kept;
  };
  std::vector<P> ps = {{lead_, team_, "k1", "callback", true},
                       {lead_, team_, "k2", "callback", true},
                       {lead_, team_, "k3", "quote", true},
                       {lead_, team_, "k4", "callback", false},
                       {manager_, std::nullopt, "k5", "quote", false}};
  clock_.Set(At("2025-03-10T10:00:00Z"));
  Respond("before", "2025-03-10T09:00:00Z", 0, "k1");  // before settling: does not count
  for (size_t i = 0; i < ps.size(); ++i) {
    int64_t id = 0;
    ASSERT_TRUE(
        db_->Write([&](store::SqlConn& c) -> Status {
             ASSIGN_OR_RETURN(auto cust, store::DimensionStore::Ensure(
                                             c, Tenant(), *store::FindDimension("customers"),
                                             ps[i].customer, {}, clock_.Now()));
             store::PromiseRecord p;
             p.org_id = org_;
             p.promise_type = ps[i].type;
             p.source_key = "t" + std::to_string(i);
             p.employee_id = ps[i].employee;
             p.team_id = ps[i].team;
             p.customer_id = cust;
             p.text = "We call back";
             p.made_at = clock_.Now();
             p.due_at = clock_.Now() + 3600;
             ASSIGN_OR_RETURN(auto made, store::PromiseStore::InsertPromise(c, p, clock_.Now()));
             id = *made;
             return Status::Ok();
           })
            .ok());
    ASSERT_TRUE((ps[i].kept ? ledger().Keep(Operator(), id) : ledger().Break(Operator(), id)).ok());
  }
  // After settling: kept customers 10, 9, 6 -> NPS (2-1)/3 = 33.3; broken 2, 8 -> -50.
  Respond("k1a", "2025-03-11T09:00:00Z", 10, "k1");
  Respond("k2a", "2025-03-11T09:00:00Z", 9, "k2");
  Respond("k3a", "2025-03-11T09:00:00Z", 6, "k3");
  Respond("k4a", "2025-03-11T09:00:00Z", 2, "k4");
  Respond("k5a", "2025-03-11T09:00:00Z", 8, "k5");
  auto rep = ledger().Report(Operator());
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->total.kept, 3);
  EXPECT_EQ(rep->total.broken, 2);
  EXPECT_DOUBLE_EQ(*rep->total.kept_rate, 0.6);
  ASSERT_EQ(rep->by_team.size(), 1u);
  EXPECT_EQ(rep->by_team[0].key, "verhuur");
  EXPECT_DOUBLE_EQ(*rep->by_team[0].kept_rate, 0.75);
  ASSERT_EQ(rep->by_employee.size(), 2u);
  for (const auto& r : rep->by_employee) {
    ASSERT_TRUE(r.item.has_value());
    EXPECT_DOUBLE_EQ(*r.kept_rate, r.item->id == lead_ ? 0.75 : 0.0);
  }
  ASSERT_EQ(rep->by_type.size(), 2u);
  EXPECT_EQ(rep->by_type[0].key, "callback");
  EXPECT_NEAR(*rep->by_type[0].kept_rate, 2.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(*rep->by_type[1].kept_rate, 0.5);
  EXPECT_EQ(rep->after_kept.responses, 3);
  EXPECT_NEAR(*rep->after_kept.nps, 100.0 / 3.0, 1e-9);
  EXPECT_EQ(rep->after_broken.responses, 2);
  EXPECT_DOUBLE_EQ(*rep->after_broken.nps, -50.0);
  // Broken promises opened cases.
  CaseQuery q;
  q.type = "broken_promise";
  EXPECT_EQ(loop_->cases().List(Operator(), q)->cases.size(), 2u);
}

}  // namespace
}  // namespace beleving::loop
