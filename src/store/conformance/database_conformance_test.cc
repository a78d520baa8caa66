// The Database contract (store/sql.h) on both backends: migrations, group
// commit (a failing unit rolls back alone, after_commit in commit order),
// read snapshots, placeholders and value types, constraint errors.
#include <atomic>
#include <mutex>
#include <thread>

#include "core/resources.h"
#include "store/conformance/backend.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_database.h"

namespace beleving::store::conformance {
namespace {

using DatabaseTest = BackendTest;

int64_t CountOrgs(Database& db) {
  int64_t n = -1;
  Status st = db.Read([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto v, c.QueryInt("SELECT COUNT(*) FROM orgs"));
    n = v.value_or(0);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return n;
}

Status InsertOrg(SqlConn& c, const std::string& slug) {
  return c.Exec("INSERT INTO orgs (slug, name, created_at) VALUES ($1, $1, 0)", {slug}).status();
}

TEST_P(DatabaseTest, MigrationsRunToTheLatestVersionAndAreRecorded) {
  auto v = db().Migrate();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, LatestMigrationVersion());
  EXPECT_GE(*v, 6);
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto rows, c.Query("SELECT version, name FROM schema_migrations ORDER BY "
                                        "version"));
    // One row per shipped migration (versions may have gaps while parallel
    // branches hold the numbers between them).
    size_t shipped = 0;
    for (const auto& e : resources::All()) {
      shipped += e.path.starts_with("migrations/") && e.path.ends_with(".sql");
    }
    EXPECT_EQ(rows.size(), shipped);
    EXPECT_EQ(rows.back()[0].as_int(), LatestMigrationVersion());
    EXPECT_EQ(rows.front()[0].as_int(), 1);
    EXPECT_EQ(rows.front()[1].as_text(), "0001_domain.sql");
    return Status::Ok();
  });
  // Opening again applies nothing twice.
  auto again = OpenAgain();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again->Migrate(), LatestMigrationVersion());
}

TEST_P(DatabaseTest, DialectIsTheBackends) {
  EXPECT_EQ(db().Dialect(), postgres() ? "postgres" : "sqlite");
  MustRead([&](SqlConn& c) -> Status {
    EXPECT_EQ(c.Dialect(), db().Dialect());
    return Status::Ok();
  });
}

TEST_P(DatabaseTest, AutoIncrementKeysCountUpFromOne) {
  int64_t a = MakeOrg("first");
  int64_t b = MakeOrg("second");
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 2);
}

