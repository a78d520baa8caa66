#include "security/access_service.h"

#include <gtest/gtest.h>

#include "app/services_test_fixture.h"
#include "i18n/catalogue.h"
#include "security/authenticator.h"

namespace beleving::security {
namespace {

class AccessServiceTest : public app::ServicesTest {
 protected:
  NewUser User(std::string email, std::string role) {
    NewUser u;
    u.email = std::move(email);
    u.name = "Hanna de Vries";
    u.password = "a long secret phrase";
    u.role = std::move(role);
    return u;
  }
  AccessService& access() { return s_->access(); }
};

TEST_F(AccessServiceTest, RefusesEachBadFieldNamingIt) {
  struct Case {
    std::function<void(NewUser&)> change;
    const char* field;
  };
  const std::vector<Case> cases = {
      {[](NewUser& u) { u.email = "no-at-sign"; }, "/email"},
      {[](NewUser& u) { u.email = "two@@example.nl"; }, "/email"},
      {[](NewUser& u) { u.email = std::string(250, 'a') + "@x.nl"; }, "/email"},
      {[](NewUser& u) { u.name = ""; }, "/name"},
      {[](NewUser& u) { u.password = "short"; }, "/password"},
      {[](NewUser& u) { u.role = "owner"; }, "/role"},
      {[](NewUser& u) { u.role = "employee"; }, "/employee"},
      {[](NewUser& u) { u.employee_key = std::string("a\x01", 2); }, "/employee"},
      {[](NewUser& u) { u.team_keys = std::vector<std::string>(201, "t"); }, "/teams"},
  };
  for (const auto& c : cases) {
    NewUser u = User("hanna@acme.example", "manager");
    c.change(u);
    auto r = access().CreateUser(Operator(acme_), u);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(r.status().field(), c.field);
  }
  auto users = access().Users(Operator(acme_));
  ASSERT_TRUE(users.ok());
  EXPECT_TRUE(users->empty()) << "a refused user was stored";
  EXPECT_EQ(Audit(acme_).size(), 1u) << "only the organisation's own creation is audited";
}

TEST_F(AccessServiceTest, CreatesAuditsAndLogsInWithTheRoleAndScope) {
  NewUser u = User("max@acme.example", "manager");
  u.team_keys = {"verhuur"};
  u.location_keys = {"amersfoort"};
  auto admin = Session(acme_, Role::kAdmin, 99);
  auto created = access().CreateUser(admin, u);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->email, "max@acme.example");
  EXPECT_EQ(created->role, "manager");
  EXPECT_EQ(Audit(acme_).front(), "user:99 create user:" + std::to_string(created->id));

  auto session = s_->auth().Login("max@acme.example", "a long secret phrase", std::nullopt, "ip");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session->principal.role, Role::kManager);
  EXPECT_EQ(session->principal.tenant.kind(), store::TenantScope::Kind::kManager);
  EXPECT_EQ(session->principal.tenant.managed_teams().size(), 1u);
  EXPECT_EQ(session->principal.tenant.locations().size(), 1u);

  // The same e-mail twice in one organisation: refused, nothing changes.
  auto again = access().CreateUser(admin, User("max@acme.example", "admin"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.status().field(), "/email");
  auto users = access().Users(admin);
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ(users->front().role, "manager");
}

TEST_F(AccessServiceTest, AnEmployeeUserIsLinkedToTheirRecordAndSeesOwnFeedback) {
  NewUser u = User("eve@acme.example", "employee");
  u.employee_key = "e17";
  auto created = access().CreateUser(Operator(acme_), u);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->employee_key.value_or(""), "e17");
  auto session = s_->auth().Login("eve@acme.example", "a long secret phrase", std::nullopt, "ip");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->principal.tenant.kind(), store::TenantScope::Kind::kOwnFeedback);
  EXPECT_GT(session->principal.tenant.employee().value_or(-1), 0);
}

