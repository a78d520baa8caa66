#include "security/authenticator.h"

#include "core/json.h"
#include "security/secrets.h"
#include "store/access_store.h"
#include "store/org_store.h"

namespace beleving::security {

namespace {
constexpr int kMaxFailuresPerAccount = 10;  // per e-mail within the window
constexpr int kMaxFailuresPerIp = 50;       // per client address (offices share one)
constexpr int64_t kFailureWindow = 900;     // 15 minutes
}  // namespace

Result<unsigned> ParseScopes(std::string_view text) {
  unsigned bits = 0;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view s = text.substr(0, comma);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s == "ingest") {
      bits |= kScopeIngest;
    } else if (s == "read") {
      bits |= kScopeRead;
    } else if (s == "admin") {
      bits |= kScopeAdmin;
    } else if (!s.empty()) {
      return InvalidArgument("unknown scope '" + std::string(s) + "' (ingest, read, admin)",
                             "/scopes");
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (bits == 0) return InvalidArgument("at least one scope is required", "/scopes");
  return bits;
}

std::string ScopesText(unsigned scopes) {
  std::string s;
  if (scopes & kScopeIngest) s += "ingest";
  if (scopes & kScopeRead) s += s.empty() ? "read" : ",read";
  if (scopes & kScopeAdmin) s += s.empty() ? "admin" : ",admin";
  return s;
}

Result<IssuedApiKey> Authenticator::CreateApiKey(store::SqlConn& c, int64_t org_id, unsigned scopes,
                                                 const std::string& name, UnixSeconds now) {
  std::string prefix = RandomToken(9);  // 12 characters, public identifier
  for (auto& ch : prefix) {
    if (ch == '_') ch = 'x';  // keep "_" as the separator
  }
  std::string key = "blv_" + prefix + "_" + RandomToken(32);
  store::ApiKeyRecord rec;
  rec.org_id = org_id;
  rec.prefix = prefix;
  rec.key_hash = Sha256Hex(key);
  rec.scopes = ScopesText(scopes);
  rec.name = name;
  rec.created_at = now;
  ASSIGN_OR_RETURN(int64_t id, store::AccessStore::CreateApiKey(c, rec));
  return IssuedApiKey{id, key};
}

Result<Principal> Authenticator::FromMembership(int64_t user_id, int64_t org_id,
                                                store::SqlConn& c) {
  ASSIGN_OR_RETURN(auto members, store::AccessStore::MembershipsOf(c, user_id));
  for (const auto& m : members) {
    if (m.org_id != org_id) continue;
    auto role = ParseRole(m.role);
    if (!role) return PermissionDenied("unknown role");
    Principal p{Principal::Kind::kSession, store::TenantScope::Organisation(org_id)};
    p.role = *role;
    p.user_id = user_id;
    if (*role == Role::kEmployee) {
      // An employee sees only their own feedback; without a linked employee,
      // nothing.
      p.tenant = store::TenantScope::OwnFeedback(org_id, m.employee_id);
    } else if (*role == Role::kManager) {
      auto doc = ParseJson(m.scope);
      std::vector<int64_t> teams, locations;
      if (doc.ok() && doc->is_object()) {
        auto read = [&](const char* k, std::vector<int64_t>* out) {
          if (auto* v = doc->get_object().if_contains(k); v && v->is_array()) {
            for (const auto& e : v->get_array()) {
              if (e.is_int64()) out->push_back(e.get_int64());
            }
          }
        };
        read("teams", &teams);
        read("locations", &locations);
      }
      ASSIGN_OR_RETURN(auto location_teams,
                       store::AccessStore::TeamsAtLocations(c, org_id, locations));
      p.tenant = store::TenantScope::Manager(org_id, std::move(teams), std::move(locations),
                                             std::move(location_teams));
    }
    return p;
  }
  return Unauthenticated("no membership in this organisation");
}

Result<Principal> Authenticator::Authenticate(const std::optional<std::string>& bearer,
                                              const std::optional<std::string>& session_token) {
  UnixSeconds now = clock_.Now();
  if (bearer) {
    const std::string& key = *bearer;
    // blv_<prefix>_<secret>
    if (key.size() < 20 || key.rfind("blv_", 0) != 0) return Unauthenticated("invalid API key");
    size_t sep = key.find('_', 4);
    if (sep == std::string::npos) return Unauthenticated("invalid API key");
    std::string prefix = key.substr(4, sep - 4);
    std::optional<store::ApiKeyRecord> rec;
    RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(rec, store::AccessStore::ApiKeyByPrefix(c, prefix));
      return Status::Ok();
    }));
    if (!rec || rec->revoked_at || !SecureEquals(rec->key_hash, Sha256Hex(key))) {
      return Unauthenticated("invalid API key");
    }
    ASSIGN_OR_RETURN(unsigned scopes, ParseScopes(rec->scopes));
    Principal p{Principal::Kind::kApiKey, store::TenantScope::Organisation(rec->org_id)};
    p.scopes = scopes;
    p.api_key_id = rec->id;
    return p;
  }
  if (session_token && !session_token->empty() && session_token->size() < 200) {
    std::string hash = Sha256Hex(*session_token);
    Result<Principal> out = Unauthenticated("session expired or unknown; log in again");
    RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto s, store::AccessStore::SessionByHash(c, hash));
      if (!s || s->expires_at <= now) return Status::Ok();
      ASSIGN_OR_RETURN(auto user, store::AccessStore::UserById(c, s->user_id));
      if (!user || user->disabled) return Status::Ok();
      out = FromMembership(s->user_id, s->org_id, c);
      if (out.ok()) {
        out->csrf_token = s->csrf_token;
        out->session_hash = hash;
      }
      return Status::Ok();
    }));
    return out;
  }
  return Unauthenticated("log in or send an API key as 'Authorization: Bearer KEY'");
}

