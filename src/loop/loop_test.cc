#include "loop/loop.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "app/services.h"
#include "capture/moment.h"
#include "core/time_format.h"
#include "loop/email_import.h"
#include "security/secrets.h"
#include "store/dimension_store.h"
#include "workspace/workspace.h"

namespace beleving::loop {
namespace {

UnixSeconds At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

// --- pure parts

TEST(BusinessCalendarTest, FridayAfternoonContinuesOnMonday) {
  BusinessCalendar cal;
  cal.zone = *TimeZone::Load("Europe/Amsterdam");
  // Friday 2025-03-07 17:00 local (16:00Z) + 4 business hours = Monday 12:00 local.
  EXPECT_EQ(cal.AddBusinessSeconds(At("2025-03-07T16:00:00Z"), 4 * 3600),
            At("2025-03-10T11:00:00Z"));
  EXPECT_EQ(cal.BusinessSeconds(At("2025-03-07T16:00:00Z"), At("2025-03-10T11:00:00Z")), 4 * 3600);
  // A holiday on Monday moves it to Tuesday.
  cal.holidays = {DaysFromCivil(2025, 3, 10)};
  EXPECT_EQ(cal.AddBusinessSeconds(At("2025-03-07T16:00:00Z"), 4 * 3600),
            At("2025-03-11T11:00:00Z"));
}

TEST(EvaluateSlaTest, PausedWhileWaitingOnTheCustomer) {
  BusinessCalendar cal;  // UTC, Mon-Fri 08:30-17:30
  SlaPolicy p;
  p.resolve_minutes = 120;
  CaseTimes c;
  c.opened_at = At("2025-03-10T09:00:00Z");  // Monday
  c.pauses = {{At("2025-03-10T10:00:00Z"), At("2025-03-10T12:00:00Z")}};
  auto s = EvaluateSla(c, p, cal, At("2025-03-10T12:30:00Z"));
  EXPECT_EQ(s.resolve.used_seconds, 90 * 60);
  EXPECT_EQ(s.resolve.state, TimerState::kAtRisk);
  EXPECT_EQ(*s.resolve.due_at, At("2025-03-10T13:00:00Z"));
  c.waiting_since = At("2025-03-10T12:30:00Z");
  s = EvaluateSla(c, p, cal, At("2025-03-10T16:00:00Z"));
  EXPECT_EQ(s.resolve.used_seconds, 90 * 60);
  EXPECT_FALSE(s.resolve.due_at.has_value());
  c.waiting_since.reset();
  c.closed_at = At("2025-03-10T12:45:00Z");
  s = EvaluateSla(c, p, cal, At("2025-03-11T16:00:00Z"));
  EXPECT_EQ(s.resolve.state, TimerState::kMet);
}

TEST(CaseFlowTest, Iso10002Transitions) {
  EXPECT_TRUE(CaseTransitionAllowed("received", "acknowledged"));
  EXPECT_FALSE(CaseTransitionAllowed("received", "closed"));
  EXPECT_TRUE(CaseTransitionAllowed("responded", "closed"));
  EXPECT_TRUE(CaseTransitionAllowed("closed", "investigating"));  // reopen
  EXPECT_FALSE(CaseTransitionAllowed("closed", "received"));
}

TEST(WebhookBodyTest, AdaptiveCardForTeamsWorkflows) {
  json::object data{{"case_id", 12}, {"case_type", "detractor"}};
  json::value v = WebhookBody("adaptive_card", "case.opened", 3, 7, At("2025-03-10T09:00:00Z"),
                              "Case 12 opened: Detractor: NPS 2", data);
  ASSERT_TRUE(v.is_object());
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("type").as_string(), "message");
  const auto& atts = o.at("attachments").as_array();
  ASSERT_EQ(atts.size(), 1u);
  const auto& att = atts[0].as_object();
  EXPECT_EQ(att.at("contentType").as_string(), "application/vnd.microsoft.card.adaptive");
  const auto& card = att.at("content").as_object();
  EXPECT_EQ(card.at("type").as_string(), "AdaptiveCard");
  EXPECT_EQ(card.at("version").as_string(), "1.4");
  const auto& body = card.at("body").as_array();
  ASSERT_EQ(body.size(), 3u);
  EXPECT_EQ(body[0].as_object().at("type").as_string(), "TextBlock");
  EXPECT_EQ(body[0].as_object().at("text").as_string(), "Beleving: case.opened");
  EXPECT_EQ(body[1].as_object().at("text").as_string(), "Case 12 opened: Detractor: NPS 2");
  EXPECT_EQ(body[2].as_object().at("type").as_string(), "FactSet");
  const auto& facts = body[2].as_object().at("facts").as_array();
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_EQ(facts[0].as_object().at("title").as_string(), "case_id");
  // Adaptive Card fact values are strings.
  EXPECT_EQ(facts[0].as_object().at("value").as_string(), "12");
  EXPECT_EQ(facts[1].as_object().at("value").as_string(), "detractor");
  // No data: no (invalid) empty FactSet.
  auto bare = WebhookBody("adaptive_card", "keyword", 3, 7, 0, "x", {});
  const auto& bare_card = bare.as_object().at("attachments").as_array()[0].as_object();
  EXPECT_EQ(bare_card.at("content").as_object().at("body").as_array().size(), 2u);
  // The other formats are unchanged.
  EXPECT_EQ(WebhookBody("slack", "keyword", 3, 7, 0, "x", {}).as_object().at("text").as_string(),
            "x");
  EXPECT_EQ(WebhookBody("teams", "keyword", 3, 7, 0, "x", {}).as_object().at("@type").as_string(),
            "MessageCard");
  auto plain = WebhookBody("json", "keyword", 3, 7, 0, "x", data);
  EXPECT_EQ(plain.as_object().at("data").as_object().at("case_id").as_int64(), 12);
  // The signature covers whatever body the format produced.
  std::string text = ToJsonText(v);
  EXPECT_EQ(
      WebhookSignature("s3cret-s3cret-s3cret", 1700000000, text),
      "t=1700000000,v1=" + security::HmacSha256Hex("s3cret-s3cret-s3cret", "1700000000." + text));
}

TEST(EmailImportTest, MultipartEncodedWordsAndTransferEncodings) {
  std::string eml =
      "From: =?ISO-8859-1?Q?Jos=E9_Jansen?= <jose@example.nl>\r\n"
      "Subject: =?UTF-8?B?S2xhY2h0OiB0ZSBsYW5n?=\r\n =?UTF-8?Q?_gewacht?=\r\n"
      "Date: Tue, 4 Mar 2025 10:15:00 +0100\r\n"
      "Message-ID: <abc@mail.example>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
      "--b1\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n"
      "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
      "Ik wacht al twee weken op een reactie =\r\nvan jullie. Caf=C3=A9.\r\n"
      "--b1--\r\n";
  auto m = ParseEmail(eml);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->from_name, "Jos\xC3\xA9 Jansen");
  EXPECT_EQ(m->from_address, "jose@example.nl");
  EXPECT_EQ(m->subject, "Klacht: te lang gewacht");
  EXPECT_EQ(m->message_id, "abc@mail.example");
  EXPECT_EQ(*m->date, At("2025-03-04T09:15:00Z"));
  EXPECT_EQ(m->body, "Ik wacht al twee weken op een reactie van jullie. Caf\xC3\xA9.");

