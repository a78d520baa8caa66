// Survey definitions per organisation (validated JSON text, see
// survey/definition.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct SurveyRecord {
  int64_t id = 0;
  std::string key;
  std::string name;
  std::string definition;  // JSON
  UnixSeconds created_at = 0, updated_at = 0;
  // The question-set version: 1 at creation, one higher after every Update
  // that changes the definition (a name change alone keeps it). Responses
  // record the version they answered (ResponseRecord::survey_version), so
  // the engine can tell answers to different question sets apart.
  int version = 1;
};

class SurveyStore {
 public:
  static Result<int64_t> Create(SqlConn& c, const TenantScope& t, const SurveyRecord& s,
                                UnixSeconds now);
  static Result<std::optional<SurveyRecord>> ByKey(SqlConn& c, const TenantScope& t,
                                                   const std::string& key);
  static Result<std::optional<SurveyRecord>> ById(SqlConn& c, const TenantScope& t, int64_t id);
  static Result<std::vector<SurveyRecord>> List(SqlConn& c, const TenantScope& t);
  static Result<bool> Update(SqlConn& c, const TenantScope& t, int64_t id, const std::string& name,
                             const std::string& definition, UnixSeconds now);
  static Result<bool> Delete(SqlConn& c, const TenantScope& t, int64_t id);
};

}  // namespace beleving::store
