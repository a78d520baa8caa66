// Complaints: from the API, the public form (/complaints/{org}), e-mail
// and CSV imports (the CLI). Each new complaint is stored once (by its
// source reference) and opens a "complaint" case in the same transaction;
// a repeated one changes nothing. Reading complaints is audited: they hold
// a person's words about themselves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "loop/case_service.h"
#include "security/principal.h"
#include "store/complaint_store.h"
#include "store/sql.h"

namespace beleving::loop {

inline constexpr size_t kMaxComplaintNarrative = 64 * 1024;
inline constexpr size_t kMaxFormNarrative = 10000;  // the public form's limit
inline constexpr size_t kMaxComplainantName = 200, kMaxComplainantEmail = 320;
inline constexpr size_t kMaxComplaintProduct = 300, kMaxComplaintIssue = 300;
inline constexpr size_t kMaxComplaintSubject = 500, kMaxFormSubject = 300;
inline constexpr size_t kMaxComplaintExternalId = 200;

struct NewComplaint {
  std::string narrative;                   // required, not only whitespace
  std::optional<std::string> external_id;  // the sender's id: a retry is a duplicate
  std::optional<UnixSeconds> received_at;  // default: now
  std::optional<std::string> name, email, product, issue, subject;
  std::optional<std::string> customer;  // a customer's key
};

struct ComplaintSubmitted {
  bool duplicate = false;  // the external id was seen before; nothing changed
  store::ComplaintRecord complaint;
};

// The public form's fields. `website` is a honeypot: people leave it empty.
struct ComplaintForm {
  std::string name, email, subject, narrative, website;
};

// The organisation behind a public form, as the page shows it.
struct ComplaintFormOrg {
  int64_t id = 0;
  std::string slug, name, language;  // "nl" or "en"
};

struct ImportCounts {
  size_t imported = 0, duplicates = 0;
};

class ComplaintService {
 public:
  ComplaintService(store::Database& db, const Clock& clock, CaseService& cases)
      : db_(db), clock_(clock), cases_(cases) {}

  // The API (ingest permission). InvalidArgument naming the field.
  Result<ComplaintSubmitted> Submit(const security::Principal& who, const NewComplaint& in);
  // The organisation of a public form; NotFound for an unknown slug.
  Result<ComplaintFormOrg> FormOrg(const std::string& slug);
  // A complaint from the public form: its reference number ("K-12"), or 0
  // when the honeypot was filled (nothing is stored, the page thanks the
  // bot all the same). InvalidArgument naming /narrative (empty or too
  // long), /name, /email or /subject (too long).
  Result<int64_t> SubmitForm(const ComplaintFormOrg& org, const ComplaintForm& in);
  // Complaints read from files (the CLI, operator): `source` ("email",
  // "cfpb") and `source_ref` make each one's identity. In batches of 1000
  // per transaction.
  struct Imported {
    std::string source, source_ref;
    NewComplaint complaint;
  };
  Result<ImportCounts> Import(const security::Principal& who, const std::vector<Imported>& items);

  // Reads (managers and admins; audited).
  Result<store::ComplaintRecord> Get(const security::Principal& who, int64_t id);
  // Ascending ids after `after`; `more` when another page follows.
  Result<std::vector<store::ComplaintRecord>> List(const security::Principal& who, int64_t after,
                                                   int limit, bool* more);

 private:
  // Inside a write: stores it unless its source_ref exists, and opens its
  // case. The complaint id, or nullopt for a duplicate.
  Result<std::optional<int64_t>> SubmitInside(store::SqlConn& c, store::ComplaintRecord r,
                                              const std::string& actor);

  store::Database& db_;
  const Clock& clock_;
  CaseService& cases_;
};

}  // namespace beleving::loop
