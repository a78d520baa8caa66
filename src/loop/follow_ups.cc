#include "loop/follow_ups.h"

#include <algorithm>
#include <cctype>

#include "core/time_format.h"
#include "loop/loop_access.h"
#include "outbound/mail_date.h"
#include "outbound/mail_texts.h"
#include "outbound/smtp.h"
#include "security/secrets.h"
#include "store/access_store.h"
#include "store/ask_store.h"
#include "store/complaint_store.h"
#include "store/follow_up_store.h"
#include "store/org_store.h"

namespace beleving::loop {
namespace {

constexpr const char* kFollowUpJob = "loop.followup";

// 43 base64url characters (security::RandomToken(32)).
bool LooksLikeToken(std::string_view s) {
  if (s.size() != 43) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
  });
}

}  // namespace

std::string FollowUpTokenHash(const std::string& token) {
  return security::Sha256Hex("followup:" + token);
}

FollowUps::FollowUps(store::Database& db, const Clock& clock, jobs::JobRunner& jobs,
                     SlaSettings& settings, std::string smtp_url, std::string mail_from,
                     std::string public_url)
    : db_(db),
      clock_(clock),
      jobs_(jobs),
      settings_(settings),
      smtp_url_(std::move(smtp_url)),
      mail_from_(std::move(mail_from)),
      public_url_(std::move(public_url)) {
  while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

void FollowUps::Register() {
  jobs_.RegisterExternal(kFollowUpJob, [this](const jobs::Job& job) { return Deliver(job); });
}

Status FollowUps::Queue(store::SqlConn& c, const store::CaseRecord& k) {
  auto scope = store::TenantScope::System(k.org_id);
  std::optional<std::string> email, language;
  if (k.customer_id) {
    ASSIGN_OR_RETURN(auto who, store::AskStore::Customer(c, scope, *k.customer_id));
    if (who && (who->opted_out || who->erased)) return Status::Ok();
    if (who && who->email && outbound::IsPlainAddress(*who->email)) {
      email = who->email;
      language = who->language;
    }
  }
  if (!email && k.complaint_id) {
    ASSIGN_OR_RETURN(auto x, store::ComplaintStore::GetComplaint(c, scope, *k.complaint_id));
    if (x && x->email && outbound::IsPlainAddress(*x->email)) email = x->email;
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
  ASSIGN_OR_RETURN(auto id, store::FollowUpStore::InsertFollowUp(c, f));
  if (!id) return Status::Ok();  // one follow-up per case: a reopened case is not asked again
  json::object payload{{"followup_id", *id}};
  return jobs_.Schedule(c, k.org_id, kFollowUpJob, ToJsonText(payload), f.created_at).status();
}

Status FollowUps::Deliver(const jobs::Job& job) {
  auto payload = ParseJson(job.payload);
  const json::value* idv = payload.ok() && payload->is_object()
                               ? payload->get_object().if_contains("followup_id")
                               : nullptr;
  if (!idv || !idv->is_int64()) return FailedPrecondition("bad follow-up job payload");
  const auto all = store::SystemScope::AllOrganisations();  // a job knows only the row
  std::optional<store::FollowUpRecord> f;
  std::optional<store::Org> org;
  TimeZone zone = TimeZone::Utc();
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(f, store::FollowUpStore::SysFollowUp(c, all, idv->get_int64()));
    if (f) {
      ASSIGN_OR_RETURN(org, store::OrgStore::ById(c, f->org_id));
      ASSIGN_OR_RETURN(zone, settings_.Zone(c, f->org_id));
    }
    return Status::Ok();
  }));
  // Sent already (a rerun), or the address was erased meanwhile: nothing to do.
  if (!f || f->sent_at || !f->email || !org) return Status::Ok();
  // Too late to ask: a follow-up still unsent a link's lifetime after the
  // case closed (a job that waited that long, or history written on a
  // clock that travels, as the demo's does) is dropped, not sent.
  if (clock_.Now() - f->created_at >= kFollowUpValidSeconds) return Status::Ok();
  outbound::SmtpClient smtp(smtp_url_);
  if (!smtp.enabled()) return FailedPrecondition("follow-up e-mails need BELEVING_SMTP_URL");
  // A fresh token per attempt: only its hash is stored, so a failed attempt's
  // link simply stops working.
  std::string token = security::RandomToken(32);
  UnixSeconds now = clock_.Now();
  UnixSeconds expires = now + kFollowUpValidSeconds;
  bool armed = false;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(
        armed, store::FollowUpStore::ArmFollowUp(c, all, f->id, FollowUpTokenHash(token), expires));
    return Status::Ok();
  }));
  if (!armed) return Status::Ok();
  // The last day the link works, as the customer reads a date.
  auto text = outbound::FollowUpMail(f->language == "en" ? i18n::Lang::kEn : i18n::Lang::kNl,
                                     {org->name, f->case_id, Url(token), expires - 1, zone});
  outbound::Message m;
  m.from = mail_from_;
  m.from_name = org->name;
  m.to = *f->email;
  m.subject = text.subject;
  m.text = text.text;
  m.message_id =
      "<loop-followup-" + std::to_string(f->id) + "-" + std::to_string(job.attempt) + "@beleving>";
  RETURN_IF_ERROR(smtp.Send(m, outbound::MailDate(now)));
  return db_.Write([&](store::SqlConn& c) -> Status {
    return store::FollowUpStore::MarkFollowUpSent(c, all, f->id, clock_.Now());
  });
}

