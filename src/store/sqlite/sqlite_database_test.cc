#include "store/sqlite/sqlite_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "store/migrations.h"

namespace beleving::store {
namespace {

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("beleving-db-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    SqliteDatabase::Options o;
    o.path = (dir_ / "t.db").string();
    auto db = SqliteDatabase::Open(o);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  int64_t CountOrgs() {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](SqlConn& c) -> Status {
                     ASSIGN_OR_RETURN(auto v, c.QueryInt("SELECT COUNT(*) FROM orgs"));
                     n = v.value_or(0);
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }
  Status InsertOrg(SqlConn& c, const std::string& slug) {
    return c.Exec("INSERT INTO orgs (slug, name, created_at) VALUES ($1, $1, 0)", {slug}).status();
  }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(SqliteDatabaseTest, MigrationsRunToTheLatestVersion) {
  auto v = db_->Migrate();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, LatestMigrationVersion());
  EXPECT_GE(*v, 1);
}

TEST_F(SqliteDatabaseTest, AFailedUnitRollsBackAloneAndReportsItsError) {
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      Status st = db_->Write([&](SqlConn& c) -> Status {
        RETURN_IF_ERROR(InsertOrg(c, "org-" + std::to_string(i)));
        // Every third unit writes, then fails: none of its rows may remain.
        if (i % 3 == 0) return InvalidArgument("no");
        return Status::Ok();
      });
      (st.ok() ? ok : failed)++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 14);
  EXPECT_EQ(ok.load(), 26);
  EXPECT_EQ(CountOrgs(), 26);
}

TEST_F(SqliteDatabaseTest, AfterCommitRunsOnlyForCommittedUnits) {
  int called = 0;
  ASSERT_TRUE(db_->Write([&](SqlConn& c) { return InsertOrg(c, "a1"); }, [&] { ++called; }).ok());
  EXPECT_FALSE(db_->Write([&](SqlConn& c) { return InsertOrg(c, "a1"); }, [&] { ++called; }).ok());
  EXPECT_EQ(called, 1);
}

TEST_F(SqliteDatabaseTest, ConstraintViolationsAreAlreadyExists) {
  ASSERT_TRUE(db_->Write([&](SqlConn& c) { return InsertOrg(c, "dup"); }).ok());
  Status st = db_->Write([&](SqlConn& c) { return InsertOrg(c, "dup"); });
  EXPECT_EQ(st.code(), StatusCode::kAlreadyExists);
}

TEST_F(SqliteDatabaseTest, PlaceholdersBindByNameInAnyOrder) {
  ASSERT_TRUE(db_->Write([&](SqlConn& c) -> Status {
                   return c
                       .Exec("INSERT INTO orgs (name, slug, created_at) VALUES ($2, $1, $3)",
                             {"slug-x", "Name X", int64_t{5}})
                       .status();
                 })
                  .ok());
  ASSERT_TRUE(db_->Read([&](SqlConn& c) -> Status {
                   ASSIGN_OR_RETURN(auto row,
                                    c.QueryOne("SELECT slug, name, created_at FROM orgs"));
                   EXPECT_EQ(row[0].as_text(), "slug-x");
                   EXPECT_EQ(row[1].as_text(), "Name X");
                   EXPECT_EQ(row[2].as_int(), 5);
                   return Status::Ok();
                 })
                  .ok());
}

TEST_F(SqliteDatabaseTest, PoolUseCountsTheReadersInUse) {
  PoolUse idle = db_->Pool();
  EXPECT_EQ(idle.readers, 4);
  EXPECT_EQ(idle.readers_busy, 0);
  EXPECT_EQ(idle.writes_queued, 0u);
  PoolUse inside;
  ASSERT_TRUE(db_->Read([&](SqlConn&) -> Status {
                   inside = db_->Pool();
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(inside.readers_busy, 1);
  EXPECT_EQ(db_->Pool().readers_busy, 0);
}

TEST_F(SqliteDatabaseTest, BackupIsAConsistentCopy) {
  ASSERT_TRUE(db_->Write([&](SqlConn& c) { return InsertOrg(c, "kept"); }).ok());
  std::string copy = (dir_ / "copy.db").string();
  ASSERT_TRUE(db_->BackupTo(copy).ok());
  SqliteDatabase::Options o;
  o.path = copy;
  auto restored = SqliteDatabase::Open(o);
  ASSERT_TRUE(restored.ok());
  ASSERT_TRUE((*restored)
                  ->Read([&](SqlConn& c) -> Status {
                    ASSIGN_OR_RETURN(auto n, c.QueryInt("SELECT COUNT(*) FROM orgs"));
                    EXPECT_EQ(n.value_or(0), 1);
                    return Status::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace beleving::store
