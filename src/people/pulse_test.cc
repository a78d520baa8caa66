// The team pulse through its service on a real SQLite file: answers in,
// results out under the anonymity rule, tried by narrowing every way the
// API allows; and engagement beside experience on a hand-computed data set.
#include "people/pulse.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "app/services_test_fixture.h"
#include "core/time_format.h"
#include "people/engagement.h"

namespace beleving::people {
namespace {

UnixSeconds At(const std::string& t) { return *ParseRfc3339(t); }

class PulseTest : public app::ServicesTest {
 protected:
  PulseTest() : ServicesTest("UTC") {}
  void SetUp() override {
    clock_.Set(At("2026-12-02T08:00:00Z"));
    ServicesTest::SetUp();
    if (HasFatalFailure()) return;
    org_ = acme_;
  }
  security::Principal Key() const {
    security::Principal p(security::Principal::Kind::kApiKey,
                          store::TenantScope::Organisation(org_));
    p.scopes = security::kScopeIngest | security::kScopeRead;
    p.api_key_id = 1;
    return p;
  }
  // `n` customer responses for `team` with these scores, in November 2026.
  void Responses(const std::string& team, const std::vector<int>& scores) {
    std::vector<capture::ResponseInput> rs;
    for (int s : scores) {
      capture::ResponseInput r;
      r.external_id = team + "-" + std::to_string(++seq_);
      r.submitted_at = At("2026-11-10T10:00:00Z");
      r.keys.team = team;
      r.answers.nps = s;
      rs.push_back(r);
    }
    auto st = s_->ingest().Responses(store::TenantScope::System(org_), rs);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
  }
  void SendPulse(const std::string& team, const std::string& day, const std::vector<int>& scores) {
    std::vector<PulseAnswerInput> in;
    for (int s : scores) in.push_back({team, At(day + "T09:00:00Z"), s, std::nullopt});
    auto n = s_->pulse().Ingest(Key(), in);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    ASSERT_EQ(*n, static_cast<int64_t>(scores.size()));
  }
  PulseResults Results(std::optional<std::string> from = std::nullopt,
                       std::optional<std::string> to = std::nullopt) {
    PulsePeriod p;
    if (from) p.from = At(*from);
    if (to) p.to = At(*to);
    auto r = s_->pulse().Results(Key(), p);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : PulseResults{};
  }
  static const PulseTeamResult* Find(const PulseResults& r, const std::string& team) {
    for (const auto& g : r.groups) {
      if (g.team == team) return &g;
    }
    return nullptr;
  }

  int64_t org_ = 0;
  int seq_ = 0;
};

TEST_F(PulseTest, IngestRefusesUnknownTeamAndBadScoreNamingTheField) {
  Responses("balie", {9});
  std::vector<PulseAnswerInput> in = {{"balie", At("2026-11-02T09:00:00Z"), 8, "fijn"},
                                      {"nergens", At("2026-11-02T09:00:00Z"), 8, std::nullopt}};
  auto n = s_->pulse().Ingest(Key(), in);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(n.status().field(), "/answers/1/team");
  in[1] = {"balie", At("2026-11-02T09:00:00Z"), 11, std::nullopt};
  n = s_->pulse().Ingest(Key(), in);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().field(), "/answers/1/enps");
  // All or nothing: the good first answer was not kept either.
  SendPulse("balie", "2026-11-03", {1, 2, 3, 4});
  EXPECT_EQ(Results().suppressed, 1);  // 4 answers, not 5
  security::Principal reader = Key();
  reader.scopes = security::kScopeRead;
  EXPECT_EQ(s_->pulse().Ingest(reader, in).status().code(), StatusCode::kPermissionDenied);
}

// Must show: results hidden below 5 answers and not recoverable by narrowing
// filters or periods, tried over every period the API accepts at day
// resolution, and before and after late answers.
TEST_F(PulseTest, FewerThanFiveAreNeverShownWhateverThePeriod) {
  Responses("klein", {9});
  Responses("groot", {9});
  SendPulse("klein", "2026-11-04", {10, 10, 0, 5});
  SendPulse("groot", "2026-10-20", {0, 0, 0});  // a thin October: never shown on its own
  for (int d = 2; d <= 7; ++d) {
    SendPulse("groot", "2026-11-0" + std::to_string(d), {d % 2 ? 10 : 6});
  }
  PulseResults all = Results();
  ASSERT_EQ(all.groups.size(), 1u);
  EXPECT_EQ(all.groups[0].team, "groot");
  EXPECT_EQ(all.groups[0].score.n, 6);  // November only: October's 3 are not a block
  EXPECT_EQ(all.suppressed, 1);         // klein
  // 3 promoters (10), 3 detractors (6): eNPS 0.
  EXPECT_DOUBLE_EQ(all.groups[0].score.enps, 0.0);

  // Try every period from 1 Oct to 1 Dec at day resolution.
  std::set<int64_t> seen;
  std::vector<std::string> days;
  for (int m : {10, 11}) {
    for (int d = 1; d <= (m == 10 ? 31 : 30); ++d) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "2026-%02d-%02dT00:00:00Z", m, d);
      days.push_back(buf);
    }
  }
  days.push_back("2026-12-01T00:00:00Z");
  for (size_t i = 0; i < days.size(); ++i) {
    for (size_t j = i + 1; j < days.size(); ++j) {
      PulseResults r = Results(days[i], days[j]);
      EXPECT_EQ(Find(r, "klein"), nullptr) << days[i] << " " << days[j];
      for (const auto& g : r.groups) EXPECT_GE(g.score.n, 5);
      if (const auto* g = Find(r, "groot")) seen.insert(g->score.n);
    }
  }
  EXPECT_EQ(seen, (std::set<int64_t>{6}));  // never 3, 9 or a part of November

  // Late answers: one more for November changes nothing shown (6 -> 7
  // would isolate one answer); five more are shown together.
  SendPulse("groot", "2026-11-20", {0});
  EXPECT_EQ(Find(Results(), "groot")->score.n, 6);
  EXPECT_DOUBLE_EQ(Find(Results(), "groot")->score.enps, 0.0);
  SendPulse("groot", "2026-11-21", {0, 0, 0});
  EXPECT_EQ(Find(Results(), "groot")->score.n, 6);
  SendPulse("groot", "2026-11-22", {0});
  EXPECT_EQ(Find(Results(), "groot")->score.n, 11);
  // October still never alone; a second October block of 5 would be.
  EXPECT_EQ(Results("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").groups.size(), 0u);
  EXPECT_EQ(Results("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").suppressed, 1);
  SendPulse("groot", "2026-10-21", {10, 10});
  const auto oct = Results("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z");
  ASSERT_EQ(oct.groups.size(), 1u);
  EXPECT_EQ(oct.groups[0].score.n, 5);
  EXPECT_DOUBLE_EQ(oct.groups[0].score.enps, -20.0);  // 2 promoters, 3 detractors
  EXPECT_EQ(Find(Results(), "groot")->score.n, 16);

  // The trend lists the published months only.
  const PulseResults now = Results();
  const auto& trend = Find(now, "groot")->trend;
  ASSERT_EQ(trend.size(), 2u);
  EXPECT_EQ(trend[0].month, 202610);
  EXPECT_EQ(trend[1].month, 202611);

  // A manager of another team sees neither team; to before from is refused.
  security::Principal manager(security::Principal::Kind::kSession,
                              store::TenantScope::Manager(org_, {999}, {}, {}));
  manager.role = security::Role::kManager;
  auto m = s_->pulse().Results(manager, {});
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->groups.empty());
  EXPECT_EQ(m->suppressed, 0);
  PulsePeriod bad{At("2026-11-02T00:00:00Z"), At("2026-11-01T00:00:00Z")};
  EXPECT_EQ(s_->pulse().Results(Key(), bad).status().field(), "/to");
}