Result<FollowUpView> FollowUps::FindIn(store::SqlConn& c, const std::string& token) {
  FollowUpView v;
  if (!LooksLikeToken(token)) return v;
  // The token is the only key the public page has.
  ASSIGN_OR_RETURN(auto f,
                   store::FollowUpStore::SysFollowUpByTokenHash(
                       c, store::SystemScope::AllOrganisations(), FollowUpTokenHash(token)));
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

Result<FollowUpView> FollowUps::Find(const std::string& token) {
  FollowUpView v;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(v, FindIn(c, token));
    return Status::Ok();
  }));
  return v;
}

Result<FollowUpView> FollowUps::Answer(const std::string& token, bool satisfied,
                                       const std::optional<std::string>& comment) {
  if (comment && comment->size() > kMaxFollowUpComment) {
    return InvalidArgument("the comment is too long", "/comment");
  }
  FollowUpView v;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(v, FindIn(c, token));
    if (v.state != FollowUpState::kOpen) return Status::Ok();
    ASSIGN_OR_RETURN(auto f,
                     store::FollowUpStore::SysFollowUpByTokenHash(
                         c, store::SystemScope::AllOrganisations(), FollowUpTokenHash(token)));
    const auto t = store::TenantScope::System(f->org_id);
    UnixSeconds now = clock_.Now();
    ASSIGN_OR_RETURN(bool first,
                     store::FollowUpStore::AnswerFollowUp(c, t, f->id, satisfied, comment, now));
    if (!first) {
      v.state = FollowUpState::kAlreadyAnswered;
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(auto k, store::CaseStore::GetCase(c, t, f->case_id));
    if (!k) return NotFound("no such case");
    k->customer_satisfied = satisfied;
    k->updated_at = now;
    RETURN_IF_ERROR(store::CaseStore::UpdateCase(c, *k));
    json::object body{{"satisfied", satisfied}, {"followup_id", f->id}};
    if (comment) body["comment"] = *comment;
    RETURN_IF_ERROR(store::CaseStore::AddCaseEvent(
        c, t, {0, k->id, "satisfaction", "customer", ToJsonText(body), now}));
    RETURN_IF_ERROR(store::AccessStore::Audit(c, f->org_id, "customer", "answer",
                                              "case:" + std::to_string(k->id), now));
    v.state = FollowUpState::kRecorded;
    return Status::Ok();
  }));
  return v;
}

}  // namespace beleving::loop
