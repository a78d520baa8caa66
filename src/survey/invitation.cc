#include "survey/invitation.h"

#include <ctime>
#include <map>

#include "capture/history.h"
#include "core/json.h"
#include "core/log.h"
#include "core/time_format.h"
#include "core/timezone.h"
#include "security/secrets.h"
#include "store/org_store.h"
#include "survey/invitation_mail.h"

namespace beleving::survey {
namespace {

constexpr int kPlanBatch = 500;

std::string MailDate(UnixSeconds t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kInvite:
      return "invite";
    case Verdict::kNoCustomer:
      return "no_customer";
    case Verdict::kNoConsent:
      return "no_consent";
    case Verdict::kOptedOut:
      return "opted_out";
    case Verdict::kNoEmail:
      return "no_email";
    case Verdict::kRecentlyInvited:
      return "recently_invited";
    case Verdict::kDailyCap:
      return "daily_cap";
    case Verdict::kNotSampled:
      return "not_sampled";
  }
  return "?";
}

bool Sampled(int64_t org_id, int64_t interaction_id, int percent) {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  std::string h = security::Sha256Hex("sample:" + std::to_string(org_id) + ":" +
                                      std::to_string(interaction_id));
  uint64_t v = std::stoull(h.substr(0, 12), nullptr, 16);
  return static_cast<int>(v % 100) < percent;
}

Verdict Decide(const store::AskSettings& s, const std::optional<store::CustomerContact>& customer,
               bool invited_within_fatigue_window, int64_t invited_today, int64_t org_id,
               int64_t interaction_id) {
  if (!customer || customer->erased) return Verdict::kNoCustomer;
  if (customer->opted_out) return Verdict::kOptedOut;
  if (!customer->consent) return Verdict::kNoConsent;
  if (!customer->email || customer->email->empty()) return Verdict::kNoEmail;
  if (invited_within_fatigue_window) return Verdict::kRecentlyInvited;
  if (invited_today >= s.daily_cap) return Verdict::kDailyCap;
  if (!Sampled(org_id, interaction_id, s.sample_percent)) return Verdict::kNotSampled;
  return Verdict::kInvite;
}

std::string NewToken() { return security::RandomToken(32); }

std::string TokenHash(const std::string& token) { return security::Sha256Hex("inv:" + token); }

bool LooksLikeToken(std::string_view s) {
  if (s.size() != 43) return false;
  for (char ch : s) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_';
    if (!ok) return false;
  }
  return true;
}

