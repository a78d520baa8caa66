#include "app/services.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "capture/moment.h"
#include "core/time_format.h"
#include "workspace/workspace.h"

namespace beleving::app {
namespace {

class ServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("beleving_services_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    config_.data_dir = dir_.string();
    auto s = Services::Open(config_, &clock_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    services_ = std::move(*s);
    Status st = services_->db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto org, workspace::CreateOrg(c, "acme", "Acme", "UTC", clock_.Now()));
      org_ = org.id;
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  void TearDown() override {
    services_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Ingests `n` responses with score `nps` through `s`.
  void Ingest(Services& s, int n, int nps, const std::string& prefix) {
    std::vector<capture::ResponseInput> batch;
    for (int i = 0; i < n; ++i) {
      capture::ResponseInput r;
      r.external_id = prefix + std::to_string(i);
      r.submitted_at = clock_.Now() - 3600;
      r.answers.nps = nps;
      batch.push_back(r);
    }
    auto res = s.ingest().Responses(store::TenantScope::System(org_), batch);
    ASSERT_TRUE(res.ok()) << res.status().ToString();
  }

  // The NPS answer count the engine of `s` reports for the organisation.
  int64_t Count(Services& s) {
    engine::MeasureQuery q{store::TenantScope::System(org_).EngineScope(), {}, {}};
    auto r = s.engine().Measures(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->rows[0].measures.nps_answers : -1;
  }

  ManualClock clock_{1780000000};
  Config config_;
  std::filesystem::path dir_;
  std::unique_ptr<Services> services_;
  int64_t org_ = 0;
};

TEST_F(ServicesTest, TheEngineSeesWhatAnotherProcessCommitted) {
  Ingest(*services_, 3, 9, "own-");
  EXPECT_EQ(Count(*services_), 3);
  // A second set of services on the same data directory stands for another
  // process (a CLI import, a second server): its rows reach this engine at
  // the next query, without a restart.
  auto other = Services::Open(config_, &clock_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  Ingest(**other, 5, 2, "other-");
  EXPECT_EQ(Count(*services_), 8);
  // And this process's next own write still lands once.
  Ingest(*services_, 2, 10, "own-more-");
  EXPECT_EQ(Count(*services_), 10);
  EXPECT_EQ(services_->engine_rebuilds(), 0);
}

TEST_F(ServicesTest, ADivergedEngineIsRebuiltFromTheDatabase) {
  Ingest(*services_, 2, 9, "a-");
  // The engine gets a response the database does not hold, with the id the
  // next stored response will have.
  engine::ResponseFacts ghost{};
  ghost.org = static_cast<uint32_t>(org_);
  ghost.response_id = services_->engine().LastResponseId() + 1;
  ghost.submitted_at = clock_.Now() - 60;
  ghost.nps = 0;
  ghost.channel = engine::Channel::kOnline;
  ASSERT_TRUE(services_->engine().Append(std::span(&ghost, 1)).ok());
  EXPECT_EQ(Count(*services_), 3);
  // The next commit shows the divergence; the engine then equals the database.
  Ingest(*services_, 1, 10, "b-");
  EXPECT_EQ(services_->engine_rebuilds(), 1);
  EXPECT_EQ(Count(*services_), 3);  // 2 + 1 stored, the ghost gone
}

}  // namespace
}  // namespace beleving::app
