// Personal invitations made by a person (the API's POST /api/v1/invitations,
// `beleving invite create`), and the list of invitations with their delivery
// status. Invitations the trigger planner makes are survey/invitation.h's.
//
// Creating one: the survey and customer are named by key; the customer must
// not have opted out. The e-mail is queued (and sent by the job runner) only
// when asked for and the customer consented and has an address; the link is
// answered either way. Audited ("create", subject "invitation:ID") in the
// same transaction as the invitation and its mail job.
//
// Who may: both need Principal::CanManage.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "security/principal.h"
#include "store/sql.h"
#include "survey/invitation.h"

namespace beleving::survey {

// The delivery states of an invitation (invitations.status); see docs/ask.md.
inline constexpr std::array<const char*, 6> kInvitationStatuses = {"queued", "created", "sent",
                                                                   "failed", "skipped", "answered"};
// The largest page of the invitation list.
inline constexpr int kMaxInvitationPage = 1000;

struct InvitationInput {
  std::string survey;                     // survey key
  std::string customer;                   // the customer's key
  std::optional<int64_t> interaction_id;  // the moment it is about
  bool email = true;                      // queue the invitation e-mail when allowed
};

struct InvitationView {
  int64_t id = 0;
  int64_t survey_id = 0;
  std::optional<int64_t> customer_id, interaction_id;
  std::string status;  // one of kInvitationStatuses
  std::optional<std::string> language;
  UnixSeconds send_at = 0, expires_at = 0;
  std::optional<UnixSeconds> sent_at, reminded_at, answered_at;
  std::optional<std::string> last_error;
};

struct CreatedInvitation {
  InvitationView invitation;
  std::string url;      // the survey link (holds the token; shown once)
  bool mailed = false;  // the e-mail was queued
};

struct InvitationPage {
  std::vector<InvitationView> items;
  std::optional<int64_t> next_after;  // the cursor of the next page, when there may be one
};

class InvitationService {
 public:
  InvitationService(store::Database& db, const Clock& clock, Asking& asking)
      : db_(db), clock_(clock), asking_(asking) {}

  // InvalidArgument naming the field (/survey, /customer, /interaction_id)
  // for an unknown survey, customer or interaction, an interaction of another
  // customer (one without a customer may be named), or an opted-out customer.
  // Nothing is created or audited when refused.
  Result<CreatedInvitation> Create(const security::Principal& who, const InvitationInput& in);
  // Personal invitations with id > `after`, ascending, at most `limit`
  // (1..kMaxInvitationPage).
  Result<InvitationPage> List(const security::Principal& who, int64_t after, int limit);

 private:
  store::Database& db_;
  const Clock& clock_;
  Asking& asking_;
};

}  // namespace beleving::survey
