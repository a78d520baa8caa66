#include "loop/loop.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include "capture/history.h"
#include "core/log.h"
#include "core/time_format.h"
#include "mail/smtp.h"
#include "security/secrets.h"
#include "store/ask_store.h"
#include "store/dimension_store.h"
#include "store/org_store.h"

namespace beleving::loop {
namespace {

constexpr int kBatch = 500;
constexpr const char* kWebhookJob = "loop.webhook";
constexpr const char* kEmailJob = "loop.email";
constexpr const char* kFollowUpJob = "loop.followup";

// 43 base64url characters (security::RandomToken(32)).
bool LooksLikeFollowUpToken(std::string_view s) {
  if (s.size() != 43) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
  });
}

json::value Time(const std::optional<UnixSeconds>& t) {
  return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
}
json::value Text(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value Key(store::SqlConn& c, const store::TenantScope& t, const char* resource,
                const std::optional<int64_t>& id) {
  if (!id) return nullptr;
  auto k = store::DimensionStore::KeyOf(c, t, resource, *id);
  return k.ok() && !k->empty() ? json::value(*k) : json::value(nullptr);
}

// "Mon, 23 Nov 2026 21:10:00 +0000" (RFC 5322).
std::string MailDate(UnixSeconds t) {
  static const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %u %s %lld %02lld:%02lld:%02lld +0000",
                kDays[((days % 7) + 7) % 7], d, kMonths[m - 1], static_cast<long long>(y),
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

const std::vector<std::string_view>& Statuses() {
  static const std::vector<std::string_view> k = {"received",      "acknowledged", "assessed",
                                                  "investigating", "responded",    "closed"};
  return k;
}

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

json::value OptId(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

std::vector<std::pair<UnixSeconds, UnixSeconds>> ParsePauses(const std::string& text) {
  std::vector<std::pair<UnixSeconds, UnixSeconds>> out;
  auto v = ParseJson(text);
  if (!v.ok() || !v->is_array()) return out;
  for (const auto& p : v->get_array()) {
    if (p.is_array() && p.get_array().size() == 2 && p.get_array()[0].is_int64() &&
        p.get_array()[1].is_int64()) {
      out.emplace_back(p.get_array()[0].get_int64(), p.get_array()[1].get_int64());
    }
  }
  return out;
}

CaseTimes TimesOf(const store::CaseRecord& k) {
  CaseTimes t;
  t.opened_at = k.opened_at;
  t.acknowledged_at = k.acknowledged_at;
  t.first_contact_at = k.first_contact_at;
  t.closed_at = k.closed_at;
  t.waiting_since = k.waiting_since;
  t.pauses = ParsePauses(k.pauses);
  return t;
}

SlaPolicy PolicyOf(const store::SlaPolicyRecord& r) {
  SlaPolicy p;
  p.case_type = r.case_type;
  p.acknowledge_minutes = r.acknowledge_minutes;
  p.first_contact_minutes = r.first_contact_minutes;
  p.resolve_minutes = r.resolve_minutes;
  p.at_risk_percent = r.at_risk_percent;
  p.business_hours = r.business_hours;
  return p;
}

int DetractorThreshold(const std::optional<std::string>& definition) {
  if (!definition) return kDefaultDetractorThreshold;
  auto v = ParseJson(*definition);
  if (!v.ok() || !v->is_object()) return kDefaultDetractorThreshold;
  const auto* t = v->get_object().if_contains("detractor_threshold");
  if (!t || !t->is_int64()) return kDefaultDetractorThreshold;
  return static_cast<int>(t->get_int64());
}

// --- outbound HTTP (libcurl): http(s) only, no redirects, short timeouts.

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

Result<int> PostJson(const std::string& url, const std::string& body,
                     const std::vector<std::string>& headers) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return FailedPrecondition("only http and https webhook URLs are allowed");
  }
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* h = curl_easy_init();
  if (!h) return Internal("curl_easy_init failed");
  struct curl_slist* list = nullptr;
  list = curl_slist_append(list, "Content-Type: application/json");
  list = curl_slist_append(list, "User-Agent: beleving-webhooks/1");
  for (const auto& hd : headers) list = curl_slist_append(list, hd.c_str());
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Discard);
  CURLcode rc = curl_easy_perform(h);
  long code = 0;
  if (rc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(list);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK) return Unavailable(std::string("webhook: ") + curl_easy_strerror(rc));
  return static_cast<int>(code);
}

}  // namespace

std::string FollowUpTokenHash(const std::string& token) {
  return security::Sha256Hex("followup:" + token);
}

