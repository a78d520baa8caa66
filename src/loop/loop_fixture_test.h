// The loop's service tests share this: a real SQLite file, a manual clock,
// the loop's services wired as the server wires them, one organisation
// (Europe/Amsterdam) with a location "amersfoort" managed by "mgr1" and a
// team "verhuur" led by "lead1", and callers of every kind. No HTTP.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "capture/ingest.h"
#include "capture/moment.h"
#include "core/time_format.h"
#include "jobs/job_runner.h"
#include "loop/loop.h"
#include "security/principal.h"
#include "store/dimension_store.h"
#include "store/privacy_store.h"
#include "store/sqlite/sqlite_database.h"
#include "workspace/workspace.h"

namespace beleving::loop {

inline UnixSeconds At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

class LoopServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("beleving_loop_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store::SqliteDatabase::Options o;
    o.path = (dir_ / "beleving.db").string();
    auto db = store::SqliteDatabase::Open(o);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    jobs_ = std::make_unique<jobs::JobRunner>(*db_, clock_);
    loop_ =
        std::make_unique<Loop>(*db_, clock_, *jobs_, LoopOptions{"", "a@b.example", "https://x"});
    loop_->Register();
    ingest_ = std::make_unique<capture::Ingest>(*db_, clock_);
    Status st = db_->Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto org,
                       workspace::CreateOrg(c, "acme", "Acme", "Europe/Amsterdam", clock_.Now()));
      org_ = org.id;
      ASSIGN_OR_RETURN(auto other,
                       workspace::CreateOrg(c, "globex", "Globex", "UTC", clock_.Now()));
      other_org_ = other.id;
      auto t = store::TenantScope::System(org_);
      auto dim = [](const char* r) { return *store::FindDimension(r); };
      ASSIGN_OR_RETURN(
          lead_, store::DimensionStore::Ensure(c, t, dim("employees"), "lead1", {}, clock_.Now()));
      RETURN_IF_ERROR(store::DimensionStore::Update(c, t, dim("employees"), lead_,
                                                    std::string("Hanna de Vries"), {})
                          .status());
      ASSIGN_OR_RETURN(manager_, store::DimensionStore::Ensure(c, t, dim("employees"), "mgr1", {},
                                                               clock_.Now()));
      ASSIGN_OR_RETURN(location_,
                       store::DimensionStore::Ensure(c, t, dim("locations"), "amersfoort",
                                                     {{"manager", manager_}}, clock_.Now()));
      ASSIGN_OR_RETURN(team_, store::DimensionStore::Ensure(
                                  c, t, dim("teams"), "verhuur",
                                  {{"lead", lead_}, {"location", location_}}, clock_.Now()));
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  void TearDown() override {
    loop_.reset();
    jobs_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  store::TenantScope Tenant() const { return store::TenantScope::System(org_); }
  // The operator at the CLI (the whole organisation, admin).
  security::Principal Operator() const { return security::Principal::Operator(org_, "anna"); }
  // A signed-in person with `role` (admins and consultants see everything).
  security::Principal Session(security::Role role, int64_t user_id = 7) const {
    security::Principal p{security::Principal::Kind::kSession, Tenant()};
    p.role = role;
    p.user_id = user_id;
    return p;
  }
  // A manager of team verhuur only.
  security::Principal Manager() const {
    security::Principal p{security::Principal::Kind::kSession,
                          store::TenantScope::Manager(org_, {team_}, {}, {})};
    p.role = security::Role::kManager;
    p.user_id = 8;
    return p;
  }
  security::Principal ApiKey(unsigned scopes, int64_t org = 0) const {
    security::Principal p{security::Principal::Kind::kApiKey,
                          store::TenantScope::Organisation(org ? org : org_)};
    p.scopes = scopes;
    p.api_key_id = 3;
    return p;
  }

  void Respond(const std::string& id, const std::string& at, int nps,
               const std::string& customer = "c1") {
    auto doc = ParseJson(R"({"external_id":")" + id + R"(","submitted_at":")" + at +
                         R"(","customer":")" + customer +
                         R"(","team":"verhuur","location":"amersfoort","employee":"lead1",)"
                         R"("answers":{"nps":)" +
                         std::to_string(nps) + "}}");
    ASSERT_TRUE(doc.ok());
    auto batch = capture::DecodeResponses(*doc);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    auto r = ingest_->Responses(Tenant(), *batch);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  void RunAt(const char* t) {
    clock_.Set(At(t));
    jobs_->RunDue();
  }

  // The organisation's audit entries, newest first.
  std::vector<store::AuditEntry> AuditEntries(int64_t org = 0) {
    std::vector<store::AuditEntry> out;
    EXPECT_TRUE(db_->Read([&](store::SqlConn& c) -> Status {
                     ASSIGN_OR_RETURN(out,
                                      store::PrivacyStore::AuditLog(
                                          c, store::TenantScope::System(org ? org : org_), 0, 100));
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }

  // The only case of the organisation.
  CaseView OnlyCase() {
    auto page = loop_->cases().List(Operator(), CaseQuery{});
    EXPECT_TRUE(page.ok());
    EXPECT_EQ(page.ok() ? page->cases.size() : 0u, 1u);
    return page.ok() && !page->cases.empty() ? page->cases[0] : CaseView{};
  }

  std::filesystem::path dir_;
  ManualClock clock_{At("2025-03-07T16:00:00Z")};  // Friday 17:00 in Amsterdam
  std::unique_ptr<store::SqliteDatabase> db_;
  std::unique_ptr<jobs::JobRunner> jobs_;
  std::unique_ptr<Loop> loop_;
  std::unique_ptr<capture::Ingest> ingest_;
  int64_t org_ = 0, other_org_ = 0, lead_ = 0, manager_ = 0, location_ = 0, team_ = 0;
};

}  // namespace beleving::loop
