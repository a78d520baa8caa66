// The demo workspace, built through the real services (workspace, capture's
// ingest), gives the same data on the backend under test as on a reference
// SQLite database: the same rows in every table and the same answers to
// questions asked by key (ids are not compared: they may differ).
#include <unistd.h>

#include <chrono>

#include "demo/demo_workspace.h"
#include "store/catalog.h"
#include "store/conformance/backend.h"
#include "store/database.h"

namespace beleving::store::conformance {
namespace {

using DemoWorkspaceTest = BackendTest;

// Row counts of every table, then a few checksums asked by key.
Result<std::vector<std::string>> Fingerprint(Database& db) {
  std::vector<std::string> out;
  Status st = db.Read([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto tables, TablesWithColumn(c, "created_at"));
    for (const auto& t : tables) {
      ASSIGN_OR_RETURN(auto n, c.QueryInt("SELECT COUNT(*) FROM " + t));
      out.push_back(t + ": " + std::to_string(n.value_or(-1)));
    }
    ASSIGN_OR_RETURN(
        auto rows,
        c.Query("SELECT o.slug, t.key, COUNT(*), SUM(r.nps), SUM(COALESCE(r.ces, 0)), "
                "SUM(COALESCE(r.d_trust, 0)), SUM(LENGTH(COALESCE(r.comment, ''))), "
                "MIN(r.submitted_at), MAX(r.submitted_at), COUNT(DISTINCT r.customer_id) "
                "FROM responses r JOIN orgs o ON o.id = r.org_id JOIN teams t ON t.id = "
                "r.team_id GROUP BY o.slug, t.key ORDER BY o.slug, t.key"));
    for (const auto& r : rows) {
      std::string line;
      for (const auto& v : r)
        line += (v.is_text() ? v.as_text() : std::to_string(v.as_int())) + " ";
      out.push_back(line);
    }
    ASSIGN_OR_RETURN(rows, c.Query("SELECT u.email, o.slug, m.role FROM memberships m JOIN users u "
                                   "ON u.id = m.user_id JOIN orgs o ON o.id = m.org_id ORDER BY "
                                   "u.email, o.slug"));
    for (const auto& r : rows) {
      out.push_back(r[0].as_text() + " " + r[1].as_text() + " " + r[2].as_text());
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

TEST_P(DemoWorkspaceTest, BuildsTheSameDataAsOnSqlite) {
  auto start = std::chrono::steady_clock::now();
  auto built = demo::EnsureDemoWorkspace(db(), 42);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_TRUE(*built);
  auto again = demo::EnsureDemoWorkspace(db(), 42);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(*again);  // an existing workspace is left alone
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::cout << "demo workspace built in " << took.count() << " ms\n";

  auto dir = std::filesystem::temp_directory_path() /
             ("beleving-demo-reference-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto reference = OpenDatabase(dir.string());
  ASSERT_TRUE(reference.ok()) << reference.status().ToString();
  ASSERT_TRUE(demo::EnsureDemoWorkspace(**reference, 42).ok());

  auto want = Fingerprint(**reference);
  auto got = Fingerprint(db());
  ASSERT_TRUE(want.ok()) << want.status().ToString();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_GT(want->size(), 20u);
  EXPECT_EQ(*got, *want);
  reference->reset();
  std::filesystem::remove_all(dir);
}

INSTANTIATE_BACKENDS(Store, DemoWorkspaceTest);

}  // namespace
}  // namespace beleving::store::conformance