json::value WebhookBody(const std::string& format, const std::string& event, int64_t org_id,
                        int64_t rule_id, UnixSeconds at, const std::string& text,
                        const json::object& data) {
  if (format == "slack") return json::object{{"text", text}};
  if (format == "teams") {
    return json::object{{"@type", "MessageCard"},
                        {"@context", "https://schema.org/extensions"},
                        {"summary", text},
                        {"title", "Beleving: " + event},
                        {"text", text}};
  }
  if (format == "adaptive_card") {
    json::array body{
        json::object{{"type", "TextBlock"},
                     {"text", "Beleving: " + event},
                     {"weight", "Bolder"},
                     {"size", "Medium"},
                     {"wrap", true}},
        json::object{{"type", "TextBlock"}, {"text", text}, {"wrap", true}},
    };
    json::array facts;
    for (const auto& [k, v] : data) {
      std::string value = v.is_string() ? std::string(v.get_string()) : ToJsonText(v);
      facts.push_back(json::object{{"title", std::string(k)}, {"value", value}});
    }
    if (!facts.empty()) body.push_back(json::object{{"type", "FactSet"}, {"facts", facts}});
    json::object card{{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                      {"type", "AdaptiveCard"},
                      {"version", "1.4"},
                      {"body", body}};
    return json::object{
        {"type", "message"},
        {"attachments",
         json::array{json::object{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                  {"contentUrl", nullptr},
                                  {"content", card}}}}};
  }
  return json::object{{"event", event},          {"org_id", org_id}, {"rule_id", rule_id},
                      {"at", FormatRfc3339(at)}, {"text", text},     {"data", data}};
}

json::object CaseJson(store::SqlConn& c, const store::TenantScope& t, const store::CaseRecord& k) {
  json::object o;
  o["id"] = k.id;
  o["type"] = k.case_type;
  o["status"] = k.status;
  o["severity"] = k.severity;
  o["title"] = k.title;
  o["description"] = Text(k.description);
  o["customer"] = Key(c, t, "customers", k.customer_id);
  o["team"] = Key(c, t, "teams", k.team_id);
  o["location"] = Key(c, t, "locations", k.location_id);
  o["owner"] = Key(c, t, "employees", k.owner_employee_id);
  o["escalation_level"] = k.escalation_level;
  o["escalated_to"] = k.escalation_level == 3 ? json::value("org_admins")
                                              : Key(c, t, "employees", k.escalated_to_employee_id);
  o["response_id"] = OptId(k.response_id);
  o["interaction_id"] = OptId(k.interaction_id);
  o["complaint_id"] = OptId(k.complaint_id);
  o["promise_id"] = OptId(k.promise_id);
  o["opened_at"] = FormatRfc3339(k.opened_at);
  o["acknowledged_at"] = Time(k.acknowledged_at);
  o["first_contact_at"] = Time(k.first_contact_at);
  o["responded_at"] = Time(k.responded_at);
  o["closed_at"] = Time(k.closed_at);
  o["waiting_on_customer"] = k.waiting_since.has_value();
  o["resolution"] = Text(k.resolution);
  o["customer_satisfied"] =
      k.customer_satisfied ? json::value(*k.customer_satisfied) : json::value(nullptr);
  return o;
}

json::object PromiseJson(store::SqlConn& c, const store::TenantScope& t,
                         const store::PromiseRecord& p) {
  json::object o;
  o["id"] = p.id;
  o["type"] = p.promise_type;
  o["text"] = p.text;
  o["status"] = p.status;
  o["employee"] = Key(c, t, "employees", p.employee_id);
  o["team"] = Key(c, t, "teams", p.team_id);
  o["customer"] = Key(c, t, "customers", p.customer_id);
  o["interaction_id"] = OptId(p.interaction_id);
  o["case_id"] = OptId(p.case_id);
  o["made_at"] = FormatRfc3339(p.made_at);
  o["due_at"] = FormatRfc3339(p.due_at);
  o["settled_at"] = Time(p.settled_at);
  o["broken_case_id"] = OptId(p.broken_case_id);
  return o;
}

Result<json::array> CaseLogJson(store::SqlConn& c, const store::CaseRecord& k) {
  ASSIGN_OR_RETURN(auto events, store::LoopStore::CaseEvents(c, k.org_id, k.id));
  json::array log;
  for (const auto& e : events) {
    auto body = ParseJson(e.body);
    log.push_back(json::object{{"kind", e.kind},
                               {"actor", e.actor},
                               {"at", FormatRfc3339(e.at)},
                               {"body", body.ok() ? *body : json::value(nullptr)}});
  }
  return log;
}

bool IsCaseStatus(std::string_view s) {
  return std::find(Statuses().begin(), Statuses().end(), s) != Statuses().end();
}

bool CaseTransitionAllowed(std::string_view from, std::string_view to) {
  static const std::map<std::string_view, std::set<std::string_view>> k = {
      {"received", {"acknowledged"}},
      {"acknowledged", {"assessed", "investigating"}},
      {"assessed", {"investigating", "responded"}},
      {"investigating", {"responded"}},
      {"responded", {"closed", "investigating"}},
      {"closed", {"investigating"}},
  };
  auto it = k.find(from);
  return it != k.end() && it->second.count(to) > 0;
}

std::string WebhookSignature(const std::string& secret, UnixSeconds t, const std::string& body) {
  std::string ts = std::to_string(t);
  return "t=" + ts + ",v1=" + security::HmacSha256Hex(secret, ts + "." + body);
}

Loop::Loop(store::Database& db, const Clock& clock, jobs::JobRunner& jobs)
    : db_(db), clock_(clock), jobs_(jobs) {}

void Loop::Register(std::string smtp_url, std::string mail_from, std::string public_url) {
  smtp_url_ = std::move(smtp_url);
  mail_from_ = std::move(mail_from);
  public_url_ = std::move(public_url);
  while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
  jobs_.RegisterExternal(
      kEmailJob, [this](const jobs::Job& job) { return DeliverEmail(job); }, kEmailRetry);
  jobs_.RegisterExternal(kFollowUpJob,
                         [this](const jobs::Job& job) { return DeliverFollowUp(job); });
  jobs::RetryPolicy once;
  once.max_attempts = 3;  // the handler schedules its own retries per webhook
  once.base_seconds = 5;
  jobs_.RegisterExternal(
      kWebhookJob, [this](const jobs::Job& job) { return DeliverWebhook(job); }, once);
  jobs_.AddTick([this] {
    Status st = Tick();
    if (!st.ok()) log::Warn("loop tick failed: {}", st.ToString());
  });
}

Status Loop::Tick() {
  // Cheap reads first: an idle tick must not cost a write (and an fsync).
  bool news = false;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t rc, store::LoopStore::Cursor(c, "responses"));
    ASSIGN_OR_RETURN(int64_t ic, store::LoopStore::Cursor(c, "interactions"));
    ASSIGN_OR_RETURN(int64_t rm, store::LoopStore::MaxResponseId(c));
    ASSIGN_OR_RETURN(int64_t im, store::LoopStore::MaxInteractionId(c));
    news = rm > rc || im > ic;
    return Status::Ok();
  }));
  for (int i = 0; news && i < 20; ++i) {
    bool more_r = false, more_i = false;
    RETURN_IF_ERROR(ProcessResponses(&more_r));
    RETURN_IF_ERROR(ProcessInteractions(&more_i));
    if (!more_r && !more_i) break;
  }
  UnixSeconds now = clock_.Now();
  if (last_timer_pass_.exchange(now) == now) return Status::Ok();
  RETURN_IF_ERROR(EvaluatePromises(now));
  return EvaluateCases(now);
}

Result<TimeZone> Loop::Zone(store::SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, org_id));
  std::string name = org ? org->time_zone : "UTC";
  std::lock_guard<std::mutex> lock(mu_);
  auto it = zones_.find(name);
  if (it != zones_.end()) return it->second;
  auto tz = TimeZone::Load(name);
  TimeZone z = tz.ok() ? *tz : TimeZone::Utc();
  zones_.emplace(name, z);
  return z;
}

