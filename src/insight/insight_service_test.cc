#include "insight/insight_service.h"

#include <gtest/gtest.h>

#include "app/services_test_fixture.h"
#include "capture/moment.h"
#include "core/time_format.h"
#include "store/dimension_store.h"
#include "store/privacy_store.h"

namespace beleving::insight {
namespace {

UnixSeconds At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

// The composed services on a real SQLite file, a manual clock, and an
// organisation with two teams (north at location ams, south at utr), three
// employees (anna and bram in north, cees in south).
class InsightServiceTest : public app::ServicesTest {
 protected:
  InsightServiceTest() : ServicesTest("UTC") {}

  void SetUp() override {
    clock_.Set(At("2026-03-15T12:00:00Z"));
    ServicesTest::SetUp();
    if (HasFatalFailure()) return;
    org_ = acme_;
    Status st = s_->db().Write([&](store::SqlConn& c) -> Status {
      auto t = store::TenantScope::System(org_);
      auto dim = [](const char* r) { return *store::FindDimension(r); };
      const UnixSeconds now = clock_.Now();
      ASSIGN_OR_RETURN(ams_, store::DimensionStore::Ensure(c, t, dim("locations"), "ams", {}, now));
      ASSIGN_OR_RETURN(utr_, store::DimensionStore::Ensure(c, t, dim("locations"), "utr", {}, now));
      ASSIGN_OR_RETURN(north_, store::DimensionStore::Ensure(c, t, dim("teams"), "north",
                                                             {{"location", ams_}}, now));
      ASSIGN_OR_RETURN(south_, store::DimensionStore::Ensure(c, t, dim("teams"), "south",
                                                             {{"location", utr_}}, now));
      for (auto [key, name, team, out] : {std::tuple{"anna", "Anna de Wit", north_, &anna_},
                                          std::tuple{"bram", "Bram Smit", north_, &bram_},
                                          std::tuple{"cees", "Cees Kok", south_, &cees_}}) {
        ASSIGN_OR_RETURN(*out, store::DimensionStore::Ensure(c, t, dim("employees"), key,
                                                             {{"team", team}}, now));
        RETURN_IF_ERROR(
            store::DimensionStore::Update(c, t, dim("employees"), *out, name, {}).status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  InsightService& svc() { return s_->insight(); }
  security::Principal Admin() const {
    security::Principal p{security::Principal::Kind::kSession,
                          store::TenantScope::Organisation(org_)};
    p.role = security::Role::kAdmin;
    p.user_id = 1;
    return p;
  }
  // A manager of team north (and nothing else).
  security::Principal NorthManager() const {
    security::Principal p{security::Principal::Kind::kSession,
                          store::TenantScope::Manager(org_, {north_}, {}, {})};
    p.role = security::Role::kManager;
    p.user_id = 2;
    return p;
  }
  security::Principal Employee(int64_t employee) const {
    security::Principal p{security::Principal::Kind::kSession,
                          store::TenantScope::OwnFeedback(org_, employee)};
    p.role = security::Role::kEmployee;
    p.user_id = 3;
    return p;
  }

  void Respond(const std::string& id, const std::string& at, int nps, const std::string& team,
               const std::string& employee, const std::string& customer = "",
               const std::string& comment = "", const std::string& touchpoint = "desk") {
    json::object r{{"external_id", id},
                   {"submitted_at", at},
                   {"team", team},
                   {"employee", employee},
                   {"touchpoint", touchpoint},
                   {"location", team == "north" ? "ams" : "utr"}};
    if (!customer.empty()) r["customer"] = customer;
    json::object answers{{"nps", nps}};
    if (!comment.empty()) answers["comment"] = comment;
    r["answers"] = answers;
    auto batch = capture::DecodeResponses(json::object{{"responses", json::array{r}}});
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    auto res = s_->ingest().Responses(store::TenantScope::System(org_), *batch);
    ASSERT_TRUE(res.ok()) << res.status().ToString();
  }

  std::vector<store::AuditEntry> AuditLog() {
    std::vector<store::AuditEntry> out;
    EXPECT_TRUE(s_->db()
                    .Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(out, store::PrivacyStore::AuditLog(
                                                c, store::TenantScope::System(org_), 0, 100));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  int64_t org_ = 0, ams_ = 0, utr_ = 0, north_ = 0, south_ = 0, anna_ = 0, bram_ = 0, cees_ = 0;
};

int64_t CountOf(const Result<engine::MeasureResult>& r) {
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r->rows.at(0).measures.count : -1;
}

TEST_F(InsightServiceTest, KeysResolveToIdsAndAnUnknownKeyMatchesNothing) {
  Respond("r1", "2026-03-01T10:00:00Z", 10, "north", "anna");
  Respond("r2", "2026-03-01T10:00:00Z", 2, "south", "cees");
  SliceByKeys keys;
  keys.teams = {"south"};
  auto slice = svc().Resolve(Admin(), keys);
  ASSERT_TRUE(slice.ok()) << slice.status().ToString();
  EXPECT_EQ(slice->teams, std::vector<int64_t>{south_});
  EXPECT_EQ(CountOf(svc().Measures(Admin(), *slice, {})), 1);
  keys.teams = {"nowhere"};
  slice = svc().Resolve(Admin(), keys);
  ASSERT_TRUE(slice.ok());
  EXPECT_EQ(CountOf(svc().Measures(Admin(), *slice, {})), 0);
  keys.teams.assign(kMaxKeys + 1, "north");
  auto too_many = svc().Resolve(Admin(), keys);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.status().field(), "/query/team");
}

TEST_F(InsightServiceTest, TheCallersScopeNarrowsEverySliceAndItemsOutsideItAreNotFound) {
  Respond("r1", "2026-03-01T10:00:00Z", 10, "north", "anna");
  Respond("r2", "2026-03-01T10:00:00Z", 9, "north", "bram");
  Respond("r3", "2026-03-01T10:00:00Z", 2, "south", "cees");
  EXPECT_EQ(CountOf(svc().Measures(Admin(), {}, {})), 3);
  EXPECT_EQ(CountOf(svc().Measures(NorthManager(), {}, {})), 2);
  // Asking for south does not widen the manager's view.
  Slice south;
  south.teams = {south_};
  EXPECT_EQ(CountOf(svc().Measures(NorthManager(), south, {})), 0);
  EXPECT_EQ(CountOf(svc().Measures(Employee(anna_), {}, {})), 1);
  Slice bram;
  bram.employees = {bram_};
  EXPECT_EQ(CountOf(svc().Measures(Employee(anna_), bram, {})), 0);

  auto names = svc().NamesOf(NorthManager());
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(names->org_slug, "acme");
  EXPECT_EQ(names->Employee(anna_), "Anna de Wit");
  EXPECT_TRUE(svc().Team(NorthManager(), *names, north_).ok());
  EXPECT_EQ(svc().Team(NorthManager(), *names, south_).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(svc().Person(NorthManager(), *names, bram_).ok());
  EXPECT_EQ(svc().Person(NorthManager(), *names, cees_).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(svc().Person(Employee(anna_), *names, anna_).ok());
  EXPECT_EQ(svc().Person(Employee(anna_), *names, bram_).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(svc().Person(Admin(), *names, 999999).status().code(), StatusCode::kNotFound);
  // Each opened page of a person is audited with the caller as actor.
  auto log = AuditLog();
  int reads = 0;
  for (const auto& e : log) {
    if (e.action != "dashboard.person.read") continue;
    ++reads;
    EXPECT_TRUE(e.actor == "user:2" || e.actor == "user:3") << e.actor;
  }
  EXPECT_EQ(reads, 2);
}

// The rankings list every employee with responses in the caller's view, so
// each of them opens: a manager may open a person of another team who
// served a customer of theirs, and only from then on.
TEST_F(InsightServiceTest, AManagerOpensAPersonOfAnotherTeamWhoServedTheirCustomers) {
  Respond("own", "2026-03-01T10:00:00Z", 9, "south", "cees");
  auto names = svc().NamesOf(NorthManager());
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(svc().Person(NorthManager(), *names, cees_).status().code(), StatusCode::kNotFound);
  Respond("lent", "2026-03-02T10:00:00Z", 10, "north", "cees");
  EXPECT_TRUE(svc().Person(NorthManager(), *names, cees_).ok());
  auto ranked = svc().Rankings(NorthManager(), {}, "employee", 1);
  ASSERT_TRUE(ranked.ok());
  ASSERT_EQ(ranked->rows.size(), 1u);
  EXPECT_EQ(ranked->rows[0].id, cees_);
  // What the manager then sees of cees is only the response in their view.
  Slice cees;
  cees.employees = {cees_};
  EXPECT_EQ(CountOf(svc().Measures(NorthManager(), cees, {})), 1);
  EXPECT_EQ(CountOf(svc().Measures(Admin(), cees, {})), 2);
  // An employee still opens only their own page.
  EXPECT_EQ(svc().Person(Employee(anna_), *names, cees_).status().code(), StatusCode::kNotFound);
}

TEST_F(InsightServiceTest, FairScoresAreTheSameForEveryViewer) {
  const int north_scores[] = {10, 10, 9, 3, 8, 10, 0};
  const int south_scores[] = {5, 6, 9, 9, 2, 7, 10, 10, 3};
  int i = 0;
  for (int s : north_scores) {
    Respond("n" + std::to_string(i++), "2026-02-02T10:00:00Z", s, "north", "anna");
  }
  for (int s : south_scores) {
    Respond("s" + std::to_string(i++), "2026-02-02T10:00:00Z", s, "south", "cees");
  }
  auto admin = svc().Rankings(Admin(), {}, "team", 1);
  auto manager = svc().Rankings(NorthManager(), {}, "team", 1);
  ASSERT_TRUE(admin.ok() && manager.ok());
  ASSERT_EQ(admin->rows.size(), 2u);
  ASSERT_EQ(manager->rows.size(), 1u);
  const auto& m = manager->rows[0];
  EXPECT_EQ(m.id, north_);
  for (const auto& a : admin->rows) {
    if (a.id != north_) continue;
    EXPECT_EQ(a.posterior_nps, m.posterior_nps);
    EXPECT_EQ(a.ci_low, m.ci_low);
    EXPECT_EQ(a.ci_high, m.ci_high);
  }
}

TEST_F(InsightServiceTest, DisappointedCustomersAreNamedOnlyForManagersAndTheReadIsAudited) {
  Respond("r1", "2026-01-05T10:00:00Z", 10, "north", "anna", "klant-7");
  Respond("r2", "2026-02-05T10:00:00Z", 5, "north", "anna", "klant-7");
  auto manager = svc().Ratchet(NorthManager(), {}, {}, 3, 10);
  ASSERT_TRUE(manager.ok()) << manager.status().ToString();
  ASSERT_EQ(manager->result.disappointed.size(), 1u);
  EXPECT_TRUE(manager->customers_listed);
  EXPECT_EQ(manager->customer_keys.at(manager->result.disappointed[0].customer), "klant-7");
  auto employee = svc().Ratchet(Employee(anna_), {}, {}, 3, 10);
  ASSERT_TRUE(employee.ok());
  EXPECT_EQ(employee->result.disappointed.size(), 1u);
  EXPECT_FALSE(employee->customers_listed);
  EXPECT_TRUE(employee->customer_keys.empty());
  int reads = 0;
  for (const auto& e : AuditLog()) {
    reads += e.action == "read" && e.subject == "disappointed_customers" && e.actor == "user:2";
  }
  EXPECT_EQ(reads, 1);
}

TEST_F(InsightServiceTest, OverviewMoversCompareFinishedPeriodsOnly) {
  // January and February are finished; March (the clock's month) is running
  // and holds a big change that must not count.
  for (int i = 0; i < 12; ++i) {
    Respond("jan" + std::to_string(i), "2026-01-10T10:00:00Z", 10, "north", "anna");
    Respond("feb" + std::to_string(i), "2026-02-10T10:00:00Z", i < 6 ? 10 : 0, "north", "anna");
    Respond("mar" + std::to_string(i), "2026-03-10T10:00:00Z", 10, "north", "anna");
  }
  auto o = svc().Overview(Admin(), {"month"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  ASSERT_TRUE(o->previous_period && o->last_period);
  EXPECT_EQ(engine::FormatGroupValue(engine::GroupKey::kMonth, *o->previous_period), "2026-01");
  EXPECT_EQ(engine::FormatGroupValue(engine::GroupKey::kMonth, *o->last_period), "2026-02");
  ASSERT_EQ(o->team_movers.size(), 1u);
  EXPECT_EQ(o->team_movers[0].id, north_);
  EXPECT_DOUBLE_EQ(o->team_movers[0].delta, -100);
  EXPECT_EQ(o->total.nps_answers, 36);
  EXPECT_FALSE(svc().Overview(Admin(), {"year"}).ok());
}

TEST_F(InsightServiceTest, OverviewNamesTheWeakestMomentFromThirtyAnswers) {
  for (int i = 0; i < 30; ++i) {
    Respond("a" + std::to_string(i), "2026-02-10T10:00:00Z", 3, "north", "anna", "", "", "counter");
    Respond("b" + std::to_string(i), "2026-02-10T10:00:00Z", 9, "north", "anna", "", "", "phone");
  }
  // A worse moment with too few answers is not the weakest.
  Respond("c0", "2026-02-10T10:00:00Z", 0, "north", "anna", "", "", "web");
  auto o = svc().Overview(Admin(), {"week"});
  ASSERT_TRUE(o.ok());
  auto names = svc().NamesOf(Admin());
  ASSERT_TRUE(o->weakest_moment.has_value());
  EXPECT_EQ(names->Touchpoint(o->weakest_moment->touchpoint), "counter");
  EXPECT_EQ(o->weakest_moment->detractors, 30);
}

TEST_F(InsightServiceTest, CommentsCarryTheirAnalysisAndComplimentsFollowTheRule) {
  Respond("r1", "2026-03-01T10:00:00Z", 10, "north", "bram", "", "Anna was super vriendelijk!");
  Respond("r2", "2026-03-01T11:00:00Z", 3, "north", "anna", "", "Anna was wel aardig, maar traag");
  Respond("r3", "2026-03-01T12:00:00Z", 9, "south", "cees", "", "Veel te lang moeten wachten");
  store::CommentQuery q;
  auto all = svc().Comments(Admin(), q);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].row.team_id, south_);  // newest first
  bool waiting = false;
  for (const auto& t : (*all)[0].themes) waiting |= t.key == "waiting_time";
  EXPECT_TRUE(waiting);
  EXPECT_EQ(svc().Comments(NorthManager(), q)->size(), 2u);
  auto names = svc().NamesOf(Admin());
  auto praise = svc().Compliments(Admin(), *names, anna_, 8);
  ASSERT_TRUE(praise.ok());
  ASSERT_EQ(praise->size(), 1u);  // the 3 is no compliment
  EXPECT_EQ((*praise)[0].row.nps, 10);
  auto counts = InsightService::CountThemes(*all);
  ASSERT_FALSE(counts.empty());
  EXPECT_GE(counts[0].negative, 1);
}

TEST_F(InsightServiceTest, ACommentSelectionCountsEveryCommentAndPagesAfterCounting) {
  // 60 comments about waiting (more than one page), 3 others.
  for (int i = 0; i < 60; ++i) {
    Respond("w" + std::to_string(i),
            "2026-03-02T10:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ":00Z", 4,
            "north", "anna", "", "Veel te lang moeten wachten");
  }
  Respond("p1", "2026-03-01T10:00:00Z", 10, "north", "bram", "", "Heel vriendelijk geholpen!");
  Respond("p2", "2026-03-01T11:00:00Z", 9, "south", "cees", "", "Prima service, vriendelijk");
  Respond("n1", "2026-03-01T12:00:00Z", 8, "south", "cees", "", "Ok");
  CommentSelectionQuery q;
  q.limit = 50;
  auto all = svc().SelectComments(Admin(), q);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->total, 63);
  EXPECT_EQ(all->page.size(), 50u);
  EXPECT_TRUE(all->more);
  EXPECT_FALSE(all->capped);
  EXPECT_EQ(all->negative + all->neutral + all->positive, 63);
  EXPECT_GE(all->negative, 60);
  ASSERT_FALSE(all->themes.empty());
  EXPECT_EQ(all->themes[0].theme.key, "waiting_time");
  EXPECT_EQ(all->themes[0].negative, 60);  // every one, not those of the first page
  q.offset = 50;
  auto second = svc().SelectComments(Admin(), q);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->page.size(), 13u);
  EXPECT_FALSE(second->more);
  // A theme and a sentiment narrow the selection and its counts.
  q = {};
  q.theme = "waiting_time";
  EXPECT_EQ(svc().SelectComments(Admin(), q)->total, 60);
  q = {};
  q.polarity = text::Polarity::kPositive;
  auto pos = svc().SelectComments(Admin(), q);
  ASSERT_TRUE(pos.ok());
  EXPECT_EQ(pos->total, pos->positive);
  EXPECT_EQ(pos->negative, 0);
  EXPECT_GE(pos->total, 2);
  // The scope holds: the north manager does not count the south's comments.
  q = {};
  EXPECT_EQ(svc().SelectComments(NorthManager(), q)->total, 61);
  q.offset = -1;
  EXPECT_EQ(svc().SelectComments(Admin(), q).status().field(), "/query/offset");
}

TEST_F(InsightServiceTest, CommentInsightsCheckTheirInput) {
  CommentInsightsInput in;
  in.group_by = "colour";
  EXPECT_EQ(svc().CommentInsights(Admin(), in).status().field(), "/query/group_by");
  in.group_by = "month";
  in.limit = 0;
  EXPECT_EQ(svc().CommentInsights(Admin(), in).status().field(), "/query/limit");
  in.limit = 10;
  Respond("r1", "2026-01-01T10:00:00Z", 2, "north", "anna", "", "Lang wachten");
  Respond("r2", "2026-02-01T10:00:00Z", 10, "north", "anna", "", "Top service");
  auto v = svc().CommentInsights(Admin(), in);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->by_period);
  ASSERT_EQ(v->insights.groups.size(), 2u);
  EXPECT_EQ(v->insights.groups[0].group, "2026-01");
}

TEST_F(InsightServiceTest, TextSettingsAreChangedByAdminsOnlyAndEveryChangeIsAudited) {
  auto& text = s_->text_settings();
  const std::string vocabulary =
      R"({"themes":[{"key":"parking","terms":{"nl":["parkeerplaats"]}}]})";
  EXPECT_EQ(text.SetVocabulary(NorthManager(), vocabulary).status().code(),
            StatusCode::kPermissionDenied);
  auto bad = text.SetVocabulary(Admin(), R"({"themes":[{"key":"ok","terms":{"nl":["a",3]}}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "/themes/0/terms/nl/1");
  auto set = text.SetVocabulary(Admin(), vocabulary);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(*set->vocabulary, vocabulary);
  EXPECT_EQ(set->updated_at, clock_.Now());
  // The organisation's analyzer now knows the theme.
  Respond("r1", "2026-03-01T10:00:00Z", 2, "north", "anna", "", "De parkeerplaats");
  auto comments = svc().Comments(Admin(), {});
  ASSERT_TRUE(comments.ok());
  ASSERT_EQ(comments->size(), 1u);
  ASSERT_EQ((*comments)[0].themes.size(), 1u);
  EXPECT_EQ((*comments)[0].themes[0].key, "parking");

  TrainModelInput in;
  in.language = "fr";
  EXPECT_EQ(text.TrainModel(Admin(), in).status().field(), "/language");
  in.language = "nl";
  auto few = text.TrainModel(Admin(), in);
  EXPECT_EQ(few.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(few.status().field(), "/language");
  ASSERT_TRUE(text.ClearVocabulary(Admin()).ok());
  EXPECT_FALSE(text.Get(Admin())->vocabulary.has_value());

  std::vector<std::pair<std::string, std::string>> changes;
  for (const auto& e : AuditLog()) {
    if (e.subject.rfind("text_", 0) == 0) {
      changes.emplace_back(e.action, e.subject);
      EXPECT_EQ(e.actor, "user:1");
    }
  }
  ASSERT_EQ(changes.size(), 2u);  // refused changes leave no entry
  std::sort(changes.begin(), changes.end());
  EXPECT_EQ(changes[0], std::make_pair(std::string("delete"), std::string("text_vocabulary")));
  EXPECT_EQ(changes[1], std::make_pair(std::string("update"), std::string("text_vocabulary")));
}

TEST(RunningPeriodTest, TheMonthOrWeekHoldingNowInTheZone) {
  auto tz = TimeZone::Load("Europe/Amsterdam");
  ASSERT_TRUE(tz.ok());
  // 2026-02-28T23:30Z is already 1 March in Amsterdam.
  const int64_t march = RunningPeriod("month", At("2026-02-28T23:30:00Z"), *tz);
  EXPECT_EQ(engine::FormatGroupValue(engine::GroupKey::kMonth, march), "2026-03");
  const int64_t week = RunningPeriod("week", At("2026-03-15T12:00:00Z"), TimeZone::Utc());
  EXPECT_EQ(engine::FormatGroupValue(engine::GroupKey::kIsoWeek, week), "2026-W11");
}

}  // namespace
}  // namespace beleving::insight
