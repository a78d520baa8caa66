// Storage for asking customers for feedback (issue 4): survey triggers per
// touchpoint, fatigue settings per organisation, invitations with their
// tokens (stored as SHA-256 only), the e-mails sent for them, and QR codes.
// Tenant-facing calls take a TenantScope; the trigger planner and the public
// survey pages act as trusted system code with TenantScope::System of the
// organisation the invitation belongs to.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/moment_store.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct AskSettings {
  int fatigue_days = 30;     // at most one invitation per customer per this many days
  int daily_cap = 1000;      // at most this many invitations per org per UTC day
  int sample_percent = 100;  // share of eligible interactions that get one
  int expiry_days = 14;      // an invitation link stays valid this long
  int reminder_days = 3;     // one reminder this long after the first mail (0: none)
};

struct SurveyTrigger {
  int64_t id = 0;
  std::optional<int64_t> touchpoint_id;  // nullopt: the default for every touchpoint
  std::string touchpoint_key;            // filled by reads ("" for the default)
  int64_t survey_id = 0;
  std::string survey_key;  // filled by reads
  int64_t delay_seconds = 3600;
  bool enabled = true;
};

struct Invitation {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string token_hash;
  int64_t survey_id = 0;
  std::optional<int64_t> customer_id, interaction_id, touchpoint_id, location_id;
  std::optional<std::string> language;
  std::string status;  // queued, sent, failed, answered
  UnixSeconds send_at = 0, expires_at = 0;
  std::optional<UnixSeconds> sent_at, reminded_at, answered_at;
  std::optional<std::string> last_error;
  std::string form_nonce;
  std::string draft = "{}";
  UnixSeconds created_at = 0;
};

struct CustomerContact {
  int64_t id = 0;
  std::string key;
  std::optional<std::string> name, email, language;
  bool consent = false, opted_out = false, erased = false;
};

class AskStore {
 public:
  static Result<AskSettings> Settings(SqlConn& c, const TenantScope& t);
  static Status PutSettings(SqlConn& c, const TenantScope& t, const AskSettings& s,
                            UnixSeconds now);

  static Result<std::vector<SurveyTrigger>> Triggers(SqlConn& c, const TenantScope& t);
  // Creates or replaces the trigger of one touchpoint (or the default).
  static Status PutTrigger(SqlConn& c, const TenantScope& t, const SurveyTrigger& tr,
                           UnixSeconds now);
  static Result<bool> DeleteTrigger(SqlConn& c, const TenantScope& t,
                                    std::optional<int64_t> touchpoint_id);
  // The trigger for an interaction at `touchpoint_id`: its own, else the default.
  static Result<std::optional<SurveyTrigger>> TriggerFor(SqlConn& c, const TenantScope& t,
                                                         std::optional<int64_t> touchpoint_id);

  // The trigger planner's read position over the interactions table.
  static Result<int64_t> Cursor(SqlConn& c);
  static Status SetCursor(SqlConn& c, int64_t last_id);
  // Interactions of every org with id > after, ascending (planner, system).
  static Result<std::vector<InteractionRecord>> InteractionsAfter(SqlConn& c, int64_t after,
                                                                  int limit);

  static Result<std::optional<CustomerContact>> Customer(SqlConn& c, const TenantScope& t,
                                                         int64_t customer_id);
  static Result<std::optional<CustomerContact>> CustomerByKey(SqlConn& c, const TenantScope& t,
                                                              const std::string& key);
  static Status OptOut(SqlConn& c, const TenantScope& t, int64_t customer_id);

  // Fatigue: the newest invitation to this customer created at or after `since`.
  static Result<bool> InvitedSince(SqlConn& c, const TenantScope& t, int64_t customer_id,
                                   UnixSeconds since);
  // Personal invitations of the org created at or after `since`.
  static Result<int64_t> CountInvitedSince(SqlConn& c, const TenantScope& t, UnixSeconds since);

  static Result<int64_t> InsertInvitation(SqlConn& c, const TenantScope& t, const Invitation& inv);
  // By token hash, across orgs (the public page knows only the token).
  static Result<std::optional<Invitation>> InvitationByTokenHash(SqlConn& c,
                                                                 const std::string& hash);
  static Result<std::optional<Invitation>> InvitationById(SqlConn& c, const TenantScope& t,
                                                          int64_t id);
  static Result<std::vector<Invitation>> ListInvitations(SqlConn& c, const TenantScope& t,
                                                         int64_t after, int limit);
  static Status SetDelivery(SqlConn& c, const TenantScope& t, int64_t id, const std::string& status,
                            const std::optional<std::string>& error,
                            std::optional<UnixSeconds> sent_at, bool reminder);
  static Status SaveDraft(SqlConn& c, const TenantScope& t, int64_t id, const std::string& draft);
  // Marks answered unless already; returns false when it was already answered.
  static Result<bool> MarkAnswered(SqlConn& c, const TenantScope& t, int64_t id, UnixSeconds at);

  // The exactly-once record of e-mails: Begin returns false when this
  // (invitation, purpose) was already sent.
  static Result<bool> BeginMail(SqlConn& c, int64_t invitation_id, const std::string& purpose);
  static Status EndMail(SqlConn& c, int64_t invitation_id, const std::string& purpose, bool sent,
                        const std::optional<std::string>& error, UnixSeconds now);

  // QR codes: the code for (survey, touchpoint, location), creating it with
  // `new_code` when missing.
  static Result<std::string> QrCode(SqlConn& c, const TenantScope& t, int64_t survey_id,
                                    std::optional<int64_t> touchpoint_id,
                                    std::optional<int64_t> location_id, const std::string& new_code,
                                    UnixSeconds now);
  struct QrTarget {
    int64_t org_id = 0, survey_id = 0;
    std::optional<int64_t> touchpoint_id, location_id;
  };
  static Result<std::optional<QrTarget>> QrByCode(SqlConn& c, const std::string& code);

  // Id of a dimension row by key (touchpoints, locations), scoped.
  static Result<std::optional<int64_t>> DimensionId(SqlConn& c, const TenantScope& t,
                                                    const std::string& table,
                                                    const std::string& key);
  // The key of a dimension row by id, scoped ("" when missing).
  static Result<std::string> DimensionKey(SqlConn& c, const TenantScope& t,
                                          const std::string& table, int64_t id);
};

}  // namespace beleving::store
