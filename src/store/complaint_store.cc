#include "store/complaint_store.h"

namespace beleving::store {
namespace {

const char* kComplaintCols =
    "c.id, c.org_id, c.source, c.source_ref, c.received_at, c.customer_id, c.name, c.email, "
    "c.product, c.issue, c.subject, c.narrative, c.case_id, c.created_at";

ComplaintRecord ComplaintFromRow(const SqlRow& r) {
  ComplaintRecord x;
  x.id = r[0].as_int();
  x.org_id = r[1].as_int();
  x.source = r[2].as_text();
  x.source_ref = r[3].as_text();
  x.received_at = r[4].as_int();
  x.customer_id = r[5].as_opt_int();
  x.name = r[6].as_opt_text();
  x.email = r[7].as_opt_text();
  x.product = r[8].as_opt_text();
  x.issue = r[9].as_opt_text();
  x.subject = r[10].as_opt_text();
  x.narrative = r[11].as_opt_text();
  x.case_id = r[12].as_opt_int();
  x.created_at = r[13].as_int();
  return x;
}

// Complaints joined to their case, so the case's visibility applies.
std::string Select(const char* where) {
  return std::string("SELECT ") + kComplaintCols +
         " FROM complaints c LEFT JOIN cases k ON k.id = c.case_id WHERE c.org_id = $1 AND " +
         where;
}

}  // namespace

Result<std::optional<int64_t>> ComplaintStore::InsertComplaint(SqlConn& c,
                                                               const ComplaintRecord& r) {
  ASSIGN_OR_RETURN(
      auto rows,
      c.Query("INSERT INTO complaints (org_id, source, source_ref, received_at, customer_id, name, "
              "email, product, issue, subject, narrative, created_at) VALUES "
              "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (org_id, source_ref) DO "
              "NOTHING RETURNING id",
              {r.org_id, r.source, r.source_ref, r.received_at, r.customer_id, r.name, r.email,
               r.product, r.issue, r.subject, r.narrative, r.created_at}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0][0].as_int());
}

Status ComplaintStore::SetComplaintCase(SqlConn& c, const TenantScope& t, int64_t complaint_id,
                                        int64_t case_id) {
  return c
      .Exec("UPDATE complaints SET case_id = $3 WHERE org_id = $1 AND id = $2",
            {t.org_id(), complaint_id, case_id})
      .status();
}

Result<std::optional<ComplaintRecord>> ComplaintStore::GetComplaint(SqlConn& c,
                                                                    const TenantScope& t,
                                                                    int64_t id) {
  SqlParams p{t.org_id(), id};
  std::string sql = Select("c.id = $2");
  t.AppendSql("k", "owner_employee_id", &sql, &p);
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  if (rows.empty()) return std::optional<ComplaintRecord>();
  return std::optional<ComplaintRecord>(ComplaintFromRow(rows[0]));
}

Result<std::vector<ComplaintRecord>> ComplaintStore::ListComplaints(SqlConn& c,
                                                                    const TenantScope& t,
                                                                    int64_t after, int limit) {
  SqlParams p{t.org_id(), after};
  std::string sql = Select("c.id > $2");
  t.AppendSql("k", "owner_employee_id", &sql, &p);
  p.push_back(limit);
  sql += " ORDER BY c.id LIMIT $" + std::to_string(p.size());
  ASSIGN_OR_RETURN(auto rows, c.Query(sql, p));
  std::vector<ComplaintRecord> out;
  for (const auto& r : rows) out.push_back(ComplaintFromRow(r));
  return out;
}

}  // namespace beleving::store
