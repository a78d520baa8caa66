#include "capture/dimensions.h"

#include <gtest/gtest.h>

#include "app/services_test_fixture.h"
#include "capture/moments.h"

// The inputs below leave DimensionInput's attribute fields (customers only,
// tested in attributes_test.cc) out of their brace initialisers.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace beleving::capture {
namespace {

using security::Role;

class DimensionsTest : public app::ServicesTest {
 protected:
  const store::DimensionSpec& Spec(const char* resource) { return *store::FindDimension(resource); }
  Dimensions& dims() { return s_->dimensions(); }
  std::string Field(const DimensionView& v, const std::string& name) {
    for (const auto& [n, value] : v.fields) {
      if (n != name) continue;
      if (std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
      if (std::holds_alternative<bool>(value)) return std::get<bool>(value) ? "true" : "false";
      return "null";
    }
    return "missing";
  }
};

TEST_F(DimensionsTest, CreateUpdateDeleteWithReferencesByKeyEachAudited) {
  auto who = Session(acme_, Role::kManager, 7);
  auto loc = dims().Create(who, Spec("locations"), {"amersfoort", "Amersfoort", {}});
  ASSERT_TRUE(loc.ok()) << loc.status().ToString();
  auto team = dims().Create(who, Spec("teams"),
                            {"verhuur", std::nullopt, {{"location", std::string("amersfoort")}}});
  ASSERT_TRUE(team.ok()) << team.status().ToString();
  EXPECT_EQ(team->name, "verhuur") << "the name defaults to the key";
  EXPECT_EQ(Field(*team, "location"), "amersfoort");
  EXPECT_EQ(Field(*team, "lead"), "null");

  auto changed = dims().Update(who, Spec("teams"), team->id,
                               {std::nullopt, "Verhuurbalie", {{"location", std::monostate{}}}});
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(changed->name, "Verhuurbalie");
  EXPECT_EQ(Field(*changed, "location"), "null");

  ASSERT_TRUE(dims().Delete(who, Spec("teams"), team->id).ok());
  EXPECT_EQ(dims().Get(who, Spec("teams"), team->id).status().code(), StatusCode::kNotFound);
  auto log = Audit(acme_);
  ASSERT_GE(log.size(), 4u);
  const std::string t = std::to_string(team->id);
  EXPECT_EQ(log[0], "user:7 delete team:" + t);
  EXPECT_EQ(log[1], "user:7 update team:" + t);
  EXPECT_EQ(log[2], "user:7 create team:" + t);
  EXPECT_EQ(log[3], "user:7 create location:" + std::to_string(loc->id));
}

TEST_F(DimensionsTest, RefusesBadFieldsNamingThem) {
  auto who = Operator(acme_);
  struct Case {
    const char* resource;
    DimensionInput in;
    const char* field;
    StatusCode code = StatusCode::kInvalidArgument;
  };
  const std::vector<Case> cases = {
      {"locations", {std::nullopt, std::nullopt, {}}, "/key"},
      {"locations", {std::string("a\nb"), std::nullopt, {}}, "/key"},
      {"locations", {std::string("x"), std::string(""), {}}, "/name"},
      {"teams",
       {std::string("t"), std::nullopt, {{"location", std::string("nowhere")}}},
       "/location"},
      {"customers", {std::string("c"), std::nullopt, {{"email", std::string("a@b")}}}, "/email"},
      {"customers", {std::string("c"), std::nullopt, {{"phone", std::string("06-abc")}}}, "/phone"},
      {"customers",
       {std::string("c"), std::nullopt, {{"language", std::string("de")}}},
       "/language"},
      {"customers",
       {std::string("c"), std::nullopt, {{"consent", std::string("yes")}}},
       "/consent"},
      {"customers", {std::string("c"), std::nullopt, {{"colour", std::string("blue")}}}, "/colour"},
      {"touchpoints",
       {std::string("tp"), std::nullopt, {{"channel", std::string("pigeon")}}},
       "/channel"},
  };
  for (const auto& c : cases) {
    auto r = dims().Create(who, Spec(c.resource), c.in);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.status().code(), c.code) << c.field;
    EXPECT_EQ(r.status().field(), c.field);
  }
  auto page = dims().List(who, Spec("customers"), 0, 100, std::nullopt);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->items.empty()) << "a refused item was stored";