Result<BusinessCalendar> Loop::Calendar(store::SqlConn& c, int64_t org_id) {
  ASSIGN_OR_RETURN(auto zone, Zone(c, org_id));
  ASSIGN_OR_RETURN(auto rec, store::LoopStore::Calendar(c, org_id));
  if (!rec) {
    BusinessCalendar cal;
    cal.zone = zone;
    return cal;
  }
  ASSIGN_OR_RETURN(auto hours, ParseJson(rec->hours));
  ASSIGN_OR_RETURN(auto holidays, ParseJson(rec->holidays));
  return ParseCalendar(hours, holidays, zone);
}

Status Loop::AddEvent(store::SqlConn& c, const store::CaseRecord& k, const std::string& kind,
                      const std::string& actor, const json::object& body) {
  store::CaseEvent e;
  e.case_id = k.id;
  e.kind = kind;
  e.actor = actor;
  e.body = ToJsonText(body);
  e.at = clock_.Now();
  return store::LoopStore::AddCaseEvent(c, k.org_id, e);
}

Result<std::optional<int64_t>> Loop::OpenCase(store::SqlConn& c, store::CaseRecord k,
                                              const std::string& actor) {
  if (k.team_id && !k.location_id) {
    ASSIGN_OR_RETURN(k.location_id, store::LoopStore::TeamLocation(c, k.org_id, *k.team_id));
  }
  if (!k.owner_employee_id && k.team_id) {
    ASSIGN_OR_RETURN(k.owner_employee_id, store::LoopStore::TeamLead(c, k.org_id, *k.team_id));
  }
  if (!k.owner_employee_id && k.location_id) {
    ASSIGN_OR_RETURN(k.owner_employee_id,
                     store::LoopStore::LocationManager(c, k.org_id, *k.location_id));
  }
  if (k.opened_at == 0) k.opened_at = clock_.Now();
  k.status = "received";
  ASSIGN_OR_RETURN(auto id, store::LoopStore::InsertCase(c, k));
  if (!id) return id;
  k.id = *id;
  RETURN_IF_ERROR(
      AddEvent(c, k, "status", actor,
               {{"to", "received"}, {"owner_employee_id", OptId(k.owner_employee_id)}}));
  RETURN_IF_ERROR(RaiseAlert(c, k.org_id, "case.opened",
                             "Case " + std::to_string(k.id) + " opened: " + k.title,
                             {{"case_id", k.id}, {"case_type", k.case_type}}));
  return id;
}

Status Loop::ChangeStatus(store::SqlConn& c, store::CaseRecord& k, const std::string& to,
                          const std::string& actor, const std::optional<std::string>& note) {
  if (!IsCaseStatus(to)) {
    return InvalidArgument(
        "status must be one of received, acknowledged, assessed, "
        "investigating, responded, closed",
        "/status");
  }
  if (!CaseTransitionAllowed(k.status, to)) {
    return Conflict("a case cannot go from " + k.status + " to " + to);
  }
  UnixSeconds now = clock_.Now();
  std::string from = k.status;
  if (to == "acknowledged" && !k.acknowledged_at) k.acknowledged_at = now;
  if (to == "responded") k.responded_at = now;
  if (to == "closed") {
    k.closed_at = now;
    if (k.waiting_since) RETURN_IF_ERROR(SetWaiting(c, k, false, actor));
  }
  if (from == "closed") k.closed_at.reset();  // reopened
  k.status = to;
  k.updated_at = now;
  RETURN_IF_ERROR(store::LoopStore::UpdateCase(c, k));
  json::object body{{"from", from}, {"to", to}};
  if (note) body["note"] = *note;
  if (from == "closed") body["reopened"] = true;
  RETURN_IF_ERROR(AddEvent(c, k, "status", actor, body));
  if (to == "closed") return QueueFollowUp(c, k);
  return Status::Ok();
}

Status Loop::AddContact(store::SqlConn& c, store::CaseRecord& k, const std::string& channel,
                        const std::string& summary, const std::string& actor) {
  UnixSeconds now = clock_.Now();
  if (!k.first_contact_at) {
    k.first_contact_at = now;
    k.updated_at = now;
    RETURN_IF_ERROR(store::LoopStore::UpdateCase(c, k));
  }
  return AddEvent(c, k, "contact", actor, {{"channel", channel}, {"summary", summary}});
}

Status Loop::SetWaiting(store::SqlConn& c, store::CaseRecord& k, bool waiting,
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
  RETURN_IF_ERROR(store::LoopStore::UpdateCase(c, k));
  return AddEvent(c, k, "waiting", actor, {{"waiting", waiting}});
}

Result<SlaState> Loop::CaseSla(store::SqlConn& c, const store::CaseRecord& k, UnixSeconds now) {
  ASSIGN_OR_RETURN(auto policies, store::LoopStore::Policies(c, k.org_id));
  for (const auto& p : policies) {
    if (p.case_type != k.case_type) continue;
    ASSIGN_OR_RETURN(auto cal, Calendar(c, k.org_id));
    return EvaluateSla(TimesOf(k), PolicyOf(p), cal, now);
  }
  return SlaState{};
}

Status Loop::Escalate(store::SqlConn& c, store::CaseRecord& k, const std::string& reason) {
  std::optional<int64_t> location = k.location_id;
  if (!location && k.team_id) {
    ASSIGN_OR_RETURN(location, store::LoopStore::TeamLocation(c, k.org_id, *k.team_id));
  }
  std::optional<int64_t> lead, manager;
  if (k.team_id) {
    ASSIGN_OR_RETURN(lead, store::LoopStore::TeamLead(c, k.org_id, *k.team_id));
  }
  if (location) {
    ASSIGN_OR_RETURN(manager, store::LoopStore::LocationManager(c, k.org_id, *location));
  }
  std::optional<int64_t> current =
      k.escalated_to_employee_id ? k.escalated_to_employee_id : k.owner_employee_id;
  int level = k.escalation_level;
  std::optional<int64_t> to;
  bool found = false;
  for (int next = level + 1; next <= 3 && !found; ++next) {
    if (next == 3) {
      level = 3;
      to.reset();
      found = true;
    } else {
      const auto& who = next == 1 ? lead : manager;
      if (who && who != current) {
        level = next;
        to = who;
        found = true;
      }
    }
  }
  if (!found) return Status::Ok();  // already with the org admins
  k.escalation_level = level;
  k.escalated_to_employee_id = to;
  k.updated_at = clock_.Now();
  RETURN_IF_ERROR(store::LoopStore::UpdateCase(c, k));
  json::object body{{"level", level}, {"reason", reason}};
  body["to"] = level == 3 ? json::value("org_admins") : json::value(*to);
  if (level == 3) {
    ASSIGN_OR_RETURN(auto admins, store::LoopStore::AdminEmails(c, k.org_id));
    json::array a;
    for (auto& e : admins) a.push_back(json::value(e));
    body["admins"] = a;
  }
  return AddEvent(c, k, "escalation", "system", body);
}

