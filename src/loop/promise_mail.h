// The customer's copy of a promise made at the counter: when the person who
// made it asks, the promise's write queues one "loop.promise_mail" job; the
// job sends "Wij beloven: TEXT voor donderdag 17:00" (outbound/
// promise_mail_text.h) to the customer's address in the customer's language
// (else the organisation's) through SMTP, retried by the job runner. Nothing
// is queued for a customer without a plain address, who opted out or was
// erased; an address erased before sending is not written to.
#pragma once

#include <string>

#include "core/clock.h"
#include "jobs/job_runner.h"
#include "loop/sla_settings.h"
#include "store/promise_store.h"
#include "store/sql.h"

namespace beleving::loop {

class PromiseMails {
 public:
  // `smtp_url` empty: the jobs fail (logged as dead jobs).
  PromiseMails(store::Database& db, const Clock& clock, jobs::JobRunner& jobs,
               SlaSettings& settings, std::string smtp_url, std::string mail_from);

  // Registers the job kind. Call once at start-up.
  void Register();

  // Inside the promise's write: queues the e-mail for `p` (once per
  // promise). False when the customer cannot be written to (see above).
  Result<bool> Queue(store::SqlConn& c, const store::PromiseRecord& p);

  // The job handler (public for the tests).
  Status Deliver(const jobs::Job& job);

 private:
  store::Database& db_;
  const Clock& clock_;
  jobs::JobRunner& jobs_;
  SlaSettings& settings_;
  const std::string smtp_url_, mail_from_;
};

}  // namespace beleving::loop