  ASSERT_TRUE(dims().Create(who, Spec("locations"), {"zwolle", std::nullopt, {}}).ok());
  auto taken = dims().Create(who, Spec("locations"), {"zwolle", std::nullopt, {}});
  EXPECT_EQ(taken.status().code(), StatusCode::kAlreadyExists);
  auto rename = dims().Update(who, Spec("locations"), 1, {"other", std::nullopt, {}});
  EXPECT_EQ(rename.status().field(), "/key");
}

TEST_F(DimensionsTest, DeleteWhileReferencedIsAConflict) {
  auto who = Operator(acme_);
  auto loc = dims().Create(who, Spec("locations"), {"zwolle", std::nullopt, {}});
  ASSERT_TRUE(loc.ok());
  ASSERT_TRUE(dims()
                  .Create(who, Spec("teams"),
                          {"kassa", std::nullopt, {{"location", std::string("zwolle")}}})
                  .ok());
  EXPECT_EQ(dims().Delete(who, Spec("locations"), loc->id).code(), StatusCode::kConflict);
  EXPECT_TRUE(dims().Get(who, Spec("locations"), loc->id).ok());
}

TEST_F(DimensionsTest, RolesAndOrganisationsDecideWhatIsVisible) {
  auto loc = dims().Create(Operator(acme_), Spec("locations"), {"zwolle", std::nullopt, {}});
  ASSERT_TRUE(loc.ok());
  // Another organisation's id looks missing, for reads and writes.
  auto other = Session(globex_, Role::kAdmin);
  EXPECT_EQ(dims().Get(other, Spec("locations"), loc->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(dims().Delete(other, Spec("locations"), loc->id).code(), StatusCode::kNotFound);
  // Employees and read keys do not write; customers are for managers only.
  auto employee = Session(acme_, Role::kEmployee);
  EXPECT_EQ(dims().Create(employee, Spec("locations"), {"x", std::nullopt, {}}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(dims().List(employee, Spec("customers"), 0, 10, std::nullopt).status().code(),
            StatusCode::kPermissionDenied);
  auto reader = Key(acme_, security::kScopeRead);
  EXPECT_TRUE(dims().List(reader, Spec("locations"), 0, 10, std::nullopt).ok());
  EXPECT_EQ(dims().List(reader, Spec("customers"), 0, 10, std::nullopt).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(DimensionsTest, ReadingCustomersIsAudited) {
  auto admin = Session(acme_, Role::kAdmin, 3);
  auto c = dims().Create(
      admin, Spec("customers"),
      {"k1", "Klaas", {{"email", std::string("klaas@example.nl")}, {"consent", true}}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(Field(*c, "consent"), "true");
  ASSERT_TRUE(dims().Get(admin, Spec("customers"), c->id).ok());
  auto page = dims().List(admin, Spec("customers"), 0, 10, std::string("k1"));
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  auto log = Audit(acme_);
  EXPECT_EQ(log[0], "user:3 list customers");
  EXPECT_EQ(log[1], "user:3 read customer:" + std::to_string(c->id));
  EXPECT_EQ(log[2], "user:3 create customer:" + std::to_string(c->id));
}

TEST_F(DimensionsTest, PagesFollowTheCursor) {
  auto who = Operator(acme_);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        dims().Create(who, Spec("touchpoints"), {"tp" + std::to_string(i), std::nullopt, {}}).ok());
  }
  auto first = dims().List(who, Spec("touchpoints"), 0, 3, std::nullopt);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 3u);
  ASSERT_TRUE(first->next_after.has_value());
  auto second = dims().List(who, Spec("touchpoints"), *first->next_after, 3, std::nullopt);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_EQ(second->items[0].key, "tp3");
  EXPECT_FALSE(second->next_after.has_value());
}

// --- moments: ingest for a caller and reading back within the scope

class MomentsTest : public app::ServicesTest {
 protected:
  ResponseInput Response(std::string id, std::string team, int nps) {
    ResponseInput r;
    r.external_id = std::move(id);
    r.submitted_at = clock_.Now() - 3600;
    r.keys.team = std::move(team);
    r.keys.customer = "k1";
    r.answers.nps = nps;
    return r;
  }
};

TEST_F(MomentsTest, IngestNeedsTheRightAndReadsStayInTheScope) {
  auto reader = Key(acme_, security::kScopeRead);
  EXPECT_EQ(s_->ingest().Responses(reader, {Response("r1", "verhuur", 9)}).status().code(),
            StatusCode::kPermissionDenied);
  auto ingester = Key(acme_, security::kScopeIngest);
  auto stored = s_->ingest().Responses(
      ingester, {Response("r1", "verhuur", 9), Response("r2", "verkoop", 3)});
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->accepted, 2u);
  // Retried: nothing twice.
  auto again = s_->ingest().Responses(ingester, {Response("r1", "verhuur", 9)});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->duplicates, 1u);

  auto all = s_->moments().Responses(reader, {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].team_key, "verhuur");
  ResponseQuery by_team;
  by_team.team = "verkoop";
  auto one = s_->moments().Responses(reader, by_team);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->items.size(), 1u);
  EXPECT_EQ(one->items[0].nps.value_or(-1), 3);
  by_team.team = "no-such-team";
  auto none = s_->moments().Responses(reader, by_team);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->items.empty());

  // A manager of verhuur sees only verhuur's response; another org nothing.
  auto page = s_->dimensions().List(Operator(acme_), *store::FindDimension("teams"), 0, 10,
                                    std::string("verhuur"));
  ASSERT_TRUE(page.ok() && page->items.size() == 1u);
  security::Principal manager{security::Principal::Kind::kSession,
                              store::TenantScope::Manager(acme_, {page->items[0].id}, {}, {})};
  manager.role = Role::kManager;
  auto mine = s_->moments().Responses(manager, {});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].external_id, "r1");
  EXPECT_EQ(s_->moments().Response(manager, all->items[1].id).status().code(),
            StatusCode::kNotFound);
  auto theirs = s_->moments().Responses(Key(globex_, security::kScopeRead), {});
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->items.empty());
}

