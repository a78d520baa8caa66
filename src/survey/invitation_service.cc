#include "survey/invitation_service.h"

#include "store/access_store.h"
#include "store/ask_store.h"
#include "store/moment_store.h"
#include "store/survey_store.h"
#include "survey/access.h"

namespace beleving::survey {
namespace {

InvitationView ViewOf(const store::Invitation& i) {
  return InvitationView{i.id,      i.survey_id,   i.customer_id, i.interaction_id,
                        i.status,  i.language,    i.send_at,     i.expires_at,
                        i.sent_at, i.reminded_at, i.answered_at, i.last_error};
}

}  // namespace

Result<CreatedInvitation> InvitationService::Create(const security::Principal& who,
                                                    const InvitationInput& in) {
  RETURN_IF_ERROR(MayManage(who));
  const store::TenantScope& t = who.tenant;
  const UnixSeconds now = clock_.Now();
  CreatedInvitation out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto s, store::SurveyStore::ByKey(c, t, in.survey));
    if (!s) return InvalidArgument("no survey with key '" + in.survey + "'", "/survey");
    ASSIGN_OR_RETURN(auto customer, store::AskStore::CustomerByKey(c, t, in.customer));
    if (!customer || customer->erased) {
      return InvalidArgument("no customer with key '" + in.customer + "'", "/customer");
    }
    if (customer->opted_out) {
      return InvalidArgument("customer '" + in.customer + "' opted out of feedback requests",
                             "/customer");
    }
    InviteRequest req;
    req.survey_id = s->id;
    req.customer_id = customer->id;
    req.language = customer->language;
    req.send_at = now;
    if (in.interaction_id) {
      ASSIGN_OR_RETURN(auto i, store::MomentStore::GetInteraction(c, t, *in.interaction_id));
      if (!i) return InvalidArgument("no such interaction", "/interaction_id");
      // An answer about someone else's moment would credit that moment's
      // employee with this customer's score.
      if (i->customer_id && *i->customer_id != customer->id) {
        return InvalidArgument("interaction " + std::to_string(*in.interaction_id) +
                                   " belongs to another customer than '" + in.customer + "'",
                               "/interaction_id");
      }
      req.interaction = *i;
    }
    out.mailed = in.email && customer->consent && customer->email && !customer->email->empty();
    req.mail = out.mailed;
    ASSIGN_OR_RETURN(auto made, asking_.Create(c, t, req));
    out.url = asking_.SurveyUrl(made.token);
    ASSIGN_OR_RETURN(auto stored, store::AskStore::InvitationById(c, t, made.id));
    if (!stored) return Internal("invitation vanished within its own write");
    out.invitation = ViewOf(*stored);
    return store::AccessStore::Audit(c, t.org_id(), who.actor(), "create",
                                     "invitation:" + std::to_string(made.id), now);
  }));
  return out;
}

Result<InvitationPage> InvitationService::List(const security::Principal& who, int64_t after,
                                               int limit) {
  RETURN_IF_ERROR(MayManage(who));
  if (limit < 1 || limit > kMaxInvitationPage) {
    return InvalidArgument("limit must be a number from 1 to " + std::to_string(kMaxInvitationPage),
                           "/query/limit");
  }
  InvitationPage page;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto list, store::AskStore::ListInvitations(c, who.tenant, after, limit));
    for (const auto& i : list) page.items.push_back(ViewOf(i));
    return Status::Ok();
  }));
  if (page.items.size() == static_cast<size_t>(limit)) page.next_after = page.items.back().id;
  return page;
}

}  // namespace beleving::survey
