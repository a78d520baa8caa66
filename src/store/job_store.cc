#include "store/job_store.h"

namespace beleving::store {
namespace {

constexpr std::string_view kColumns =
    "id, org_id, kind, payload, state, run_at, attempts, last_error, dedupe_key";

JobRecord FromRow(const SqlRow& r) {
  JobRecord j;
  j.id = r[0].as_int();
  j.org_id = r[1].as_int();
  j.kind = r[2].as_text();
  j.payload = r[3].as_text();
  j.state = r[4].as_text();
  j.run_at = r[5].as_int();
  j.attempts = static_cast<int>(r[6].as_int());
  j.last_error = r[7].as_opt_text();
  j.dedupe_key = r[8].as_opt_text();
  return j;
}

// "kind IN ($k, $k+1, ...)" for the kinds, appending them to params.
std::string KindsIn(const std::vector<std::string>& kinds, SqlParams& params) {
  std::string s = "kind IN (";
  for (size_t i = 0; i < kinds.size(); ++i) {
    params.emplace_back(kinds[i]);
    if (i) s += ", ";
    s += "$" + std::to_string(params.size());
  }
  return s + ")";
}

}  // namespace

Result<std::optional<int64_t>> JobStore::Insert(SqlConn& c, int64_t org_id, const std::string& kind,
                                                const std::string& payload, UnixSeconds run_at,
                                                const std::optional<std::string>& dedupe_key,
                                                UnixSeconds now) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("INSERT INTO jobs (org_id, kind, payload, state, run_at, attempts, "
                           "dedupe_key, created_at, updated_at) VALUES ($1, $2, $3, 'pending', $4, "
                           "0, $5, $6, $6) ON CONFLICT (org_id, kind, dedupe_key) DO NOTHING "
                           "RETURNING id",
                           {org_id, kind, payload, run_at, dedupe_key, now}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0][0].as_int());
}

Result<std::vector<JobRecord>> JobStore::ClaimDue(SqlConn& c, const std::vector<std::string>& kinds,
                                                  UnixSeconds now, int64_t lease_seconds,
                                                  int limit) {
  std::vector<JobRecord> out;
  if (kinds.empty()) return out;
  SqlParams p{now};
  std::string in = KindsIn(kinds, p);
  p.emplace_back(limit);
  // On PostgreSQL several servers may claim at once: FOR UPDATE SKIP LOCKED
  // lets each take rows no other open claim holds (SQLite has one writer, and
  // no such clause). The UPDATE repeats the due test, so a row that is no
  // longer due when it is reached is not claimed twice.
  const char* lock = c.Dialect() == "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
  ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT " + std::string(kColumns) +
                             " FROM jobs WHERE ((state = 'pending' AND run_at <= $1) OR "
                             "(state = 'running' AND locked_until <= $1)) AND " +
                             in + " ORDER BY run_at, id LIMIT $" + std::to_string(p.size()) + lock,
                         p));
  for (const auto& r : rows) {
    JobRecord j = FromRow(r);
    ASSIGN_OR_RETURN(int64_t n,
                     c.Exec("UPDATE jobs SET state = 'running', attempts = attempts + 1, "
                            "locked_until = $2, updated_at = $3 WHERE id = $1 AND ((state = "
                            "'pending' AND run_at <= $3) OR (state = 'running' AND locked_until "
                            "<= $3))",
                            {j.id, now + lease_seconds, now}));
    if (n != 1) continue;
    j.state = "running";
    j.attempts += 1;
    out.push_back(std::move(j));
  }
  return out;
}

Result<bool> JobStore::AnyDue(SqlConn& c, const std::vector<std::string>& kinds, UnixSeconds now) {
  if (kinds.empty()) return false;
  SqlParams p{now};
  std::string in = KindsIn(kinds, p);
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id FROM jobs WHERE ((state = 'pending' AND run_at "
                                      "<= $1) OR (state = 'running' AND locked_until <= $1)) AND " +
                                          in + " LIMIT 1",
                                      p));
  return !rows.empty();
}

Result<JobQueueStats> JobStore::QueueStats(SqlConn& c, UnixSeconds now) {
  JobQueueStats s;
  ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT "
                                        "(SELECT COUNT(*) FROM jobs WHERE state = 'pending'), "
                                        "(SELECT COUNT(*) FROM jobs WHERE state = 'dead'), "
                                        "(SELECT COUNT(*) FROM jobs WHERE state = 'running' AND "
                                        "locked_until > $1)",
                                        {now}));
  s.pending = row[0].as_int();
  s.dead = row[1].as_int();
  s.running = row[2].as_int();
  ASSIGN_OR_RETURN(auto due, c.QueryOne("SELECT COUNT(*), MIN(run_at) FROM jobs WHERE "
                                        "(state = 'pending' AND run_at <= $1) OR "
                                        "(state = 'running' AND locked_until <= $1)",
                                        {now}));
  s.due = due[0].as_int();
  if (!due[1].is_null()) s.oldest_due_run_at = due[1].as_int();
  return s;
}

Status JobStore::MarkDone(SqlConn& c, int64_t id, UnixSeconds now) {
  ASSIGN_OR_RETURN(int64_t n, c.Exec("UPDATE jobs SET state = 'done', payload = '{}', "
                                     "locked_until = NULL, updated_at = $2 WHERE id = $1",
                                     {id, now}));
  (void)n;
  return Status::Ok();
}

Status JobStore::MarkFailed(SqlConn& c, int64_t id, const std::string& error, UnixSeconds run_at,
                            bool dead, UnixSeconds now) {
  ASSIGN_OR_RETURN(int64_t n,
                   c.Exec("UPDATE jobs SET state = $2, run_at = $3, last_error = $4, "
                          "locked_until = NULL, updated_at = $5 WHERE id = $1",
                          {id, dead ? "dead" : "pending", run_at, error.substr(0, 1000), now}));
  (void)n;
  return Status::Ok();
}

Result<std::optional<JobRecord>> JobStore::Get(SqlConn& c, int64_t id) {
  ASSIGN_OR_RETURN(auto rows,
                   c.Query("SELECT " + std::string(kColumns) + " FROM jobs WHERE id = $1", {id}));
  if (rows.empty()) return std::optional<JobRecord>();
  return std::optional<JobRecord>(FromRow(rows[0]));
}

Result<std::vector<JobRecord>> JobStore::List(SqlConn& c, int64_t org_id, const std::string& kind,
                                              int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query("SELECT " + std::string(kColumns) +
                                          " FROM jobs WHERE org_id = $1 AND kind = $2 ORDER BY id "
                                          "DESC LIMIT $3",
                                      {org_id, kind, limit}));
  std::vector<JobRecord> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace beleving::store
