// The satisfaction follow-up: closing a case whose customer (or
// complainant) has an e-mail address queues one "loop.followup" job; the
// job makes a fresh token, stores only its hash and mails a link to the
// public page /followup/{token} in the customer's language. The first
// answer within kFollowUpValidSeconds sets the case's customer_satisfied
// and logs it; later answers are refused. One follow-up per case: a
// reopened and again closed case is not asked twice. A follow-up not sent
// within kFollowUpValidSeconds of the closing is dropped unsent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "jobs/job_runner.h"
#include "loop/sla_settings.h"
#include "store/case_store.h"
#include "store/sql.h"

namespace beleving::loop {

inline constexpr int64_t kFollowUpValidSeconds = 30 * 86400;
inline constexpr size_t kMaxFollowUpComment = 1000;  // bytes of UTF-8

// The satisfaction follow-up as its public page sees it.
enum class FollowUpState {
  kOpen,             // waiting for an answer
  kRecorded,         // the answer was just recorded
  kAlreadyAnswered,  // single use: a second answer changes nothing
  kExpired,
  kUnknown,  // no such token (also: malformed)
};
struct FollowUpView {
  FollowUpState state = FollowUpState::kUnknown;
  std::string language = "nl";  // "nl" or "en"
  std::string org_name;
  int64_t case_id = 0;
};

// What case_followups.token_hash holds for a follow-up link's token.
std::string FollowUpTokenHash(const std::string& token);

class FollowUps {
 public:
  // `smtp_url` empty: the follow-up jobs fail (logged as dead jobs);
  // `public_url`: the base of the links in the e-mails.
  FollowUps(store::Database& db, const Clock& clock, jobs::JobRunner& jobs, SlaSettings& settings,
            std::string smtp_url, std::string mail_from, std::string public_url);

  // Registers the job kind. Call once at start-up.
  void Register();

  // Inside the closing write: queues the e-mail unless the case has one
  // already or nobody to write to (no customer address, opted out or
  // erased, and no complainant's address).
  Status Queue(store::SqlConn& c, const store::CaseRecord& k);

  // The public page: what a token refers to (no write).
  Result<FollowUpView> Find(const std::string& token);
  // Records the answer once (state kRecorded) and sets the case's
  // customer_satisfied with a "satisfaction" log entry and an audit entry,
  // both by "customer"; any other state changes nothing. InvalidArgument
  // naming /comment for a comment over kMaxFollowUpComment bytes.
  Result<FollowUpView> Answer(const std::string& token, bool satisfied,
                              const std::optional<std::string>& comment);

  std::string Url(const std::string& token) const { return public_url_ + "/followup/" + token; }

  // The job handler (public for the tests).
  Status Deliver(const jobs::Job& job);

 private:
  Result<FollowUpView> FindIn(store::SqlConn& c, const std::string& token);

  store::Database& db_;
  const Clock& clock_;
  jobs::JobRunner& jobs_;
  SlaSettings& settings_;
  const std::string smtp_url_, mail_from_;
  std::string public_url_;
};

}  // namespace beleving::loop
