#include "store/ask_store.h"

namespace beleving::store {
namespace {

constexpr std::string_view kInvitationColumns =
    "id, org_id, token_hash, survey_id, customer_id, interaction_id, touchpoint_id, location_id, "
    "language, status, send_at, expires_at, sent_at, reminded_at, answered_at, last_error, "
    "form_nonce, draft, created_at";

Invitation InvitationFromRow(const SqlRow& r) {
  Invitation i;
  i.id = r[0].as_int();
  i.org_id = r[1].as_int();
  i.token_hash = r[2].as_text();
  i.survey_id = r[3].as_int();
  i.customer_id = r[4].as_opt_int();
  i.interaction_id = r[5].as_opt_int();
  i.touchpoint_id = r[6].as_opt_int();
  i.location_id = r[7].as_opt_int();
  i.language = r[8].as_opt_text();
  i.status = r[9].as_text();
  i.send_at = r[10].as_int();
  i.expires_at = r[11].as_int();
  i.sent_at = r[12].as_opt_int();
  i.reminded_at = r[13].as_opt_int();
  i.answered_at = r[14].as_opt_int();
  i.last_error = r[15].as_opt_text();
  i.form_nonce = r[16].as_text();
  i.draft = r[17].as_text();
  i.created_at = r[18].as_int();
  return i;
}

CustomerContact CustomerFromRow(const SqlRow& r) {
  CustomerContact cc;
  cc.id = r[0].as_int();
  cc.key = r[1].as_text();
  cc.name = r[2].as_opt_text();
  cc.email = r[3].as_opt_text();
  cc.language = r[4].as_opt_text();
  cc.consent = r[5].as_int() != 0;
  cc.opted_out = r[6].as_int() != 0;
  cc.erased = !r[7].is_null();
  return cc;
}

constexpr std::string_view kCustomerColumns =
    "id, key, name, email, language, consent, opted_out, erased_at";

}  // namespace

Result<AskSettings> AskStore::Settings(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT fatigue_days, daily_cap, sample_percent, "
                                      "expiry_days, reminder_days FROM ask_settings WHERE org_id "
                                      "= $1",
                                      {t.org_id()}));
  AskSettings s;
  if (rows.empty()) return s;
  s.fatigue_days = static_cast<int>(rows[0][0].as_int());
  s.daily_cap = static_cast<int>(rows[0][1].as_int());
  s.sample_percent = static_cast<int>(rows[0][2].as_int());
  s.expiry_days = static_cast<int>(rows[0][3].as_int());
  s.reminder_days = static_cast<int>(rows[0][4].as_int());
  return s;
}

Status AskStore::PutSettings(SqlConn& c, const TenantScope& t, const AskSettings& s,
                             UnixSeconds now) {
  return c
      .Exec(
          "INSERT INTO ask_settings (org_id, fatigue_days, daily_cap, sample_percent, "
          "expiry_days, reminder_days, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON "
          "CONFLICT (org_id) DO UPDATE SET fatigue_days = excluded.fatigue_days, daily_cap = "
          "excluded.daily_cap, sample_percent = excluded.sample_percent, expiry_days = "
          "excluded.expiry_days, reminder_days = excluded.reminder_days, updated_at = "
          "excluded.updated_at",
          {t.org_id(), s.fatigue_days, s.daily_cap, s.sample_percent, s.expiry_days,
           s.reminder_days, now})
      .status();
}

Result<std::vector<SurveyTrigger>> AskStore::Triggers(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT g.id, g.touchpoint_id, COALESCE(tp.key, ''), g.survey_id, s.key, "
                         "g.delay_seconds, g.enabled FROM survey_triggers g JOIN surveys s ON "
                         "s.id = g.survey_id LEFT JOIN touchpoints tp ON tp.id = g.touchpoint_id "
                         "WHERE g.org_id = $1 ORDER BY g.id",
                         {t.org_id()}));
  std::vector<SurveyTrigger> out;
  for (const auto& r : rows) {
    SurveyTrigger tr;
    tr.id = r[0].as_int();
    tr.touchpoint_id = r[1].as_opt_int();
    tr.touchpoint_key = r[2].as_text();
    tr.survey_id = r[3].as_int();
    tr.survey_key = r[4].as_text();
    tr.delay_seconds = r[5].as_int();
    tr.enabled = r[6].as_int() != 0;
    out.push_back(std::move(tr));
  }
  return out;
}

