// CaseService: the changes (opening, the flow, notes, contacts, waiting,
// updates). The reads are in case_views.cc.
#include "loop/case_service.h"

#include <algorithm>

#include "i18n/catalogue.h"
#include "loop/loop_access.h"
#include "store/case_store.h"

namespace beleving::loop {
namespace {

json::value OptId(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

bool OneOf(const std::vector<std::string>& set, const std::string& v) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// A person's text: trimmed, 1..max bytes, else InvalidArgument naming `field`.
Result<std::string> Text(const std::string& in, size_t max, const char* what, const char* field) {
  std::string t = Trim(in);
  if (t.empty()) return InvalidArgument(std::string(what) + " must not be empty", field);
  if (t.size() > max) {
    return InvalidArgument(
        std::string(what) + " is too long (at most " + std::to_string(max) + " bytes)", field);
  }
  return t;
}

}  // namespace

Status CaseService::AddEvent(store::SqlConn& c, const store::CaseRecord& k, const std::string& kind,
                             const std::string& actor, const json::object& body) {
  store::CaseEvent e;
  e.case_id = k.id;
  e.kind = kind;
  e.actor = actor;
  e.body = ToJsonText(body);
  e.at = clock_.Now();
  return store::CaseStore::AddCaseEvent(c, store::TenantScope::System(k.org_id), e);
}

Result<std::optional<int64_t>> CaseService::OpenInside(store::SqlConn& c, store::CaseRecord k,
                                                       const std::string& actor) {
  const auto t = store::TenantScope::System(k.org_id);
  if (k.team_id && !k.location_id) {
    ASSIGN_OR_RETURN(k.location_id, store::CaseStore::TeamLocation(c, t, *k.team_id));
  }
  if (!k.owner_employee_id && k.team_id) {
    ASSIGN_OR_RETURN(k.owner_employee_id, store::CaseStore::TeamLead(c, t, *k.team_id));
  }
  if (!k.owner_employee_id && k.location_id) {
    ASSIGN_OR_RETURN(k.owner_employee_id, store::CaseStore::LocationManager(c, t, *k.location_id));
  }
  if (k.opened_at == 0) k.opened_at = clock_.Now();
  k.status = std::string(CaseStatusName(CaseStatus::kReceived));
  ASSIGN_OR_RETURN(auto id, store::CaseStore::InsertCase(c, k));
  if (!id) return id;
  k.id = *id;
  RETURN_IF_ERROR(
      AddEvent(c, k, "status", actor,
               {{"to", "received"}, {"owner_employee_id", OptId(k.owner_employee_id)}}));
  const std::string number = std::to_string(k.id), title = k.title;
  RETURN_IF_ERROR(alerts_.Raise(
      c, k.org_id, "case.opened",
      [&](i18n::Lang lang) {
        return i18n::Format(lang, "loop.alert.case_opened", {{"number", number}, {"title", title}});
      },
      {{"case_id", k.id}, {"case_type", k.case_type}}));
  return id;
}

Status CaseService::SetWaitingInside(store::SqlConn& c, store::CaseRecord& k, bool waiting,
                                     const std::string& actor) {
  UnixSeconds now = clock_.Now();
  if (waiting == k.waiting_since.has_value()) return Status::Ok();
  if (waiting) {
    k.waiting_since = now;
  } else {
    json::array pauses;
    if (auto v = ParseJson(k.pauses); v.ok() && v->is_array()) pauses = v->get_array();
    pauses.push_back(json::array{*k.waiting_since, now});
    k.pauses = ToJsonText(pauses);
    k.waiting_since.reset();
  }
  k.updated_at = now;
  RETURN_IF_ERROR(store::CaseStore::UpdateCase(c, k));
  return AddEvent(c, k, "waiting", actor, {{"waiting", waiting}});
}

Status CaseService::MoveInside(store::SqlConn& c, store::CaseRecord& k, CaseStatus to,
                               const std::string& actor, const std::optional<std::string>& note) {
  auto from = ParseCaseStatus(k.status);
  if (!from || !CanMove(*from, to)) {
    return Conflict("a case cannot go from " + k.status + " to " + std::string(CaseStatusName(to)));
  }
  UnixSeconds now = clock_.Now();
  // Leaving `received` acknowledges the case, also when a stage is skipped.
  if (*from == CaseStatus::kReceived && !k.acknowledged_at) k.acknowledged_at = now;
  if (to == CaseStatus::kResponded) k.responded_at = now;
  if (to == CaseStatus::kClosed) {
    k.closed_at = now;
    if (k.waiting_since) RETURN_IF_ERROR(SetWaitingInside(c, k, false, actor));
  }
  if (*from == CaseStatus::kClosed) k.closed_at.reset();  // reopened
  k.status = std::string(CaseStatusName(to));
  k.updated_at = now;
  RETURN_IF_ERROR(store::CaseStore::UpdateCase(c, k));
  json::object body{{"from", CaseStatusName(*from)}, {"to", k.status}};
  if (note) body["note"] = *note;
  if (*from == CaseStatus::kClosed) body["reopened"] = true;
  RETURN_IF_ERROR(AddEvent(c, k, "status", actor, body));
  if (to == CaseStatus::kClosed) return follow_ups_.Queue(c, k);
  return Status::Ok();
}

Result<CaseView> CaseService::Act(const security::Principal& who, int64_t id,
                                  std::string_view action, const Change& change) {
  RETURN_IF_ERROR(CheckCanHandle(who));
  CaseView out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto k, store::CaseStore::GetCase(c, who.tenant, id));
    if (!k) return NotFound("no such case");
    ASSIGN_OR_RETURN(bool changed, change(c, *k));
    if (changed) RETURN_IF_ERROR(Audit(c, who, action, "case:" + std::to_string(id), clock_.Now()));
    ASSIGN_OR_RETURN(auto views, Views(c, who.tenant, {*k}));
    out = std::move(views[0]);
    return Status::Ok();
  }));
  return out;
}