TEST_P(DatabaseTest, AFailedUnitRollsBackAloneAndReportsItsError) {
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      Status st = db().Write([&](SqlConn& c) -> Status {
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
  EXPECT_EQ(CountOrgs(db()), 26);
}

TEST_P(DatabaseTest, AUnitThatIgnoresAFailedStatementDoesNotSpoilItsGroup) {
  // On PostgreSQL a failed statement aborts the transaction; a unit that
  // swallows the error must fail alone, not take its group with it.
  MakeOrg("taken");
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      Status st = db().Write([&](SqlConn& c) -> Status {
        if (i % 4 == 0) {
          (void)InsertOrg(c, "taken");  // fails: unique slug; error ignored
          return Status::Ok();
        }
        return InsertOrg(c, "w-" + std::to_string(i));
      });
      if (st.ok()) ok++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_GE(ok.load(), 15);
  EXPECT_EQ(CountOrgs(db()), 16);  // "taken" and the 15 others
}

TEST_P(DatabaseTest, AfterCommitRunsOnlyForCommittedUnitsInCommitOrder) {
  std::mutex mu;
  std::vector<int> order;
  std::vector<int> committed_ids;
  std::vector<std::thread> threads;
  for (int i = 0; i < 30; ++i) {
    threads.emplace_back([&, i] {
      int64_t id = 0;
      Status st = db().Write(
          [&](SqlConn& c) -> Status {
            if (i % 5 == 0) return InvalidArgument("no");
            ASSIGN_OR_RETURN(auto row,
                             c.QueryOne("INSERT INTO orgs (slug, name, created_at) VALUES ($1, $1, "
                                        "0) RETURNING id",
                                        {"a" + std::to_string(i)}));
            id = row[0].as_int();
            return Status::Ok();
          },
          [&] {
            std::lock_guard<std::mutex> lock(mu);
            order.push_back(static_cast<int>(id));
          });
      EXPECT_EQ(st.ok(), i % 5 != 0);
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(order.size(), 24u);
  // Units ran in queue order, so ids grow in the order after_commit ran.
  for (size_t k = 1; k < order.size(); ++k) EXPECT_LT(order[k - 1], order[k]);
}

TEST_P(DatabaseTest, AfterCommitHasRunWhenWriteReturns) {
  int called = 0;
  ASSERT_TRUE(db().Write([&](SqlConn& c) { return InsertOrg(c, "a1"); }, [&] { ++called; }).ok());
  EXPECT_EQ(called, 1);
  EXPECT_FALSE(db().Write([&](SqlConn& c) { return InsertOrg(c, "a1"); }, [&] { ++called; }).ok());
  EXPECT_EQ(called, 1);
}

TEST_P(DatabaseTest, ConstraintViolationsAreAlreadyExists) {
  MustWrite([&](SqlConn& c) { return InsertOrg(c, "dup"); });
  Status st = db().Write([&](SqlConn& c) { return InsertOrg(c, "dup"); });
  EXPECT_EQ(st.code(), StatusCode::kAlreadyExists) << st.ToString();
  // A foreign key too (the stores turn it into "still referred to").
  st = db().Write([&](SqlConn& c) {
    return c.Exec("INSERT INTO teams (org_id, key, name, created_at) VALUES (999, 'k', 'n', 0)", {})
        .status();
  });
  EXPECT_EQ(st.code(), StatusCode::kAlreadyExists) << st.ToString();
}

TEST_P(DatabaseTest, AReadSeesOneSnapshot) {
  MakeOrg("before");
  std::atomic<bool> read_first{false}, written{false};
  std::thread writer([&] {
    while (!read_first.load()) std::this_thread::yield();
    EXPECT_TRUE(db().Write([&](SqlConn& c) { return InsertOrg(c, "during"); }).ok());
    written = true;
  });
  int64_t first = -1, second = -1;
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto a, c.QueryInt("SELECT COUNT(*) FROM orgs"));
    first = a.value_or(-1);
    read_first = true;
    while (!written.load()) std::this_thread::yield();
    ASSIGN_OR_RETURN(auto b, c.QueryInt("SELECT COUNT(*) FROM orgs"));
    second = b.value_or(-1);
    return Status::Ok();
  });
  writer.join();
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);  // the write committed meanwhile is not seen
  EXPECT_EQ(CountOrgs(db()), 2);
}

TEST_P(DatabaseTest, AReadCannotWrite) {
  Status st = db().Read([&](SqlConn& c) { return InsertOrg(c, "nope"); });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(CountOrgs(db()), 0);
}

TEST_P(DatabaseTest, PlaceholdersBindByNumberInAnyOrderAndRepeat) {
  MustWrite([&](SqlConn& c) -> Status {
    return c
        .Exec("INSERT INTO orgs (name, slug, created_at, settings) VALUES ($2, $1, $3, $1)",
              {"slug-x", "Name X", int64_t{5}})
        .status();
  });
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT slug, name, created_at, settings FROM orgs"));
    EXPECT_EQ(row[0].as_text(), "slug-x");
    EXPECT_EQ(row[1].as_text(), "Name X");
    EXPECT_EQ(row[2].as_int(), 5);
    EXPECT_EQ(row[3].as_text(), "slug-x");
    return Status::Ok();
  });
}

TEST_P(DatabaseTest, ValuesComeBackWithTheirTypes) {
  int64_t org = MakeOrg("types");
  const int64_t big = int64_t{1} << 40;
  MustWrite([&](SqlConn& c) -> Status {
    return c
        .Exec(
            "INSERT INTO responses (org_id, external_id, submitted_at, nps, comment, "
            "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            {org, "r1", big, 9, SqlValue(), int64_t{0}})
        .status();
  });
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto row,
                     c.QueryOne("SELECT submitted_at, nps, comment, external_id, AVG(nps), "
                                "COUNT(*), SUM(nps) FROM responses GROUP BY submitted_at, nps, "
                                "comment, external_id"));
    EXPECT_TRUE(row[0].is_int());
    EXPECT_EQ(row[0].as_int(), big);
    EXPECT_TRUE(row[1].is_int());
    EXPECT_EQ(row[1].as_int(), 9);
    EXPECT_TRUE(row[2].is_null());
    EXPECT_TRUE(row[3].is_text());
    EXPECT_EQ(row[3].as_text(), "r1");
    EXPECT_TRUE(row[4].is_double());
    EXPECT_DOUBLE_EQ(row[4].as_double(), 9.0);
    EXPECT_TRUE(row[5].is_int());
    EXPECT_EQ(row[5].as_int(), 1);
    EXPECT_EQ(row[6].as_int(), 9);
    return Status::Ok();
  });
}

