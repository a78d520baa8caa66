#include "outcomes/outcomes.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "store/access_store.h"
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

std::vector<ExperienceEffect> RankByExperience(std::span<const OutcomeGroupRow> rows,
                                               int64_t min_band) {
  std::vector<ExperienceEffect> out;
  min_band = std::max<int64_t>(min_band, 1);  // a rate needs a band
  for (const OutcomeGroupRow& r : rows) {
    if (r.promoter.interactions < min_band || r.detractor.interactions < min_band) continue;
    out.push_back({r.group, *r.promoter.rate() - *r.detractor.rate(), r.promoter.interactions,
                   r.detractor.interactions});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::abs(a.difference) > std::abs(b.difference);
  });
  return out;
}

Result<std::vector<OutcomeGroupRow>> Outcomes::By(const security::Principal& who,
                                                  const OutcomesQuery& q) const {
  if (!who.CanRead()) return PermissionDenied("your role may not read outcomes");
  const store::TenantScope& t = who.tenant;
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
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
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

Status Outcomes::Record(const security::Principal& who,
                        const std::vector<store::OutcomeEvent>& events) const {
  if (!who.CanIngest()) return PermissionDenied("recording outcomes needs the ingest scope");
  const UnixSeconds now = clock_.Now();
  return db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(store::OutcomeStore::SetByExternalId(c, who.tenant, events));
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "update",
                                     "outcomes:" + std::to_string(events.size()), now);
  });
}

}  // namespace beleving::outcomes
