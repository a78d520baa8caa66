#include "store/follow_up_store.h"

namespace beleving::store {
namespace {

const char* kFollowUpCols =
    "id, org_id, case_id, customer_id, email, language, token_hash, created_at, sent_at, "
    "expires_at, answered_at, satisfied, comment";

FollowUpRecord FollowUpFromRow(const SqlRow& r) {
  FollowUpRecord f;
  f.id = r[0].as_int();
  f.org_id = r[1].as_int();
  f.case_id = r[2].as_int();
  f.customer_id = r[3].as_opt_int();
  f.email = r[4].as_opt_text();
  f.language = r[5].as_text();
  f.token_hash = r[6].as_opt_text();
  f.created_at = r[7].as_int();
  f.sent_at = r[8].as_opt_int();
  f.expires_at = r[9].as_opt_int();
  f.answered_at = r[10].as_opt_int();
  if (!r[11].is_null()) f.satisfied = r[11].as_int() != 0;
  f.comment = r[12].as_opt_text();
  return f;
}

Result<std::optional<FollowUpRecord>> One(SqlConn& c, const char* where, const SqlValue& v) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query(std::string("SELECT ") + kFollowUpCols + " FROM case_followups WHERE " + where, {v}));
  if (rows.empty()) return std::optional<FollowUpRecord>();
  return std::optional<FollowUpRecord>(FollowUpFromRow(rows[0]));
}

}  // namespace

Result<std::optional<int64_t>> FollowUpStore::InsertFollowUp(SqlConn& c, const FollowUpRecord& r) {
  ASSIGN_OR_RETURN(
      auto rows, c.Query("INSERT INTO case_followups (org_id, case_id, customer_id, email, "
                         "language, created_at) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT "
                         "(org_id, case_id) DO NOTHING RETURNING id",
                         {r.org_id, r.case_id, r.customer_id, r.email, r.language, r.created_at}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0][0].as_int());
}

Result<std::optional<FollowUpRecord>> FollowUpStore::SysFollowUp(SqlConn& c, const SystemScope&,
                                                                 int64_t id) {
  return One(c, "id = $1", id);
}

Result<std::optional<FollowUpRecord>> FollowUpStore::SysFollowUpByTokenHash(
    SqlConn& c, const SystemScope&, const std::string& hash) {
  return One(c, "token_hash = $1", hash);
}

Result<bool> FollowUpStore::ArmFollowUp(SqlConn& c, const SystemScope&, int64_t id,
                                        const std::string& token_hash, UnixSeconds expires_at) {
  ASSIGN_OR_RETURN(auto n, c.Exec("UPDATE case_followups SET token_hash = $2, expires_at = $3 "
                                  "WHERE id = $1 AND sent_at IS NULL",
                                  {id, token_hash, expires_at}));
  return n > 0;
}

Status FollowUpStore::MarkFollowUpSent(SqlConn& c, const SystemScope&, int64_t id, UnixSeconds at) {
  return c.Exec("UPDATE case_followups SET sent_at = $2 WHERE id = $1", {id, at}).status();
}

Result<bool> FollowUpStore::AnswerFollowUp(SqlConn& c, const TenantScope& t, int64_t id,
                                           bool satisfied,
                                           const std::optional<std::string>& comment,
                                           UnixSeconds at) {
  ASSIGN_OR_RETURN(auto n, c.Exec("UPDATE case_followups SET answered_at = $3, satisfied = $4, "
                                  "comment = $5 WHERE org_id = $1 AND id = $2 AND answered_at "
                                  "IS NULL",
                                  {t.org_id(), id, at, satisfied, comment}));
  return n > 0;
}

}  // namespace beleving::store
