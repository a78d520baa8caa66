#include "capture/ingest.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "store/attribute_store.h"
#include "store/dimension_store.h"
#include "store/outcome_store.h"
#include "store/sql.h"
#include "store/survey_store.h"

namespace beleving::capture {
namespace {

// Resolves keys to ids within one write, remembering what it has seen.
class KeyResolver {
 public:
  KeyResolver(store::SqlConn& c, const store::TenantScope& t, UnixSeconds now)
      : c_(c), t_(t), now_(now) {}

  // Resolves all dimension keys of one moment; links a new team to its
  // location and a new employee to their team, so the hierarchy builds
  // itself from the data.
  Status Resolve(const DimensionKeys& k, store::ResponseRecord* r) {
    if (k.location) {
      ASSIGN_OR_RETURN(r->location_id, Id("locations", *k.location, {}));
    }
    if (k.team) {
      std::map<std::string, store::SqlValue> d;
      if (r->location_id) d["location"] = *r->location_id;
      ASSIGN_OR_RETURN(r->team_id, Id("teams", *k.team, d));
    }
    if (k.employee) {
      std::map<std::string, store::SqlValue> d;
      if (r->team_id) d["team"] = *r->team_id;
      ASSIGN_OR_RETURN(r->employee_id, Id("employees", *k.employee, d));
    }
    if (k.customer) {
      ASSIGN_OR_RETURN(r->customer_id, Id("customers", *k.customer, {}));
    }
    if (k.touchpoint) {
      std::map<std::string, store::SqlValue> d;
      if (k.channel) d["channel"] = *k.channel;
      ASSIGN_OR_RETURN(r->touchpoint_id, Id("touchpoints", *k.touchpoint, d));
    }
    r->channel = k.channel;
    return Status::Ok();
  }

 private:
  Result<int64_t> Id(const std::string& resource, const std::string& key,
                     const std::map<std::string, store::SqlValue>& defaults) {
    std::string cache_key = resource + '\0' + key;
    auto it = cache_.find(cache_key);
    if (it != cache_.end()) return it->second;
    ASSIGN_OR_RETURN(int64_t id, store::DimensionStore::Ensure(
                                     c_, t_, *store::FindDimension(resource), key, defaults, now_));
    cache_.emplace(std::move(cache_key), id);
    return id;
  }

  store::SqlConn& c_;
  const store::TenantScope& t_;
  UnixSeconds now_;
  std::unordered_map<std::string, int64_t> cache_;
};

// Sets an item's customer attributes and gives the customer's current
// attribute codes (the snapshot a response stores), remembering them within
// one write.
class AttributeSnapshots {
 public:
  AttributeSnapshots(store::SqlConn& c, const store::TenantScope& t, UnixSeconds now)
      : c_(c), t_(t), now_(now) {}

  Status Set(std::optional<int64_t> customer, const store::AttributeChanges& changes,
             const std::string& pointer) {
    if (changes.empty()) return Status::Ok();
    if (!customer) return InvalidArgument("attributes need a customer", pointer);
    codes_.erase(*customer);
    return store::AttributeStore::SetCustomerAttributes(c_, t_, *customer, changes, now_, pointer);
  }
  Result<store::AttributeCodes> Of(int64_t customer) {
    if (auto it = codes_.find(customer); it != codes_.end()) return it->second;
    ASSIGN_OR_RETURN(auto codes, store::AttributeStore::CustomerCodes(c_, t_, customer));
    codes_.emplace(customer, codes);
    return codes;
  }