// Must show: engagement beside experience on a hand-computed data set.
TEST_F(PulseTest, EnpsBesideNpsWithTheirCorrelation) {
  // Ten pulse answers and ten customer answers per team, November 2026.
  //        pulse P/D -> eNPS     customers P/D -> NPS
  //   a    2/4 -> -20           2/3 -> -10
  //   b    3/3 ->   0           5/2 ->  30
  //   c    4/2 ->  20           3/2 ->  10
  //   d    5/1 ->  40           6/1 ->  50
  // x = -20,0,20,40; y = -10,30,10,50: means 10 and 20; centred
  // x: -30,-10,10,30; y: -30,10,-10,30; S_xy = 900-100-100+900 = 1600,
  // S_xx = S_yy = 2000: r = 0.8. Fisher: atanh(0.8) = 1.098612, se = 1
  // (k = 4): tanh(1.098612 -/+ 1.959964) = [-0.696953, 0.995600].
  // e: 4 pulse answers (no block): out. f: 4 customer answers: out.
  auto scores = [](int p, int d, int n) {
    std::vector<int> s;
    for (int i = 0; i < n; ++i) s.push_back(i < p ? 10 : i < p + d ? 3 : 8);
    return s;
  };
  struct Team {
    const char* key;
    int pp, pd, pn, cp, cd, cn;
  };
  for (const Team& t : {Team{"a", 2, 4, 10, 2, 3, 10}, Team{"b", 3, 3, 10, 5, 2, 10},
                        Team{"c", 4, 2, 10, 3, 2, 10}, Team{"d", 5, 1, 10, 6, 1, 10},
                        Team{"e", 2, 1, 4, 5, 1, 10}, Team{"f", 5, 1, 10, 2, 1, 4}}) {
    Responses(t.key, scores(t.cp, t.cd, t.cn));
    SendPulse(t.key, "2026-11-05", scores(t.pp, t.pd, t.pn));
  }
  auto v = s_->engagement().BesideExperience(Key(), {});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_EQ(v->teams.size(), 4u);
  const double enps[] = {-20, 0, 20, 40}, nps[] = {-10, 30, 10, 50};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(v->teams[i].team, std::string(1, static_cast<char>('a' + i)));
    EXPECT_NEAR(v->teams[i].pulse.enps, enps[i], 1e-9);
    EXPECT_NEAR(v->teams[i].customers.enps, nps[i], 1e-9);
    EXPECT_EQ(v->teams[i].pulse.n, 10);
    EXPECT_EQ(v->teams[i].customers.n, 10);
  }
  ASSERT_TRUE(v->correlation.has_value());
  EXPECT_NEAR(v->correlation->r, 0.8, 1e-12);
  EXPECT_EQ(v->correlation->teams, 4);
  EXPECT_NEAR(*v->correlation->ci_low, -0.696953, 1e-6);
  EXPECT_NEAR(*v->correlation->ci_high, 0.995600, 1e-6);
  // A period without the data: no teams, no correlation.
  auto empty = s_->engagement().BesideExperience(
      Key(), {At("2026-09-01T00:00:00Z"), At("2026-10-01T00:00:00Z")});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->teams.empty());
  EXPECT_FALSE(empty->correlation.has_value());
}

}  // namespace
}  // namespace beleving::people