Result<CaseView> CaseService::Open(const security::Principal& who, const NewCase& in) {
  RETURN_IF_ERROR(CheckManage(who));
  store::CaseRecord k;
  k.org_id = who.tenant.org_id();
  k.case_type = in.type.value_or("manual");
  if (!OneOf(kCaseTypes, k.case_type)) return InvalidArgument("unknown case type", "/type");
  k.severity = in.severity.value_or("normal");
  if (!OneOf(kSeverities, k.severity)) return InvalidArgument("unknown severity", "/severity");
  ASSIGN_OR_RETURN(k.title, Text(in.title, kMaxCaseTitle, "title", "/title"));
  if (in.description) {
    if (in.description->size() > kMaxCaseText) {
      return InvalidArgument("description is too long", "/description");
    }
    k.description = in.description;
  }
  CaseView out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    const auto& t = who.tenant;
    ASSIGN_OR_RETURN(k.customer_id, ResolveKey(c, t, "customers", in.customer, "/customer"));
    ASSIGN_OR_RETURN(k.team_id, ResolveKey(c, t, "teams", in.team, "/team"));
    ASSIGN_OR_RETURN(k.location_id, ResolveKey(c, t, "locations", in.location, "/location"));
    ASSIGN_OR_RETURN(k.owner_employee_id, ResolveKey(c, t, "employees", in.owner, "/owner"));
    ASSIGN_OR_RETURN(auto id, OpenInside(c, k, who.actor()));
    if (!id) return Internal("a manual case has no source key and cannot exist already");
    // The one who opened it sees it, whatever their scope.
    const auto org = store::TenantScope::System(k.org_id);
    ASSIGN_OR_RETURN(auto rec, store::CaseStore::GetCase(c, org, *id));
    RETURN_IF_ERROR(Audit(c, who, "create", "case:" + std::to_string(*id), clock_.Now()));
    ASSIGN_OR_RETURN(auto views, Views(c, org, {*rec}));
    out = std::move(views[0]);
    return Status::Ok();
  }));
  return out;
}