  std::string b64 =
      "From: a@b.example\nSubject: x\nContent-Transfer-Encoding: base64\n\nSGFsbG8gd2VyZWxk\n";
  auto m2 = ParseEmail(b64);
  ASSERT_TRUE(m2.ok());
  EXPECT_EQ(m2->body, "Hallo wereld");

  auto box = ParseMbox(
      "From a@b Tue Mar  4 10:00:00 2025\nSubject: one\nMessage-ID: <1@x>\n\n"
      ">From here\n\nFrom c@d Tue Mar  4 11:00:00 2025\nSubject: two\n\nbody\n");
  ASSERT_TRUE(box.ok()) << box.status().ToString();
  ASSERT_EQ(box->size(), 2u);
  EXPECT_EQ((*box)[0].body, "From here");
  EXPECT_EQ((*box)[1].subject, "two");
  EXPECT_EQ((*box)[1].line, 8u);  // the line after its "From " line
}

TEST(EmailImportTest, CsvQuotedNewlinesAndErrorsWithLineAndColumn) {
  auto t = ParseCsv("a,b\n1,\"x\ny\"\"z\"\n2,3\n");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][1], "x\ny\"z");
  EXPECT_EQ(t->row_lines[1], 4u);
  auto bad = ParseCsv("a,b\n1,2\n3,\"open\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "3:3");
  auto count = ParseCsv("a,b\n1,2,3\n");
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.status().field(), "2:1");
}

