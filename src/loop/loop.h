// Closing the loop: feedback becomes work for people. A detractor hears
// back from a person, every complaint is handled within its service level,
// every promise made to a customer is written down and kept, or it opens a
// case. The room's units, one job each:
//
//   case_flow.h      the ISO 10002 status flow and its transition table
//   case_service.h   cases: open, move, note, contact, wait, update, read
//   complaints.h     complaints from the API, the public form, e-mail, CSV
//   promise_ledger.h promises made, kept, broken, renegotiated; standards
//   promise_mail.h   the customer's copy of a promise made at the counter
//   sla.h            the pure SLA maths: business hours, timers
//   sla_settings.h   the business calendar and the SLA targets
//   sla_watch.h      SLA timers of open cases, escalation, the SLA report
//   alerts.h         alert rules and raising alerts
//   webhooks.h       webhooks and the delivery logs, re-sends
//   deliveries.h     the delivery jobs (webhook calls, alert e-mails)
//   follow_ups.h     the satisfaction follow-up after closing a case
//   loop_tick.h      the background tick that turns ingest into cases
//   email_import.h   parsing complaint e-mails and CSV files
// Sending (SMTP, webhook HTTP, mail texts) is the outbound room's.
//
// The Loop builds these once (app/services.h owns it) and wires them. Every
// write a person can make is one function of one of them, taking the
// caller (security::Principal) and answering a view: the API, the
// dashboard and the CLI call the same function, so they share its checks,
// its errors and its audit entry.
//
// Thread safety: the services may be called from any thread.
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "jobs/job_runner.h"
#include "loop/alerts.h"
#include "loop/case_service.h"
#include "loop/complaints.h"
#include "loop/deliveries.h"
#include "loop/follow_ups.h"
#include "loop/loop_tick.h"
#include "loop/promise_ledger.h"
#include "loop/promise_mail.h"
#include "loop/sla_settings.h"
#include "loop/sla_watch.h"
#include "loop/webhooks.h"
#include "store/sql.h"

namespace beleving::loop {

struct LoopOptions {
  // Outbound e-mail (alerts, follow-ups); empty: sending fails and is
  // logged as failed deliveries.
  std::string smtp_url;
  std::string mail_from = "alerts@beleving.example";
  // The base of links in e-mails (follow-up pages, cases on the dashboard).
  std::string public_url = "http://127.0.0.1:8080";
};

class Loop {
 public:
  Loop(store::Database& db, const Clock& clock, jobs::JobRunner& jobs, LoopOptions options = {});

  // Registers the tick and the job kinds (webhook, e-mail, follow-up) with
  // the job runner. Call once at start-up of a server; the CLI does not:
  // what it queues is sent by the next `serve`.
  void Register();
  // One pass of the background work (loop/loop_tick.h).
  Status Tick() { return tick_.Run(); }

  CaseService& cases() { return cases_; }
  ComplaintService& complaints() { return complaints_; }
  PromiseLedger& promises() { return promises_; }
  SlaSettings& sla() { return sla_settings_; }
  SlaWatch& sla_watch() { return sla_watch_; }
  Alerts& alerts() { return alerts_; }
  WebhookService& webhooks() { return webhooks_; }
  Deliveries& deliveries() { return deliveries_; }
  FollowUps& follow_ups() { return follow_ups_; }
  const Clock& clock() const { return clock_; }

 private:
  const Clock& clock_;
  jobs::JobRunner& jobs_;
  SlaSettings sla_settings_;
  Deliveries deliveries_;
  Alerts alerts_;
  FollowUps follow_ups_;
  PromiseMails promise_mails_;
  CaseService cases_;
  ComplaintService complaints_;
  PromiseLedger promises_;
  SlaWatch sla_watch_;
  WebhookService webhooks_;
  LoopTick tick_;
};

}  // namespace beleving::loop
