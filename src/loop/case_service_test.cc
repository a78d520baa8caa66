// CaseService, one rule per test, without HTTP.
#include "loop/case_service.h"

#include "loop/loop_fixture_test.h"
#include "store/case_store.h"

namespace beleving::loop {
namespace {

class CaseServiceTest : public LoopServiceTest {
 protected:
  int64_t Open(const std::string& title = "Te lang gewacht",
               std::optional<std::string> team = "verhuur") {
    NewCase in;
    in.title = title;
    in.team = team;
    auto v = loop_->cases().Open(Operator(), in);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? v->record.id : 0;
  }
  CaseService& cases() { return loop_->cases(); }
};

TEST_F(CaseServiceTest, OpenByHandFollowsTheOwnerRuleAndIsAudited) {
  int64_t id = Open();
  auto d = cases().Get(Operator(), id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->view.record.case_type, "manual");
  EXPECT_EQ(d->view.record.owner_employee_id, lead_);
  EXPECT_EQ(d->view.location->key, "amersfoort");  // the team's location
  auto audit = AuditEntries();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].actor, "cli:anna");
  EXPECT_EQ(audit[0].action, "create");
  EXPECT_EQ(audit[0].subject, "case:" + std::to_string(id));
}

TEST_F(CaseServiceTest, OpenRefusesWhatItCannotStoreNamingTheField) {
  NewCase in;
  in.title = "   ";
  EXPECT_EQ(cases().Open(Operator(), in).status().field(), "/title");
  in.title = "x";
  in.type = "feature_request";
  EXPECT_EQ(cases().Open(Operator(), in).status().field(), "/type");
  in.type.reset();
  in.team = "nobody";
  auto r = cases().Open(Operator(), in);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "/team");
  // Employees and read-only keys do not open cases.
  in.team.reset();
  EXPECT_EQ(cases().Open(Session(security::Role::kEmployee), in).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(cases().Open(ApiKey(security::kScopeRead), in).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(CaseServiceTest, AnyStatusTheFlowAllowsInOneMoveAndSkippingAcknowledges) {
  int64_t id = Open();
  clock_.Advance(600);
  auto v = cases().ChangeStatus(Operator(), id, "responded", std::string("Opgelost aan de balie"));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->record.status, "responded");
  EXPECT_EQ(v->record.acknowledged_at, clock_.Now());
  EXPECT_EQ(v->record.responded_at, clock_.Now());
  // Closed only once responded; never back to received.
  int64_t other = Open("Tweede");
  auto early = cases().ChangeStatus(Operator(), other, "closed", std::nullopt);
  EXPECT_EQ(early.status().code(), StatusCode::kConflict);
  EXPECT_EQ(early.status().message(), "a case cannot go from received to closed");
  EXPECT_EQ(cases().ChangeStatus(Operator(), other, "nonsense", std::nullopt).status().field(),
            "/status");
  ASSERT_TRUE(cases().ChangeStatus(Operator(), id, "closed", std::nullopt).ok());
  auto reopened = cases().ChangeStatus(Operator(), id, "investigating", std::nullopt);
  ASSERT_TRUE(reopened.ok());
  EXPECT_FALSE(reopened->record.closed_at.has_value());
  auto d = cases().Get(Operator(), id);
  ASSERT_TRUE(d.ok());
  const auto& last = d->log.back();
  EXPECT_EQ(last.kind, "status");
  EXPECT_TRUE(last.body.contains("reopened"));
  EXPECT_EQ(AuditEntries()[0].action, "status");
}

TEST_F(CaseServiceTest, NotesAndContactsAreTrimmedAndNeverEmpty) {
  int64_t id = Open();
  EXPECT_EQ(cases().AddNote(Operator(), id, "  \n ").status().field(), "/text");
  EXPECT_EQ(cases().AddNote(Operator(), id, std::string(kMaxCaseText + 1, 'x')).status().field(),
            "/text");
  ASSERT_TRUE(cases().AddNote(Operator(), id, "  gebeld  ").ok());
  EXPECT_EQ(cases().AddContact(Operator(), id, "pigeon", "x").status().field(), "/channel");
  EXPECT_EQ(cases().AddContact(Operator(), id, "phone", " ").status().field(), "/summary");
  clock_.Advance(60);
  auto v = cases().AddContact(Operator(), id, std::nullopt, "Teruggebeld");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->record.first_contact_at, clock_.Now());
  auto d = cases().Get(Operator(), id);
  std::vector<std::string> kinds;
  for (const auto& e : d->log) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"status", "note", "contact"}));
  EXPECT_EQ(d->log[1].body.at("text").as_string(), "gebeld");
  EXPECT_EQ(d->log[2].body.at("channel").as_string(), "other");
}

