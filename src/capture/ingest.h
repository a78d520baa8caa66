// Ingest of interactions and responses: resolves the integration's keys to
// stored ids (creating unknown locations, teams, employees, customers and
// touchpoints on first sight), stores a whole batch atomically in one
// durable write, and skips items whose external_id is already stored, so a
// retried batch creates nothing twice.
//
// After the commit and before returning, committed responses are handed to
// every responses sink in the order they were added (the insight engine
// first, so a response is visible to queries when its ingest request
// returns; then case rules, alerts), and interactions to every interactions
// sink (survey triggers, standard promises). Sinks run on the writer thread
// right after the commit: keep them short, and do durable follow-up work
// through the job runner rather than by writing inline.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "capture/moment.h"
#include "core/clock.h"
#include "engine/response_facts.h"
#include "security/principal.h"
#include "store/moment_store.h"
#include "store/sql.h"

namespace beleving::capture {

struct IngestResult {
  size_t accepted = 0;
  size_t duplicates = 0;
  std::vector<int64_t> ids;  // new ids in input order (duplicates omitted)
};

class Ingest {
 public:
  using ResponsesSink = std::function<void(std::span<const store::ResponseRecord>)>;
  using InteractionsSink = std::function<void(std::span<const store::InteractionRecord>)>;

  Ingest(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // Not thread-safe: add sinks at start-up, before serving.
  void OnResponses(ResponsesSink sink) { on_responses_.push_back(std::move(sink)); }
  void OnInteractions(InteractionsSink sink) { on_interactions_.push_back(std::move(sink)); }

  // The service functions for a caller (the API): PermissionDenied unless
  // the caller may ingest (Principal::CanIngest); then as below in the
  // caller's organisation. Machine data: not written to the audit log.
  Result<IngestResult> Responses(const security::Principal& who,
                                 const std::vector<ResponseInput>& batch);
  Result<IngestResult> Interactions(const security::Principal& who,
                                    const std::vector<InteractionInput>& batch);
  // For trusted code acting in one organisation (file imports, the demo).
  // InvalidArgument naming the item ("/responses/3/survey") for a survey or
  // linked interaction that does not exist; nothing of the batch is stored.
  Result<IngestResult> Responses(const store::TenantScope& t,
                                 const std::vector<ResponseInput>& batch);
  Result<IngestResult> Interactions(const store::TenantScope& t,
                                    const std::vector<InteractionInput>& batch);

  // The caller's own writes that commit or fail together with the responses
  // (runs after the inserts, inside the same unit; an error undoes it all).
  using SameUnit = std::function<Status(store::SqlConn&, const IngestResult&)>;
  // Stores responses whose dimensions the caller already knows as ids (a
  // survey answer: its invitation holds the survey, interaction, customer,
  // touchpoint and location), with `same_unit` in the same write: one
  // commit, no key lookups. Each record's org_id must be `t`'s; id and
  // created_at are set here. A record whose external_id is stored already is
  // a duplicate, as in Responses. The new ones go to the responses sinks
  // after the commit, as in Responses.
  Result<IngestResult> ResolvedResponses(const store::TenantScope& t,
                                         std::vector<store::ResponseRecord> records,
                                         const SameUnit& same_unit);

 private:
  store::Database& db_;
  const Clock& clock_;
  std::vector<ResponsesSink> on_responses_;
  std::vector<InteractionsSink> on_interactions_;
};

// The engine's view of a stored response.
engine::ResponseFacts ToFacts(const store::ResponseRecord& r);

}  // namespace beleving::capture
