// Storage of the satisfaction follow-ups of closed cases
// (loop/follow_ups.h): one per case, its e-mail address and language, the
// hash of the link's token, and the customer's single answer. The public
// page knows only the token, so its look-up is a Sys* read by the hash.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct FollowUpRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  int64_t case_id = 0;
  std::optional<int64_t> customer_id;
  std::optional<std::string> email;
  std::string language = "nl";
  std::optional<std::string> token_hash;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> sent_at, expires_at, answered_at;
  std::optional<bool> satisfied;
  std::optional<std::string> comment;
};

class FollowUpStore {
 public:
  // nullopt when the case already has one.
  static Result<std::optional<int64_t>> InsertFollowUp(SqlConn& c, const FollowUpRecord& r);
  static Result<std::optional<FollowUpRecord>> SysFollowUp(SqlConn& c, const SystemScope& all,
                                                           int64_t id);
  // The public page's look-up: the token hash is the only key it has.
  static Result<std::optional<FollowUpRecord>> SysFollowUpByTokenHash(SqlConn& c,
                                                                      const SystemScope& all,
                                                                      const std::string& hash);
  // Sets the token hash and expiry of a not yet sent follow-up; false when it
  // was sent already.
  static Result<bool> ArmFollowUp(SqlConn& c, const SystemScope& all, int64_t id,
                                  const std::string& token_hash, UnixSeconds expires_at);
  static Status MarkFollowUpSent(SqlConn& c, const SystemScope& all, int64_t id, UnixSeconds at);
  // Records the answer unless one was recorded already (single use): false
  // when the follow-up was answered before.
  static Result<bool> AnswerFollowUp(SqlConn& c, const TenantScope& t, int64_t id, bool satisfied,
                                     const std::optional<std::string>& comment, UnixSeconds at);
};

}  // namespace beleving::store
