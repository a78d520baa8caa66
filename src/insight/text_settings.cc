#include "insight/text_settings.h"

#include <algorithm>

#include "store/access_store.h"
#include "store/dashboard_store.h"
#include "store/text_store.h"
#include "text/learned_sentiment.h"

namespace beleving::insight {
namespace {

TextSettingsView ViewOf(const std::optional<store::TextSettings>& s) {
  TextSettingsView v;
  if (!s) return v;
  v.vocabulary = s->vocabulary;
  if (s->learned_model) {
    auto m = text::LearnedSentiment::FromJson(*s->learned_model);
    if (m.ok()) {
      v.model = ModelSummary{std::string(text::LanguageCode(m->language())), m->positives(),
                             m->negatives(), static_cast<int64_t>(m->feature_count())};
    }
  }
  v.updated_at = s->updated_at;
  return v;
}

Status MayChange(const security::Principal& who) {
  if (!who.IsAdmin()) return PermissionDenied("only an administrator changes the text settings");
  return Status::Ok();
}

}  // namespace

Result<TextSettingsView> TextSettingsService::Get(const security::Principal& who) {
  std::optional<store::TextSettings> s;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(s, store::TextStore::Get(c, who.tenant));
    return Status::Ok();
  }));
  return ViewOf(s);
}

template <typename Fn>
Result<TextSettingsView> TextSettingsService::Change(const security::Principal& who,
                                                     const std::string& action,
                                                     const std::string& subject, Fn change) {
  RETURN_IF_ERROR(MayChange(who));
  std::optional<store::TextSettings> out;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto s, store::TextStore::Get(c, who.tenant));
    store::TextSettings next = s.value_or(store::TextSettings{});
    change(next);
    next.updated_at = now;
    RETURN_IF_ERROR(store::TextStore::Put(c, who.tenant, next));
    RETURN_IF_ERROR(
        store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), action, subject, now));
    out = std::move(next);
    return Status::Ok();
  }));
  return ViewOf(out);
}

Result<TextSettingsView> TextSettingsService::SetVocabulary(const security::Principal& who,
                                                            std::string document) {
  RETURN_IF_ERROR(MayChange(who));
  if (document.size() > kMaxVocabularyBytes) {
    return ResourceExhausted("the vocabulary is larger than 256 KiB", "");
  }
  // Compiled once here, so a bad document is refused with the field named.
  text::TextAnalyzerConfig config;
  config.org_vocabulary_json = document;
  RETURN_IF_ERROR(text::TextAnalyzer::Create(config).status());
  return Change(who, "update", "text_vocabulary",
                [&](store::TextSettings& s) { s.vocabulary = std::move(document); });
}

Result<TextSettingsView> TextSettingsService::ClearVocabulary(const security::Principal& who) {
  return Change(who, "delete", "text_vocabulary",
                [](store::TextSettings& s) { s.vocabulary.reset(); });
}

Result<TextSettingsView> TextSettingsService::TrainModel(const security::Principal& who,
                                                         const TrainModelInput& in) {
  RETURN_IF_ERROR(MayChange(who));
  const auto lang = text::ParseLanguage(in.language);
  if (std::find(kModelLanguages.begin(), kModelLanguages.end(), in.language) ==
          kModelLanguages.end() ||
      !lang) {
    return InvalidArgument("language must be nl or en", "/language");
  }
  if (in.from && in.to && *in.from >= *in.to)
    return InvalidArgument("from must be before to", "/from");
  ASSIGN_OR_RETURN(auto builtin, analyzers_.Builtin());
  store::CommentQuery q;
  q.limit = store::DashboardStore::kMaxCommentsForAnalysis;
  q.from = in.from;
  q.to = in.to;
  std::vector<store::CommentRow> rows;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(rows, store::DashboardStore::CommentsForAnalysis(c, who.tenant, q));
    return Status::Ok();
  }));
  std::vector<text::LabelledComment> labelled;
  int64_t pos = 0, neg = 0;
  for (auto& r : rows) {
    if (!r.nps || *r.nps == 7 || *r.nps == 8) continue;
    if (builtin->DetectLanguage(r.comment, *lang) != *lang) continue;
    const bool positive = *r.nps >= 9;
    (positive ? pos : neg) += 1;
    // Redacted first: no e-mail address, phone or account number becomes a
    // word of the model.
    labelled.push_back({positive, builtin->Redact(r.comment, *lang)});
  }
  if (pos < kMinTrainingComments || neg < kMinTrainingComments) {
    return Status(StatusCode::kFailedPrecondition,
                  "too few scored comments in this language to learn from: " + std::to_string(pos) +
                      " from promoters and " + std::to_string(neg) + " from detractors; at least " +
                      std::to_string(kMinTrainingComments) + " of each are needed",
                  "/language");
  }
  ASSIGN_OR_RETURN(auto model, text::LearnedSentiment::Train(*lang, labelled));
  std::string model_json = model.ToJson();
  return Change(who, "create", "text_model",
                [&](store::TextSettings& s) { s.learned_model = std::move(model_json); });
}

Result<TextSettingsView> TextSettingsService::ClearModel(const security::Principal& who) {
  return Change(who, "delete", "text_model",
                [](store::TextSettings& s) { s.learned_model.reset(); });
}

Result<std::shared_ptr<const text::TextAnalyzer>> TextSettingsService::Analyzer(int64_t org_id) {
  std::optional<store::TextSettings> s;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(s, store::TextStore::Get(c, store::TenantScope::System(org_id)));
    return Status::Ok();
  }));
  if (!s) return analyzers_.Builtin();
  return analyzers_.For(org_id, s->vocabulary.value_or(""), s->learned_model.value_or(""));
}

}  // namespace beleving::insight
