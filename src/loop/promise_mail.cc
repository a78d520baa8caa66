#include "loop/promise_mail.h"

#include "core/json.h"
#include "outbound/mail_date.h"
#include "outbound/promise_mail_text.h"
#include "outbound/smtp.h"
#include "store/ask_store.h"
#include "store/org_store.h"

namespace beleving::loop {
namespace {

constexpr const char* kPromiseMailJob = "loop.promise_mail";

// Where a customer's mail goes: a plain address of a customer who has not
// opted out and was not erased.
std::optional<store::CustomerContact> Reachable(std::optional<store::CustomerContact> who) {
  if (!who || who->opted_out || who->erased || !who->email ||
      !outbound::IsPlainAddress(*who->email)) {
    return std::nullopt;
  }
  return who;
}

}  // namespace

PromiseMails::PromiseMails(store::Database& db, const Clock& clock, jobs::JobRunner& jobs,
                           SlaSettings& settings, std::string smtp_url, std::string mail_from)
    : db_(db),
      clock_(clock),
      jobs_(jobs),
      settings_(settings),
      smtp_url_(std::move(smtp_url)),
      mail_from_(std::move(mail_from)) {}

void PromiseMails::Register() {
  jobs_.RegisterExternal(kPromiseMailJob, [this](const jobs::Job& job) { return Deliver(job); });
}

Result<bool> PromiseMails::Queue(store::SqlConn& c, const store::PromiseRecord& p) {
  if (!p.customer_id) return false;
  const auto t = store::TenantScope::System(p.org_id);
  ASSIGN_OR_RETURN(auto who, store::AskStore::Customer(c, t, *p.customer_id));
  if (!Reachable(std::move(who))) return false;
  json::object payload{{"promise_id", p.id}};
  RETURN_IF_ERROR(jobs_
                      .Schedule(c, p.org_id, kPromiseMailJob, ToJsonText(payload), clock_.Now(),
                                "promise:" + std::to_string(p.id))
                      .status());
  return true;
}

Status PromiseMails::Deliver(const jobs::Job& job) {
  auto payload = ParseJson(job.payload);
  const json::value* idv = payload.ok() && payload->is_object()
                               ? payload->get_object().if_contains("promise_id")
                               : nullptr;
  if (!idv || !idv->is_int64() || job.org_id <= 0) {
    return FailedPrecondition("bad promise mail job payload");
  }
  const auto t = store::TenantScope::System(job.org_id);
  std::optional<store::PromiseRecord> p;
  std::optional<store::CustomerContact> to;
  std::optional<store::Org> org;
  TimeZone zone = TimeZone::Utc();
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(p, store::PromiseStore::GetPromise(c, t, idv->get_int64()));
    if (!p || !p->customer_id) return Status::Ok();
    ASSIGN_OR_RETURN(auto who, store::AskStore::Customer(c, t, *p->customer_id));
    to = Reachable(std::move(who));
    ASSIGN_OR_RETURN(org, store::OrgStore::ById(c, job.org_id));
    ASSIGN_OR_RETURN(zone, settings_.Zone(c, job.org_id));
    return Status::Ok();
  }));
  // Opted out or erased since: nothing to send.
  if (!p || !to || !org) return Status::Ok();
  outbound::SmtpClient smtp(smtp_url_);
  if (!smtp.enabled()) return FailedPrecondition("promise e-mails need BELEVING_SMTP_URL");
  const std::string language =
      to->language == "en" || to->language == "nl" ? *to->language : org->language;
  const UnixSeconds now = clock_.Now();
  auto text = outbound::PromiseMail(language == "en" ? i18n::Lang::kEn : i18n::Lang::kNl,
                                    {org->name, p->text, p->due_at, now, zone});
  outbound::Message m;
  m.from = mail_from_;
  m.from_name = org->name;
  m.to = *to->email;
  m.subject = text.subject;
  m.text = text.text;
  m.message_id =
      "<loop-promise-" + std::to_string(p->id) + "-" + std::to_string(job.attempt) + "@beleving>";
  return smtp.Send(m, outbound::MailDate(now));
}

}  // namespace beleving::loop
