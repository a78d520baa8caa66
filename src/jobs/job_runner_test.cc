#include "jobs/job_runner.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/job_store.h"
#include "store/sqlite/sqlite_database.h"

namespace beleving::jobs {
namespace {

class JobRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("beleving_jobs_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store::SqliteDatabase::Options o;
    o.path = (dir_ / "t.db").string();
    auto db = store::SqliteDatabase::Open(o);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::optional<int64_t> ScheduleJob(JobRunner& r, const std::string& kind, UnixSeconds at,
                                     std::optional<std::string> dedupe = std::nullopt) {
    std::optional<int64_t> id;
    Status st = db_->Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(id, r.Schedule(c, 7, kind, "{\"n\":1}", at, dedupe));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return id;
  }
  store::JobRecord Get(int64_t id) {
    std::optional<store::JobRecord> j;
    EXPECT_TRUE(db_->Read([&](store::SqlConn& c) -> Status {
                     ASSIGN_OR_RETURN(j, store::JobStore::Get(c, id));
                     return Status::Ok();
                   })
                    .ok());
    return j.value_or(store::JobRecord{});
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
};

TEST(BackoffTest, DoublesAndCaps) {
  RetryPolicy p{.max_attempts = 5, .base_seconds = 10, .max_seconds = 100};
  EXPECT_EQ(Backoff(p, 1), 10);
  EXPECT_EQ(Backoff(p, 2), 20);
  EXPECT_EQ(Backoff(p, 3), 40);
  EXPECT_EQ(Backoff(p, 4), 80);
  EXPECT_EQ(Backoff(p, 5), 100);
  EXPECT_EQ(Backoff(p, 60), 100);
}

TEST_F(JobRunnerTest, RunsOnlyWhenDueAndOnce) {
  ManualClock clock(1000);
  JobRunner runner(*db_, clock);
  int runs = 0;
  runner.Register("test.count", [&](store::SqlConn&, const Job& job) {
    EXPECT_EQ(job.org_id, 7);
    EXPECT_EQ(job.payload, "{\"n\":1}");
    ++runs;
    return Status::Ok();
  });
  auto id = ScheduleJob(runner, "test.count", 1060);
  ASSERT_TRUE(id);
  EXPECT_EQ(runner.RunDue(), 0u);
  clock.Advance(59);
  EXPECT_EQ(runner.RunDue(), 0u);
  clock.Advance(1);
  EXPECT_EQ(runner.RunDue(), 1u);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(runner.RunDue(), 0u);
  EXPECT_EQ(Get(*id).state, "done");
  EXPECT_EQ(Get(*id).payload, "{}") << "a finished job keeps no personal data";
}

TEST_F(JobRunnerTest, TheQueueCountsPendingDueAndDeadJobsAndTheOldestWait) {
  ManualClock clock(1000);
  JobRunner runner(*db_, clock);
  runner.RegisterExternal(
      "test.fail", [](const Job&) { return Unavailable("down"); },
      RetryPolicy{.max_attempts = 1, .base_seconds = 10, .max_seconds = 10});
  ScheduleJob(runner, "test.later", 5000);   // not due
  ScheduleJob(runner, "test.waiting", 900);  // due for 100 s, no handler here
  ScheduleJob(runner, "test.waiting", 950);
  ScheduleJob(runner, "test.fail", 1000);  // dies at its first attempt
  EXPECT_EQ(runner.RunDue(), 1u);
  auto q = runner.Queue();
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->pending, 3);
  EXPECT_EQ(q->due, 2);
  EXPECT_EQ(q->running, 0);
  EXPECT_EQ(q->dead, 1);
  ASSERT_TRUE(q->oldest_due_run_at);
  EXPECT_EQ(*q->oldest_due_run_at, 900);
}

TEST_F(JobRunnerTest, DedupeKeyMakesOneJob) {
  ManualClock clock(1000);
  JobRunner runner(*db_, clock);
  EXPECT_TRUE(ScheduleJob(runner, "k", 1000, "invite:1"));
  EXPECT_FALSE(ScheduleJob(runner, "k", 1000, "invite:1"));
  EXPECT_TRUE(ScheduleJob(runner, "k", 1000, "invite:2"));
  EXPECT_TRUE(ScheduleJob(runner, "k", 1000));
  EXPECT_TRUE(ScheduleJob(runner, "k", 1000));
}

TEST_F(JobRunnerTest, RetriesWithBackoffThenDies) {
  ManualClock clock(1000);
  JobRunner runner(*db_, clock);
  int runs = 0;
  runner.RegisterExternal(
      "test.fail",
      [&](const Job& job) {
        EXPECT_EQ(job.attempt, runs + 1);
        ++runs;
        return Unavailable("receiver down");
      },
      RetryPolicy{.max_attempts = 3, .base_seconds = 10, .max_seconds = 1000});
  auto id = ScheduleJob(runner, "test.fail", 1000);
  EXPECT_EQ(runner.RunDue(), 1u);
  auto j = Get(*id);
  EXPECT_EQ(j.state, "pending");
  EXPECT_EQ(j.run_at, 1010);
  ASSERT_TRUE(j.last_error);
  EXPECT_NE(j.last_error->find("receiver down"), std::string::npos);
  clock.Advance(9);
  EXPECT_EQ(runner.RunDue(), 0u);
  clock.Advance(1);
  EXPECT_EQ(runner.RunDue(), 1u);
  EXPECT_EQ(Get(*id).run_at, 1030);  // 20 s after the second failure
  clock.Advance(20);
  EXPECT_EQ(runner.RunDue(), 1u);
  EXPECT_EQ(Get(*id).state, "dead");
  clock.Advance(100000);
  EXPECT_EQ(runner.RunDue(), 0u);
  EXPECT_EQ(runs, 3);
}

TEST_F(JobRunnerTest, FailedTransactionalHandlerRollsBackItsWrites) {
  ManualClock clock(1000);
  JobRunner runner(*db_, clock);
  runner.Register("test.tx", [&](store::SqlConn& c, const Job&) -> Status {
    RETURN_IF_ERROR(runner.Schedule(c, 7, "test.other", "{}", 5000).status());
    return Internal("boom");
  });
  auto id = ScheduleJob(runner, "test.tx", 1000);
  EXPECT_EQ(runner.RunDue(), 1u);
  EXPECT_EQ(Get(*id).state, "pending");
  int64_t others = -1;
  ASSERT_TRUE(db_->Read([&](store::SqlConn& c) -> Status {
                   ASSIGN_OR_RETURN(
                       auto n, c.QueryInt("SELECT COUNT(*) FROM jobs WHERE kind = 'test.other'"));
                   others = n.value_or(-1);
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(others, 0);
}

TEST_F(JobRunnerTest, ExpiredLeaseIsRunAgainAfterACrash) {
  ManualClock clock(1000);
  auto id = [&] {
    JobRunner first(*db_, clock);
    auto i = ScheduleJob(first, "test.crash", 1000);
    // Claimed but never finished: the process died while running it.
    EXPECT_TRUE(db_->Write([&](store::SqlConn& c) {
                     return store::JobStore::ClaimDue(c, {"test.crash"}, 1000, 300, 10).status();
                   })
                    .ok());
    return i;
  }();
  JobRunner second(*db_, clock);
  int runs = 0;
  second.Register("test.crash", [&](store::SqlConn&, const Job& job) {
    EXPECT_EQ(job.attempt, 2);
    ++runs;
    return Status::Ok();
  });
  EXPECT_EQ(second.RunDue(), 0u);  // lease still held
  clock.Advance(300);
  EXPECT_EQ(second.RunDue(), 1u);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(Get(*id).state, "done");
}

TEST_F(JobRunnerTest, UnregisteredKindsAreLeftAlone) {
  ManualClock clock(1000);
  JobRunner runner(*db_, clock);
  runner.Register("mine", [](store::SqlConn&, const Job&) { return Status::Ok(); });
  auto id = ScheduleJob(runner, "someone.else", 1000);
  EXPECT_EQ(runner.RunDue(), 0u);
  EXPECT_EQ(Get(*id).state, "pending");
}

TEST_F(JobRunnerTest, PollingThreadRunsJobsAndStops) {
  JobRunner runner(*db_, *SystemClock::Get());
  std::atomic<int> runs{0};
  runner.Register("test.poll", [&](store::SqlConn&, const Job&) {
    ++runs;
    return Status::Ok();
  });
  runner.Start(std::chrono::milliseconds(20));
  ScheduleJob(runner, "test.poll", SystemClock::Get()->Now());
  runner.Wake();
  for (int i = 0; i < 200 && runs.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  runner.Stop();
  EXPECT_EQ(runs.load(), 1);
}

}  // namespace
}  // namespace beleving::jobs
