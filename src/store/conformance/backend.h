// The conformance suite's fixture: every test runs once per backend on a
// fresh, migrated database. Write a test as
//
//   TEST_P(BackendTest, Something) { ... db() ... }
//
// and it runs as Store/BackendTest.Something/sqlite and .../postgres
// (INSTANTIATE_BACKENDS(Store, BackendTest) in the test file).
//
// SQLite: a database file in a fresh temporary directory. PostgreSQL: one
// throwaway cluster per test process (pg_cluster.h), started on first use;
// every test gets its own database, created from a migrated template and
// dropped afterwards. When the PostgreSQL binaries are missing the
// PostgreSQL tests FAIL with a message saying what to install.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/sql.h"

namespace beleving::store::conformance {

enum class Backend { kSqlite, kPostgres };

std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Database& db() { return *db_; }
  bool postgres() const { return GetParam() == Backend::kPostgres; }
  // Another Database on the same data (a second pool, or after a restart).
  std::unique_ptr<Database> OpenAgain();

  // Runs fn in a Write / Read and expects it to succeed.
  void MustWrite(const WriteFn& fn);
  void MustRead(const ReadFn& fn);

  // PostgreSQL only: ends every server session on this test's database, as
  // a server restart would (the Database's connections break).
  Status DropConnections();

  // Inserts an organisation with this slug; returns its id.
  int64_t MakeOrg(const std::string& slug);

 private:
  std::unique_ptr<Database> Open();

  std::filesystem::path dir_;  // SQLite
  std::string pg_db_;          // PostgreSQL
  std::unique_ptr<Database> db_;
};

// ASSERT_* for lambdas that return a Status (a Write or Read body): records
// the failure and ends the body with an error.
#define REQUIRE_EQ(a, b)                                                      \
  do {                                                                        \
    EXPECT_EQ(a, b);                                                          \
    if (!((a) == (b))) return ::beleving::Internal("required " #a " == " #b); \
  } while (0)
#define REQUIRE_GE(a, b)                                                      \
  do {                                                                        \
    EXPECT_GE(a, b);                                                          \
    if (!((a) >= (b))) return ::beleving::Internal("required " #a " >= " #b); \
  } while (0)

#define INSTANTIATE_BACKENDS(prefix, fixture)                                                     \
  INSTANTIATE_TEST_SUITE_P(prefix, fixture,                                                       \
                           ::testing::Values(::beleving::store::conformance::Backend::kSqlite,    \
                                             ::beleving::store::conformance::Backend::kPostgres), \
                           ::beleving::store::conformance::BackendName)

}  // namespace beleving::store::conformance
