#include "store/people_store.h"

#include <chrono>

namespace beleving::store {

namespace {
std::chrono::sys_days DayOf(UnixSeconds t) {
  return std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds(std::chrono::seconds(t)));
}
}  // namespace

int MonthOf(UnixSeconds t) {
  const std::chrono::year_month_day ymd(DayOf(t));
  return static_cast<int>(ymd.year()) * 100 + static_cast<int>(unsigned(ymd.month()));
}

UnixSeconds MonthStart(int month) {
  const std::chrono::year_month_day ymd(std::chrono::year(month / 100),
                                        std::chrono::month(static_cast<unsigned>(month % 100)),
                                        std::chrono::day(1));
  return std::chrono::sys_seconds(std::chrono::sys_days(ymd)).time_since_epoch().count();
}

UnixSeconds MonthEnd(int month) {
  const int next = month % 100 == 12 ? (month / 100 + 1) * 100 + 1 : month + 1;
  return MonthStart(next);
}

Result<std::map<std::string, int64_t, std::less<>>> PeopleStore::TeamIds(SqlConn& c,
                                                                         const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT key, id FROM teams WHERE org_id = $1", {t.org_id()}));
  std::map<std::string, int64_t, std::less<>> out;
  for (const auto& r : rows) out.emplace(r[0].as_text(), r[1].as_int());
  return out;
}

Result<std::map<int64_t, std::string>> PeopleStore::TeamKeys(SqlConn& c, const TenantScope& t) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, key FROM teams WHERE org_id = $1", {t.org_id()}));
  std::map<int64_t, std::string> out;
  for (const auto& r : rows) out.emplace(r[0].as_int(), r[1].as_text());
  return out;
}

Result<int64_t> PeopleStore::InsertPulseAnswer(SqlConn& c, const PulseAnswerRecord& a) {
  const UnixSeconds day = std::chrono::sys_seconds(DayOf(a.answered_at)).time_since_epoch().count();
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO pulse_answers (org_id, team_id, round_id, month, "
                 "answered_on, enps, engagement_1, engagement_2, engagement_3, "
                 "comment) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
                 {a.org_id, a.team_id, a.round_id, a.month.value_or(MonthOf(a.answered_at)), day,
                  a.enps, a.engagement_1, a.engagement_2, a.engagement_3, a.comment}));
  return row[0].as_int();
}

Result<std::vector<PulseAnswerRow>> PeopleStore::PulseAnswers(SqlConn& c, const TenantScope& t,
                                                              int from_month, int to_month) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT id, team_id, month, enps FROM pulse_answers WHERE org_id = $1 "
                           "AND month >= $2 AND month <= $3 ORDER BY team_id, month, id",
                           {t.org_id(), from_month, to_month}));
  std::vector<PulseAnswerRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r[0].as_int(), r[1].as_int(), static_cast<int>(r[2].as_int()),
                   static_cast<int>(r[3].as_int())});
  }
  return out;
}

Result<std::map<std::pair<int64_t, int>, int64_t>> PeopleStore::PublishedBlocks(
    SqlConn& c, const TenantScope& t, int from_month, int to_month) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT team_id, month, max_answer_id FROM pulse_published "
                                      "WHERE org_id = $1 AND month >= $2 AND month <= $3",
                                      {t.org_id(), from_month, to_month}));
  std::map<std::pair<int64_t, int>, int64_t> out;
  for (const auto& r : rows) {
    out[{r[0].as_int(), static_cast<int>(r[1].as_int())}] = r[2].as_int();
  }
  return out;
}

Status PeopleStore::SetPublishedBlock(SqlConn& c, const TenantScope& t, int64_t team_id, int month,
                                      int64_t max_answer_id) {
  ASSIGN_OR_RETURN(int64_t n, c.Exec("UPDATE pulse_published SET max_answer_id = $4 WHERE org_id = "
                                     "$1 AND team_id = $2 AND month = $3",
                                     {t.org_id(), team_id, month, max_answer_id}));
  if (n > 0) return Status::Ok();
  return c
      .Exec(
          "INSERT INTO pulse_published (org_id, team_id, month, max_answer_id) VALUES "
          "($1,$2,$3,$4)",
          {t.org_id(), team_id, month, max_answer_id})
      .status();
}