TEST_F(AccessServiceTest, AConsultantJoinsASecondOrganisationAsTheSameUser) {
  auto first = access().CreateUser(Operator(acme_), User("chris@example.nl", "consultant"));
  auto second = access().CreateUser(Operator(globex_), User("chris@example.nl", "consultant"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->id, second->id);
  auto session = s_->auth().Login("chris@example.nl", "a long secret phrase", "globex", "ip");
  ASSERT_TRUE(session.ok());
  auto id = access().IdentityOf(session->principal);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(id->org.slug, "globex");
  ASSERT_EQ(id->orgs.size(), 2u);
  EXPECT_EQ(id->orgs[0].slug, "acme");
  EXPECT_EQ(id->orgs[1].role, "consultant");
  EXPECT_EQ(access().IdentityOf(Key(acme_, kScopeAdmin)).status().code(), StatusCode::kNotFound);
}

TEST_F(AccessServiceTest, OnlyAdministratorsManageUsersAndKeys) {
  for (const Principal& who :
       {Session(acme_, Role::kManager), Session(acme_, Role::kConsultant),
        Session(acme_, Role::kEmployee), Key(acme_, kScopeIngest | kScopeRead)}) {
    EXPECT_EQ(access().Users(who).status().code(), StatusCode::kPermissionDenied);
    EXPECT_EQ(access().CreateUser(who, User("x@acme.example", "admin")).status().code(),
              StatusCode::kPermissionDenied);
    EXPECT_EQ(access().ApiKeys(who).status().code(), StatusCode::kPermissionDenied);
    EXPECT_EQ(access().CreateApiKey(who, {"k", {"admin"}}).status().code(),
              StatusCode::kPermissionDenied);
    EXPECT_EQ(access().RevokeApiKey(who, 1).code(), StatusCode::kPermissionDenied);
  }
  EXPECT_TRUE(access().Users(Key(acme_, kScopeAdmin)).ok());
  EXPECT_TRUE(access().Users(Session(acme_, Role::kAdmin)).ok());
}

TEST_F(AccessServiceTest, ApiKeysAreCheckedCreatedShownOnceAndRevoked) {
  auto admin = Session(acme_, Role::kAdmin, 5);
  auto unknown = access().CreateApiKey(admin, {"pos", {"read", "write"}});
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().field(), "/scopes");
  EXPECT_EQ(access().CreateApiKey(admin, {"pos", {}}).status().field(), "/scopes");
  EXPECT_EQ(access().CreateApiKey(admin, {std::string(201, 'n'), {"read"}}).status().field(),
            "/name");

  auto created = access().CreateApiKey(admin, {"Kassa", {"read", "ingest"}});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->key.scopes, (std::vector<std::string>{"ingest", "read"}));
  EXPECT_EQ(created->key.name, "Kassa");
  EXPECT_EQ(created->secret.rfind(created->key.prefix + "_", 0), 0u);
  auto who = s_->auth().Authenticate(created->secret, std::nullopt);
  ASSERT_TRUE(who.ok());
  EXPECT_TRUE(who->CanIngest());
  EXPECT_FALSE(who->IsAdmin());
  EXPECT_EQ(who->tenant.org_id(), acme_);

  auto listed = access().ApiKeys(admin);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().prefix, created->key.prefix);

  // Another organisation's admin cannot revoke it: it looks missing.
  EXPECT_EQ(access().RevokeApiKey(Session(globex_, Role::kAdmin), created->key.id).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(access().RevokeApiKey(admin, created->key.id).ok());
  EXPECT_FALSE(s_->auth().Authenticate(created->secret, std::nullopt).ok());
  EXPECT_EQ(access().RevokeApiKey(admin, created->key.id).code(), StatusCode::kNotFound);
  auto log = Audit(acme_);
  ASSERT_GE(log.size(), 2u);
  EXPECT_EQ(log[0], "user:5 revoke api_key:" + std::to_string(created->key.id));
  EXPECT_EQ(log[1], "user:5 create api_key:" + std::to_string(created->key.id));
}

TEST(AccessCatalogueTest, EveryRoleAndScopeHasItsTextInBothLanguages) {
  for (const auto& r : RoleNames()) {
    EXPECT_TRUE(i18n::Has("role." + r)) << r;
    EXPECT_TRUE(ParseRole(r).has_value()) << r;
  }
  for (const auto& s : ScopeNames()) {
    EXPECT_TRUE(i18n::Has("scope." + s)) << s;
    EXPECT_TRUE(ParseScopes(s).ok()) << s;
  }
  EXPECT_NE(i18n::Text(i18n::Lang::kNl, "role.admin"), i18n::Text(i18n::Lang::kEn, "role.admin"));
  EXPECT_NE(i18n::Text(i18n::Lang::kNl, "scope.read"), i18n::Text(i18n::Lang::kEn, "scope.read"));
}

}  // namespace
}  // namespace beleving::security
