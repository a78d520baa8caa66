#include "loop/complaints.h"

#include "loop/loop_access.h"
#include "security/secrets.h"
#include "store/access_store.h"
#include "store/org_store.h"

namespace beleving::loop {
namespace {

Status MaxLen(const std::optional<std::string>& v, size_t max, const char* field) {
  if (v && v->size() > max) {
    return InvalidArgument("at most " + std::to_string(max) + " bytes", field);
  }
  return Status::Ok();
}

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

std::optional<std::string> Given(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// The fields of `in` into a record of organisation `org` (the customer is
// resolved by the caller).
store::ComplaintRecord Record(int64_t org, const NewComplaint& in) {
  store::ComplaintRecord x;
  x.org_id = org;
  x.name = in.name;
  x.email = in.email;
  x.product = in.product;
  x.issue = in.issue;
  x.subject = in.subject;
  if (!in.narrative.empty()) x.narrative = in.narrative;
  return x;
}

}  // namespace

Result<std::optional<int64_t>> ComplaintService::SubmitInside(store::SqlConn& c,
                                                              store::ComplaintRecord r,
                                                              const std::string& actor) {
  if (r.created_at == 0) r.created_at = clock_.Now();
  ASSIGN_OR_RETURN(auto id, store::ComplaintStore::InsertComplaint(c, r));
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
  ASSIGN_OR_RETURN(auto case_id, cases_.OpenInside(c, k, actor));
  if (case_id) {
    RETURN_IF_ERROR(store::ComplaintStore::SetComplaintCase(c, store::TenantScope::System(r.org_id),
                                                            *id, *case_id));
  }
  return id;
}

Result<ComplaintSubmitted> ComplaintService::Submit(const security::Principal& who,
                                                    const NewComplaint& in) {
  if (!who.CanIngest() && who.kind != security::Principal::Kind::kOperator) {
    return PermissionDenied("this needs the 'ingest' permission");
  }
  if (Blank(in.narrative)) return InvalidArgument("narrative must not be empty", "/narrative");
  RETURN_IF_ERROR(MaxLen(in.narrative, kMaxComplaintNarrative, "/narrative"));
  RETURN_IF_ERROR(MaxLen(in.external_id, kMaxComplaintExternalId, "/external_id"));
  RETURN_IF_ERROR(MaxLen(in.name, kMaxComplainantName, "/name"));
  RETURN_IF_ERROR(MaxLen(in.email, kMaxComplainantEmail, "/email"));
  RETURN_IF_ERROR(MaxLen(in.product, kMaxComplaintProduct, "/product"));
  RETURN_IF_ERROR(MaxLen(in.issue, kMaxComplaintIssue, "/issue"));
  RETURN_IF_ERROR(MaxLen(in.subject, kMaxComplaintSubject, "/subject"));
  store::ComplaintRecord x = Record(who.tenant.org_id(), in);
  x.source = "api";
  x.source_ref = in.external_id ? "api:" + *in.external_id : "api:" + security::RandomToken(12);
  const UnixSeconds now = clock_.Now();
  x.received_at = in.received_at.value_or(now);
  ComplaintSubmitted out;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(x.customer_id,
                     ResolveKey(c, who.tenant, "customers", in.customer, "/customer"));
    ASSIGN_OR_RETURN(auto id, SubmitInside(c, x, who.actor()));
    out.duplicate = !id;
    if (!id) return Status::Ok();
    RETURN_IF_ERROR(Audit(c, who, "create", "complaint:" + std::to_string(*id), now));
    ASSIGN_OR_RETURN(auto rec, store::ComplaintStore::GetComplaint(
                                   c, store::TenantScope::System(x.org_id), *id));
    if (rec) out.complaint = *rec;
    return Status::Ok();
  }));
  return out;
}

Result<ComplaintFormOrg> ComplaintService::FormOrg(const std::string& slug) {
  if (slug.empty() || slug.size() > 60) return NotFound("no such organisation");
  std::optional<store::Org> org;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, slug));
    return Status::Ok();
  }));
  if (!org) return NotFound("no such organisation");
  return ComplaintFormOrg{org->id, org->slug, org->name, org->language == "en" ? "en" : "nl"};
}