TEST_P(DatabaseTest, TextKeepsEveryByte) {
  const std::string text = "Café 'quoted' \"double\" \\ backslash; -- not a comment $1 ✓ \n end";
  int64_t org = MakeOrg("bytes");
  MustWrite([&](SqlConn& c) -> Status {
    return c.Exec("UPDATE orgs SET name = $2 WHERE id = $1", {org, text}).status();
  });
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT name FROM orgs WHERE id = $1", {org}));
    EXPECT_EQ(row[0].as_text(), text);
    return Status::Ok();
  });
}

TEST_P(DatabaseTest, ExecCountsChangedRows) {
  MakeOrg("a");
  MakeOrg("b");
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t n, c.Exec("UPDATE orgs SET name = 'x'", {}));
    EXPECT_EQ(n, 2);
    ASSIGN_OR_RETURN(n, c.Exec("DELETE FROM orgs WHERE slug = $1", {"none"}));
    EXPECT_EQ(n, 0);
    return Status::Ok();
  });
}

TEST_P(DatabaseTest, UnusedTrailingParametersAreIgnored) {
  MakeOrg("a");
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto n, c.QueryInt("SELECT COUNT(*) FROM orgs WHERE slug = $1", {"a", 7}));
    EXPECT_EQ(n.value_or(0), 1);
    return Status::Ok();
  });
}

TEST_P(DatabaseTest, DataSurvivesReopening) {
  MakeOrg("kept");
  auto again = OpenAgain();
  ASSERT_TRUE(again);
  EXPECT_EQ(CountOrgs(*again), 1);
}

TEST_P(DatabaseTest, BackupIsACopyOnSqliteAndPointsToPgDumpOnPostgres) {
  MakeOrg("kept");
  std::string path = (std::filesystem::temp_directory_path() /
                      ("beleving-conformance-backup-" + std::to_string(::getpid()) + ".db"))
                         .string();
  Status st = db().BackupTo(path);
  if (postgres()) {
    EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(st.message().find("pg_dump"), std::string::npos);
  } else {
    ASSERT_TRUE(st.ok()) << st.ToString();
    SqliteDatabase::Options o;
    o.path = path;
    auto copy = SqliteDatabase::Open(o);
    ASSERT_TRUE(copy.ok()) << copy.status().ToString();
    EXPECT_EQ(CountOrgs(**copy), 1);
  }
  std::filesystem::remove(path);
}

INSTANTIATE_BACKENDS(Store, DatabaseTest);

TEST(OpenDatabaseTest, PicksTheBackendByWhere) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://u@h:5432/db"));
  EXPECT_TRUE(IsPostgresUrl("postgres://u@h/db"));
  EXPECT_FALSE(IsPostgresUrl("/var/lib/beleving"));
  EXPECT_FALSE(IsPostgresUrl("data"));
  auto dir =
      std::filesystem::temp_directory_path() / ("beleving-open-" + std::to_string(::getpid()));
  auto db = OpenDatabase(dir.string());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ((*db)->Dialect(), "sqlite");
  EXPECT_TRUE(std::filesystem::exists(dir / "beleving.db"));
  db->reset();
  std::filesystem::remove_all(dir);
  auto bad = OpenDatabase("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_EQ(bad.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace beleving::store::conformance

namespace beleving::store::conformance {
namespace {

// What only the PostgreSQL backend has: a server on the other end.
using PostgresServerTest = BackendTest;

TEST_P(PostgresServerTest, WritesAndReadsGoOnAfterTheServerDroppedTheConnections) {
  MakeOrg("before");
  ASSERT_TRUE(DropConnections().ok());
  // The writer and every pooled reader find their connection gone and
  // connect again before their next transaction.
  MustWrite([&](SqlConn& c) { return InsertOrg(c, "after"); });
  for (int i = 0; i < 6; ++i) EXPECT_EQ(CountOrgs(db()), 2);
}

INSTANTIATE_TEST_SUITE_P(Store, PostgresServerTest, ::testing::Values(Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace beleving::store::conformance