Result<std::vector<std::pair<int64_t, int>>> PeopleStore::TeamNpsScores(SqlConn& c,
                                                                        const TenantScope& t,
                                                                        UnixSeconds from,
                                                                        UnixSeconds to) {
  std::string sql =
      "SELECT r.team_id, r.nps FROM responses r WHERE r.org_id = $1 AND r.team_id IS NOT NULL "
      "AND r.nps IS NOT NULL AND r.submitted_at >= $2 AND r.submitted_at < $3";
  SqlParams params = {t.org_id(), from, to};
  t.AppendSql("r", "employee_id", &sql, &params);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<std::pair<int64_t, int>> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.emplace_back(r[0].as_int(), static_cast<int>(r[1].as_int()));
  return out;
}

Result<std::pair<int64_t, bool>> PeopleStore::EnsureRound(SqlConn& c, const TenantScope& t,
                                                          int64_t team_id, int month,
                                                          UnixSeconds now, UnixSeconds closes_at) {
  ASSIGN_OR_RETURN(auto id, c.QueryInt("SELECT id FROM pulse_rounds WHERE org_id = $1 AND "
                                       "team_id = $2 AND month = $3",
                                       {t.org_id(), team_id, month}));
  if (id) return std::pair<int64_t, bool>(*id, false);
  ASSIGN_OR_RETURN(auto row, c.QueryOne("INSERT INTO pulse_rounds (org_id, team_id, month, "
                                        "opened_at, closes_at) VALUES ($1,$2,$3,$4,$5) "
                                        "RETURNING id",
                                        {t.org_id(), team_id, month, now, closes_at}));
  return std::pair<int64_t, bool>(row[0].as_int(), true);
}

Result<bool> PeopleStore::InsertLink(SqlConn& c, const TenantScope& t, int64_t round_id,
                                     int64_t employee_id, const std::string& token_hash) {
  ASSIGN_OR_RETURN(auto have, c.QueryInt("SELECT id FROM pulse_links WHERE round_id = $1 AND "
                                         "employee_id = $2",
                                         {round_id, employee_id}));
  if (have) return false;
  RETURN_IF_ERROR(c.Exec("INSERT INTO pulse_links (org_id, round_id, employee_id, token_hash) "
                         "VALUES ($1,$2,$3,$4)",
                         {t.org_id(), round_id, employee_id, token_hash})
                      .status());
  return true;
}

Result<std::optional<PulseLinkRecord>> PeopleStore::LinkByHash(SqlConn& c,
                                                               const std::string& token_hash) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT l.id, l.round_id, r.team_id, r.month, r.closes_at, "
                           "l.org_id FROM pulse_links l JOIN pulse_rounds r ON r.id = l.round_id "
                           "WHERE l.token_hash = $1",
                           {token_hash}));
  if (rows.empty()) return std::optional<PulseLinkRecord>();
  const auto& r = rows[0];
  PulseLinkRecord out;
  out.id = r[0].as_int();
  out.round_id = r[1].as_int();
  out.team_id = r[2].as_int();
  out.month = static_cast<int>(r[3].as_int());
  out.closes_at = r[4].as_int();
  out.org_id = r[5].as_int();
  return std::optional<PulseLinkRecord>(out);
}

Result<std::vector<PeopleStore::Member>> PeopleStore::TeamMembers(SqlConn& c, const TenantScope& t,
                                                                  int64_t team_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, name, email FROM employees WHERE org_id = $1 "
                                      "AND team_id = $2 ORDER BY id",
                                      {t.org_id(), team_id}));
  std::vector<Member> out;
  for (const auto& r : rows) out.push_back({r[0].as_int(), r[1].as_text(), r[2].as_opt_text()});
  return out;
}

Result<bool> PeopleStore::MarkTokenUsed(SqlConn& c, const std::string& used_mark) {
  auto n = c.Exec("INSERT INTO pulse_used_tokens (used_mark) VALUES ($1)", {used_mark});
  if (!n.ok() && n.status().code() == StatusCode::kAlreadyExists) return false;
  RETURN_IF_ERROR(n.status());
  return true;
}

}  // namespace beleving::store
