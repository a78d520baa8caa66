// Asking at the moment of truth: turning ingested interactions into survey
// invitations under the fatigue rules, and sending them (and one reminder)
// by e-mail through the durable job runner.
//
// Flow: the ingest interactions sink (writer thread, after commit) only marks
// the planner dirty and wakes the job runner. The planner runs as a job-runner
// tick: inside ONE Database::Write it reads the interactions after its stored
// cursor, decides per interaction (Decide below), inserts invitations,
// schedules their "ask.invite" jobs at interaction time + trigger delay and
// advances the cursor. So the fatigue decision is race-free (the writer is
// single) and crash-safe (cursor, invitations and jobs commit together; an
// interaction committed just before a crash is planned at the next start).
//
// Tokens: 32 random bytes (256 bits, base64url) from security::RandomToken.
// Only their SHA-256 is stored (invitations.token_hash); the token itself is
// in the link and in the payload of the not-yet-run mail jobs.
//
// E-mail is exactly-once per (invitation, purpose) as far as we control:
// invitation_mails records 'sending' before the SMTP transaction and 'sent'
// after it; a job rerun finds 'sent' and stops. Only a crash during the SMTP
// DATA exchange itself can still double-send (at-least-once there).
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "core/clock.h"
#include "jobs/job_runner.h"
#include "outbound/smtp.h"
#include "security/principal.h"
#include "store/ask_store.h"
#include "store/sql.h"

namespace beleving::survey {

enum class Verdict {
  kInvite,
  kNoCustomer,
  kNoConsent,
  kOptedOut,
  kNoEmail,
  kRecentlyInvited,
  kDailyCap,
  kNotSampled,
};
const char* VerdictName(Verdict v);

// The fatigue rules for one interaction's customer, in order: a known
// customer with consent, not opted out, with an e-mail address; no invitation
// in the last fatigue_days; the org's daily cap not reached; sampled in.
Verdict Decide(const store::AskSettings& s, const std::optional<store::CustomerContact>& customer,
               bool invited_within_fatigue_window, int64_t invited_today, int64_t org_id,
               int64_t interaction_id);

// Deterministic sampling: the same interaction is always in or out.
bool Sampled(int64_t org_id, int64_t interaction_id, int percent);

// A new invitation token: 32 random bytes, base64url (43 characters).
std::string NewToken();
std::string TokenHash(const std::string& token);
// Plausible token shape (before any lookup): 43 base64url characters.
bool LooksLikeToken(std::string_view s);

struct InviteRequest {
  int64_t survey_id = 0;
  std::optional<int64_t> customer_id;
  std::optional<store::InteractionRecord> interaction;
  std::optional<int64_t> touchpoint_id, location_id;  // when there is no interaction
  std::optional<std::string> language;
  UnixSeconds send_at = 0;
  bool mail = true;  // schedule the invitation e-mail
};

struct NewInvitation {
  int64_t id = 0;
  std::string token;
};

class Asking {
 public:
  static constexpr const char* kInviteJob = "ask.invite";

  Asking(store::Database& db, jobs::JobRunner& jobs, const Clock& clock, std::string public_url,
         std::string smtp_url, std::string mail_from);

  // Registers the mail job and the planner tick with the runner.
  void Register();
  // Called by the interactions sink: plan soon.
  void Nudge();
  // Plans invitations for interactions not yet considered; returns how many
  // invitations were created. Thread-safe with itself through the writer.
  Result<size_t> PlanPending();

  // Creates an invitation (and schedules its e-mail when asked) inside the
  // caller's Write.
  Result<NewInvitation> Create(store::SqlConn& c, const store::TenantScope& t,
                               const InviteRequest& req);

  std::string SurveyUrl(const std::string& token) const { return public_url_ + "/s/" + token; }
  std::string UnsubscribeUrl(const std::string& token) const { return public_url_ + "/u/" + token; }
  const std::string& public_url() const { return public_url_; }

 private:
  Status PlanOne(store::SqlConn& c, const store::InteractionRecord& i, UnixSeconds now,
                 size_t* created);
  Status SendMail(const jobs::Job& job);

  store::Database& db_;
  jobs::JobRunner& jobs_;
  const Clock& clock_;
  std::string public_url_;
  outbound::SmtpClient smtp_;
  std::string mail_from_;
  std::atomic<bool> dirty_{true};
};

}  // namespace beleving::survey