// --- the loop inside the composed services, a real SQLite file and a manual clock

class LoopAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("beleving_loop_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    app::Config o;
    o.data_dir = dir_.string();
    auto app = app::Services::Open(o, &clock_);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(*app);
    Status st = app_->db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto org,
                       workspace::CreateOrg(c, "acme", "Acme", "Europe/Amsterdam", clock_.Now()));
      org_ = org.id;
      auto t = store::TenantScope::System(org_);
      auto dim = [](const char* r) { return *store::FindDimension(r); };
      ASSIGN_OR_RETURN(
          lead_, store::DimensionStore::Ensure(c, t, dim("employees"), "lead1", {}, clock_.Now()));
      ASSIGN_OR_RETURN(manager_, store::DimensionStore::Ensure(c, t, dim("employees"), "mgr1", {},
                                                               clock_.Now()));
      ASSIGN_OR_RETURN(location_,
                       store::DimensionStore::Ensure(c, t, dim("locations"), "amersfoort",
                                                     {{"manager", manager_}}, clock_.Now()));
      ASSIGN_OR_RETURN(team_, store::DimensionStore::Ensure(
                                  c, t, dim("teams"), "verhuur",
                                  {{"lead", lead_}, {"location", location_}}, clock_.Now()));
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }
  store::TenantScope Tenant() const { return store::TenantScope::System(org_); }

  void Respond(const std::string& id, const std::string& at, int nps,
               const std::string& customer = "c1") {
    auto doc = ParseJson(R"({"external_id":")" + id + R"(","submitted_at":")" + at +
                         R"(","customer":")" + customer +
                         R"(","team":"verhuur","location":"amersfoort","employee":"e1",)"
                         R"("answers":{"nps":)" +
                         std::to_string(nps) + "}}");
    ASSERT_TRUE(doc.ok());
    auto batch = capture::DecodeResponses(*doc);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    auto r = app_->ingest().Responses(Tenant(), *batch);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  store::CaseRecord OnlyCase() {
    std::vector<store::CaseRecord> cases;
    EXPECT_TRUE(app_->db()
                    .Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(cases, store::LoopStore::ListCases(c, Tenant(), {}, 0, 10));
                      return Status::Ok();
                    })
                    .ok());
    EXPECT_EQ(cases.size(), 1u);
    return cases.empty() ? store::CaseRecord{} : cases[0];
  }

  void RunAt(const char* t) {
    clock_.Set(At(t));
    app_->jobs().RunDue();
  }

  std::filesystem::path dir_;
  ManualClock clock_{At("2025-03-07T16:00:00Z")};  // Friday 17:00 in Amsterdam
  std::unique_ptr<app::Services> app_;
  int64_t org_ = 0, lead_ = 0, manager_ = 0, location_ = 0, team_ = 0;
};