Result<std::optional<int64_t>> Loop::SubmitComplaint(store::SqlConn& c, store::ComplaintRecord r,
                                                     const std::string& actor) {
  if (r.created_at == 0) r.created_at = clock_.Now();
  ASSIGN_OR_RETURN(auto id, store::LoopStore::InsertComplaint(c, r));
  if (!id) return id;
  store::CaseRecord k;
  k.org_id = r.org_id;
  k.case_type = "complaint";
  k.source_key = "complaint:" + std::to_string(*id);
  std::string what = r.subject ? *r.subject : r.issue ? *r.issue : r.product ? *r.product : "";
  k.title = "Complaint" + (what.empty() ? std::string() : ": " + what.substr(0, 150));
  k.description = r.narrative;
  k.customer_id = r.customer_id;
  k.complaint_id = *id;
  k.opened_at = r.created_at;
  ASSIGN_OR_RETURN(auto case_id, OpenCase(c, k, actor));
  if (case_id) RETURN_IF_ERROR(store::LoopStore::SetComplaintCase(c, r.org_id, *id, *case_id));
  return id;
}

Status Loop::SettlePromise(store::SqlConn& c, store::PromiseRecord& p, const std::string& status,
                           const std::string& actor) {
  if (p.status == "kept" || p.status == "broken") {
    return Conflict("the promise is already " + p.status);
  }
  UnixSeconds now = clock_.Now();
  p.status = status;
  p.settled_at = now;
  if (status == "broken") {
    store::CaseRecord k;
    k.org_id = p.org_id;
    k.case_type = "broken_promise";
    k.source_key = "promise:" + std::to_string(p.id);
    k.title = "Broken promise: " + p.text.substr(0, 150);
    k.customer_id = p.customer_id;
    k.interaction_id = p.interaction_id;
    k.promise_id = p.id;
    k.team_id = p.team_id;
    k.opened_at = now;
    ASSIGN_OR_RETURN(auto case_id, OpenCase(c, k, actor));
    p.broken_case_id = case_id;
    RETURN_IF_ERROR(store::LoopStore::UpdatePromise(c, p));
    return RaiseAlert(c, p.org_id, "promise.broken",
                      "Promise broken: " + p.text + " (due " + FormatRfc3339(p.due_at) + ")",
                      {{"promise_id", p.id},
                       {"case_id", OptId(case_id)},
                       {"due_at", FormatRfc3339(p.due_at)},
                       {"promise_type", p.promise_type}});
  }
  return store::LoopStore::UpdatePromise(c, p);
}

Status Loop::RenegotiatePromise(store::SqlConn& c, store::PromiseRecord& p, UnixSeconds new_due,
                                const std::optional<std::string>& note, const std::string& actor) {
  if (p.status == "kept" || p.status == "broken") {
    return Conflict("the promise is already " + p.status);
  }
  UnixSeconds now = clock_.Now();
  if (new_due <= now) return InvalidArgument("the new due date must be in the future", "/due_at");
  RETURN_IF_ERROR(
      store::LoopStore::AddPromiseChange(c, p.org_id, p.id, {p.due_at, new_due, note, actor, now}));
  p.due_at = new_due;
  p.status = "renegotiated";
  p.due_soon_alerted = false;
  return store::LoopStore::UpdatePromise(c, p);
}

Result<PromiseReport> Loop::PromiseKeeping(store::SqlConn& c, const store::TenantScope& t) {
  PromiseReport rep;
  std::map<std::string, PromiseReportRow> team, emp, type;
  int64_t after = 0;
  auto count = [](PromiseReportRow& r, const std::string& status) {
    if (status == "kept") {
      ++r.kept;
    } else if (status == "broken") {
      ++r.broken;
    } else {
      ++r.open;
    }
  };
  while (true) {
    ASSIGN_OR_RETURN(auto page, store::LoopStore::ListPromises(c, t, std::nullopt, after, 5000));
    for (const auto& p : page) {
      count(rep.total, p.status);
      count(type[p.promise_type], p.status);
      if (p.team_id) count(team[std::to_string(*p.team_id)], p.status);
      if (p.employee_id) count(emp[std::to_string(*p.employee_id)], p.status);
      after = p.id;
    }
    if (page.size() < 5000) break;
  }
  auto finish = [](PromiseReportRow& r) {
    if (r.kept + r.broken > 0) {
      r.kept_rate = static_cast<double>(r.kept) / static_cast<double>(r.kept + r.broken);
    }
  };
  finish(rep.total);
  for (auto [m, out] :
       {std::pair{&team, &rep.by_team}, {&emp, &rep.by_employee}, {&type, &rep.by_type}}) {
    for (auto& [k, r] : *m) {
      r.key = k;
      finish(r);
      out->push_back(r);
    }
  }
  ASSIGN_OR_RETURN(auto pairs, store::LoopStore::ResponsesAfterSettled(c, t));
  for (const auto& x : pairs) {
    NpsAfter& n = x.status == "kept" ? rep.after_kept : rep.after_broken;
    ++n.responses;
    if (x.nps >= 9) ++n.promoters;
    if (x.nps <= 6) ++n.detractors;
  }
  for (auto* n : {&rep.after_kept, &rep.after_broken}) {
    if (n->responses > 0) {
      n->nps = 100.0 * static_cast<double>(n->promoters - n->detractors) /
               static_cast<double>(n->responses);
    }
  }
  return rep;
}

