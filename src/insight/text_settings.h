// An organisation's text settings: its own vocabulary (themes and terms,
// docs/text.md) and a sentiment model learned from its own scored comments,
// and the analyzer they make. The one place these settings are read and
// changed: the API (api/text_routes.cc) calls it, and so would a dashboard
// form or a CLI command.
//
// Rules
// - Only an administrator of the organisation (or an operator) changes them
//   (PermissionDenied otherwise); each change is one write with its audit
//   entry (actor: the caller), so a change and its record cannot part.
// - A vocabulary is compiled before it is stored: a bad document is refused
//   with the offending field (InvalidArgument, "/themes/0/terms/nl/1").
// - A model learns from the scored comments of one language (kLanguages):
//   promoters' (9-10) as positive, detractors' (0-6) as negative, redacted
//   first so no e-mail address or number becomes a feature. Fewer than
//   kMinTrainingComments of either is FailedPrecondition naming "/language".
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "security/principal.h"
#include "store/sql.h"
#include "text/analyzer_cache.h"

namespace beleving::insight {

// The languages a model can be learned for (the request's `language`).
inline constexpr std::array<std::string_view, 2> kModelLanguages = {"nl", "en"};
// Scored comments of each class a model needs at least.
inline constexpr int64_t kMinTrainingComments = 20;
// The largest vocabulary document (bytes of JSON), the request's body limit.
inline constexpr size_t kMaxVocabularyBytes = 256 * 1024;

struct ModelSummary {
  std::string language;  // "nl" or "en"
  int64_t positive = 0, negative = 0, features = 0;
};

struct TextSettingsView {
  std::optional<std::string> vocabulary;  // the document as stored (JSON text)
  std::optional<ModelSummary> model;
  std::optional<UnixSeconds> updated_at;  // never changed: nullopt
};

struct TrainModelInput {
  std::string language;                 // one of kModelLanguages
  std::optional<UnixSeconds> from, to;  // comments submitted in [from, to)
};

class TextSettingsService {
 public:
  TextSettingsService(store::Database& db, const Clock& clock, text::AnalyzerCache& analyzers)
      : db_(db), clock_(clock), analyzers_(analyzers) {}

  Result<TextSettingsView> Get(const security::Principal& who);
  // Replaces the vocabulary with `document` (a JSON object, checked by
  // compiling it). Audited as "update text_vocabulary".
  Result<TextSettingsView> SetVocabulary(const security::Principal& who, std::string document);
  // Audited as "delete text_vocabulary".
  Result<TextSettingsView> ClearVocabulary(const security::Principal& who);
  // Learns and stores a model (see above). Audited as "create text_model".
  Result<TextSettingsView> TrainModel(const security::Principal& who, const TrainModelInput& in);
  // Audited as "delete text_model".
  Result<TextSettingsView> ClearModel(const security::Principal& who);

  // The analyzer of organisation `org_id`: its vocabulary and model, or the
  // built-in one.
  Result<std::shared_ptr<const text::TextAnalyzer>> Analyzer(int64_t org_id);

 private:
  // Reads, changes and stores the settings in one write with the audit entry.
  template <typename Fn>
  Result<TextSettingsView> Change(const security::Principal& who, const std::string& action,
                                  const std::string& subject, Fn change);

  store::Database& db_;
  const Clock& clock_;
  text::AnalyzerCache& analyzers_;
};

}  // namespace beleving::insight
