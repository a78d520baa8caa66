// Pulse rounds: the product's own anonymous pulse links. A round is a
// team's month; opening it gives every employee of the team one link (a
// random token, of which only the SHA-256 is stored). The link answers
// once, without a login; the answer is stored with team, round and day
// only (store/people_store.h), and results follow people/pulse_anonymity.h.
//
// Rules
// - Open needs CanManage and a team in the caller's scope (InvalidArgument
//   naming "/team"); it is idempotent per team and month: employees who
//   already have a link get none (their token cannot be shown again). One
//   audit entry ("open pulse_round:ID").
// - Answer: an unknown token is NotFound; a used link AlreadyExists (the
//   first answer stays, the second is not stored); a closed round
//   FailedPrecondition. eNPS 0..10 ("/enps"), the engagement items 1..5
//   ("/engagement_N"), a comment of at most kMaxPulseComment bytes
//   ("/comment"). Not audited: an audit row with a time would let the
//   answer be matched to the moment a link was used.
//
// Thread safety: stateless over a thread-safe Database.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "security/principal.h"
#include "store/sql.h"

namespace beleving::people {

// Days a round's links answer after it opens.
inline constexpr int kPulseRoundDays = 14;

struct PulseInvite {
  int64_t employee_id = 0;
  std::string name;
  std::optional<std::string> email;
  std::string token;  // shown once: only its hash is stored
};

struct RoundOpened {
  int64_t round_id = 0;
  int month = 0;  // YYYYMM
  UnixSeconds closes_at = 0;
  std::vector<PulseInvite> invites;  // the links made now
};

struct PulseLinkAnswer {
  int enps = 0;
  std::optional<int> engagement_1, engagement_2, engagement_3;  // 1..5
  std::optional<std::string> comment;
};

class PulseRounds {
 public:
  PulseRounds(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<RoundOpened> Open(const security::Principal& who, const std::string& team);
  Status Answer(const std::string& token, const PulseLinkAnswer& answer);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace beleving::people