TEST_F(LoopAppTest, DetractorOpensCaseThatEscalatesInBusinessHoursAndReportsItsTimes) {
  store::SlaPolicyRecord policy;
  policy.case_type = "detractor";
  policy.acknowledge_minutes = 240;  // 4 business hours
  policy.resolve_minutes = 5 * 9 * 60;
  ASSERT_TRUE(app_->db()
                  .Write([&](store::SqlConn& c) {
                    return store::LoopStore::PutPolicy(c, Tenant(), policy, clock_.Now());
                  })
                  .ok());
  Respond("r1", "2025-03-07T16:00:00Z", 3);
  app_->jobs().RunDue();
  store::CaseRecord k = OnlyCase();
  EXPECT_EQ(k.case_type, "detractor");
  EXPECT_EQ(k.status, "received");
  EXPECT_EQ(k.owner_employee_id, lead_);  // the team lead
  EXPECT_EQ(k.severity, "high");
  EXPECT_EQ(k.opened_at, At("2025-03-07T16:00:00Z"));

  // The weekend does not count.
  RunAt("2025-03-08T12:00:00Z");
  RunAt("2025-03-09T20:00:00Z");
  RunAt("2025-03-10T09:59:00Z");  // Monday 10:59
  EXPECT_EQ(OnlyCase().escalation_level, 0);
  // 75% of 4 business hours = 3 h: 30 min on Friday + 2.5 h on Monday = 11:00.
  RunAt("2025-03-10T10:00:00Z");
  k = OnlyCase();
  EXPECT_EQ(k.escalation_level, 2);  // owner is the team lead: next is the location manager
  EXPECT_EQ(k.escalated_to_employee_id, manager_);
  RunAt("2025-03-10T10:59:59Z");
  EXPECT_EQ(OnlyCase().escalation_level, 2);
  RunAt("2025-03-10T11:00:00Z");              // Monday 12:00: breached
  EXPECT_EQ(OnlyCase().escalation_level, 3);  // the org admins

  // Handle and close it; the SLA report shows the times.
  Loop lp(app_->db(), clock_, app_->jobs());
  auto step = [&](const char* at, const std::string& to) {
    clock_.Set(At(at));
    Status st = app_->db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto kk, store::LoopStore::GetCase(c, Tenant(), k.id));
      if (to == "contact") return lp.AddContact(c, *kk, "phone", "Called back", "user:1");
      return lp.ChangeStatus(c, *kk, to, "user:1", std::nullopt);
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  };
  step("2025-03-10T12:00:00Z", "acknowledged");
  step("2025-03-10T12:30:00Z", "contact");
  step("2025-03-10T13:00:00Z", "assessed");
  step("2025-03-10T13:00:00Z", "investigating");
  step("2025-03-10T14:00:00Z", "responded");
  step("2025-03-10T15:00:00Z", "closed");
  Status bad = app_->db().Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto kk, store::LoopStore::GetCase(c, Tenant(), k.id));
    return lp.ChangeStatus(c, *kk, "acknowledged", "user:1", std::nullopt);
  });
  EXPECT_EQ(bad.code(), StatusCode::kConflict);

  SlaReport rep;
  ASSERT_TRUE(app_->db()
                  .Read([&](store::SqlConn& c) -> Status {
                    ASSIGN_OR_RETURN(rep, lp.SlaOutcomes(c, Tenant(), std::nullopt, std::nullopt));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(rep.cases.size(), 1u);
  const auto& rc = rep.cases[0];
  EXPECT_EQ(*rc.record.acknowledged_at, At("2025-03-10T12:00:00Z"));
  EXPECT_EQ(*rc.record.first_contact_at, At("2025-03-10T12:30:00Z"));
  EXPECT_EQ(*rc.record.closed_at, At("2025-03-10T15:00:00Z"));
  // Acknowledged after 30 min on Friday + 4.5 h on Monday: missed.
  EXPECT_EQ(rc.sla.acknowledge.state, TimerState::kMissed);
  EXPECT_EQ(rc.sla.acknowledge.used_seconds, 5 * 3600);
  EXPECT_EQ(rc.sla.resolve.state, TimerState::kMet);
  EXPECT_EQ(rc.sla.resolve.used_seconds, 8 * 3600);  // 30 min Friday + 7.5 h Monday
  ASSERT_EQ(rep.by_type.size(), 1u);
  EXPECT_EQ(rep.by_type[0].opened, 1);
  EXPECT_EQ(rep.by_type[0].closed, 1);
  EXPECT_EQ(rep.by_type[0].acknowledge.missed, 1);
  EXPECT_EQ(rep.by_type[0].resolve.met, 1);
}

TEST_F(LoopAppTest, DisappointmentAndPerSurveyThreshold) {
  Respond("a1", "2025-03-03T10:00:00Z", 10, "c7");
  Respond("a2", "2025-03-04T10:00:00Z", 7, "c7");  // not a detractor, but 10 -> 7
  app_->jobs().RunDue();
  store::CaseRecord k = OnlyCase();
  EXPECT_EQ(k.case_type, "disappointment");
}

TEST_F(LoopAppTest, KeptRateAndNpsAfterKeptAndBrokenPromises) {
  Loop lp(app_->db(), clock_, app_->jobs());
  // Four promises by lead1 (team verhuur): three kept, one broken; one by
  // mgr1 (no team): broken.
  struct P {
    int64_t employee;
    std::optional<int64_t> team;
    const char* customer;
    const char* type;
    const char* settle;
  };
  std::vector<P> ps = {{lead_, team_, "k1", "callback", "kept"},
                       {lead_, team_, "k2", "callback", "kept"},
                       {lead_, team_, "k3", "quote", "kept"},
                       {lead_, team_, "k4", "callback", "broken"},
                       {manager_, std::nullopt, "k5", "quote", "broken"}};
  clock_.Set(At("2025-03-10T10:00:00Z"));
  // Responses before settling do not count.
  Respond("before", "2025-03-10T09:00:00Z", 0, "k1");
  for (size_t i = 0; i < ps.size(); ++i) {
    Status st = app_->db().Write([&](store::SqlConn& c) -> Status {
      auto t = Tenant();
      ASSIGN_OR_RETURN(auto cust,
                       store::DimensionStore::Ensure(c, t, *store::FindDimension("customers"),
                                                     ps[i].customer, {}, clock_.Now()));
      store::PromiseRecord p;
      p.org_id = org_;
      p.promise_type = ps[i].type;
      p.source_key = "t" + std::to_string(i);
      p.employee_id = ps[i].employee;
      p.team_id = ps[i].team;
      p.customer_id = cust;
      p.text = "We call back";
      p.made_at = clock_.Now();
      p.due_at = clock_.Now() + 3600;
      ASSIGN_OR_RETURN(auto id, store::LoopStore::InsertPromise(c, p, clock_.Now()));
      p.id = *id;
      return lp.SettlePromise(c, p, ps[i].settle, "user:1");
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  // After settling: kept customers 10, 9, 6 -> NPS (2-1)/3 = 33.3; broken 2, 8 -> -50.
  Respond("k1a", "2025-03-11T09:00:00Z", 10, "k1");
  Respond("k2a", "2025-03-11T09:00:00Z", 9, "k2");
  Respond("k3a", "2025-03-11T09:00:00Z", 6, "k3");
  Respond("k4a", "2025-03-11T09:00:00Z", 2, "k4");
  Respond("k5a", "2025-03-11T09:00:00Z", 8, "k5");
  PromiseReport rep;
  ASSERT_TRUE(app_->db()
                  .Read([&](store::SqlConn& c) -> Status {
                    ASSIGN_OR_RETURN(rep, lp.PromiseKeeping(c, Tenant()));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(rep.total.kept, 3);
  EXPECT_EQ(rep.total.broken, 2);
  EXPECT_DOUBLE_EQ(*rep.total.kept_rate, 0.6);
  ASSERT_EQ(rep.by_team.size(), 1u);
  EXPECT_DOUBLE_EQ(*rep.by_team[0].kept_rate, 0.75);
  ASSERT_EQ(rep.by_employee.size(), 2u);
  for (const auto& r : rep.by_employee) {
    EXPECT_DOUBLE_EQ(*r.kept_rate, r.key == std::to_string(lead_) ? 0.75 : 0.0);
  }
  ASSERT_EQ(rep.by_type.size(), 2u);
  EXPECT_EQ(rep.by_type[0].key, "callback");
  EXPECT_NEAR(*rep.by_type[0].kept_rate, 2.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(*rep.by_type[1].kept_rate, 0.5);
  EXPECT_EQ(rep.after_kept.responses, 3);
  EXPECT_NEAR(*rep.after_kept.nps, 100.0 / 3.0, 1e-9);
  EXPECT_EQ(rep.after_broken.responses, 2);
  EXPECT_DOUBLE_EQ(*rep.after_broken.nps, -50.0);
  // Broken promises opened cases.
  std::vector<store::CaseRecord> cases;
  ASSERT_TRUE(app_->db()
                  .Read([&](store::SqlConn& c) -> Status {
                    store::CaseFilter f;
                    f.case_type = "broken_promise";
                    ASSIGN_OR_RETURN(cases, store::LoopStore::ListCases(c, Tenant(), f, 0, 10));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(cases.size(), 2u);
}

TEST_F(LoopAppTest, ClosingAsksForSatisfactionOnceAndTheAnswerIsSingleUse) {
  Loop lp(app_->db(), clock_, app_->jobs());
  auto dim = [](const char* r) { return *store::FindDimension(r); };
  int64_t asked = 0;
  auto open_case = [&](store::SqlConn& c, const std::string& customer,
                       const std::map<std::string, store::SqlValue>& fields) -> Result<int64_t> {
    store::CaseRecord k;
    k.org_id = org_;
    k.case_type = "manual";
    k.source_key = "test:" + customer;
    k.title = "Te lang gewacht";
    ASSIGN_OR_RETURN(k.customer_id, store::DimensionStore::Ensure(c, Tenant(), dim("customers"),
                                                                  customer, fields, clock_.Now()));
    ASSIGN_OR_RETURN(auto id, lp.OpenCase(c, k, "user:1"));
    k.id = *id;
    for (const char* to : {"acknowledged", "investigating", "responded", "closed"}) {
      RETURN_IF_ERROR(lp.ChangeStatus(c, k, to, "user:1", std::nullopt));
    }
    return k.id;
  };
  auto count = [&] {
    int64_t rows = -1;
    EXPECT_TRUE(app_->db()
                    .Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(auto n, c.QueryInt("SELECT COUNT(*) FROM case_followups"));
                      rows = n.value_or(0);
                      return Status::Ok();
                    })
                    .ok());
    return rows;
  };
  ASSERT_TRUE(
      app_->db()
          .Write([&](store::SqlConn& c) -> Status {
            ASSIGN_OR_RETURN(
                asked, open_case(c, "c-mail", {{"email", "klant@example.nl"}, {"language", "en"}}));
            return open_case(c, "c-none", {}).status();
          })
          .ok());
  // Only the customer with an address gets a follow-up, in their language.
  EXPECT_EQ(count(), 1);
  std::optional<store::FollowUpRecord> f;
  ASSERT_TRUE(app_->db()
                  .Read([&](store::SqlConn& c) -> Status {
                    ASSIGN_OR_RETURN(f, store::LoopStore::SysFollowUp(c, 1));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->case_id, asked);
  EXPECT_EQ(f->language, "en");
  EXPECT_FALSE(f->token_hash.has_value());  // the mail job makes the token

  const std::string token(43, 'A');
  auto answer = [&](bool yes, std::optional<std::string> comment) {
    FollowUpView v;
    Status st = app_->db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(v, lp.AnswerFollowUp(c, token, yes, comment));
      return Status::Ok();
    });
    return st.ok() ? v.state : FollowUpState::kUnknown;
  };
  EXPECT_EQ(answer(true, std::nullopt), FollowUpState::kUnknown);  // not sent (armed) yet
  // Arm it as the mail job does, with a known token, valid for 30 days.
  ASSERT_TRUE(app_->db()
                  .Write([&](store::SqlConn& c) -> Status {
                    return store::LoopStore::ArmFollowUp(c, f->id, FollowUpTokenHash(token),
                                                         clock_.Now() + kFollowUpValidSeconds)
                        .status();
                  })
                  .ok());
  EXPECT_EQ(answer(false, std::string(kMaxFollowUpComment + 1, 'x')),
            FollowUpState::kUnknown);  // too long: an error, nothing recorded
  EXPECT_EQ(answer(false, "Het duurde te lang"), FollowUpState::kRecorded);
  EXPECT_EQ(answer(true, std::nullopt), FollowUpState::kAlreadyAnswered);
  store::CaseRecord k;
  json::array log;
  ASSERT_TRUE(app_->db()
                  .Read([&](store::SqlConn& c) -> Status {
                    ASSIGN_OR_RETURN(auto kk, store::LoopStore::GetCase(c, Tenant(), asked));
                    k = *kk;
                    ASSIGN_OR_RETURN(log, CaseLogJson(c, k));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(k.customer_satisfied.has_value());
  EXPECT_FALSE(*k.customer_satisfied);  // the second answer changed nothing
  int satisfaction = 0;
  for (const auto& e : log) {
    if (e.as_object().at("kind").as_string() != "satisfaction") continue;
    ++satisfaction;
    EXPECT_EQ(e.as_object().at("body").as_object().at("comment").as_string(), "Het duurde te lang");
  }
  EXPECT_EQ(satisfaction, 1);

  // Reopening and closing again does not ask a second time.
  ASSERT_TRUE(app_->db()
                  .Write([&](store::SqlConn& c) -> Status {
                    RETURN_IF_ERROR(lp.ChangeStatus(c, k, "investigating", "user:1", {}));
                    RETURN_IF_ERROR(lp.ChangeStatus(c, k, "responded", "user:1", {}));
                    return lp.ChangeStatus(c, k, "closed", "user:1", {});
                  })
                  .ok());
  EXPECT_EQ(count(), 1);
}

TEST_F(LoopAppTest, FollowUpLinkExpiresAfterThirtyDays) {
  Loop lp(app_->db(), clock_, app_->jobs());
  const std::string token(43, 'B');
  ASSERT_TRUE(app_->db()
                  .Write([&](store::SqlConn& c) -> Status {
                    store::CaseRecord k;
                    k.org_id = org_;
                    k.case_type = "manual";
                    k.title = "x";
                    ASSIGN_OR_RETURN(auto id, lp.OpenCase(c, k, "user:1"));
                    store::FollowUpRecord f;
                    f.org_id = org_;
                    f.case_id = *id;
                    f.email = "a@example.nl";
                    f.created_at = clock_.Now();
                    ASSIGN_OR_RETURN(auto fid, store::LoopStore::InsertFollowUp(c, f));
                    return store::LoopStore::ArmFollowUp(c, *fid, FollowUpTokenHash(token),
                                                         clock_.Now() + kFollowUpValidSeconds)
                        .status();
                  })
                  .ok());
  auto state = [&] {
    FollowUpView v;
    EXPECT_TRUE(app_->db()
                    .Read([&](store::SqlConn& c) -> Status {
                      ASSIGN_OR_RETURN(v, lp.FindFollowUp(c, token));
                      return Status::Ok();
                    })
                    .ok());
    return v.state;
  };
  clock_.Set(clock_.Now() + kFollowUpValidSeconds - 1);
  EXPECT_EQ(state(), FollowUpState::kOpen);
  clock_.Set(clock_.Now() + 1);
  EXPECT_EQ(state(), FollowUpState::kExpired);
  FollowUpView v;
  ASSERT_TRUE(app_->db()
                  .Write([&](store::SqlConn& c) -> Status {
                    ASSIGN_OR_RETURN(v, lp.AnswerFollowUp(c, token, true, std::nullopt));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(v.state, FollowUpState::kExpired);
  EXPECT_EQ(state(), FollowUpState::kExpired);  // nothing was recorded
}

}  // namespace
}  // namespace beleving::loop