Result<SlaReport> Loop::SlaOutcomes(store::SqlConn& c, const store::TenantScope& t,
                                    std::optional<UnixSeconds> from,
                                    std::optional<UnixSeconds> to) {
  SlaReport rep;
  UnixSeconds now = clock_.Now();
  ASSIGN_OR_RETURN(auto policies, store::LoopStore::Policies(c, t.org_id()));
  ASSIGN_OR_RETURN(auto cal, Calendar(c, t.org_id()));
  std::map<std::string, SlaReportRow> rows;
  store::CaseFilter f;
  f.opened_from = from;
  f.opened_to = to;
  int64_t after = 0;
  while (true) {
    ASSIGN_OR_RETURN(auto page, store::LoopStore::ListCases(c, t, f, after, 5000));
    for (const auto& k : page) {
      after = k.id;
      SlaReportRow& row = rows[k.case_type];
      row.case_type = k.case_type;
      ++row.opened;
      if (k.closed_at) ++row.closed;
      SlaState s;
      for (const auto& p : policies) {
        if (p.case_type == k.case_type) s = EvaluateSla(TimesOf(k), PolicyOf(p), cal, now);
      }
      for (auto [timer, counts] : {std::pair{&s.acknowledge, &row.acknowledge},
                                   {&s.first_contact, &row.first_contact},
                                   {&s.resolve, &row.resolve}}) {
        if (timer->state == TimerState::kMet) ++counts->met;
        if (timer->state == TimerState::kMissed) ++counts->missed;
        if (timer->state == TimerState::kBreached) ++counts->breached_open;
        if (timer->state == TimerState::kMet || timer->state == TimerState::kMissed) {
          ++counts->finished;
          counts->total_used_seconds += timer->used_seconds;
        }
      }
      if (rep.cases.size() < 1000) rep.cases.push_back({k, s});
    }
    if (page.size() < 5000) break;
  }
  for (auto& [k, r] : rows) rep.by_type.push_back(r);
  return rep;
}

Status Loop::RaiseAlert(store::SqlConn& c, int64_t org_id, const std::string& event,
                        const std::string& text, json::object data,
                        const std::optional<std::string>& comment) {
  ASSIGN_OR_RETURN(auto rules, store::LoopStore::Rules(c, org_id));
  UnixSeconds now = clock_.Now();
  for (const auto& rule : rules) {
    if (!rule.active || rule.event != event) continue;
    if (rule.keyword) {
      if (!comment || Lower(*comment).find(Lower(*rule.keyword)) == std::string::npos) continue;
    }
    if (rule.email) {
      store::EmailDeliveryRecord m;
      m.org_id = org_id;
      m.rule_id = rule.id;
      m.event = event;
      m.recipient = *rule.email;
      m.subject = "[Beleving] " + event;
      m.body = text + "\n\n" + ToJsonText(data);
      m.created_at = now;
      ASSIGN_OR_RETURN(m.id, store::LoopStore::InsertEmailDelivery(c, m));
      json::object payload{{"email_delivery_id", m.id}};
      RETURN_IF_ERROR(jobs_.Schedule(c, org_id, kEmailJob, ToJsonText(payload), now).status());
    }
    if (!rule.webhook_id) continue;
    ASSIGN_OR_RETURN(auto hook, store::LoopStore::SysWebhook(c, *rule.webhook_id));
    if (!hook || !hook->active || hook->org_id != org_id) continue;
    json::value body = WebhookBody(hook->format, event, org_id, rule.id, now, text, data);
    store::DeliveryRecord d;
    d.org_id = org_id;
    d.webhook_id = hook->id;
    d.rule_id = rule.id;
    d.event = event;
    d.body = ToJsonText(body);
    d.created_at = now;
    ASSIGN_OR_RETURN(d.id, store::LoopStore::InsertDelivery(c, d));
    RETURN_IF_ERROR(Resend(c, d));
  }
  return Status::Ok();
}

Status Loop::Resend(store::SqlConn& c, const store::DeliveryRecord& d) {
  json::object payload{{"delivery_id", d.id}};
  return jobs_.Schedule(c, d.org_id, kWebhookJob, ToJsonText(payload), clock_.Now()).status();
}

Status Loop::DeliverWebhook(const jobs::Job& job) {
  auto payload = ParseJson(job.payload);
  const json::value* idv = payload.ok() && payload->is_object()
                               ? payload->get_object().if_contains("delivery_id")
                               : nullptr;
  if (!idv || !idv->is_int64()) return FailedPrecondition("bad webhook job payload");
  int64_t id = idv->get_int64();
  std::optional<store::DeliveryRecord> d;
  std::optional<store::WebhookRecord> hook;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(d, store::LoopStore::SysDelivery(c, id));
    if (d) {
      ASSIGN_OR_RETURN(hook, store::LoopStore::SysWebhook(c, d->webhook_id));
    }
    return Status::Ok();
  }));
  if (!d || !hook) return FailedPrecondition("no such delivery");
  if (d->state == "delivered") return Status::Ok();
  UnixSeconds now = clock_.Now();
  auto code =
      PostJson(hook->url, d->body,
               {"X-Beleving-Signature: " + WebhookSignature(hook->secret, now, d->body),
                "X-Beleving-Event: " + d->event, "X-Beleving-Delivery: " + std::to_string(d->id)});
  d->attempts += 1;
  bool ok = code.ok() && *code >= 200 && *code < 300;
  if (code.ok()) {
    d->last_status = *code;
    d->last_error = ok ? std::nullopt : std::optional<std::string>("HTTP " + std::to_string(*code));
  } else {
    d->last_status.reset();
    d->last_error = code.status().message();
  }
  if (ok) {
    d->state = "delivered";
    d->delivered_at = now;
  } else {
    d->state = d->attempts >= hook->max_attempts ? "failed" : "pending";
  }
  return db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(store::LoopStore::UpdateDelivery(c, *d));
    if (d->state != "pending") return Status::Ok();
    jobs::RetryPolicy p;
    p.base_seconds = hook->retry_base_seconds;
    p.max_attempts = hook->max_attempts;
    json::object next{{"delivery_id", d->id}};
    return jobs_
        .Schedule(c, d->org_id, kWebhookJob, ToJsonText(next), now + jobs::Backoff(p, d->attempts))
        .status();
  });
}

Status Loop::ResendEmail(store::SqlConn& c, store::EmailDeliveryRecord& d) {
  d.state = "pending";
  RETURN_IF_ERROR(store::LoopStore::UpdateEmailDelivery(c, d));
  json::object payload{{"email_delivery_id", d.id}};
  return jobs_.Schedule(c, d.org_id, kEmailJob, ToJsonText(payload), clock_.Now()).status();
}