Status AskStore::PutTrigger(SqlConn& c, const TenantScope& t, const SurveyTrigger& tr,
                            UnixSeconds now) {
  // NULL touchpoints never conflict in a UNIQUE index, so look the row up.
  ASSIGN_OR_RETURN(
      auto id, c.QueryInt(tr.touchpoint_id ? "SELECT id FROM survey_triggers WHERE org_id = $1 AND "
                                             "touchpoint_id = $2"
                                           : "SELECT id FROM survey_triggers WHERE org_id = $1 AND "
                                             "touchpoint_id IS NULL",
                          tr.touchpoint_id ? SqlParams{t.org_id(), *tr.touchpoint_id}
                                           : SqlParams{t.org_id()}));
  if (id) {
    return c
        .Exec(
            "UPDATE survey_triggers SET survey_id = $2, delay_seconds = $3, enabled = $4, "
            "updated_at = $5 WHERE id = $1",
            {*id, tr.survey_id, tr.delay_seconds, tr.enabled, now})
        .status();
  }
  return c
      .Exec(
          "INSERT INTO survey_triggers (org_id, touchpoint_id, survey_id, delay_seconds, "
          "enabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
          {t.org_id(), tr.touchpoint_id, tr.survey_id, tr.delay_seconds, tr.enabled, now})
      .status();
}

Result<bool> AskStore::DeleteTrigger(SqlConn& c, const TenantScope& t,
                                     std::optional<int64_t> touchpoint_id) {
  ASSIGN_OR_RETURN(
      int64_t n,
      touchpoint_id ? c.Exec("DELETE FROM survey_triggers WHERE org_id = $1 AND touchpoint_id = $2",
                             {t.org_id(), *touchpoint_id})
                    : c.Exec("DELETE FROM survey_triggers WHERE org_id = $1 AND touchpoint_id IS "
                             "NULL",
                             {t.org_id()}));
  return n > 0;
}

Result<std::optional<SurveyTrigger>> AskStore::TriggerFor(SqlConn& c, const TenantScope& t,
                                                          std::optional<int64_t> touchpoint_id) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT id, touchpoint_id, survey_id, delay_seconds, enabled FROM "
                           "survey_triggers WHERE org_id = $1 AND (touchpoint_id = $2 OR "
                           "touchpoint_id IS NULL) ORDER BY touchpoint_id IS NULL LIMIT 1",
                           {t.org_id(), touchpoint_id}));
  if (rows.empty()) return std::optional<SurveyTrigger>();
  SurveyTrigger tr;
  tr.id = rows[0][0].as_int();
  tr.touchpoint_id = rows[0][1].as_opt_int();
  tr.survey_id = rows[0][2].as_int();
  tr.delay_seconds = rows[0][3].as_int();
  tr.enabled = rows[0][4].as_int() != 0;
  return std::optional<SurveyTrigger>(tr);
}

Result<int64_t> AskStore::Cursor(SqlConn& c) {
  ASSIGN_OR_RETURN(auto v,
                   c.QueryInt("SELECT last_id FROM ask_cursor WHERE name = 'interactions'"));
  return v.value_or(0);
}

Status AskStore::SetCursor(SqlConn& c, int64_t last_id) {
  return c
      .Exec(
          "INSERT INTO ask_cursor (name, last_id) VALUES ('interactions', $1) ON CONFLICT "
          "(name) DO UPDATE SET last_id = excluded.last_id",
          {last_id})
      .status();
}

Result<std::vector<InteractionRecord>> AskStore::InteractionsAfter(SqlConn& c, int64_t after,
                                                                   int limit) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT id, org_id, external_id, customer_id, touchpoint_id, "
                           "employee_id, team_id, location_id, channel, occurred_at, created_at "
                           "FROM interactions WHERE id > $1 ORDER BY id LIMIT $2",
                           {after, limit}));
  std::vector<InteractionRecord> out;
  for (const auto& r : rows) {
    InteractionRecord i;
    i.id = r[0].as_int();
    i.org_id = r[1].as_int();
    i.external_id = r[2].as_text();
    i.customer_id = r[3].as_opt_int();
    i.touchpoint_id = r[4].as_opt_int();
    i.employee_id = r[5].as_opt_int();
    i.team_id = r[6].as_opt_int();
    i.location_id = r[7].as_opt_int();
    i.channel = r[8].as_opt_text();
    i.occurred_at = r[9].as_int();
    i.created_at = r[10].as_int();
    out.push_back(std::move(i));
  }
  return out;
}

Result<std::optional<CustomerContact>> AskStore::Customer(SqlConn& c, const TenantScope& t,
                                                          int64_t customer_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT " + std::string(kCustomerColumns) +
                                          " FROM customers WHERE org_id = $1 AND id = $2",
                                      {t.org_id(), customer_id}));
  if (rows.empty()) return std::optional<CustomerContact>();
  return std::optional<CustomerContact>(CustomerFromRow(rows[0]));
}