Asking::Asking(store::Database& db, jobs::JobRunner& jobs, const Clock& clock,
               std::string public_url, std::string smtp_url, std::string mail_from)
    : db_(db),
      jobs_(jobs),
      clock_(clock),
      public_url_(std::move(public_url)),
      smtp_(std::move(smtp_url)),
      mail_from_(std::move(mail_from)) {
  while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

void Asking::Register() {
  jobs_.RegisterExternal(
      kInviteJob, [this](const jobs::Job& job) { return SendMail(job); },
      jobs::RetryPolicy{.max_attempts = 6, .base_seconds = 60, .max_seconds = 3 * 3600});
  jobs_.AddTick([this] {
    auto n = PlanPending();
    if (!n.ok()) log::Warn("ask: planning invitations failed: {}", n.status().ToString());
  });
}

void Asking::Nudge() {
  dirty_.store(true);
  jobs_.Wake();
}

Result<size_t> Asking::PlanPending() {
  if (!dirty_.exchange(false)) return size_t{0};
  size_t created = 0;
  for (;;) {
    size_t seen = 0;
    Status st = db_.Write([&](store::SqlConn& c) -> Status {
      seen = 0;
      ASSIGN_OR_RETURN(int64_t cursor, store::AskStore::Cursor(c));
      ASSIGN_OR_RETURN(auto batch, store::AskStore::InteractionsAfter(c, cursor, kPlanBatch));
      UnixSeconds now = clock_.Now();
      size_t made = 0;
      std::map<int64_t, bool> asks;  // org -> has any trigger (skips orgs that never ask fast)
      for (const auto& i : batch) {
        auto it = asks.find(i.org_id);
        if (it == asks.end()) {
          ASSIGN_OR_RETURN(auto triggers,
                           store::AskStore::Triggers(c, store::TenantScope::System(i.org_id)));
          it = asks.emplace(i.org_id, !triggers.empty()).first;
        }
        if (it->second) RETURN_IF_ERROR(PlanOne(c, i, now, &made));
      }
      if (!batch.empty()) RETURN_IF_ERROR(store::AskStore::SetCursor(c, batch.back().id));
      seen = batch.size();
      created += made;
      return Status::Ok();
    });
    if (!st.ok()) {
      dirty_.store(true);
      return st;
    }
    if (seen < static_cast<size_t>(kPlanBatch)) return created;
  }
}

Status Asking::PlanOne(store::SqlConn& c, const store::InteractionRecord& i, UnixSeconds now,
                       size_t* created) {
  if (!i.customer_id) return Status::Ok();
  ASSIGN_OR_RETURN(
      bool past, capture::HistoryRule().IsHistory(c, i.org_id, false, i.occurred_at, i.created_at));
  if (past) return Status::Ok();  // no survey about a moment long gone (capture/history.h)
  auto t = store::TenantScope::System(i.org_id);
  ASSIGN_OR_RETURN(auto trigger, store::AskStore::TriggerFor(c, t, i.touchpoint_id));
  if (!trigger || !trigger->enabled) return Status::Ok();
  ASSIGN_OR_RETURN(auto settings, store::AskStore::Settings(c, t));
  ASSIGN_OR_RETURN(auto customer, store::AskStore::Customer(c, t, *i.customer_id));
  ASSIGN_OR_RETURN(bool recent,
                   store::AskStore::InvitedSince(c, t, *i.customer_id,
                                                 now - int64_t{settings.fatigue_days} * 86400));
  ASSIGN_OR_RETURN(int64_t today, store::AskStore::CountInvitedSince(c, t, now - now % 86400));
  Verdict v = Decide(settings, customer, recent, today, i.org_id, i.id);
  if (v != Verdict::kInvite) {
    log::Info("ask: no invitation for interaction {}: {}", i.id, VerdictName(v));
    return Status::Ok();
  }
  InviteRequest req;
  req.survey_id = trigger->survey_id;
  req.customer_id = i.customer_id;
  req.interaction = i;
  req.language = customer->language;
  req.send_at = std::max(i.created_at + trigger->delay_seconds, now);
  ASSIGN_OR_RETURN(auto inv, Create(c, t, req));
  (void)inv;
  ++*created;
  return Status::Ok();
}

Result<NewInvitation> Asking::Create(store::SqlConn& c, const store::TenantScope& t,
                                     const InviteRequest& req) {
  ASSIGN_OR_RETURN(auto settings, store::AskStore::Settings(c, t));
  UnixSeconds now = clock_.Now();
  NewInvitation out;
  out.token = NewToken();
  store::Invitation inv;
  inv.token_hash = TokenHash(out.token);
  inv.survey_id = req.survey_id;
  inv.customer_id = req.customer_id;
  if (req.interaction) {
    inv.interaction_id = req.interaction->id;
    inv.touchpoint_id = req.interaction->touchpoint_id;
    inv.location_id = req.interaction->location_id;
  } else {
    inv.touchpoint_id = req.touchpoint_id;
    inv.location_id = req.location_id;
  }
  inv.language = req.language;
  inv.status = req.mail ? "queued" : "created";
  inv.send_at = req.send_at;
  inv.expires_at = std::max(req.send_at, now) + int64_t{settings.expiry_days} * 86400;
  inv.form_nonce = security::RandomToken(16);
  inv.created_at = now;
  ASSIGN_OR_RETURN(out.id, store::AskStore::InsertInvitation(c, t, inv));
  if (req.mail) {
    json::object payload{{"invitation", out.id}, {"token", out.token}, {"purpose", "invite"}};
    RETURN_IF_ERROR(jobs_
                        .Schedule(c, t.org_id(), kInviteJob, json::serialize(payload), req.send_at,
                                  "invite:" + std::to_string(out.id))
                        .status());
  }
  return out;
}

Status Asking::SendMail(const jobs::Job& job) {
  auto doc = ParseJson(job.payload);
  if (!doc.ok() || !doc->is_object()) return FailedPrecondition("bad payload");
  const auto& o = doc->as_object();
  if (!o.contains("invitation") || !o.contains("token") || !o.contains("purpose")) {
    return FailedPrecondition("bad payload");
  }
  int64_t id = o.at("invitation").to_number<int64_t>();
  std::string token(o.at("token").as_string());
  std::string purpose(o.at("purpose").as_string());
  bool reminder = purpose == "reminder";
  auto t = store::TenantScope::System(job.org_id);
  UnixSeconds now = clock_.Now();

  std::optional<store::Invitation> inv;
  std::optional<store::CustomerContact> customer;
  std::optional<store::Org> org;
  store::AskSettings settings;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(inv, store::AskStore::InvitationById(c, t, id));
    if (inv && inv->customer_id) {
      ASSIGN_OR_RETURN(customer, store::AskStore::Customer(c, t, *inv->customer_id));
    }
    ASSIGN_OR_RETURN(org, store::OrgStore::ById(c, job.org_id));
    ASSIGN_OR_RETURN(settings, store::AskStore::Settings(c, t));
    return Status::Ok();
  }));
  if (!inv || !customer || !org) return Status::Ok();  // erased meanwhile: nothing to send
  if (inv->answered_at || inv->expires_at <= now) return Status::Ok();
  std::optional<std::string> refuse;
  if (customer->opted_out)
    refuse = "customer opted out";
  else if (!customer->consent)
    refuse = "customer has no consent";
  else if (!customer->email || !outbound::IsPlainAddress(*customer->email))
    refuse = "no usable e-mail";
  if (refuse) {
    return db_.Write([&](store::SqlConn& c) {
      return store::AskStore::SetDelivery(c, t, id, "skipped", refuse, std::nullopt, reminder);
    });
  }

  bool go = false;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(go, store::AskStore::BeginMail(c, id, purpose));
    return Status::Ok();
  }));
  if (!go) return Status::Ok();  // sent by an earlier run of this job

  // The invitation's language (the customer's when it was made), else the
  // organisation's; Dutch for any other.
  const i18n::Lang lang = i18n::ParseLang(inv->language.value_or(org->language))
                              .value_or(i18n::ParseLang(org->language).value_or(i18n::Lang::kNl));
  auto loaded = TimeZone::Load(org->time_zone);
  const TimeZone tz = loaded.ok() ? *loaded : TimeZone::Utc();
  MailFacts facts{org->name, customer->name.value_or(""), SurveyUrl(token), UnsubscribeUrl(token),
                  inv->expires_at};
  MailText text = RenderInvitationMail(reminder ? MailPurpose::kReminder : MailPurpose::kInvite,
                                       lang, facts, tz);
  outbound::Message m;
  m.from = mail_from_;
  m.from_name = org->name;
  m.to = *customer->email;
  m.subject = text.subject;
  m.text = text.body;
  m.message_id = "<inv-" + std::to_string(id) + "-" + purpose + "@beleving>";
  m.headers = {{"List-Unsubscribe", "<" + UnsubscribeUrl(token) + ">"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
               {"Auto-Submitted", "auto-generated"}};
  Status sent = smtp_.Send(m, MailDate(now));
  UnixSeconds done = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    std::optional<std::string> err;
    if (!sent.ok()) err = sent.message();
    RETURN_IF_ERROR(store::AskStore::EndMail(c, id, purpose, sent.ok(), err, done));
    RETURN_IF_ERROR(store::AskStore::SetDelivery(
        c, t, id, sent.ok() ? "sent" : "failed", err,
        sent.ok() ? std::optional<UnixSeconds>(done) : std::nullopt, reminder));
    if (sent.ok() && !reminder && settings.reminder_days > 0) {
      UnixSeconds at = done + int64_t{settings.reminder_days} * 86400;
      if (at < inv->expires_at) {
        json::object payload{{"invitation", id}, {"token", token}, {"purpose", "reminder"}};
        RETURN_IF_ERROR(jobs_
                            .Schedule(c, job.org_id, kInviteJob, json::serialize(payload), at,
                                      "reminder:" + std::to_string(id))
                            .status());
      }
    }
    return Status::Ok();
  }));
  return sent;
}

}  // namespace beleving::survey