TEST_F(MomentsTest, InteractionsReadBackWithKeys) {
  InteractionInput in;
  in.external_id = "i1";
  in.occurred_at = clock_.Now() - 7200;
  in.keys.customer = "k1";
  in.keys.touchpoint = "balie";
  in.keys.channel = "phone";
  ASSERT_TRUE(s_->ingest().Interactions(Key(acme_, security::kScopeIngest), {in}).ok());
  auto page = s_->moments().Interactions(Key(acme_, security::kScopeRead), 0, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].customer, "k1");
  EXPECT_EQ(page->items[0].touchpoint, "balie");
  EXPECT_EQ(page->items[0].team, "");
  EXPECT_EQ(page->items[0].channel.value_or(""), "phone");
  // A response naming an interaction that does not exist stores nothing.
  ResponseInput r;
  r.external_id = "r9";
  r.submitted_at = clock_.Now();
  r.interaction = "i-missing";
  r.answers.nps = 5;
  auto refused = s_->ingest().Responses(Key(acme_, security::kScopeIngest), {r});
  EXPECT_EQ(refused.status().field(), "/responses/0/interaction");
  r.interaction.reset();
  r.survey = "no-such-survey";
  refused = s_->ingest().Responses(Key(acme_, security::kScopeIngest), {r});
  EXPECT_EQ(refused.status().field(), "/responses/0/survey");
  r.survey = "nps";
  EXPECT_TRUE(s_->ingest().Responses(Key(acme_, security::kScopeIngest), {r}).ok());
}

}  // namespace
}  // namespace beleving::capture
