// The few reads the dashboard pages need that no other store offers: recent
// comments with filters and text search, interaction counts (response rate),
// and read-only views of the loop room's tables (cases, promises, webhooks,
// SLA calendars) when its migration is present. Every query takes a
// TenantScope and applies its visibility (a manager's teams or locations, an
// employee's own feedback).
//
// Thread safety: stateless; each call runs on the SqlConn it is given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct CommentQuery {
  std::optional<UnixSeconds> from, to;  // submitted_at in [from, to)
  std::optional<int64_t> touchpoint_id, team_id, employee_id;
  std::optional<int> min_nps, max_nps;
  std::string search;  // case-insensitive substring of the comment ("" = any)
  int limit = 50;      // 1..500
};

struct CommentRow {
  int64_t id = 0;
  UnixSeconds submitted_at = 0;
  std::optional<int> nps;
  std::string comment;
  std::optional<int64_t> touchpoint_id, team_id, employee_id;
  std::optional<std::string> channel;
};

// A dimension item as a label: id, key, display name, and its parent (the
// team of an employee, the location of a team).
struct NamedItem {
  int64_t id = 0;
  std::string key, name;
  std::optional<int64_t> parent_id;
};

struct CaseRow {
  int64_t id = 0;
  std::string case_type, status, severity, title, description;
  std::optional<int64_t> team_id, owner_employee_id, response_id;
  UnixSeconds opened_at = 0;
  std::optional<UnixSeconds> closed_at;
  int64_t sla_flags = 0;
};

struct CaseEventRow {
  std::string kind, actor, body;
  UnixSeconds at = 0;
};

struct PromiseRow {
  int64_t id = 0;
  std::string promise_type, text, status;
  std::optional<int64_t> employee_id, team_id;
  UnixSeconds made_at = 0, due_at = 0;
};

class DashboardStore {
 public:
  // Responses with a non-empty comment, newest first.
  static Result<std::vector<CommentRow>> RecentComments(SqlConn& c, const TenantScope& t,
                                                        const CommentQuery& q);
  // The same, for text analysis: up to kMaxCommentsForAnalysis rows (q.limit).
  static constexpr int kMaxCommentsForAnalysis = 50'000;
  static Result<std::vector<CommentRow>> CommentsForAnalysis(SqlConn& c, const TenantScope& t,
                                                             const CommentQuery& q);
  // Interactions that occurred in [from, to).
  static Result<int64_t> CountInteractions(SqlConn& c, const TenantScope& t, UnixSeconds from,
                                           UnixSeconds to);
  // Items of "locations", "teams", "employees" or "touchpoints" of the org
  // (at most 5000), by id.
  static Result<std::vector<NamedItem>> Names(SqlConn& c, const TenantScope& t,
                                              const std::string& table);
  // Whether a table exists (another room's migration may not be there yet).
  static Result<bool> TableExists(SqlConn& c, const std::string& table);

  // Loop room tables; call only when TableExists says so.
  static Result<std::vector<CaseRow>> Cases(SqlConn& c, const TenantScope& t, bool open_only,
                                            int limit);
  static Result<std::optional<CaseRow>> CaseById(SqlConn& c, const TenantScope& t, int64_t id);
  static Result<std::vector<CaseEventRow>> CaseEvents(SqlConn& c, const TenantScope& t,
                                                      int64_t case_id);
  static Result<std::vector<PromiseRow>> OpenPromises(SqlConn& c, const TenantScope& t, int limit);
  // Webhook URLs of the org (id, url).
  static Result<std::vector<std::pair<int64_t, std::string>>> Webhooks(SqlConn& c,
                                                                       const TenantScope& t);
  // Removes an active webhook of the org from alerting (active = 0); its
  // delivery log stays. False when there is no such active webhook.
  static Result<bool> DeactivateWebhook(SqlConn& c, const TenantScope& t, int64_t id);
  // The org's business-hours calendar as stored (hours JSON), if any.
  static Result<std::optional<std::string>> CalendarHours(SqlConn& c, const TenantScope& t);
};

}  // namespace beleving::store
