// Storage of complaints (the loop room, loop/complaints.h): one row per
// complaint from the API, the public form, an e-mail or a CSV import,
// deduplicated by its source reference. A complaint is visible to whoever
// sees its case.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct ComplaintRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string source;      // api, form, email, cfpb
  std::string source_ref;  // dedupe key: Message-ID, "cfpb:123", external id
  UnixSeconds received_at = 0;
  std::optional<int64_t> customer_id;
  std::optional<std::string> name, email, product, issue, subject, narrative;
  std::optional<int64_t> case_id;
  UnixSeconds created_at = 0;
};

class ComplaintStore {
 public:
  // nullopt when (org, source_ref) exists already.
  static Result<std::optional<int64_t>> InsertComplaint(SqlConn& c, const ComplaintRecord& r);
  static Status SetComplaintCase(SqlConn& c, const TenantScope& t, int64_t complaint_id,
                                 int64_t case_id);
  static Result<std::optional<ComplaintRecord>> GetComplaint(SqlConn& c, const TenantScope& t,
                                                             int64_t id);
  // Ascending ids after `after`.
  static Result<std::vector<ComplaintRecord>> ListComplaints(SqlConn& c, const TenantScope& t,
                                                             int64_t after, int limit);
};

}  // namespace beleving::store
