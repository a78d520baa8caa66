// The configuration of one Beleving process, read once at start-up: the
// BELEVING_* environment variables give the defaults (FromEnvironment, the
// only place the product reads the environment), command-line flags override
// them (cli/), and everything below receives plain values from here.
#pragma once

#include <cstdint>
#include <string>

namespace beleving::app {

struct Config {
  // Storage: a data directory holding beleving.db (BELEVING_DATA).
  std::string data_dir = "./data";
  // HTTP: where to listen (BELEVING_LISTEN) and the public base URL for
  // links in e-mails and QR codes (BELEVING_PUBLIC_URL; empty: derived from
  // `listen`).
  std::string listen = "127.0.0.1:8080";
  std::string public_url;
  bool secure_cookies = false;  // behind TLS (BELEVING_SECURE_COOKIES=1)
  // Outbound e-mail: an smtp:// URL (BELEVING_SMTP_URL; empty: e-mails fail
  // and are shown as failed deliveries) and the sender (BELEVING_MAIL_FROM).
  std::string smtp_url;
  std::string mail_from = "feedback@beleving.example";
  // GET /metrics for operators: served only when set, to requests carrying
  // "Authorization: Bearer <metrics_token>" (BELEVING_METRICS_TOKEN).
  std::string metrics_token;
  // How long a survey link's rendered first view is reused (seconds; 0: never).
  int64_t survey_page_cache_seconds = 5;
  // The first admin's password for `user add` (BELEVING_PASSWORD).
  std::string password;
  // The operator running a CLI command, for the audit log (USER).
  std::string operator_name;

  // The public base URL: `public_url`, else http://`listen`.
  std::string PublicUrl() const;

  // Defaults overridden by the environment.
  static Config FromEnvironment();
};

}  // namespace beleving::app
