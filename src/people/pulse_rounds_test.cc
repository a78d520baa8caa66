// Pulse links on a real SQLite file. Must show: a link answered twice stores
// one answer, and the tables hold no link between an answer and its
// employee (read here column by column).
#include "people/pulse_rounds.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "app/services_test_fixture.h"
#include "core/time_format.h"
#include "security/secrets.h"

namespace beleving::people {
namespace {

UnixSeconds At(const std::string& t) { return *ParseRfc3339(t); }

class PulseRoundsTest : public app::ServicesTest {
 protected:
  PulseRoundsTest() : ServicesTest("UTC") {}
  void SetUp() override {
    clock_.Set(At("2026-11-02T08:00:00Z"));
    ServicesTest::SetUp();
    if (HasFatalFailure()) return;
    org_ = acme_;
    ASSERT_TRUE(s_->db()
                    .Write([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(auto team, c.QueryOne("INSERT INTO teams (org_id, key, "
                                                             "name, created_at) VALUES ($1, "
                                                             "'balie', 'Balie', 0) RETURNING id",
                                                             {org_}));
                      for (const char* name : {"Hanna", "Wouter", "Sanne", "Ali", "Noor", "Tim"}) {
                        RETURN_IF_ERROR(c.Exec("INSERT INTO employees (org_id, team_id, key, "
                                               "name, email, created_at) VALUES ($1, $2, $3, $3, "
                                               "$4, 0)",
                                               {org_, team[0].as_int(), std::string(name),
                                                std::string(name) + "@acme.example"})
                                            .status());
                      }
                      return Status::Ok();
                    })
                    .ok());
  }
  security::Principal Admin() const {
    security::Principal p(security::Principal::Kind::kSession,
                          store::TenantScope::Organisation(org_));
    p.role = security::Role::kAdmin;
    p.user_id = 1;
    return p;
  }
  std::vector<store::SqlRow> Rows(const std::string& sql) {
    std::vector<store::SqlRow> out;
    EXPECT_TRUE(s_->db()
                    .Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(out, c.Query(sql));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  int64_t org_ = 0;
};

TEST_F(PulseRoundsTest, ALinkAnsweredTwiceStoresOneAnswerWithoutTheEmployee) {
  auto opened = s_->pulse_rounds().Open(Admin(), "balie");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ASSERT_EQ(opened->invites.size(), 6u);
  EXPECT_EQ(opened->month, 202611);
  // Opening again makes no second link for anyone.
  auto again = s_->pulse_rounds().Open(Admin(), "balie");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->round_id, opened->round_id);
  EXPECT_TRUE(again->invites.empty());

  const std::string hanna = opened->invites[0].token;
  clock_.Advance(3600);
  PulseLinkAnswer a{9, 4, 5, 3, std::string("Goede sfeer")};
  ASSERT_TRUE(s_->pulse_rounds().Answer(hanna, a).ok());
  a.enps = 0;
  Status twice = s_->pulse_rounds().Answer(hanna, a);
  EXPECT_EQ(twice.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(s_->pulse_rounds().Answer("no-such-token", a).code(), StatusCode::kNotFound);
  a.enps = 11;
  EXPECT_EQ(s_->pulse_rounds().Answer(opened->invites[1].token, a).field(), "/enps");

  auto answers = Rows("SELECT enps, team_id, round_id, comment FROM pulse_answers");
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0][0].as_int(), 9);  // the first answer stays
  EXPECT_EQ(answers[0][2].as_int(), opened->round_id);

  // No column of the answer names an employee, a link or a token, and
  // nothing else points at the answer.
  std::set<std::string> columns;
  for (const auto& r : Rows("SELECT name FROM pragma_table_info('pulse_answers')")) {
    columns.insert(r[0].as_text());
  }
  EXPECT_EQ(columns, (std::set<std::string>{"id", "org_id", "team_id", "round_id", "month",
                                            "answered_on", "enps", "engagement_1", "engagement_2",
                                            "engagement_3", "comment"}));
  for (const auto& r : Rows("SELECT name FROM pragma_table_info('pulse_links')")) {
    EXPECT_EQ(r[0].as_text().find("answer"), std::string::npos) << r[0].as_text();
    EXPECT_NE(r[0].as_text(), "used_at");
  }
  // Only the day is kept, not the time.
  EXPECT_EQ(Rows("SELECT answered_on FROM pulse_answers")[0][0].as_int(),
            At("2026-11-02T00:00:00Z"));
  // The links keep hashes, never the token, and nothing says which link was
  // used: the one used mark is another hash, found in no link.
  auto links = Rows("SELECT token_hash FROM pulse_links ORDER BY id");
  ASSERT_EQ(links.size(), 6u);
  for (const auto& l : links) EXPECT_NE(l[0].as_text(), hanna);
  EXPECT_EQ(links[0][0].as_text(), security::Sha256Hex(hanna));
  std::set<std::string> link_columns;
  for (const auto& r : Rows("SELECT name FROM pragma_table_info('pulse_links')")) {
    link_columns.insert(r[0].as_text());
  }
  EXPECT_EQ(link_columns,
            (std::set<std::string>{"id", "org_id", "round_id", "employee_id", "token_hash"}));
  auto marks = Rows("SELECT used_mark FROM pulse_used_tokens");
  ASSERT_EQ(marks.size(), 1u);
  for (const auto& l : links) EXPECT_NE(marks[0][0].as_text(), l[0].as_text());
  EXPECT_EQ(Rows("SELECT name FROM pragma_table_info('pulse_used_tokens')").size(), 1u);

  // A closed round answers no more.
  clock_.Advance(kPulseRoundDays * 86400);
  a.enps = 7;
  EXPECT_EQ(s_->pulse_rounds().Answer(opened->invites[2].token, a).code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(PulseRoundsTest, OpeningNeedsAManagerAndAKnownTeam) {
  EXPECT_EQ(s_->pulse_rounds().Open(Admin(), "nergens").status().field(), "/team");
  security::Principal employee(security::Principal::Kind::kSession,
                               store::TenantScope::OwnFeedback(org_, std::nullopt));
  employee.role = security::Role::kEmployee;
  EXPECT_EQ(s_->pulse_rounds().Open(employee, "balie").status().code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace beleving::people
