// Surveys: the definitions an organisation asks with (survey/definition.h).
// One service for the API, the dashboard and the CLI. Every change
//   - is validated by ParseDefinition, whatever door it came through;
//   - writes its audit entry ("create" / "update" / "delete", subject
//     "survey:ID") with the caller as actor, inside the same transaction;
//   - drops the cached first views of survey links (survey/page_cache.h), so
//     links show the new texts at once.
//
// Who may: reading needs Principal::CanRead, changing CanManage. A survey of
// another organisation is NotFound, like a missing one.
//
// Thread safety: stateless over a thread-safe Database and PageCache.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "security/principal.h"
#include "store/sql.h"
#include "survey/definition.h"
#include "survey/page_cache.h"

namespace beleving::survey {

struct SurveyView {
  int64_t id = 0;
  std::string key;
  std::string name;
  Definition definition;
  UnixSeconds created_at = 0, updated_at = 0;
};

// A new survey from a name and a starter question set (survey/starter.h).
struct NewSurvey {
  std::string name;  // 1..kMaxNameBytes after trimming spaces
  std::string kind;  // "nps", "csat" or "ces"
};

class SurveyService {
 public:
  SurveyService(store::Database& db, const Clock& clock, PageCache& pages)
      : db_(db), clock_(clock), pages_(pages) {}

  Result<std::vector<SurveyView>> List(const security::Principal& who);
  Result<SurveyView> Get(const security::Principal& who, int64_t id);
  Result<SurveyView> GetByKey(const security::Principal& who, const std::string& key);

  // AlreadyExists (field /key) when the organisation has a survey with this key.
  Result<SurveyView> Create(const security::Principal& who, const Definition& def);
  // A survey from a starter set; its key comes from the name (KeyFromName),
  // with _2, _3, ... when taken. InvalidArgument (/name, /kind) for a name
  // that is empty or too long or an unknown kind.
  Result<SurveyView> CreateFromStarter(const security::Principal& who, const NewSurvey& in);
  // Replaces the name and questions; InvalidArgument (/key) when `def`'s key
  // is not the survey's.
  Result<SurveyView> Replace(const security::Principal& who, int64_t id, const Definition& def);
  // Creates the survey, or replaces the one with the same key (CLI import).
  struct Imported {
    SurveyView survey;
    bool replaced = false;
  };
  Result<Imported> Import(const security::Principal& who, const Definition& def);
  // Conflict when responses refer to the survey.
  Status Delete(const security::Principal& who, int64_t id);

 private:
  store::Database& db_;
  const Clock& clock_;
  PageCache& pages_;
};

}  // namespace beleving::survey