Status Loop::DeliverEmail(const jobs::Job& job) {
  auto payload = ParseJson(job.payload);
  const json::value* idv = payload.ok() && payload->is_object()
                               ? payload->get_object().if_contains("email_delivery_id")
                               : nullptr;
  if (!idv || !idv->is_int64()) return FailedPrecondition("bad e-mail job payload");
  std::optional<store::EmailDeliveryRecord> d;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(d, store::LoopStore::SysEmailDelivery(c, idv->get_int64()));
    return Status::Ok();
  }));
  if (!d) return FailedPrecondition("no such e-mail delivery");
  if (d->state == "delivered") return Status::Ok();  // a rerun after a crash
  mail::SmtpClient smtp(smtp_url_);
  Status sent = Status::Ok();
  if (!smtp.enabled()) {
    sent = FailedPrecondition("e-mail alerts need BELEVING_SMTP_URL");
  } else if (!mail::IsPlainAddress(d->recipient)) {
    sent = FailedPrecondition("not an e-mail address: " + d->recipient);
  } else {
    mail::Message m;
    m.from = mail_from_;
    m.from_name = "Beleving";
    m.to = d->recipient;
    m.subject = d->subject;
    m.text = d->body;
    m.message_id = "<loop-alert-" + std::to_string(d->id) + "-" + std::to_string(d->attempts + 1) +
                   "@beleving>";
    sent = smtp.Send(m, MailDate(clock_.Now()));
  }
  UnixSeconds now = clock_.Now();
  d->attempts += 1;
  if (sent.ok()) {
    d->state = "delivered";
    d->delivered_at = now;
    d->last_error.reset();
  } else {
    bool last =
        sent.code() == StatusCode::kFailedPrecondition || job.attempt >= kEmailRetry.max_attempts;
    d->state = last ? "failed" : "pending";
    d->last_error = sent.message();
  }
  RETURN_IF_ERROR(db_.Write(
      [&](store::SqlConn& c) -> Status { return store::LoopStore::UpdateEmailDelivery(c, *d); }));
  return sent;
}

// --- the satisfaction follow-up

Status Loop::QueueFollowUp(store::SqlConn& c, const store::CaseRecord& k) {
  auto scope = store::TenantScope::System(k.org_id);
  std::optional<std::string> email, language;
  if (k.customer_id) {
    ASSIGN_OR_RETURN(auto who, store::AskStore::Customer(c, scope, *k.customer_id));
    if (who && (who->opted_out || who->erased)) return Status::Ok();
    if (who && who->email && mail::IsPlainAddress(*who->email)) {
      email = who->email;
      language = who->language;
    }
  }
  if (!email && k.complaint_id) {
    ASSIGN_OR_RETURN(auto x, store::LoopStore::GetComplaint(c, scope, *k.complaint_id));
    if (x && x->email && mail::IsPlainAddress(*x->email)) email = x->email;
  }
  if (!email) return Status::Ok();
  if (language != "nl" && language != "en") {
    ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, k.org_id));
    language = org && org->language == "en" ? "en" : "nl";
  }
  store::FollowUpRecord f;
  f.org_id = k.org_id;
  f.case_id = k.id;
  f.customer_id = k.customer_id;
  f.email = email;
  f.language = *language;
  f.created_at = clock_.Now();
  ASSIGN_OR_RETURN(auto id, store::LoopStore::InsertFollowUp(c, f));
  if (!id) return Status::Ok();  // one follow-up per case: a reopened case is not asked again
  json::object payload{{"followup_id", *id}};
  return jobs_.Schedule(c, k.org_id, kFollowUpJob, ToJsonText(payload), f.created_at).status();
}

Status Loop::DeliverFollowUp(const jobs::Job& job) {
  auto payload = ParseJson(job.payload);
  const json::value* idv = payload.ok() && payload->is_object()
                               ? payload->get_object().if_contains("followup_id")
                               : nullptr;
  if (!idv || !idv->is_int64()) return FailedPrecondition("bad follow-up job payload");
  std::optional<store::FollowUpRecord> f;
  std::optional<store::Org> org;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(f, store::LoopStore::SysFollowUp(c, idv->get_int64()));
    if (f) {
      ASSIGN_OR_RETURN(org, store::OrgStore::ById(c, f->org_id));
    }
    return Status::Ok();
  }));
  // Sent already (a rerun), or the address was erased meanwhile: nothing to do.
  if (!f || f->sent_at || !f->email || !org) return Status::Ok();
  mail::SmtpClient smtp(smtp_url_);
  if (!smtp.enabled()) return FailedPrecondition("follow-up e-mails need BELEVING_SMTP_URL");
  // A fresh token per attempt: only its hash is stored, so a failed attempt's
  // link simply stops working.
  std::string token = security::RandomToken(32);
  UnixSeconds now = clock_.Now();
  UnixSeconds expires = now + kFollowUpValidSeconds;
  bool armed = false;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(armed,
                     store::LoopStore::ArmFollowUp(c, f->id, FollowUpTokenHash(token), expires));
    return Status::Ok();
  }));
  if (!armed) return Status::Ok();
  bool en = f->language == "en";
  std::string until = FormatRfc3339(expires).substr(0, 10);
  mail::Message m;
  m.from = mail_from_;
  m.from_name = org->name;
  m.to = *f->email;
  m.message_id =
      "<loop-followup-" + std::to_string(f->id) + "-" + std::to_string(job.attempt) + "@beleving>";
  if (en) {
    m.subject = "Are you satisfied with how we handled your request?";
    m.text = "Hello,\n\nWe recently closed your request (number " + std::to_string(f->case_id) +
             "). Are you satisfied with how we handled it?\n\nPlease let us know through this "
             "link (valid until " +
             until + "):\n" + FollowUpUrl(token) +
             "\n\nIt takes less than a minute. Thank you!\n\nKind regards,\n" + org->name + "\n";
  } else {
    m.subject = "Bent u tevreden over de afhandeling van uw melding?";
    m.text = "Goedendag,\n\nOnlangs hebben wij uw melding (nummer " + std::to_string(f->case_id) +
             ") afgehandeld. Bent u tevreden over de afhandeling van uw melding?\n\nLaat het ons "
             "weten via deze link (geldig tot en met " +
             until + "):\n" + FollowUpUrl(token) +
             "\n\nHet kost u minder dan een minuut. Alvast bedankt!\n\nMet vriendelijke "
             "groet,\n" +
             org->name + "\n";
  }
  RETURN_IF_ERROR(smtp.Send(m, MailDate(now)));
  return db_.Write([&](store::SqlConn& c) -> Status {
    return store::LoopStore::MarkFollowUpSent(c, f->id, clock_.Now());
  });
}