Result<int64_t> ComplaintService::SubmitForm(const ComplaintFormOrg& org, const ComplaintForm& in) {
  if (Blank(in.narrative)) return InvalidArgument("describe what happened", "/narrative");
  if (in.narrative.size() > kMaxFormNarrative) {
    return InvalidArgument("at most 10000 bytes", "/narrative");
  }
  RETURN_IF_ERROR(MaxLen(in.name, kMaxComplainantName, "/name"));
  RETURN_IF_ERROR(MaxLen(in.email, kMaxComplainantEmail, "/email"));
  RETURN_IF_ERROR(MaxLen(in.subject, kMaxFormSubject, "/subject"));
  if (!in.website.empty()) return int64_t{0};  // the honeypot field stays empty for people
  NewComplaint n;
  n.narrative = in.narrative;
  n.name = Given(in.name);
  n.email = Given(in.email);
  n.subject = Given(in.subject);
  store::ComplaintRecord x = Record(org.id, n);
  x.source = "form";
  x.source_ref = "form:" + security::RandomToken(12);
  x.received_at = clock_.Now();
  std::optional<int64_t> id;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(id, SubmitInside(c, x, "form"));
    if (!id) return Internal("a form complaint's reference is random and cannot exist already");
    return store::AccessStore::Audit(c, org.id, "form", "create",
                                     "complaint:" + std::to_string(*id), x.received_at);
  }));
  return *id;
}

Result<ImportCounts> ComplaintService::Import(const security::Principal& who,
                                              const std::vector<Imported>& items) {
  RETURN_IF_ERROR(CheckAdmin(who));
  ImportCounts counts;
  const UnixSeconds now = clock_.Now();
  for (size_t start = 0; start < items.size(); start += 1000) {
    size_t end = std::min(items.size(), start + 1000);
    ImportCounts batch;
    RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
      batch = {};
      for (size_t i = start; i < end; ++i) {
        const auto& item = items[i];
        store::ComplaintRecord x = Record(who.tenant.org_id(), item.complaint);
        x.source = item.source;
        x.source_ref = item.source_ref;
        x.received_at = item.complaint.received_at.value_or(now);
        ASSIGN_OR_RETURN(auto id, SubmitInside(c, x, who.actor()));
        if (id) {
          ++batch.imported;
          RETURN_IF_ERROR(Audit(c, who, "create", "complaint:" + std::to_string(*id), now));
        } else {
          ++batch.duplicates;
        }
      }
      return Status::Ok();
    }));
    counts.imported += batch.imported;
    counts.duplicates += batch.duplicates;
  }
  return counts;
}

Result<store::ComplaintRecord> ComplaintService::Get(const security::Principal& who, int64_t id) {
  RETURN_IF_ERROR(CheckManage(who));
  std::optional<store::ComplaintRecord> x;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(x, store::ComplaintStore::GetComplaint(c, who.tenant, id));
    if (!x) return NotFound("no such complaint");
    return Audit(c, who, "complaints.read", "complaint:" + std::to_string(id), clock_.Now());
  }));
  return *x;
}

Result<std::vector<store::ComplaintRecord>> ComplaintService::List(const security::Principal& who,
                                                                   int64_t after, int limit,
                                                                   bool* more) {
  RETURN_IF_ERROR(CheckManage(who));
  if (limit < 1 || limit > 1000) {
    return InvalidArgument("limit must be a number from 1 to 1000", "/query/limit");
  }
  std::vector<store::ComplaintRecord> rows;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(rows, store::ComplaintStore::ListComplaints(c, who.tenant, after, limit + 1));
    return Audit(c, who, "complaints.list", "complaints", clock_.Now());
  }));
  *more = rows.size() > static_cast<size_t>(limit);
  if (*more) rows.pop_back();
  return rows;
}

}  // namespace beleving::loop