TEST_F(CaseServiceTest, WaitingPausesAndIsRefusedOnAClosedCase) {
  int64_t id = Open();
  auto v = cases().SetWaiting(Operator(), id, true);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->record.waiting_since.has_value());
  clock_.Advance(3600);
  v = cases().SetWaiting(Operator(), id, false);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->record.pauses,
            "[[" + std::to_string(clock_.Now() - 3600) + "," + std::to_string(clock_.Now()) + "]]");
  for (const char* to : {"responded", "closed"}) {
    ASSERT_TRUE(cases().ChangeStatus(Operator(), id, to, std::nullopt).ok());
  }
  EXPECT_EQ(cases().SetWaiting(Operator(), id, true).status().code(), StatusCode::kConflict);
}

TEST_F(CaseServiceTest, OneUpdatePathOneLogEntryNamingWhatChanged) {
  int64_t id = Open();
  CaseUpdate in;
  in.severity = "high";
  in.owner = "mgr1";
  in.title = "Te lang gewacht";  // unchanged: not in the entry
  auto v = cases().Update(Session(security::Role::kAdmin), id, in);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->record.owner_employee_id, manager_);
  auto d = cases().Get(Operator(), id);
  const auto& e = d->log.back();
  EXPECT_EQ(e.kind, "update");
  EXPECT_EQ(e.actor, "user:7");
  EXPECT_EQ(e.body.size(), 2u);
  EXPECT_EQ(e.body.at("owner").as_string(), "mgr1");
  ASSERT_TRUE(e.employee.has_value());
  EXPECT_EQ(e.employee->id, manager_);
  // Nothing changed: no entry, no audit.
  auto entries = d->log.size(), audits = AuditEntries().size();
  ASSERT_TRUE(cases().Update(Operator(), id, in).ok());
  EXPECT_EQ(cases().Get(Operator(), id)->log.size(), entries);
  EXPECT_EQ(AuditEntries().size(), audits);
  in.owner = "ghost";
  EXPECT_EQ(cases().Update(Operator(), id, in).status().field(), "/owner");
  in.owner.reset();
  in.severity = "urgent";
  EXPECT_EQ(cases().Update(Operator(), id, in).status().field(), "/severity");
}

TEST_F(CaseServiceTest, TheScopeDecidesAndAReadOnlyKeyCannotHandle) {
  int64_t mine = Open("In het team", "verhuur");
  int64_t elsewhere = Open("Zonder team", std::nullopt);
  EXPECT_TRUE(cases().AddNote(Manager(), mine, "van de manager").ok());
  EXPECT_EQ(cases().AddNote(Manager(), elsewhere, "x").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(cases().Get(Manager(), elsewhere).status().code(), StatusCode::kNotFound);
  auto page = cases().List(Manager(), CaseQuery{});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->cases.size(), 1u);
  EXPECT_EQ(page->cases[0].record.id, mine);
  EXPECT_EQ(cases().AddNote(ApiKey(security::kScopeRead), mine, "x").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(cases().AddNote(ApiKey(security::kScopeIngest), mine, "x").ok());
  // Another organisation's id looks like a missing one.
  EXPECT_EQ(cases().Get(ApiKey(security::kScopeAdmin, other_org_), mine).status().code(),
            StatusCode::kNotFound);
}

TEST_F(CaseServiceTest, ListFiltersAndPages) {
  for (int i = 0; i < 3; ++i) Open("Case " + std::to_string(i));
  CaseQuery q;
  q.limit = 2;
  auto first = cases().List(Operator(), q);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->cases.size(), 2u);
  EXPECT_TRUE(first->more);
  q.after = first->cases.back().record.id;
  auto second = cases().List(Operator(), q);
  EXPECT_EQ(second->cases.size(), 1u);
  EXPECT_FALSE(second->more);
  q = {};
  q.type = "unknown";
  EXPECT_EQ(cases().List(Operator(), q).status().field(), "/query/type");
  q = {};
  q.status = "received";
  EXPECT_EQ(cases().List(Operator(), q)->cases.size(), 3u);
}