Result<FollowUpView> Loop::FindFollowUp(store::SqlConn& c, const std::string& token) {
  FollowUpView v;
  if (!LooksLikeFollowUpToken(token)) return v;
  ASSIGN_OR_RETURN(auto f, store::LoopStore::SysFollowUpByTokenHash(c, FollowUpTokenHash(token)));
  if (!f) return v;
  ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, f->org_id));
  v.language = f->language == "en" ? "en" : "nl";
  v.org_name = org ? org->name : "";
  v.case_id = f->case_id;
  if (f->answered_at) {
    v.state = FollowUpState::kAlreadyAnswered;
  } else if (!f->expires_at || clock_.Now() >= *f->expires_at) {
    v.state = FollowUpState::kExpired;
  } else {
    v.state = FollowUpState::kOpen;
  }
  return v;
}

Result<FollowUpView> Loop::AnswerFollowUp(store::SqlConn& c, const std::string& token,
                                          bool satisfied,
                                          const std::optional<std::string>& comment) {
  if (comment && comment->size() > kMaxFollowUpComment) {
    return InvalidArgument("the comment is too long", "/comment");
  }
  ASSIGN_OR_RETURN(auto v, FindFollowUp(c, token));
  if (v.state != FollowUpState::kOpen) return v;
  ASSIGN_OR_RETURN(auto f, store::LoopStore::SysFollowUpByTokenHash(c, FollowUpTokenHash(token)));
  UnixSeconds now = clock_.Now();
  ASSIGN_OR_RETURN(bool first,
                   store::LoopStore::AnswerFollowUp(c, f->org_id, f->id, satisfied, comment, now));
  if (!first) {
    v.state = FollowUpState::kAlreadyAnswered;
    return v;
  }
  ASSIGN_OR_RETURN(auto k,
                   store::LoopStore::GetCase(c, store::TenantScope::System(f->org_id), f->case_id));
  if (!k) return NotFound("no such case");
  k->customer_satisfied = satisfied;
  k->updated_at = now;
  RETURN_IF_ERROR(store::LoopStore::UpdateCase(c, *k));
  json::object body{{"satisfied", satisfied}, {"followup_id", f->id}};
  if (comment) body["comment"] = *comment;
  RETURN_IF_ERROR(AddEvent(c, *k, "satisfaction", "customer", body));
  v.state = FollowUpState::kRecorded;
  return v;
}

Status Loop::ProcessResponses(bool* more) {
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t after, store::LoopStore::Cursor(c, "responses"));
    ASSIGN_OR_RETURN(auto rows, store::LoopStore::SysResponsesAfter(c, after, kBatch));
    *more = rows.size() == static_cast<size_t>(kBatch);
    if (rows.empty()) return Status::Ok();
    std::map<std::pair<int64_t, int64_t>, int> thresholds;
    capture::HistoryRule history;
    for (const auto& r : rows) {
      ASSIGN_OR_RETURN(bool past,
                       history.IsHistory(c, r.org_id, r.imported, r.submitted_at, r.created_at));
      if (past) continue;  // feeds the analyses, opens no case, raises no alert
      json::object data{{"response_id", r.id}, {"customer_id", OptId(r.customer_id)}};
      if (r.nps) data["nps"] = *r.nps;
      if (r.comment) {
        RETURN_IF_ERROR(RaiseAlert(c, r.org_id, "keyword", "Comment: " + r.comment->substr(0, 300),
                                   data, r.comment));
      }
      if (!r.nps) continue;
      int threshold = kDefaultDetractorThreshold;
      if (r.survey_id) {
        auto key = std::pair{r.org_id, *r.survey_id};
        auto it = thresholds.find(key);
        if (it == thresholds.end()) {
          ASSIGN_OR_RETURN(auto def, store::LoopStore::SurveyDefinition(c, r.org_id, *r.survey_id));
          it = thresholds.emplace(key, DetractorThreshold(def)).first;
        }
        threshold = it->second;
      }
      bool detractor = *r.nps <= threshold;
      bool disappointed =
          r.best_previous_nps && *r.nps <= *r.best_previous_nps - kDisappointmentDrop;
      if (!detractor && !disappointed) continue;
      store::CaseRecord k;
      k.org_id = r.org_id;
      k.case_type = detractor ? "detractor" : "disappointment";
      k.source_key = "response:" + std::to_string(r.id);
      k.title = detractor ? "Detractor: NPS " + std::to_string(*r.nps)
                          : "Disappointment: NPS " + std::to_string(*r.nps) + " after " +
                                std::to_string(*r.best_previous_nps);
      k.description = r.comment;
      k.customer_id = r.customer_id;
      k.response_id = r.id;
      k.interaction_id = r.interaction_id;
      k.team_id = r.team_id;
      k.location_id = r.location_id;
      k.severity = *r.nps <= 3 ? "high" : "normal";
      ASSIGN_OR_RETURN(auto case_id, OpenCase(c, k, "system"));
      data["case_id"] = OptId(case_id);
      if (detractor) {
        RETURN_IF_ERROR(RaiseAlert(c, r.org_id, "detractor",
                                   "Detractor: NPS " + std::to_string(*r.nps), data, r.comment));
      }
      if (disappointed) {
        data["best_previous_nps"] = *r.best_previous_nps;
        RETURN_IF_ERROR(RaiseAlert(c, r.org_id, "disappointment", k.title, data, r.comment));
      }
    }
    return store::LoopStore::SetCursor(c, "responses", rows.back().id);
  });
}

