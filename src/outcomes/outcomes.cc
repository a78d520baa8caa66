#include "outcomes/outcomes.h"

#include <map>

#include "store/attribute_store.h"

namespace beleving::outcomes {

std::vector<OutcomeGroupRow> ComputeOutcomes(std::span<const store::OutcomeRow> rows,
                                             std::string_view outcome) {
  std::map<std::string, OutcomeGroupRow> groups;
  for (const store::OutcomeRow& r : rows) {
    OutcomeGroupRow& g = groups[r.group];
    const bool hit = r.outcome && *r.outcome == outcome;
    ++g.all.interactions;
    g.all.with_outcome += hit;
    if (hit) g.value_cents += r.value_cents.value_or(0);
    if (r.nps) {
      Share& band = *r.nps <= 6 ? g.detractor : *r.nps <= 8 ? g.passive : g.promoter;
      ++band.interactions;
      band.with_outcome += hit;
    }
  }
  std::vector<OutcomeGroupRow> out;
  out.reserve(groups.size());
  for (auto& [key, g] : groups) {
    g.group = key;
    out.push_back(std::move(g));
  }
  return out;
}

Result<std::vector<OutcomeGroupRow>> OutcomesBy(store::Database& db, const store::TenantScope& t,
                                                const OutcomesQuery& q) {
  if (!store::IsValidOutcome(q.outcome)) {
    return InvalidArgument("an outcome is 1-32 of a-z, 0-9 and _", "/outcome");
  }
  store::OutcomeRowsQuery rq;
  rq.from = q.from;
  rq.to = q.to;
  std::optional<std::string> attribute;
  static const std::map<std::string, store::OutcomeGrouping, std::less<>> kGroupings = {
      {"touchpoint", store::OutcomeGrouping::kTouchpoint},
      {"team", store::OutcomeGrouping::kTeam},
      {"location", store::OutcomeGrouping::kLocation},
      {"employee", store::OutcomeGrouping::kEmployee},
      {"channel", store::OutcomeGrouping::kChannel},
      {"survey", store::OutcomeGrouping::kSurvey}};
  constexpr std::string_view kCustomer = "customer.";
  if (auto it = kGroupings.find(q.group_by); it != kGroupings.end()) {
    rq.group_by = it->second;
  } else if (q.group_by.starts_with(kCustomer) &&
             store::IsValidAttributeKey(std::string_view(q.group_by).substr(kCustomer.size()))) {
    rq.group_by = store::OutcomeGrouping::kCustomerAttribute;
    attribute = q.group_by.substr(kCustomer.size());
  } else {
    return InvalidArgument(
        "group_by is one of touchpoint, team, location, employee, channel, survey, customer.KEY",
        "/group_by");
  }
  std::vector<store::OutcomeRow> rows;
  RETURN_IF_ERROR(db.Read([&](store::SqlConn& c) -> Status {
    if (attribute) {
      ASSIGN_OR_RETURN(auto dict, store::AttributeStore::Dictionary(c, t));
      // A key never used: an impossible slot, so every interaction has no value.
      rq.attribute_slot = dict.SlotOf(*attribute).value_or(-1);
    }
    ASSIGN_OR_RETURN(rows, store::OutcomeStore::Rows(c, t, rq));
    return Status::Ok();
  }));
  return ComputeOutcomes(rows, q.outcome);
}

Status RecordOutcomes(store::Database& db, const store::TenantScope& t,
                      const std::vector<store::OutcomeEvent>& events) {
  return db.Write(
      [&](store::SqlConn& c) { return store::OutcomeStore::SetByExternalId(c, t, events); });
}

}  // namespace beleving::outcomes