TEST_F(CaseServiceTest, TheWorkQueueFiltersSortsAndCountsInTheStore) {
  int64_t calm = Open("Rustig");
  clock_.Advance(60);
  int64_t severe = Open("Ernstig");
  clock_.Advance(60);
  int64_t late = Open("Te laat");
  clock_.Advance(60);
  int64_t risky = Open("Bijna te laat", std::nullopt);
  CaseUpdate up;
  up.severity = "critical";
  ASSERT_TRUE(cases().Update(Operator(), severe, up).ok());
  up = {};
  up.owner = "mgr1";
  ASSERT_TRUE(cases().Update(Operator(), risky, up).ok());
  // The tick's SLA flags: resolve breached (bit 5), acknowledge at risk (bit 0).
  ASSERT_TRUE(
      db_->Write([&](store::SqlConn& c) -> Status {
           for (auto [id, flags] : {std::pair<int64_t, int64_t>{late, 0x20}, {risky, 0x01}}) {
             ASSIGN_OR_RETURN(auto k,
                              store::CaseStore::GetCase(c, store::TenantScope::System(org_), id));
             k->sla_flags = flags;
             RETURN_IF_ERROR(store::CaseStore::UpdateCase(c, *k));
           }
           return Status::Ok();
         })
          .ok());
  auto ids = [&](const CaseQuery& q) {
    std::vector<int64_t> out;
    auto page = cases().List(Operator(), q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (page.ok()) {
      for (const auto& v : page->cases) out.push_back(v.record.id);
    }
    return out;
  };
  CaseQuery q;
  q.sort = "urgency";
  EXPECT_EQ(ids(q), (std::vector<int64_t>{late, risky, severe, calm}));
  q.sort = "newest";
  EXPECT_EQ(ids(q), (std::vector<int64_t>{risky, late, severe, calm}));
  q.sort = "oldest";
  q.limit = 2;
  q.offset = 2;
  auto page = cases().List(Operator(), q);
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->more);
  EXPECT_EQ(ids(q), (std::vector<int64_t>{late, risky}));
  q.offset = 1;
  EXPECT_TRUE(cases().List(Operator(), q)->more);
  q = {};
  q.sla = "breached";
  EXPECT_EQ(ids(q), (std::vector<int64_t>{late}));
  q.sla = "at_risk";
  EXPECT_EQ(ids(q), (std::vector<int64_t>{risky}));
  q.sla = "ok";
  EXPECT_EQ(ids(q), (std::vector<int64_t>{calm, severe}));
  q = {};
  q.owner = "mgr1";
  EXPECT_EQ(ids(q), (std::vector<int64_t>{risky}));
  q = {};
  q.team = "verhuur";
  EXPECT_EQ(ids(q), (std::vector<int64_t>{calm, severe, late}));
  // Counts cover the whole selection, not a page of it.
  q.limit = 1;
  auto n = cases().Count(Operator(), q);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->total, 3);
  EXPECT_EQ(n->breached, 1);
  EXPECT_EQ(n->at_risk, 0);
  EXPECT_EQ(n->high, 1);
  EXPECT_EQ(n->by_type.at("manual"), 3);
  q = {};
  EXPECT_EQ(cases().Count(Operator(), q)->at_risk, 1);
  // Unknown values and keys name their parameter; the manager's scope holds.
  q.owner = "ghost";
  EXPECT_EQ(cases().List(Operator(), q).status().field(), "/query/owner");
  q = {};
  q.team = "ghost";
  EXPECT_EQ(cases().Count(Operator(), q).status().field(), "/query/team");
  q = {};
  q.sla = "late";
  EXPECT_EQ(cases().List(Operator(), q).status().field(), "/query/sla");
  q = {};
  q.sort = "random";
  EXPECT_EQ(cases().List(Operator(), q).status().field(), "/query/sort");
  q = {};
  q.sort = "urgency";
  q.offset = -1;
  EXPECT_EQ(cases().List(Operator(), q).status().field(), "/query/offset");
  q.offset = 0;
  auto seen = cases().List(Manager(), q);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->cases.size(), 3u);  // the case without a team is not the manager's
  EXPECT_EQ(cases().Count(Manager(), CaseQuery{})->total, 3);
}

}  // namespace
}  // namespace beleving::loop