 private:
  store::SqlConn& c_;
  const store::TenantScope& t_;
  UnixSeconds now_;
  std::unordered_map<int64_t, store::AttributeCodes> codes_;
};

std::string AnswersText(const Answers& a) {
  return a.other.empty() ? "{}" : json::serialize(a.other);
}

}  // namespace

Result<IngestResult> Ingest::Responses(const security::Principal& who,
                                       const std::vector<ResponseInput>& batch) {
  if (!who.CanIngest()) return PermissionDenied("this caller may not send responses");
  return Responses(who.tenant, batch);
}

Result<IngestResult> Ingest::Interactions(const security::Principal& who,
                                          const std::vector<InteractionInput>& batch) {
  if (!who.CanIngest()) return PermissionDenied("this caller may not send interactions");
  return Interactions(who.tenant, batch);
}

Result<IngestResult> Ingest::Responses(const store::TenantScope& t,
                                       const std::vector<ResponseInput>& batch) {
  IngestResult result;
  std::vector<store::ResponseRecord> committed;
  UnixSeconds now = clock_.Now();
  Status st = db_.Write(
      [&](store::SqlConn& c) -> Status {
        result = IngestResult();
        committed.clear();
        KeyResolver keys(c, t, now);
        AttributeSnapshots snapshots(c, t, now);
        std::unordered_map<std::string, std::pair<int64_t, int>> surveys;  // key -> id, version
        for (size_t i = 0; i < batch.size(); ++i) {
          const ResponseInput& in = batch[i];
          store::ResponseRecord r;
          r.org_id = t.org_id();
          r.external_id = in.external_id;
          r.submitted_at = in.submitted_at;
          r.created_at = now;
          // A linked interaction supplies the dimensions the response lacks.
          std::optional<store::InteractionRecord> interaction;
          if (in.interaction_id) {
            ASSIGN_OR_RETURN(interaction,
                             store::MomentStore::GetInteraction(c, t, *in.interaction_id));
          } else if (in.interaction) {
            ASSIGN_OR_RETURN(interaction,
                             store::MomentStore::InteractionByExternalId(c, t, *in.interaction));
          }
          if ((in.interaction_id || in.interaction) && !interaction) {
            return InvalidArgument("no such interaction",
                                   "/responses/" + std::to_string(i) +
                                       (in.interaction_id ? "/interaction_id" : "/interaction"));
          }
          RETURN_IF_ERROR(keys.Resolve(in.keys, &r));
          if (interaction) {
            r.interaction_id = interaction->id;
            if (!r.customer_id) r.customer_id = interaction->customer_id;
            if (!r.touchpoint_id) r.touchpoint_id = interaction->touchpoint_id;
            if (!r.employee_id) r.employee_id = interaction->employee_id;
            if (!r.team_id) r.team_id = interaction->team_id;
            if (!r.location_id) r.location_id = interaction->location_id;
            if (!r.channel) r.channel = interaction->channel;
          }
          if (in.survey) {
            auto it = surveys.find(*in.survey);
            if (it == surveys.end()) {
              ASSIGN_OR_RETURN(auto survey, store::SurveyStore::ByKey(c, t, *in.survey));
              if (!survey) {
                return InvalidArgument("no survey with key '" + *in.survey + "'",
                                       "/responses/" + std::to_string(i) + "/survey");
              }
              it = surveys.emplace(*in.survey, std::pair{survey->id, survey->version}).first;
            }
            r.survey_id = it->second.first;
            r.survey_version = it->second.second;
          }
          RETURN_IF_ERROR(snapshots.Set(r.customer_id, in.keys.attributes,
                                        "/responses/" + std::to_string(i) + "/attributes"));
          if (r.customer_id) {
            ASSIGN_OR_RETURN(r.attributes, snapshots.Of(*r.customer_id));
          }
          r.nps = in.answers.nps;
          r.csat = in.answers.csat;
          r.ces = in.answers.ces;
          for (int d = 0; d < kDriverCount; ++d)
            r.drivers[static_cast<size_t>(d)] = in.answers.drivers[static_cast<size_t>(d)];
          r.comment = in.answers.comment;
          r.answers = AnswersText(in.answers);
          r.import_source_id = in.import_source_id;
          ASSIGN_OR_RETURN(auto id, store::MomentStore::InsertResponse(c, r));
          if (!id) {
            ++result.duplicates;
            continue;
          }
          r.id = *id;
          ++result.accepted;
          result.ids.push_back(*id);
          committed.push_back(std::move(r));
        }
        return Status::Ok();
      },
      [&] {
        if (committed.empty()) return;
        for (auto& sink : on_responses_) sink(committed);
      });
  if (!st.ok()) return st;
  return result;
}

Result<IngestResult> Ingest::ResolvedResponses(const store::TenantScope& t,
                                               std::vector<store::ResponseRecord> records,
                                               const SameUnit& same_unit) {
  for (const auto& r : records) {
    if (r.org_id != t.org_id()) return InvalidArgument("a response of another organisation");
  }
  IngestResult result;
  std::vector<store::ResponseRecord> committed;
  UnixSeconds now = clock_.Now();
  Status st = db_.Write(
      [&](store::SqlConn& c) -> Status {
        result = IngestResult();
        committed.clear();
        for (auto r : records) {
          r.created_at = now;
          ASSIGN_OR_RETURN(auto id, store::MomentStore::InsertResponse(c, r));
          if (!id) {
            ++result.duplicates;
            continue;
          }
          r.id = *id;
          ++result.accepted;
          result.ids.push_back(*id);
          committed.push_back(std::move(r));
        }
        return same_unit ? same_unit(c, result) : Status::Ok();
      },
      [&] {
        if (committed.empty()) return;
        for (auto& sink : on_responses_) sink(committed);
      });
  if (!st.ok()) return st;
  return result;
}

Result<IngestResult> Ingest::Interactions(const store::TenantScope& t,
                                          const std::vector<InteractionInput>& batch) {
  IngestResult result;
  std::vector<store::InteractionRecord> committed;
  UnixSeconds now = clock_.Now();
  Status st = db_.Write(
      [&](store::SqlConn& c) -> Status {
        result = IngestResult();
        committed.clear();
        KeyResolver keys(c, t, now);
        AttributeSnapshots snapshots(c, t, now);
        for (size_t i = 0; i < batch.size(); ++i) {
          const InteractionInput& in = batch[i];
          store::ResponseRecord dims;
          RETURN_IF_ERROR(keys.Resolve(in.keys, &dims));
          RETURN_IF_ERROR(snapshots.Set(dims.customer_id, in.keys.attributes,
                                        "/interactions/" + std::to_string(i) + "/attributes"));
          store::InteractionRecord r;
          r.org_id = t.org_id();
          r.external_id = in.external_id;
          r.customer_id = dims.customer_id;
          r.touchpoint_id = dims.touchpoint_id;
          r.employee_id = dims.employee_id;
          r.team_id = dims.team_id;
          r.location_id = dims.location_id;
          r.channel = dims.channel;
          r.occurred_at = in.occurred_at;
          r.created_at = now;
          ASSIGN_OR_RETURN(auto id, store::MomentStore::InsertInteraction(c, r));
          if (!id) {
            ++result.duplicates;
            continue;
          }
          if (in.outcome) {
            RETURN_IF_ERROR(
                store::OutcomeStore::Set(c, t, *id, *in.outcome, in.value_cents, in.occurred_at)
                    .status());
          }
          r.id = *id;
          ++result.accepted;
          result.ids.push_back(*id);
          committed.push_back(std::move(r));
        }
        return Status::Ok();
      },
      [&] {
        if (committed.empty()) return;
        for (auto& sink : on_interactions_) sink(committed);
      });
  if (!st.ok()) return st;
  return result;
}

engine::ResponseFacts ToFacts(const store::ResponseRecord& r) {
  engine::ResponseFacts f{};
  f.response_id = static_cast<uint32_t>(r.id);
  f.org = static_cast<uint32_t>(r.org_id);
  f.submitted_at = r.submitted_at;
  f.location = static_cast<uint32_t>(r.location_id.value_or(0));
  f.team = static_cast<uint32_t>(r.team_id.value_or(0));
  f.employee = static_cast<uint32_t>(r.employee_id.value_or(0));
  f.customer = static_cast<uint32_t>(r.customer_id.value_or(0));
  f.touchpoint = static_cast<uint32_t>(r.touchpoint_id.value_or(0));
  f.channel = r.channel ? engine::ParseChannel(*r.channel).value_or(engine::Channel::kUnknown)
                        : engine::Channel::kUnknown;
  f.nps = static_cast<int8_t>(r.nps.value_or(-1));
  f.csat = static_cast<int8_t>(r.csat.value_or(-1));
  f.ces = static_cast<int8_t>(r.ces.value_or(-1));
  for (size_t i = 0; i < f.drivers.size() && i < r.drivers.size(); ++i) {
    f.drivers[i] = static_cast<int8_t>(r.drivers[i].value_or(-1));
  }
  f.survey = static_cast<uint32_t>(r.survey_id.value_or(0));
  f.survey_version = static_cast<uint16_t>(std::clamp(r.survey_version.value_or(0), 0, 65535));
  static_assert(engine::kMaxAttributes == store::kMaxAttributeKeys);
  for (size_t s = 0; s < f.attributes.size(); ++s) {
    f.attributes[s] = static_cast<uint16_t>(
        std::clamp(r.attributes[s], 0, static_cast<int>(engine::kMaxAttributeCode)));
  }
  return f;
}

}  // namespace beleving::capture
