// Finding a customer at the counter (capture/dimensions.h, issue 16).
#include <gtest/gtest.h>

#include "app/services_test_fixture.h"
#include "capture/dimensions.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace beleving::capture {
namespace {

using security::Role;

class CustomerSearchTest : public app::ServicesTest {
 protected:
  Dimensions& dims() { return s_->dimensions(); }
  void Customer(int64_t org, const std::string& key, const std::string& name,
                const std::string& email, const std::string& phone) {
    DimensionInput in{key, name, {}};
    if (!email.empty()) in.fields["email"] = email;
    if (!phone.empty()) in.fields["phone"] = phone;
    auto made = dims().Create(Operator(org), *store::FindDimension("customers"), in);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
  }
  std::vector<std::string> Keys(const security::Principal& who, const std::string& q) {
    auto hits = dims().SearchCustomers(who, q);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<std::string> out;
    if (hits.ok()) {
      for (const auto& h : *hits) out.push_back(h.key);
    }
    return out;
  }
};

TEST_F(CustomerSearchTest, FindsByNameEmailOrPhoneOnlyInTheOwnOrganisation) {
  Customer(acme_, "k1", "Jan de Vries", "jan@example.nl", "06 1234 5678");
  Customer(acme_, "k2", "Petra Jansen", "petra@voorbeeld.nl", "");
  Customer(acme_, "k3", "100% Zeker_BV", "", "");
  Customer(globex_, "g1", "Jan Globex", "jan@globex.example", "06 1234 0000");
  const auto employee = Session(acme_, Role::kEmployee, 9);
  EXPECT_EQ(Keys(employee, "jan"), (std::vector<std::string>{"k1", "k2"}))
      << "name, case-insensitive, sorted by name";
  EXPECT_EQ(Keys(employee, "VOORBEELD"), (std::vector<std::string>{"k2"})) << "e-mail";
  EXPECT_EQ(Keys(employee, "1234"), (std::vector<std::string>{"k1"}))
      << "phone; the other organisation's customer is never found";
  EXPECT_TRUE(Keys(employee, "globex").empty());
  EXPECT_TRUE(Keys(Session(globex_, Role::kAdmin), "petra").empty());
  // LIKE's wildcards match themselves.
  EXPECT_EQ(Keys(employee, "%"), (std::vector<std::string>{"k3"}));
  EXPECT_EQ(Keys(employee, "_"), (std::vector<std::string>{"k3"}));
  EXPECT_TRUE(Keys(employee, "n_d").empty());
  EXPECT_EQ(dims().SearchCustomers(employee, "  ").status().field(), "/query/q");
  EXPECT_EQ(dims().SearchCustomers(employee, std::string(201, 'a')).status().field(), "/query/q");
  auto log = Audit(acme_);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0], "user:9 search customers");
}

TEST_F(CustomerSearchTest, AtMostTwentyAndOneCustomerByKeyWithinTheOrganisation) {
  for (int i = 0; i < 25; ++i) {
    Customer(acme_, "c" + std::to_string(i), "Klant " + std::to_string(100 + i), "", "");
  }
  Customer(globex_, "other", "Klant van Globex", "", "");
  const auto employee = Session(acme_, Role::kEmployee, 9);
  EXPECT_EQ(Keys(employee, "klant").size(), 20u);
  auto one = dims().CounterCustomer(employee, "c3");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(*one->name, "Klant 103");
  EXPECT_EQ(dims().CounterCustomer(employee, "other").status().code(), StatusCode::kNotFound);
  // An API key needs the admin scope, as for the customer list.
  security::Principal key{security::Principal::Kind::kApiKey,
                          store::TenantScope::Organisation(acme_)};
  key.scopes = security::kScopeRead;
  EXPECT_EQ(dims().SearchCustomers(key, "klant").status().code(), StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace beleving::capture
