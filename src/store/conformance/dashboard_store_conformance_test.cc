#include "store/conformance/backend.h"
#include "store/dashboard_store.h"

namespace beleving::store::conformance {
namespace {

class DashboardStoreTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(db().Write([](SqlConn& c) -> Status {
                      for (int org = 1; org <= 2; ++org) {
                        RETURN_IF_ERROR(c.Exec("INSERT INTO orgs (id, slug, name, created_at) "
                                               "VALUES ($1, $2, $3, 0)",
                                               {org, "org" + std::to_string(org), "Org"})
                                            .status());
                        RETURN_IF_ERROR(c.Exec("INSERT INTO teams (id, org_id, key, name, "
                                               "created_at) VALUES ($1, $2, $3, $4, 0)",
                                               {org * 10, org, "t", "Team " + std::to_string(org)})
                                            .status());
                      }
                      const char* comments[] = {"Lang wachten", "100% tevreden", "Top service",
                                                "Wachttijd te lang", ""};
                      int id = 1;
                      for (int org = 1; org <= 2; ++org) {
                        for (int i = 0; i < 5; ++i, ++id) {
                          RETURN_IF_ERROR(
                              c.Exec("INSERT INTO responses (id, org_id, external_id, team_id, "
                                     "submitted_at, nps, comment, created_at) VALUES ($1, $2, $3, "
                                     "$4, $5, $6, $7, 0)",
                                     {id, org, "r" + std::to_string(id), org * 10, 1000 + id, i * 2,
                                      comments[i]})
                                  .status());
                          RETURN_IF_ERROR(c.Exec("INSERT INTO interactions (org_id, external_id, "
                                                 "occurred_at, created_at) VALUES ($1, $2, $3, 0)",
                                                 {org, "i" + std::to_string(id), 1000 + id})
                                              .status());
                        }
                      }
                      return Status::Ok();
                    })
                    .ok());
  }
  std::vector<CommentRow> Comments(int64_t org, const CommentQuery& q) {
    std::vector<CommentRow> out;
    Status st = db().Read([&](SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(out,
                       DashboardStore::RecentComments(c, store::TenantScope::System(org), q));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }
};

TEST_P(DashboardStoreTest, CommentsStayInTheirOrganisationNewestFirst) {
  auto rows = Comments(1, {});
  ASSERT_EQ(rows.size(), 4u);  // the empty comment is left out
  EXPECT_EQ(rows[0].id, 4);
  EXPECT_EQ(rows[3].id, 1);
  for (const auto& r : Comments(2, {})) EXPECT_GE(r.id, 6);
}

TEST_P(DashboardStoreTest, FiltersAndSearch) {
  CommentQuery q;
  q.search = "WACHT";
  EXPECT_EQ(Comments(1, q).size(), 2u);
  q.search = "100%";  // LIKE wildcards are literal
  ASSERT_EQ(Comments(1, q).size(), 1u);
  q.search = "%";
  EXPECT_EQ(Comments(1, q).size(), 1u);
  CommentQuery band;
  band.max_nps = 2;
  EXPECT_EQ(Comments(1, band).size(), 2u);
  CommentQuery other_team;
  other_team.team_id = 20;  // org 2's team, asked for in org 1
  EXPECT_TRUE(Comments(1, other_team).empty());
  CommentQuery limited;
  limited.limit = 1;
  EXPECT_EQ(Comments(1, limited).size(), 1u);
}

TEST_P(DashboardStoreTest, CountsNamesAndTables) {
  Status st = db().Read([&](SqlConn& c) -> Status {
    auto t = store::TenantScope::System(1);
    ASSIGN_OR_RETURN(int64_t n, DashboardStore::CountInteractions(c, t, 1002, 1005));
    EXPECT_EQ(n, 3);
    ASSIGN_OR_RETURN(auto teams, DashboardStore::Names(c, t, "teams"));
    EXPECT_EQ(teams.size(), 1u);
    EXPECT_EQ(teams[0].name, "Team 1");
    EXPECT_FALSE(DashboardStore::Names(c, t, "users; DROP TABLE orgs").ok());
    ASSIGN_OR_RETURN(bool yes, DashboardStore::TableExists(c, "responses"));
    EXPECT_TRUE(yes);
    ASSIGN_OR_RETURN(bool no, DashboardStore::TableExists(c, "no_such_table"));
    EXPECT_FALSE(no);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST_P(DashboardStoreTest, DeactivateWebhookStaysInItsOrganisation) {
  Status st = db().Write([&](SqlConn& c) -> Status {
    RETURN_IF_ERROR(c.Exec("INSERT INTO webhooks (id, org_id, url, secret, created_at) VALUES "
                           "(5, 2, 'https://b.example/h', 'geheim-geheim-geheim', 0)")
                        .status());
    auto org1 = store::TenantScope::System(1);
    auto org2 = store::TenantScope::System(2);
    ASSIGN_OR_RETURN(bool other, DashboardStore::DeactivateWebhook(c, org1, 5));
    EXPECT_FALSE(other);  // another organisation's webhook is left alone
    ASSIGN_OR_RETURN(bool own, DashboardStore::DeactivateWebhook(c, org2, 5));
    EXPECT_TRUE(own);
    ASSIGN_OR_RETURN(bool again, DashboardStore::DeactivateWebhook(c, org2, 5));
    EXPECT_FALSE(again);  // already removed
    ASSIGN_OR_RETURN(auto rows, c.Query("SELECT active FROM webhooks WHERE id = 5"));
    EXPECT_EQ(rows.at(0)[0].as_int(), 0);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

INSTANTIATE_BACKENDS(Store, DashboardStoreTest);

}  // namespace
}  // namespace beleving::store::conformance
