#include "loop/loop.h"

#include "core/log.h"

namespace beleving::loop {
namespace {

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Loop::Loop(store::Database& db, const Clock& clock, jobs::JobRunner& jobs, LoopOptions options)
    : clock_(clock),
      jobs_(jobs),
      sla_settings_(db, clock),
      deliveries_(db, clock, jobs, options.smtp_url, options.mail_from),
      alerts_(db, clock, deliveries_, WithoutTrailingSlash(options.public_url)),
      follow_ups_(db, clock, jobs, sla_settings_, options.smtp_url, options.mail_from,
                  options.public_url),
      promise_mails_(db, clock, jobs, sla_settings_, options.smtp_url, options.mail_from),
      cases_(db, clock, alerts_, follow_ups_, sla_settings_),
      complaints_(db, clock, cases_),
      promises_(db, clock, cases_, alerts_, sla_settings_, promise_mails_),
      sla_watch_(db, clock, cases_, alerts_, sla_settings_),
      webhooks_(db, clock, deliveries_),
      tick_(db, clock, cases_, alerts_, promises_, sla_watch_) {}

void Loop::Register() {
  deliveries_.Register();
  follow_ups_.Register();
  promise_mails_.Register();
  jobs_.AddTick([this] {
    Status st = Tick();
    if (!st.ok()) log::Warn("loop tick failed: {}", st.ToString());
  });
}

}  // namespace beleving::loop