Result<std::optional<CustomerContact>> AskStore::CustomerByKey(SqlConn& c, const TenantScope& t,
                                                               const std::string& key) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT " + std::string(kCustomerColumns) +
                                          " FROM customers WHERE org_id = $1 AND key = $2",
                                      {t.org_id(), key}));
  if (rows.empty()) return std::optional<CustomerContact>();
  return std::optional<CustomerContact>(CustomerFromRow(rows[0]));
}

Status AskStore::OptOut(SqlConn& c, const TenantScope& t, int64_t customer_id) {
  return c
      .Exec("UPDATE customers SET opted_out = 1 WHERE org_id = $1 AND id = $2",
            {t.org_id(), customer_id})
      .status();
}

Result<bool> AskStore::InvitedSince(SqlConn& c, const TenantScope& t, int64_t customer_id,
                                    UnixSeconds since) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id FROM invitations WHERE org_id = $1 AND "
                                      "customer_id = $2 AND created_at >= $3 LIMIT 1",
                                      {t.org_id(), customer_id, since}));
  return !rows.empty();
}

Result<int64_t> AskStore::CountInvitedSince(SqlConn& c, const TenantScope& t, UnixSeconds since) {
  ASSIGN_OR_RETURN(auto n, c.QueryInt("SELECT COUNT(*) FROM invitations WHERE org_id = $1 AND "
                                      "customer_id IS NOT NULL AND created_at >= $2",
                                      {t.org_id(), since}));
  return n.value_or(0);
}

Result<int64_t> AskStore::InsertInvitation(SqlConn& c, const TenantScope& t, const Invitation& i) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("INSERT INTO invitations (org_id, token_hash, survey_id, customer_id, "
              "interaction_id, touchpoint_id, location_id, language, status, send_at, expires_at, "
              "form_nonce, draft, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
              "$11, $12, '{}', $13) RETURNING id",
              {t.org_id(), i.token_hash, i.survey_id, i.customer_id, i.interaction_id,
               i.touchpoint_id, i.location_id, i.language, i.status, i.send_at, i.expires_at,
               i.form_nonce, i.created_at}));
  if (rows.empty()) return Internal("invitation insert returned no id");
  return rows[0][0].as_int();
}

Result<std::optional<Invitation>> AskStore::InvitationByTokenHash(SqlConn& c,
                                                                  const std::string& hash) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT " + std::string(kInvitationColumns) +
                                          " FROM invitations WHERE token_hash = $1",
                                      {hash}));
  if (rows.empty()) return std::optional<Invitation>();
  return std::optional<Invitation>(InvitationFromRow(rows[0]));
}

Result<std::optional<Invitation>> AskStore::InvitationById(SqlConn& c, const TenantScope& t,
                                                           int64_t id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT " + std::string(kInvitationColumns) +
                                          " FROM invitations WHERE org_id = $1 AND id = $2",
                                      {t.org_id(), id}));
  if (rows.empty()) return std::optional<Invitation>();
  return std::optional<Invitation>(InvitationFromRow(rows[0]));
}

Result<std::vector<Invitation>> AskStore::ListInvitations(SqlConn& c, const TenantScope& t,
                                                          int64_t after, int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT " + std::string(kInvitationColumns) +
                                          " FROM invitations WHERE org_id = $1 AND id > $2 AND "
                                          "customer_id IS NOT NULL ORDER BY id LIMIT $3",
                                      {t.org_id(), after, limit}));
  std::vector<Invitation> out;
  for (const auto& r : rows) out.push_back(InvitationFromRow(r));
  return out;
}

Status AskStore::SetDelivery(SqlConn& c, const TenantScope& t, int64_t id,
                             const std::string& status, const std::optional<std::string>& error,
                             std::optional<UnixSeconds> sent_at, bool reminder) {
  if (reminder) {
    return c
        .Exec(
            "UPDATE invitations SET reminded_at = COALESCE($3, reminded_at), last_error = $4 "
            "WHERE org_id = $1 AND id = $2",
            {t.org_id(), id, sent_at, error})
        .status();
  }
  return c
      .Exec(
          "UPDATE invitations SET status = CASE WHEN status = 'answered' THEN status ELSE $3 "
          "END, sent_at = COALESCE($4, sent_at), last_error = $5 WHERE org_id = $1 AND id = $2",
          {t.org_id(), id, status, sent_at, error})
      .status();
}

