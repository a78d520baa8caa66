#include "app/config.h"

#include <cstdlib>

namespace beleving::app {
namespace {

void Read(const char* name, std::string* out) {
  const char* v = std::getenv(name);
  if (v && *v) *out = v;
}

}  // namespace

std::string Config::PublicUrl() const {
  if (!public_url.empty()) return public_url;
  return "http://" + listen;
}

Config Config::FromEnvironment() {
  Config c;
  Read("BELEVING_DATA", &c.data_dir);
  Read("BELEVING_LISTEN", &c.listen);
  Read("BELEVING_PUBLIC_URL", &c.public_url);
  Read("BELEVING_SMTP_URL", &c.smtp_url);
  Read("BELEVING_MAIL_FROM", &c.mail_from);
  Read("BELEVING_PASSWORD", &c.password);
  Read("BELEVING_METRICS_TOKEN", &c.metrics_token);
  Read("USER", &c.operator_name);
  std::string secure;
  Read("BELEVING_SECURE_COOKIES", &secure);
  c.secure_cookies = secure == "1" || secure == "true";
  return c;
}

}  // namespace beleving::app