Status Loop::ProcessInteractions(bool* more) {
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t after, store::LoopStore::Cursor(c, "interactions"));
    ASSIGN_OR_RETURN(auto rows, store::LoopStore::SysInteractionsAfter(c, after, kBatch));
    *more = rows.size() == static_cast<size_t>(kBatch);
    if (rows.empty()) return Status::Ok();
    std::map<std::pair<int64_t, int64_t>, std::vector<store::StandardPromiseRecord>> standards;
    capture::HistoryRule history;
    for (const auto& r : rows) {
      if (!r.touchpoint_id) continue;
      ASSIGN_OR_RETURN(bool past,
                       history.IsHistory(c, r.org_id, false, r.occurred_at, r.created_at));
      if (past) continue;  // a promise about the past would only break
      auto key = std::pair{r.org_id, *r.touchpoint_id};
      auto it = standards.find(key);
      if (it == standards.end()) {
        ASSIGN_OR_RETURN(auto s,
                         store::LoopStore::StandardsForTouchpoint(c, r.org_id, *r.touchpoint_id));
        it = standards.emplace(key, std::move(s)).first;
      }
      if (it->second.empty()) continue;
      ASSIGN_OR_RETURN(auto cal, Calendar(c, r.org_id));
      for (const auto& s : it->second) {
        store::PromiseRecord p;
        p.org_id = r.org_id;
        p.promise_type = s.key;
        p.source_key = "standard:" + std::to_string(s.id) + ":interaction:" + std::to_string(r.id);
        p.employee_id = r.employee_id;
        p.team_id = r.team_id;
        p.customer_id = r.customer_id;
        p.interaction_id = r.id;
        p.text = s.text;
        p.made_at = r.occurred_at;
        p.due_at = s.business_hours ? cal.AddBusinessSeconds(r.occurred_at, s.due_after_seconds)
                                    : r.occurred_at + s.due_after_seconds;
        RETURN_IF_ERROR(store::LoopStore::InsertPromise(c, p, clock_.Now()).status());
      }
    }
    return store::LoopStore::SetCursor(c, "interactions", rows.back().id);
  });
}

namespace {
// Due soon: within the last hour (or the last quarter of a shorter window).
bool DueSoon(const store::PromiseRecord& p, UnixSeconds now) {
  int64_t window = std::max<int64_t>(p.due_at - p.made_at, 1);
  return p.due_at - now <= std::min<int64_t>(3600, window / 4);
}
}  // namespace

Status Loop::EvaluatePromises(UnixSeconds now) {
  bool work = false;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto rows, store::LoopStore::SysPromisesDueBefore(c, now + 3600, kBatch));
    for (const auto& p : rows)
      work = work || p.due_at <= now || (!p.due_soon_alerted && DueSoon(p, now));
    return Status::Ok();
  }));
  if (!work) return Status::Ok();
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto rows, store::LoopStore::SysPromisesDueBefore(c, now + 3600, kBatch));
    for (auto& p : rows) {
      if (p.due_at <= now) {
        RETURN_IF_ERROR(SettlePromise(c, p, "broken", "system"));
        continue;
      }
      if (DueSoon(p, now) && !p.due_soon_alerted) {
        p.due_soon_alerted = true;
        RETURN_IF_ERROR(store::LoopStore::UpdatePromise(c, p));
        RETURN_IF_ERROR(RaiseAlert(c, p.org_id, "promise.due_soon",
                                   "Promise due " + FormatRfc3339(p.due_at) + ": " + p.text,
                                   {{"promise_id", p.id}, {"due_at", FormatRfc3339(p.due_at)}}));
      }
    }
    return Status::Ok();
  });
}

Status Loop::EvaluateCases(UnixSeconds now) {
  int64_t after = 0;
  while (true) {
    bool more = false;
    bool work = false;
    // A read pass finds whether this page has a timer that crosses a line; only
    // then the page is evaluated again inside a write.
    const int64_t page_start = after;
    for (bool apply : {false, true}) {
      if (apply && !work) break;
      auto pass = [&, apply, page_start](store::SqlConn& c) -> Status {
        after = page_start;
        ASSIGN_OR_RETURN(auto rows, store::LoopStore::SysOpenCases(c, after, kBatch));
        more = rows.size() == static_cast<size_t>(kBatch);
        std::map<int64_t, std::vector<store::SlaPolicyRecord>> policies;
        std::map<int64_t, BusinessCalendar> calendars;
        for (auto& k : rows) {
          after = k.id;
          auto pit = policies.find(k.org_id);
          if (pit == policies.end()) {
            ASSIGN_OR_RETURN(auto ps, store::LoopStore::Policies(c, k.org_id));
            pit = policies.emplace(k.org_id, std::move(ps)).first;
          }
          const store::SlaPolicyRecord* policy = nullptr;
          for (const auto& p : pit->second) {
            if (p.case_type == k.case_type) policy = &p;
          }
          if (!policy) continue;
          auto cit = calendars.find(k.org_id);
          if (cit == calendars.end()) {
            ASSIGN_OR_RETURN(auto cal, Calendar(c, k.org_id));
            cit = calendars.emplace(k.org_id, std::move(cal)).first;
          }
          SlaState s = EvaluateSla(TimesOf(k), PolicyOf(*policy), cit->second, now);
          const TimerEval* timers[3] = {&s.acknowledge, &s.first_contact, &s.resolve};
          for (int i = 0; i < 3; ++i) {
            const TimerEval& t = *timers[i];
            int64_t risk_bit = int64_t{1} << (2 * i), breach_bit = int64_t{1} << (2 * i + 1);
            bool breached = t.state == TimerState::kBreached;
            bool at_risk = t.state == TimerState::kAtRisk;
            const char* event = nullptr;
            if (breached && !(k.sla_flags & breach_bit)) {
              k.sla_flags |= risk_bit | breach_bit;
              event = "sla.breached";
            } else if (at_risk && !(k.sla_flags & risk_bit)) {
              k.sla_flags |= risk_bit;
              event = "sla.at_risk";
            }
            if (!event) continue;
            work = true;
            if (!apply) continue;
            k.updated_at = now;
            RETURN_IF_ERROR(store::LoopStore::UpdateCase(c, k));
            json::object body{{"event", event},
                              {"target", t.target},
                              {"used_seconds", t.used_seconds},
                              {"allowed_seconds", t.allowed_seconds}};
            RETURN_IF_ERROR(AddEvent(c, k, "sla", "system", body));
            RETURN_IF_ERROR(Escalate(c, k, std::string(event) + ":" + t.target));
            RETURN_IF_ERROR(RaiseAlert(c, k.org_id, event,
                                       std::string("Case ") + std::to_string(k.id) + " " +
                                           (breached ? "breached" : "is at risk of breaching") +
                                           " its " + t.target + " target: " + k.title,
                                       {{"case_id", k.id}, {"target", t.target}}));
          }
        }
        return Status::Ok();
      };
      RETURN_IF_ERROR(apply ? db_.Write(pass) : db_.Read(pass));
    }
    if (!more) return Status::Ok();
  }
}

}  // namespace beleving::loop
