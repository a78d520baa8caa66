// For service tests (gtest, no HTTP): the composed services on a fresh
// SQLite file in a temporary directory, a manual clock, two organisations
// made by an operator ("acme" and "globex", in the time zone given to the
// constructor, Europe/Amsterdam by default), and principals for each kind of
// caller. A derived fixture may set `clock_` before calling SetUp().
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app/services.h"
#include "core/time_format.h"

namespace beleving::app {

class ServicesTest : public ::testing::Test {
 protected:
  explicit ServicesTest(std::string time_zone = "Europe/Amsterdam")
      : time_zone_(std::move(time_zone)) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("beleving_svc_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    Config config;
    config.data_dir = dir_.string();
    auto s = Services::Open(config, &clock_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    s_ = std::move(*s);
    for (auto [slug, out] : {std::pair{"acme", &acme_}, {"globex", &globex_}}) {
      auto org = s_->organisations().Create(security::Principal::Operator(0, "test"),
                                            {slug, std::string(slug) + " BV", time_zone_});
      ASSERT_TRUE(org.ok()) << org.status().ToString();
      *out = org->id;
    }
  }
  void TearDown() override {
    s_.reset();
    std::filesystem::remove_all(dir_);
  }

  // The callers.
  security::Principal Operator(int64_t org) const {
    return security::Principal::Operator(org, "test");
  }
  security::Principal Session(int64_t org, security::Role role, int64_t user_id = 1) const {
    security::Principal p{security::Principal::Kind::kSession,
                          store::TenantScope::Organisation(org)};
    p.role = role;
    p.user_id = user_id;
    return p;
  }
  security::Principal Key(int64_t org, unsigned scopes, int64_t key_id = 1) const {
    security::Principal p{security::Principal::Kind::kApiKey,
                          store::TenantScope::Organisation(org)};
    p.scopes = scopes;
    p.api_key_id = key_id;
    return p;
  }

  // The organisation's audit log, newest first, as "actor action subject".
  std::vector<std::string> Audit(int64_t org) {
    bool more = false;
    auto rows = s_->privacy().AuditLog(Operator(org), 0, 1000, &more);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<std::string> out;
    if (rows.ok()) {
      for (const auto& e : *rows) out.push_back(e.actor + " " + e.action + " " + e.subject);
    }
    return out;
  }

  std::string time_zone_;
  ManualClock clock_{*ParseRfc3339("2026-03-02T10:00:00Z")};
  std::filesystem::path dir_;
  std::unique_ptr<Services> s_;
  int64_t acme_ = 0, globex_ = 0;
};

}  // namespace beleving::app
