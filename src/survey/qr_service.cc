#include "survey/qr_service.h"

#include "security/secrets.h"
#include "store/access_store.h"
#include "store/ask_store.h"
#include "store/survey_store.h"
#include "survey/access.h"

namespace beleving::survey {

Result<QrLink> QrService::Link(const security::Principal& who, const QrRequest& in) {
  RETURN_IF_ERROR(MayManage(who));
  const store::TenantScope& t = who.tenant;
  const UnixSeconds now = clock_.Now();
  QrLink out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto s, store::SurveyStore::ByKey(c, t, in.survey));
    if (!s) return InvalidArgument("no such survey", "/query/survey");
    std::optional<int64_t> tp, loc;
    if (in.touchpoint) {
      ASSIGN_OR_RETURN(tp, store::AskStore::DimensionId(c, t, "touchpoints", *in.touchpoint));
      if (!tp) return InvalidArgument("no such touchpoint", "/query/touchpoint");
    }
    if (in.location) {
      ASSIGN_OR_RETURN(loc, store::AskStore::DimensionId(c, t, "locations", *in.location));
      if (!loc) return InvalidArgument("no such location", "/query/location");
    }
    const std::string fresh = security::RandomToken(9);  // 12 characters
    ASSIGN_OR_RETURN(out.code, store::AskStore::QrCode(c, t, s->id, tp, loc, fresh, now));
    if (out.code != fresh) return Status::Ok();  // made before
    return store::AccessStore::Audit(c, t.org_id(), who.actor(), "create", "qr_code:" + out.code,
                                     now);
  }));
  out.url = asking_.public_url() + "/q/" + out.code;
  return out;
}

Result<std::optional<std::string>> QrService::Open(const std::string& code,
                                                   const std::string& language) {
  if (code.empty() || code.size() > 32) return std::optional<std::string>();
  std::optional<std::string> token;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto q, store::AskStore::QrByCode(c, code));
    if (!q) return Status::Ok();
    InviteRequest req;
    req.survey_id = q->survey_id;
    req.touchpoint_id = q->touchpoint_id;
    req.location_id = q->location_id;
    req.language = language;
    req.send_at = clock_.Now();
    req.mail = false;
    ASSIGN_OR_RETURN(auto inv, asking_.Create(c, store::TenantScope::System(q->org_id), req));
    token = inv.token;
    return Status::Ok();
  }));
  return token;
}

}  // namespace beleving::survey