bool Authenticator::Throttled(const std::string& key, UnixSeconds now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& q = failures_[key];
  while (!q.empty() && q.front() <= now - kFailureWindow) q.pop_front();
  size_t max = key.rfind("ip:", 0) == 0 ? kMaxFailuresPerIp : kMaxFailuresPerAccount;
  return q.size() >= max;
}

void Authenticator::RecordFailure(const std::string& key, UnixSeconds now) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_[key].push_back(now);
  if (failures_.size() > 100000) failures_.clear();  // bound memory under a flood
}

Result<IssuedSession> Authenticator::Login(const std::string& email, const std::string& password,
                                           const std::optional<std::string>& org_slug,
                                           const std::string& remote_ip) {
  UnixSeconds now = clock_.Now();
  std::string ip_key = "ip:" + remote_ip, user_key = "user:" + email;
  if (Throttled(ip_key, now) || Throttled(user_key, now)) {
    return ResourceExhausted("too many failed log-ins; wait 15 minutes");
  }
  std::optional<store::User> user;
  std::vector<store::Membership> members;
  std::optional<int64_t> wanted_org;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(user, store::AccessStore::UserByEmail(c, email));
    if (user) {
      ASSIGN_OR_RETURN(members, store::AccessStore::MembershipsOf(c, user->id));
    }
    if (org_slug) {
      ASSIGN_OR_RETURN(auto org, store::OrgStore::BySlug(c, *org_slug));
      if (org) wanted_org = org->id;
    }
    return Status::Ok();
  }));
  // Hash even for unknown users so timing does not reveal which e-mails exist.
  static const std::string kDummy = HashPassword("not-a-password").value();
  bool ok = VerifyPassword(password, user ? user->password_hash : kDummy) && user &&
            !user->disabled && !members.empty();
  if (!ok) {
    RecordFailure(ip_key, now);
    RecordFailure(user_key, now);
    return Unauthenticated("e-mail or password is wrong");
  }
  int64_t org_id = members.front().org_id;
  if (wanted_org) {
    bool member = false;
    for (const auto& m : members) member |= m.org_id == *wanted_org;
    if (!member) return Unauthenticated("e-mail or password is wrong");
    org_id = *wanted_org;
  }
  IssuedSession s{RandomToken(32), RandomToken(24),
                  Principal{Principal::Kind::kSession, store::TenantScope::Organisation(org_id)},
                  now + kSessionSeconds};
  store::SessionRecord rec{Sha256Hex(s.token), user->id, org_id, s.csrf_token, now, s.expires_at};
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(store::AccessStore::CreateSession(c, rec));
    // Old sessions of this user expire; keep the table small.
    return store::AccessStore::DeleteExpiredSessions(c, user->id, now);
  }));
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(s.principal, FromMembership(user->id, org_id, c));
    return Status::Ok();
  }));
  s.principal.csrf_token = s.csrf_token;
  s.principal.session_hash = rec.token_hash;
  return s;
}

Status Authenticator::Logout(const std::string& session_token) {
  std::string hash = Sha256Hex(session_token);
  return db_.Write([&](store::SqlConn& c) { return store::AccessStore::DeleteSession(c, hash); });
}

Result<Principal> Authenticator::SwitchOrg(const Principal& p, const std::string& org_slug) {
  if (p.kind != Principal::Kind::kSession) return PermissionDenied("only sessions switch");
  std::optional<store::Org> org;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, org_slug));
    return Status::Ok();
  }));
  if (!org) return NotFound("no such organisation");
  Result<Principal> next = NotFound("no such organisation");
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    next = FromMembership(p.user_id, org->id, c);
    return Status::Ok();
  }));
  if (!next.ok()) return NotFound("no such organisation");
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) {
    return store::AccessStore::SwitchSessionOrg(c, p.session_hash, org->id);
  }));
  next->csrf_token = p.csrf_token;
  next->session_hash = p.session_hash;
  return next;
}

}  // namespace beleving::security
