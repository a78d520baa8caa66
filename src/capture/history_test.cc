// The history rule where it is applied: the loop's tick (cases, alerts,
// standard promises) and the invitation planner, on the composed services
// (app/services_test_fixture.h).
#include "capture/history.h"

#include <gtest/gtest.h>

#include "app/services_test_fixture.h"
#include "core/time_format.h"
#include "store/ask_store.h"
#include "store/case_store.h"
#include "store/dimension_store.h"
#include "store/history_store.h"
#include "store/import_store.h"
#include "store/promise_store.h"
#include "store/survey_store.h"

namespace beleving::capture {
namespace {

UnixSeconds At(const char* t) { return *ParseRfc3339(t); }

class HistoryAppTest : public app::ServicesTest {
 protected:
  void SetUp() override {
    clock_.Set(At("2025-03-07T16:00:00Z"));
    ServicesTest::SetUp();
    if (HasFatalFailure()) return;
    org_ = acme_;
    ASSERT_TRUE(Write([&](store::SqlConn& c) -> Status {
      store::ImportSource s;
      s.fingerprint = "f";
      s.format = "csv";
      ASSIGN_OR_RETURN(source_, store::ImportStore::SaveSource(c, Tenant(), s, clock_.Now()));
      return Status::Ok();
    }));
  }
  store::TenantScope Tenant() const { return store::TenantScope::System(org_); }
  bool Write(const store::WriteFn& fn) {
    Status st = s_->db().Write(fn);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return st.ok();
  }

  // A detractor submitted at `at`, stored now.
  void Detractor(const std::string& id, UnixSeconds at, bool imported = false) {
    ResponseInput r;
    r.external_id = id;
    r.submitted_at = at;
    r.keys.customer = "c-" + id;
    r.answers.nps = 2;
    r.answers.comment = "Slecht";
    if (imported) r.import_source_id = source_;
    auto res = s_->ingest().Responses(Tenant(), {r});
    ASSERT_TRUE(res.ok()) << res.status().ToString();
  }
  void Interaction(const std::string& id, UnixSeconds at) {
    InteractionInput in;
    in.external_id = id;
    in.occurred_at = at;
    in.keys.customer = "klant";
    in.keys.touchpoint = "balie";
    auto res = s_->ingest().Interactions(Tenant(), {in});
    ASSERT_TRUE(res.ok()) << res.status().ToString();
  }

  // After a tick: "comment:title" of every case, the number of promises,
  // the interaction ids that got an invitation.
  std::vector<std::string> Cases() {
    s_->jobs().RunDue();
    std::vector<std::string> out;
    EXPECT_TRUE(s_->db()
                    .Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(auto cases,
                                       store::CaseStore::ListCases(c, Tenant(), {}, 0, 100));
                      for (const auto& k : cases) out.push_back(*k.description + ":" + k.title);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }
  size_t Promises() {
    s_->jobs().RunDue();
    size_t n = 0;
    EXPECT_TRUE(s_->db()
                    .Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(auto p, store::PromiseStore::ListPromises(
                                                   c, Tenant(), std::nullopt, 0, 100));
                      n = p.size();
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }
  std::vector<int64_t> InvitedInteractions() {
    s_->jobs().RunDue();
    std::vector<int64_t> out;
    EXPECT_TRUE(s_->db()
                    .Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(auto inv,
                                       store::AskStore::ListInvitations(c, Tenant(), 0, 100));
                      for (const auto& i : inv) out.push_back(i.interaction_id.value_or(0));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  int64_t org_ = 0, source_ = 0;
};

TEST_F(HistoryAppTest, ImportedAndBackdatedDetractorsOpenNoCase) {
  const UnixSeconds now = clock_.Now();
  Detractor("imported-today", now - 60, true);
  Detractor("backdated", now - 15 * 86400);
  Detractor("two-weeks", now - 14 * 86400);  // exactly the window: not history yet
  Detractor("fresh", now - 60);
  auto cases = Cases();
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0], "Slecht:Detractor: NPS 2");
  // Which ones: the two that are not history, by their response's customer.
  std::vector<store::CaseRecord> rows;
  ASSERT_TRUE(s_->db()
                  .Read([&](store::SqlConn& c) -> Status {
                    ASSIGN_OR_RETURN(rows, store::CaseStore::ListCases(c, Tenant(), {}, 0, 10));
                    return Status::Ok();
                  })
                  .ok());
  std::vector<int64_t> responses;
  for (const auto& k : rows) responses.push_back(k.response_id.value_or(0));
  EXPECT_EQ(responses, (std::vector<int64_t>{3, 4}));  // ids in ingest order
}

TEST_F(HistoryAppTest, TheWindowIsPerOrganisationAndZeroLeavesOnlyImports) {
  const UnixSeconds now = clock_.Now();
  ASSERT_TRUE(Write([&](store::SqlConn& c) {
    return store::HistoryStore::PutBackdatedDays(c, Tenant(), 0, now);
  }));
  Detractor("a-year-late", now - 365 * 86400);
  Detractor("imported", now - 60, true);
  EXPECT_EQ(Cases().size(), 1u);  // the late one; the import stays history
  ASSERT_TRUE(Write([&](store::SqlConn& c) {
    return store::HistoryStore::PutBackdatedDays(c, Tenant(), 2, now);
  }));
  Detractor("three-days-late", now - 3 * 86400);
  EXPECT_EQ(Cases().size(), 1u);
  for (int days : {-1, 4000}) {
    Status bad = s_->db().Write([&](store::SqlConn& c) {
      return store::HistoryStore::PutBackdatedDays(c, Tenant(), days, now);
    });
    EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument) << days;
  }
}

TEST_F(HistoryAppTest, BackdatedInteractionsGetNoPromiseAndNoInvitation) {
  const UnixSeconds now = clock_.Now();
  ASSERT_TRUE(Write([&](store::SqlConn& c) -> Status {
    auto t = Tenant();
    store::StandardPromiseRecord s;
    s.key = "terugbellen";
    s.touchpoint_key = "balie";
    s.text = "We bellen binnen een dag terug";
    s.due_after_seconds = 86400;
    RETURN_IF_ERROR(store::PromiseStore::InsertStandard(c, t, s, now).status());
    ASSIGN_OR_RETURN(auto survey, store::SurveyStore::ByKey(c, t, "nps"));
    store::SurveyTrigger tr;
    tr.survey_id = survey->id;
    tr.delay_seconds = 0;
    RETURN_IF_ERROR(store::AskStore::PutTrigger(c, t, tr, now));
    auto dim = *store::FindDimension("customers");
    return store::DimensionStore::Ensure(c, t, dim, "klant",
                                         {{"email", "klant@example.nl"}, {"consent", true}}, now)
        .status();
  }));
  Interaction("old", now - 30 * 86400);
  EXPECT_EQ(Promises(), 0u);
  EXPECT_TRUE(InvitedInteractions().empty());
  Interaction("new", now - 600);
  EXPECT_EQ(Promises(), 1u);
  EXPECT_EQ(InvitedInteractions(), (std::vector<int64_t>{2}));
}

}  // namespace
}  // namespace beleving::capture
