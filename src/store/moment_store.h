// Interactions and responses in storage. Every query is scoped by a
// TenantScope: the org, and for managers and employees the teams, locations
// or the one employee whose feedback they may see.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/attribute_store.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

inline constexpr int kStoredDrivers = 8;

struct InteractionRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string external_id;
  std::optional<int64_t> customer_id, touchpoint_id, employee_id, team_id, location_id;
  std::optional<std::string> channel;
  UnixSeconds occurred_at = 0;
  UnixSeconds created_at = 0;
};

struct ResponseRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string external_id;
  std::optional<int64_t> survey_id, interaction_id;
  std::optional<int64_t> customer_id, touchpoint_id, employee_id, team_id, location_id;
  std::optional<std::string> channel;
  UnixSeconds submitted_at = 0;
  std::optional<int> nps, csat, ces;
  std::array<std::optional<int>, kStoredDrivers> drivers;
  std::optional<std::string> comment;
  std::string answers = "{}";  // other answers as a JSON object text
  UnixSeconds created_at = 0;
  std::optional<int64_t> import_source_id;  // set on insert only (file imports)
  // The question-set version of the survey answered (surveys.version when
  // stored; unset for responses stored before versions were kept).
  std::optional<int> survey_version;
  // The customer's attributes when the response was stored, as dictionary
  // codes per slot (store/attribute_store.h; 0 = no value).
  AttributeCodes attributes{};
  // Filled by reads: the keys of the referenced dimensions.
  std::string customer_key, touchpoint_key, location_key, team_key, employee_key, survey_key;
};

struct ResponseFilter {
  std::optional<UnixSeconds> from, to;  // submitted_at in [from, to)
  std::optional<int64_t> customer_id, touchpoint_id, employee_id, team_id, location_id;
  std::optional<int> min_nps, max_nps;
};

class MomentStore {
 public:
  // Inserts unless (org, external_id) exists; returns the new id, or nullopt
  // for a duplicate.
  static Result<std::optional<int64_t>> InsertInteraction(SqlConn& c, const InteractionRecord& r);
  static Result<std::optional<int64_t>> InsertResponse(SqlConn& c, const ResponseRecord& r);

  static Result<std::optional<InteractionRecord>> GetInteraction(SqlConn& c, const TenantScope& t,
                                                                 int64_t id);
  static Result<std::optional<InteractionRecord>> InteractionByExternalId(
      SqlConn& c, const TenantScope& t, const std::string& external_id);
  static Result<std::vector<InteractionRecord>> ListInteractions(SqlConn& c, const TenantScope& t,
                                                                 int64_t after, int limit);

  static Result<std::optional<ResponseRecord>> GetResponse(SqlConn& c, const TenantScope& t,
                                                           int64_t id);
  // Ascending ids after `after`; at most `limit`.
  static Result<std::vector<ResponseRecord>> ListResponses(SqlConn& c, const TenantScope& t,
                                                           const ResponseFilter& filter,
                                                           int64_t after, int limit);
  static Result<int64_t> CountResponses(SqlConn& c, const TenantScope& t);

  // Streams every response of every org in id order (engine load at start).
  static Status ScanAllResponses(SqlConn& c, const SystemScope& all,
                                 const std::function<void(const ResponseRecord&)>& fn);
  // The same for the responses with an id above `after_id`, in id order (the
  // engine's catch-up with rows other processes committed).
  static Status ScanResponsesAfter(SqlConn& c, const SystemScope& all, int64_t after_id,
                                   const std::function<void(const ResponseRecord&)>& fn);
  // Every response of the scope's organisation in id order, ignoring the
  // scope's restriction (an engine rebuild of that organisation).
  static Status ScanOrgResponses(SqlConn& c, const TenantScope& t,
                                 const std::function<void(const ResponseRecord&)>& fn);
  // The highest response id stored (0 when there is none).
  static Result<int64_t> LastResponseId(SqlConn& c, const SystemScope& all);
};

}  // namespace beleving::store
