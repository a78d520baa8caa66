#include "loop/loop_tick.h"

#include <map>

#include "capture/history.h"
#include "i18n/catalogue.h"
#include "store/loop_feed_store.h"
#include "store/promise_store.h"

namespace beleving::loop {
namespace {

constexpr int kBatch = 500;

json::value OptId(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

int DetractorThreshold(const std::optional<std::string>& definition) {
  if (!definition) return kDefaultDetractorThreshold;
  auto v = ParseJson(*definition);
  if (!v.ok() || !v->is_object()) return kDefaultDetractorThreshold;
  const auto* t = v->get_object().if_contains("detractor_threshold");
  if (!t || !t->is_int64()) return kDefaultDetractorThreshold;
  return static_cast<int>(t->get_int64());
}

}  // namespace

Status LoopTick::Run() {
  const auto all = store::SystemScope::AllOrganisations();  // the tick reads every org's news
  // Cheap reads first: an idle tick must not cost a write (and an fsync).
  bool news = false;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t rc, store::LoopFeedStore::Cursor(c, all, "responses"));
    ASSIGN_OR_RETURN(int64_t ic, store::LoopFeedStore::Cursor(c, all, "interactions"));
    ASSIGN_OR_RETURN(int64_t rm, store::LoopFeedStore::MaxResponseId(c, all));
    ASSIGN_OR_RETURN(int64_t im, store::LoopFeedStore::MaxInteractionId(c, all));
    news = rm > rc || im > ic;
    return Status::Ok();
  }));
  for (int i = 0; news && i < 20; ++i) {
    bool more_r = false, more_i = false;
    RETURN_IF_ERROR(ProcessResponses(&more_r));
    RETURN_IF_ERROR(ProcessInteractions(&more_i));
    if (!more_r && !more_i) break;
  }
  UnixSeconds now = clock_.Now();
  if (last_timer_pass_.exchange(now) == now) return Status::Ok();
  RETURN_IF_ERROR(promises_.EvaluateDue(now));
  return sla_.EvaluateOpenCases(now);
}

Status LoopTick::ProcessResponses(bool* more) {
  const auto all = store::SystemScope::AllOrganisations();
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t after, store::LoopFeedStore::Cursor(c, all, "responses"));
    ASSIGN_OR_RETURN(auto rows, store::LoopFeedStore::SysResponsesAfter(c, all, after, kBatch));
    *more = rows.size() == static_cast<size_t>(kBatch);
    if (rows.empty()) return Status::Ok();
    std::map<std::pair<int64_t, int64_t>, int> thresholds;
    capture::HistoryRule history;
    for (const auto& r : rows) {
      ASSIGN_OR_RETURN(bool past,
                       history.IsHistory(c, r.org_id, r.imported, r.submitted_at, r.created_at));
      if (past) continue;  // feeds the analyses, opens no case, raises no alert
      json::object data{{"response_id", r.id}, {"customer_id", OptId(r.customer_id)}};
      if (r.nps) data["nps"] = *r.nps;
      if (r.comment) {
        const std::string excerpt = r.comment->substr(0, 300);
        RETURN_IF_ERROR(alerts_.Raise(
            c, r.org_id, "keyword",
            [&](i18n::Lang lang) {
              return i18n::Format(lang, "loop.alert.keyword", {{"comment", excerpt}});
            },
            data, r.comment));
      }
      if (!r.nps) continue;
      int threshold = kDefaultDetractorThreshold;
      if (r.survey_id) {
        auto key = std::pair{r.org_id, *r.survey_id};
        auto it = thresholds.find(key);
        if (it == thresholds.end()) {
          ASSIGN_OR_RETURN(auto def, store::LoopFeedStore::SurveyDefinition(
                                         c, store::TenantScope::System(r.org_id), *r.survey_id));
          it = thresholds.emplace(key, DetractorThreshold(def)).first;
        }
        threshold = it->second;
      }
      bool detractor = *r.nps <= threshold;
      bool disappointed =
          r.best_previous_nps && *r.nps <= *r.best_previous_nps - kDisappointmentDrop;
      if (!detractor && !disappointed) continue;
      const std::string nps = std::to_string(*r.nps);
      const std::string best = r.best_previous_nps ? std::to_string(*r.best_previous_nps) : "";
      store::CaseRecord k;
      k.org_id = r.org_id;
      k.case_type = detractor ? "detractor" : "disappointment";
      k.source_key = "response:" + std::to_string(r.id);
      // The stored title is the API's (English); pages word it from the
      // case's title facts in their reader's language.
      k.title =
          detractor ? "Detractor: NPS " + nps : "Disappointment: NPS " + nps + " after " + best;
      k.description = r.comment;
      k.customer_id = r.customer_id;
      k.response_id = r.id;
      k.interaction_id = r.interaction_id;
      k.team_id = r.team_id;
      k.location_id = r.location_id;
      k.severity = *r.nps <= 3 ? "high" : "normal";
      ASSIGN_OR_RETURN(auto case_id, cases_.OpenInside(c, k, "system"));
      data["case_id"] = OptId(case_id);
      if (detractor) {
        RETURN_IF_ERROR(alerts_.Raise(
            c, r.org_id, "detractor",
            [&](i18n::Lang lang) {
              return i18n::Format(lang, "loop.alert.detractor", {{"nps", nps}});
            },
            data, r.comment));
      }
      if (disappointed) {
        data["best_previous_nps"] = *r.best_previous_nps;
        RETURN_IF_ERROR(alerts_.Raise(
            c, r.org_id, "disappointment",
            [&](i18n::Lang lang) {
              return i18n::Format(lang, "loop.alert.disappointment",
                                  {{"nps", nps}, {"best", best}});
            },
            data, r.comment));
      }
    }
    return store::LoopFeedStore::SetCursor(c, all, "responses", rows.back().id);
  });
}

Status LoopTick::ProcessInteractions(bool* more) {
  const auto all = store::SystemScope::AllOrganisations();
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t after, store::LoopFeedStore::Cursor(c, all, "interactions"));
    ASSIGN_OR_RETURN(auto rows, store::LoopFeedStore::SysInteractionsAfter(c, all, after, kBatch));
    *more = rows.size() == static_cast<size_t>(kBatch);
    if (rows.empty()) return Status::Ok();
    std::map<std::pair<int64_t, int64_t>, std::vector<store::StandardPromiseRecord>> standards;
    capture::HistoryRule history;
    for (const auto& r : rows) {
      ASSIGN_OR_RETURN(bool past,
                       history.IsHistory(c, r.org_id, false, r.occurred_at, r.created_at));
      if (past) continue;  // a promise about the past would only break
      // First the promises it keeps, then its own (which it cannot keep).
      RETURN_IF_ERROR(promises_.KeepByInteraction(c, r));
      if (!r.touchpoint_id) continue;
      auto key = std::pair{r.org_id, *r.touchpoint_id};
      auto it = standards.find(key);
      if (it == standards.end()) {
        ASSIGN_OR_RETURN(auto s, store::PromiseStore::StandardsForTouchpoint(
                                     c, store::TenantScope::System(r.org_id), *r.touchpoint_id));
        it = standards.emplace(key, std::move(s)).first;
      }
      RETURN_IF_ERROR(promises_.MakeStandardPromises(c, r, it->second));
    }
    return store::LoopFeedStore::SetCursor(c, all, "interactions", rows.back().id);
  });
}

}  // namespace beleving::loop
