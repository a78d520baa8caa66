#include "store/conformance/backend.h"

#include <unistd.h>

#include <atomic>

#include "store/conformance/pg_cluster.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/pg_database.h"
#include "store/sqlite/sqlite_database.h"

namespace beleving::store::conformance {
namespace {

constexpr const char* kTemplate = "beleving_template";

// The process's one cluster, started on first use, stopped at exit by the
// gtest environment below.
struct SharedCluster {
  PgCluster cluster;
  bool tried = false;
  Status status;
  std::unique_ptr<PgConn> admin;  // to the `postgres` database
};

SharedCluster& Shared() {
  static SharedCluster* s = new SharedCluster();
  return *s;
}

class ClusterEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    SharedCluster& s = Shared();
    s.admin.reset();
    s.cluster.Stop();
  }
};

[[maybe_unused]] const auto* kEnvironment =
    ::testing::AddGlobalTestEnvironment(new ClusterEnvironment());

// Starts the cluster and builds the migrated template database, once.
Status EnsureCluster() {
  SharedCluster& s = Shared();
  if (s.tried) return s.status;
  s.tried = true;
  s.status = [&]() -> Status {
    RETURN_IF_ERROR(s.cluster.Start());
    ASSIGN_OR_RETURN(s.admin, PgConn::Open(s.cluster.Url("postgres")));
    RETURN_IF_ERROR(s.admin->ExecScript(std::string("CREATE DATABASE ") + kTemplate));
    {
      PgDatabase::Options o;
      o.url = s.cluster.Url(kTemplate);
      o.readers = 1;
      ASSIGN_OR_RETURN(auto db, PgDatabase::Open(o));  // applies the migrations
    }
    return Status::Ok();
  }();
  return s.status;
}

}  // namespace

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

std::unique_ptr<Database> BackendTest::Open() {
  if (GetParam() == Backend::kSqlite) {
    SqliteDatabase::Options o;
    o.path = (dir_ / "t.db").string();
    auto db = SqliteDatabase::Open(o);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(*db) : nullptr;
  }
  PgDatabase::Options o;
  o.url = Shared().cluster.Url(pg_db_);
  auto db = PgDatabase::Open(o);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(*db) : nullptr;
}

void BackendTest::SetUp() {
  static std::atomic<int> counter{0};
  const int n = ++counter;
  if (GetParam() == Backend::kSqlite) {
    dir_ = std::filesystem::temp_directory_path() /
           ("beleving-conformance-" + std::to_string(::getpid()) + "-" + std::to_string(n));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  } else {
    Status st = EnsureCluster();
    ASSERT_TRUE(st.ok()) << "PostgreSQL conformance tests cannot run: " << st.ToString();
    pg_db_ = "t" + std::to_string(n);
    st = Shared().admin->ExecScript("CREATE DATABASE " + pg_db_ + " TEMPLATE " + kTemplate);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  db_ = Open();
  ASSERT_TRUE(db_ != nullptr);
}

void BackendTest::TearDown() {
  db_.reset();
  if (GetParam() == Backend::kSqlite) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  } else if (!pg_db_.empty() && Shared().admin) {
    Status st = Shared().admin->ExecScript("DROP DATABASE IF EXISTS " + pg_db_ + " WITH (FORCE)");
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
}

std::unique_ptr<Database> BackendTest::OpenAgain() { return Open(); }

Status BackendTest::DropConnections() {
  if (GetParam() != Backend::kPostgres) return FailedPrecondition("PostgreSQL only");
  return Shared()
      .admin
      ->Query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid "
          "<> pg_backend_pid()",
          {pg_db_})
      .status();
}

void BackendTest::MustWrite(const WriteFn& fn) {
  Status st = db_->Write(fn);
  ASSERT_TRUE(st.ok()) << st.ToString();
}

void BackendTest::MustRead(const ReadFn& fn) {
  Status st = db_->Read(fn);
  ASSERT_TRUE(st.ok()) << st.ToString();
}

int64_t BackendTest::MakeOrg(const std::string& slug) {
  int64_t id = 0;
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto row, c.QueryOne("INSERT INTO orgs (slug, name, created_at) VALUES ($1, "
                                          "$1, 0) RETURNING id",
                                          {slug}));
    id = row[0].as_int();
    return Status::Ok();
  });
  return id;
}

}  // namespace beleving::store::conformance
