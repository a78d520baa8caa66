#include "survey/survey_service.h"

#include <algorithm>

#include "store/access_store.h"
#include "store/survey_store.h"
#include "survey/access.h"
#include "survey/starter.h"

namespace beleving::survey {
namespace {

Result<SurveyView> ViewOf(const store::SurveyRecord& r) {
  ASSIGN_OR_RETURN(auto doc, ParseJson(r.definition));
  auto def = ParseDefinition(doc);
  if (!def.ok()) {
    return Internal("stored survey " + std::to_string(r.id) +
                    " is not a valid definition: " + def.status().message());
  }
  return SurveyView{r.id, r.key, r.name, std::move(*def), r.created_at, r.updated_at};
}

// The same validation for every door: a definition made in code (a starter
// set, a CLI file) passes the parser the API's JSON passes.
Result<Definition> Checked(const Definition& def) { return ParseDefinition(ToJson(def)); }

std::string Subject(int64_t id) { return "survey:" + std::to_string(id); }

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws) == std::string::npos ? s.size() : s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

// Inside a write: inserts the survey and its audit entry.
Result<int64_t> Insert(store::SqlConn& c, const security::Principal& who, const Definition& def,
                       UnixSeconds now) {
  store::SurveyRecord rec{0, def.key, def.name, json::serialize(ToJson(def)), now, now};
  ASSIGN_OR_RETURN(int64_t id, store::SurveyStore::Create(c, who.tenant, rec, now));
  RETURN_IF_ERROR(
      store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "create", Subject(id), now));
  return id;
}

// Inside a write: replaces the survey `id` (key unchanged) and audits it.
Status Update(store::SqlConn& c, const security::Principal& who, int64_t id, const Definition& def,
              UnixSeconds now) {
  ASSIGN_OR_RETURN(auto existing, store::SurveyStore::ById(c, who.tenant, id));
  if (!existing) return NotFound("no such survey");
  if (existing->key != def.key) return InvalidArgument("a survey's key cannot change", "/key");
  ASSIGN_OR_RETURN(bool changed, store::SurveyStore::Update(c, who.tenant, id, def.name,
                                                            json::serialize(ToJson(def)), now));
  if (!changed) return NotFound("no such survey");
  return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "update", Subject(id), now);
}

}  // namespace

Result<std::vector<SurveyView>> SurveyService::List(const security::Principal& who) {
  RETURN_IF_ERROR(MayRead(who));
  std::vector<store::SurveyRecord> rows;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(rows, store::SurveyStore::List(c, who.tenant));
    return Status::Ok();
  }));
  std::vector<SurveyView> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(auto v, ViewOf(r));
    out.push_back(std::move(v));
  }
  return out;
}

Result<SurveyView> SurveyService::Get(const security::Principal& who, int64_t id) {
  RETURN_IF_ERROR(MayRead(who));
  std::optional<store::SurveyRecord> r;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(r, store::SurveyStore::ById(c, who.tenant, id));
    return Status::Ok();
  }));
  if (!r) return NotFound("no such survey");
  return ViewOf(*r);
}

Result<SurveyView> SurveyService::GetByKey(const security::Principal& who, const std::string& key) {
  RETURN_IF_ERROR(MayRead(who));
  std::optional<store::SurveyRecord> r;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(r, store::SurveyStore::ByKey(c, who.tenant, key));
    return Status::Ok();
  }));
  if (!r) return NotFound("no survey with key '" + key + "'");
  return ViewOf(*r);
}

Result<SurveyView> SurveyService::Create(const security::Principal& who, const Definition& def) {
  RETURN_IF_ERROR(MayManage(who));
  ASSIGN_OR_RETURN(Definition d, Checked(def));
  const UnixSeconds now = clock_.Now();
  int64_t id = 0;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(id, Insert(c, who, d, now));
    return Status::Ok();
  }));
  return SurveyView{id, d.key, d.name, std::move(d), now, now};
}

Result<SurveyView> SurveyService::CreateFromStarter(const security::Principal& who,
                                                    const NewSurvey& in) {
  RETURN_IF_ERROR(MayManage(who));
  const std::string name = Trim(in.name);
  if (name.empty() || name.size() > kMaxNameBytes) {
    return InvalidArgument("a name of 1 to " + std::to_string(kMaxNameBytes) + " bytes", "/name");
  }
  if (!IsStarterKind(in.kind)) return InvalidArgument("kind must be nps, csat or ces", "/kind");
  const UnixSeconds now = clock_.Now();
  std::optional<SurveyView> out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto existing, store::SurveyStore::List(c, who.tenant));
    const std::string base = KeyFromName(name);
    std::string key = base;
    for (int n = 2;; ++n) {
      const bool taken = std::any_of(existing.begin(), existing.end(),
                                     [&](const store::SurveyRecord& r) { return r.key == key; });
      if (!taken) break;
      key = base + "_" + std::to_string(n);
    }
    ASSIGN_OR_RETURN(Definition d, StarterSurvey(in.kind, key, name));
    ASSIGN_OR_RETURN(int64_t id, Insert(c, who, d, now));
    out = SurveyView{id, d.key, d.name, std::move(d), now, now};
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<SurveyView> SurveyService::Replace(const security::Principal& who, int64_t id,
                                          const Definition& def) {
  RETURN_IF_ERROR(MayManage(who));
  ASSIGN_OR_RETURN(Definition d, Checked(def));
  const UnixSeconds now = clock_.Now();
  std::optional<store::SurveyRecord> after;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(Update(c, who, id, d, now));
    ASSIGN_OR_RETURN(after, store::SurveyStore::ById(c, who.tenant, id));
    return Status::Ok();
  }));
  pages_.Clear();
  return ViewOf(*after);
}

Result<SurveyService::Imported> SurveyService::Import(const security::Principal& who,
                                                      const Definition& def) {
  RETURN_IF_ERROR(MayManage(who));
  ASSIGN_OR_RETURN(Definition d, Checked(def));
  const UnixSeconds now = clock_.Now();
  Imported out;
  std::optional<store::SurveyRecord> after;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto existing, store::SurveyStore::ByKey(c, who.tenant, d.key));
    int64_t id = 0;
    if (existing) {
      out.replaced = true;
      id = existing->id;
      RETURN_IF_ERROR(Update(c, who, id, d, now));
    } else {
      ASSIGN_OR_RETURN(id, Insert(c, who, d, now));
    }
    ASSIGN_OR_RETURN(after, store::SurveyStore::ById(c, who.tenant, id));
    return Status::Ok();
  }));
  pages_.Clear();
  ASSIGN_OR_RETURN(out.survey, ViewOf(*after));
  return out;
}

Status SurveyService::Delete(const security::Principal& who, int64_t id) {
  RETURN_IF_ERROR(MayManage(who));
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(bool found, store::SurveyStore::Delete(c, who.tenant, id));
    if (!found) return NotFound("no such survey");
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "delete", Subject(id),
                                     now);
  }));
  pages_.Clear();
  return Status::Ok();
}

}  // namespace beleving::survey