Status AskStore::SaveDraft(SqlConn& c, const TenantScope& t, int64_t id, const std::string& draft) {
  return c
      .Exec("UPDATE invitations SET draft = $3 WHERE org_id = $1 AND id = $2",
            {t.org_id(), id, draft})
      .status();
}

Result<bool> AskStore::MarkAnswered(SqlConn& c, const TenantScope& t, int64_t id, UnixSeconds at) {
  ASSIGN_OR_RETURN(int64_t n, c.Exec("UPDATE invitations SET status = 'answered', answered_at = "
                                     "$3 WHERE org_id = $1 AND id = $2 AND answered_at IS NULL",
                                     {t.org_id(), id, at}));
  return n > 0;
}

Result<bool> AskStore::BeginMail(SqlConn& c, int64_t invitation_id, const std::string& purpose) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT status FROM invitation_mails WHERE invitation_id = "
                                      "$1 AND purpose = $2",
                                      {invitation_id, purpose}));
  if (!rows.empty() && rows[0][0].as_text() == "sent") return false;
  if (rows.empty()) {
    RETURN_IF_ERROR(c.Exec("INSERT INTO invitation_mails (invitation_id, purpose, status, "
                           "attempts) VALUES ($1, $2, 'sending', 1)",
                           {invitation_id, purpose})
                        .status());
  } else {
    RETURN_IF_ERROR(c.Exec("UPDATE invitation_mails SET status = 'sending', attempts = attempts "
                           "+ 1 WHERE invitation_id = $1 AND purpose = $2",
                           {invitation_id, purpose})
                        .status());
  }
  return true;
}

Status AskStore::EndMail(SqlConn& c, int64_t invitation_id, const std::string& purpose, bool sent,
                         const std::optional<std::string>& error, UnixSeconds now) {
  return c
      .Exec(
          "UPDATE invitation_mails SET status = $3, last_error = $4, sent_at = $5 WHERE "
          "invitation_id = $1 AND purpose = $2",
          {invitation_id, purpose, sent ? "sent" : "failed", error,
           sent ? SqlValue(now) : SqlValue()})
      .status();
}

Result<std::string> AskStore::QrCode(SqlConn& c, const TenantScope& t, int64_t survey_id,
                                     std::optional<int64_t> touchpoint_id,
                                     std::optional<int64_t> location_id,
                                     const std::string& new_code, UnixSeconds now) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT code FROM qr_codes WHERE org_id = $1 AND survey_id = $2 AND "
              "COALESCE(touchpoint_id, 0) = $3 AND COALESCE(location_id, 0) = $4",
              {t.org_id(), survey_id, touchpoint_id.value_or(0), location_id.value_or(0)}));
  if (!rows.empty()) return rows[0][0].as_text();
  RETURN_IF_ERROR(c.Exec("INSERT INTO qr_codes (org_id, code, survey_id, touchpoint_id, "
                         "location_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                         {t.org_id(), new_code, survey_id, touchpoint_id, location_id, now})
                      .status());
  return new_code;
}

Result<std::optional<AskStore::QrTarget>> AskStore::QrByCode(SqlConn& c, const std::string& code) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT org_id, survey_id, touchpoint_id, location_id FROM "
                                      "qr_codes WHERE code = $1",
                                      {code}));
  if (rows.empty()) return std::optional<QrTarget>();
  QrTarget q{rows[0][0].as_int(), rows[0][1].as_int(), rows[0][2].as_opt_int(),
             rows[0][3].as_opt_int()};
  return std::optional<QrTarget>(q);
}

Result<std::optional<int64_t>> AskStore::DimensionId(SqlConn& c, const TenantScope& t,
                                                     const std::string& table,
                                                     const std::string& key) {
  if (table != "touchpoints" && table != "locations" && table != "employees" && table != "teams" &&
      table != "customers") {
    return InvalidArgument("unknown dimension " + table);
  }
  return c.QueryInt("SELECT id FROM " + table + " WHERE org_id = $1 AND key = $2",
                    {t.org_id(), key});
}

Result<std::string> AskStore::DimensionKey(SqlConn& c, const TenantScope& t,
                                           const std::string& table, int64_t id) {
  if (table != "touchpoints" && table != "locations" && table != "employees" && table != "teams" &&
      table != "customers") {
    return InvalidArgument("unknown dimension " + table);
  }
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT key FROM " + table + " WHERE org_id = $1 AND id = $2",
                                      {t.org_id(), id}));
  return rows.empty() ? std::string() : rows[0][0].as_text();
}

}  // namespace beleving::store
