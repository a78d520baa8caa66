// Test only: the asking services on a real SQLite file with a manual clock,
// two organisations (acme with the default NPS survey, globex), callers of
// each kind, and a Database that counts the write units (the commits) the
// services make. Used by the survey room's *_test.cc files.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>

#include "capture/ingest.h"
#include "core/time_format.h"
#include "jobs/job_runner.h"
#include "security/principal.h"
#include "security/secrets.h"
#include "store/org_store.h"
#include "store/privacy_store.h"
#include "store/sqlite/sqlite_database.h"
#include "store/survey_store.h"
#include "survey/answer_service.h"
#include "survey/ask_rules.h"
#include "survey/invitation.h"
#include "survey/invitation_service.h"
#include "survey/qr_service.h"
#include "survey/survey_service.h"

namespace beleving::survey {

// Forwards to a real database and counts Write units: each is one
// transaction the caller waits for (at most one commit).
class CountingDatabase final : public store::Database {
 public:
  explicit CountingDatabase(store::Database& inner) : inner_(inner) {}
  Status Write(store::WriteFn fn, std::function<void()> after_commit = nullptr) override {
    ++writes;
    return inner_.Write(std::move(fn), std::move(after_commit));
  }
  Status Read(const store::ReadFn& fn) override { return inner_.Read(fn); }
  Result<int> Migrate() override { return inner_.Migrate(); }
  Status BackupTo(const std::string& path) override { return inner_.BackupTo(path); }
  std::string_view Dialect() const override { return inner_.Dialect(); }
  store::PoolUse Pool() override { return inner_.Pool(); }
  std::atomic<int> writes{0};

 private:
  store::Database& inner_;
};

class AskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(security::InitCrypto().ok());
    dir_ = std::filesystem::temp_directory_path() /
           ("beleving_ask_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store::SqliteDatabase::Options o;
    o.path = (dir_ / "beleving.db").string();
    auto db = store::SqliteDatabase::Open(o);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    real_ = std::move(*db);
    db_ = std::make_unique<CountingDatabase>(*real_);
    jobs_ = std::make_unique<jobs::JobRunner>(*db_, clock_);
    ingest_ = std::make_unique<capture::Ingest>(*db_, clock_);
    ingest_->OnResponses([this](std::span<const store::ResponseRecord> rs) {
      for (const auto& r : rs) sunk_.push_back(r);
    });
    asking_ = std::make_unique<Asking>(*db_, *jobs_, clock_, "http://survey.test", "", "");
    surveys_ = std::make_unique<SurveyService>(*db_, clock_, pages_);
    rules_ = std::make_unique<AskRules>(*db_, clock_);
    invitations_ = std::make_unique<InvitationService>(*db_, clock_, *asking_);
    qr_ = std::make_unique<QrService>(*db_, clock_, *asking_);
    answers_ = std::make_unique<AnswerService>(*db_, clock_, *ingest_, pages_);
    ASSERT_TRUE(
        db_->Write([&](store::SqlConn& c) -> Status {
             const UnixSeconds now = clock_.Now();
             ASSIGN_OR_RETURN(auto acme,
                              store::OrgStore::Create(c, "acme", "Acme", "Europe/Amsterdam", now));
             ASSIGN_OR_RETURN(auto globex, store::OrgStore::Create(c, "globex", "Globex",
                                                                   "Europe/Amsterdam", now));
             acme_ = acme.id;
             globex_ = globex.id;
             for (int64_t org : {acme_, globex_}) {
               const Definition d = DefaultNpsSurvey();
               store::SurveyRecord s{0, d.key, d.name, json::serialize(ToJson(d)), now, now};
               RETURN_IF_ERROR(
                   store::SurveyStore::Create(c, store::TenantScope::System(org), s, now).status());
             }
             return Status::Ok();
           })
            .ok());
    db_->writes = 0;
  }
  void TearDown() override {
    answers_.reset();
    qr_.reset();
    invitations_.reset();
    rules_.reset();
    surveys_.reset();
    asking_.reset();
    ingest_.reset();
    jobs_.reset();
    db_.reset();
    real_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Callers.
  security::Principal Session(int64_t org, security::Role role, int64_t user = 7) const {
    security::Principal p(security::Principal::Kind::kSession,
                          store::TenantScope::Organisation(org));
    p.role = role;
    p.user_id = user;
    return p;
  }
  security::Principal Admin(int64_t org = 0) const {
    return Session(org ? org : acme_, security::Role::kAdmin);
  }
  security::Principal Employee() const { return Session(acme_, security::Role::kEmployee, 9); }
  security::Principal ReadKey() const {
    security::Principal p(security::Principal::Kind::kApiKey,
                          store::TenantScope::Organisation(acme_));
    p.scopes = security::kScopeRead;
    p.api_key_id = 3;
    return p;
  }

  // "actor action subject" of the organisation's audit log, oldest first.
  std::vector<std::string> Audit(int64_t org = 0) {
    std::vector<std::string> out;
    EXPECT_TRUE(real_
                    ->Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(
                          auto log, store::PrivacyStore::AuditLog(
                                        c, store::TenantScope::System(org ? org : acme_), 0, 1000));
                      for (auto it = log.rbegin(); it != log.rend(); ++it) {
                        out.push_back(it->actor + " " + it->action + " " + it->subject);
                      }
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  ManualClock clock_{*ParseRfc3339("2026-11-23T10:00:00Z")};
  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteDatabase> real_;
  std::unique_ptr<CountingDatabase> db_;
  std::unique_ptr<jobs::JobRunner> jobs_;
  std::unique_ptr<capture::Ingest> ingest_;
  PageCache pages_;
  std::unique_ptr<Asking> asking_;
  std::unique_ptr<SurveyService> surveys_;
  std::unique_ptr<AskRules> rules_;
  std::unique_ptr<InvitationService> invitations_;
  std::unique_ptr<QrService> qr_;
  std::unique_ptr<AnswerService> answers_;
  std::vector<store::ResponseRecord> sunk_;  // what the responses sink saw
  int64_t acme_ = 0, globex_ = 0;
};

}  // namespace beleving::survey