Result<CaseView> CaseService::ChangeStatus(const security::Principal& who, int64_t id,
                                           const std::string& to,
                                           const std::optional<std::string>& note) {
  auto status = ParseCaseStatus(to);
  if (!status) {
    return InvalidArgument(
        "status must be one of received, acknowledged, assessed, investigating, responded, "
        "closed",
        "/status");
  }
  std::optional<std::string> n;
  if (note && !Trim(*note).empty()) {
    ASSIGN_OR_RETURN(n, Text(*note, kMaxCaseText, "note", "/note"));
  }
  return Act(who, id, "status", [&](store::SqlConn& c, store::CaseRecord& k) -> Result<bool> {
    RETURN_IF_ERROR(MoveInside(c, k, *status, who.actor(), n));
    return true;
  });
}

Result<CaseView> CaseService::AddNote(const security::Principal& who, int64_t id,
                                      const std::string& text) {
  ASSIGN_OR_RETURN(auto t, Text(text, kMaxCaseText, "text", "/text"));
  return Act(who, id, "note", [&](store::SqlConn& c, store::CaseRecord& k) -> Result<bool> {
    RETURN_IF_ERROR(AddEvent(c, k, "note", who.actor(), {{"text", t}}));
    return true;
  });
}

Result<CaseView> CaseService::AddContact(const security::Principal& who, int64_t id,
                                         const std::optional<std::string>& channel,
                                         const std::string& summary) {
  const std::string ch = channel.value_or("other");
  if (!OneOf(kContactChannels, ch)) return InvalidArgument("unknown channel", "/channel");
  ASSIGN_OR_RETURN(auto s, Text(summary, kMaxCaseText, "summary", "/summary"));
  return Act(who, id, "contact", [&](store::SqlConn& c, store::CaseRecord& k) -> Result<bool> {
    UnixSeconds now = clock_.Now();
    if (!k.first_contact_at) {
      k.first_contact_at = now;
      k.updated_at = now;
      RETURN_IF_ERROR(store::CaseStore::UpdateCase(c, k));
    }
    RETURN_IF_ERROR(AddEvent(c, k, "contact", who.actor(), {{"channel", ch}, {"summary", s}}));
    return true;
  });
}

Result<CaseView> CaseService::SetWaiting(const security::Principal& who, int64_t id, bool waiting) {
  return Act(who, id, "waiting", [&](store::SqlConn& c, store::CaseRecord& k) -> Result<bool> {
    if (k.closed_at) return Conflict("the case is closed");
    if (waiting == k.waiting_since.has_value()) return false;
    RETURN_IF_ERROR(SetWaitingInside(c, k, waiting, who.actor()));
    return true;
  });
}

Result<CaseView> CaseService::Update(const security::Principal& who, int64_t id,
                                     const CaseUpdate& in) {
  if (in.severity && !OneOf(kSeverities, *in.severity)) {
    return InvalidArgument("unknown severity", "/severity");
  }
  std::optional<std::string> title;
  if (in.title) {
    ASSIGN_OR_RETURN(title, Text(*in.title, kMaxCaseTitle, "title", "/title"));
  }
  if (in.resolution && in.resolution->size() > kMaxCaseText) {
    return InvalidArgument("resolution is too long", "/resolution");
  }
  return Act(who, id, "update", [&](store::SqlConn& c, store::CaseRecord& k) -> Result<bool> {
    json::object changes;
    if (in.severity && *in.severity != k.severity) {
      k.severity = *in.severity;
      changes["severity"] = *in.severity;
    }
    if (title && *title != k.title) {
      k.title = *title;
      changes["title"] = *title;
    }
    if (in.resolution && in.resolution != k.resolution) {
      k.resolution = in.resolution;
      changes["resolution"] = *in.resolution;
    }
    if (in.customer_satisfied && in.customer_satisfied != k.customer_satisfied) {
      k.customer_satisfied = in.customer_satisfied;
      changes["customer_satisfied"] = *in.customer_satisfied;
    }
    if (in.owner) {
      ASSIGN_OR_RETURN(auto owner, ResolveKey(c, who.tenant, "employees", in.owner, "/owner"));
      if (owner != k.owner_employee_id) {
        k.owner_employee_id = owner;
        changes["owner"] = *in.owner;
      }
    }
    if (changes.empty()) return false;
    k.updated_at = clock_.Now();
    RETURN_IF_ERROR(store::CaseStore::UpdateCase(c, k));
    RETURN_IF_ERROR(AddEvent(c, k, "update", who.actor(), changes));
    return true;
  });
}

}  // namespace beleving::loop
