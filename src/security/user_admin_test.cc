// AccessService's people and access (security/user_admin.cc), one rule per
// test, without HTTP.
#include <gtest/gtest.h>

#include "app/services_test_fixture.h"
#include "security/access_service.h"
#include "security/authenticator.h"

namespace beleving::security {
namespace {

constexpr const char* kPassword = "a long secret phrase";

class UserAdminTest : public app::ServicesTest {
 protected:
  int64_t Add(const std::string& email, const std::string& role, int64_t org = 0) {
    NewUser u;
    u.email = email;
    u.name = "Hanna de Vries";
    u.password = kPassword;
    u.role = role;
    if (role == "employee") u.employee_key = "e17";
    if (role == "manager") u.team_keys = {"verhuur"};
    auto r = access().CreateUser(Operator(org ? org : acme_), u);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : 0;
  }
  Result<IssuedSession> Login(const std::string& email, const std::string& password = kPassword) {
    return s_->auth().Login(email, password, std::nullopt, "ip");
  }
  AccessService& access() { return s_->access(); }
};

TEST_F(UserAdminTest, AnAdminRenamesChangesRolesAndDisablesAndEachIsAudited) {
  const int64_t ada = Add("ada@acme.example", "admin");
  const int64_t max = Add("max@acme.example", "consultant");
  auto admin = Session(acme_, Role::kAdmin, ada);
  UserUpdate up;
  up.name = "  Max Verstappen ";
  up.role = "admin";
  auto v = access().UpdateUser(admin, max, up);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->name, "Max Verstappen");
  EXPECT_EQ(v->role, "admin");
  EXPECT_EQ(Audit(acme_).front(),
            "user:" + std::to_string(ada) + " update user:" + std::to_string(max));
  // Disabled: no log-in, and their open session ends.
  auto before = Login("max@acme.example");
  ASSERT_TRUE(before.ok());
  up = {};
  up.disabled = true;
  ASSERT_TRUE(access().UpdateUser(admin, max, up).ok());
  EXPECT_FALSE(Login("max@acme.example").ok());
  EXPECT_FALSE(s_->auth().Authenticate(std::nullopt, before->token).ok());
  up.disabled = false;
  ASSERT_TRUE(access().UpdateUser(admin, max, up).ok());
  EXPECT_TRUE(Login("max@acme.example").ok());
}

TEST_F(UserAdminTest, TheRulesNameTheirField) {
  const int64_t ada = Add("ada@acme.example", "admin");
  const int64_t con = Add("con@acme.example", "consultant");
  auto admin = Session(acme_, Role::kAdmin, ada);
  UserUpdate up;
  up.name = "   ";
  EXPECT_EQ(access().UpdateUser(admin, con, up).status().field(), "/name");
  up = {};
  up.role = "owner";
  EXPECT_EQ(access().UpdateUser(admin, con, up).status().field(), "/role");
  // A consultant has no employee record nor teams to become one of those.
  up.role = "employee";
  EXPECT_EQ(access().UpdateUser(admin, con, up).status().field(), "/role");
  up.role = "manager";
  EXPECT_EQ(access().UpdateUser(admin, con, up).status().field(), "/role");
  // Not yourself, and never the last active admin.
  up.role = "consultant";
  auto self = access().UpdateUser(admin, ada, up);
  EXPECT_EQ(self.status().code(), StatusCode::kConflict);
  EXPECT_EQ(self.status().field(), "/role");
  up = {};
  up.disabled = true;
  EXPECT_EQ(access().UpdateUser(admin, ada, up).status().field(), "/disabled");
  auto last = access().UpdateUser(Operator(acme_), ada, up);
  EXPECT_EQ(last.status().code(), StatusCode::kConflict);
  EXPECT_EQ(access().RemoveUser(Operator(acme_), ada).code(), StatusCode::kConflict);
  EXPECT_EQ(access().RemoveUser(admin, ada).code(), StatusCode::kConflict);
  // Only admins; a user of another organisation looks missing.
  EXPECT_EQ(access().UpdateUser(Session(acme_, Role::kManager, con), con, up).status().code(),
            StatusCode::kPermissionDenied);
  const int64_t other = Add("gus@globex.example", "admin", globex_);
  EXPECT_EQ(access().UpdateUser(admin, other, up).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(access().RemoveUser(admin, other).code(), StatusCode::kNotFound);
}

TEST_F(UserAdminTest, RemovingEndsTheMembershipAndAConsultantIsRemovedNotDisabled) {
  const int64_t ada = Add("ada@acme.example", "admin");
  const int64_t chris = Add("chris@example.nl", "consultant");
  ASSERT_EQ(Add("chris@example.nl", "consultant", globex_), chris);
  auto admin = Session(acme_, Role::kAdmin, ada);
  UserUpdate up;
  up.disabled = true;
  auto refused = access().UpdateUser(admin, chris, up);
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_EQ(refused.status().field(), "/disabled");
  ASSERT_TRUE(access().RemoveUser(admin, chris).ok());
  EXPECT_EQ(Audit(acme_).front(),
            "user:" + std::to_string(ada) + " remove user:" + std::to_string(chris));
  auto users = access().Users(admin);
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ(users->front().id, ada);
  // Still a consultant of the other organisation.
  auto session = Login("chris@example.nl");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->principal.tenant.org_id(), globex_);
}

TEST_F(UserAdminTest, APersonChangesTheirOwnPasswordKnowingTheCurrentOne) {
  Add("eve@acme.example", "employee");
  auto first = Login("eve@acme.example");
  auto second = Login("eve@acme.example");
  ASSERT_TRUE(first.ok() && second.ok());
  const Principal& me = first->principal;
  auto wrong = access().ChangePassword(me, "not my password", "a brand new phrase");
  EXPECT_EQ(wrong.field(), "/current_password");
  EXPECT_EQ(access().ChangePassword(me, kPassword, "short").field(), "/new_password");
  ASSERT_TRUE(access().ChangePassword(me, kPassword, "a brand new phrase").ok());
  EXPECT_FALSE(Login("eve@acme.example").ok());
  EXPECT_TRUE(Login("eve@acme.example", "a brand new phrase").ok());
  // This session stays; the other one ends.
  EXPECT_TRUE(s_->auth().Authenticate(std::nullopt, first->token).ok());
  EXPECT_FALSE(s_->auth().Authenticate(std::nullopt, second->token).ok());
  EXPECT_EQ(Audit(acme_).front(),
            "user:" + std::to_string(me.user_id) + " password user:" + std::to_string(me.user_id));
  EXPECT_EQ(access().ChangePassword(Operator(acme_), kPassword, "a brand new phrase").code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace beleving::security
