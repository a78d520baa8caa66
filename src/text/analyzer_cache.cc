#include "text/analyzer_cache.h"

#include <functional>

namespace beleving::text {

Result<std::shared_ptr<const TextAnalyzer>> AnalyzerCache::Builtin() {
  std::lock_guard lock(mu_);
  if (!builtin_) {
    ASSIGN_OR_RETURN(TextAnalyzer a, TextAnalyzer::Create());
    builtin_ = std::make_shared<const TextAnalyzer>(std::move(a));
  }
  return builtin_;
}

Result<std::shared_ptr<const TextAnalyzer>> AnalyzerCache::For(int64_t org_id,
                                                               const std::string& vocabulary,
                                                               const std::string& model) {
  if (vocabulary.empty() && model.empty()) return Builtin();
  const uint64_t fingerprint =
      std::hash<std::string>{}(vocabulary)*31 + std::hash<std::string>{}(model) + 1;
  {
    std::lock_guard lock(mu_);
    auto it = by_org_.find(org_id);
    if (it != by_org_.end() && it->second.fingerprint == fingerprint) return it->second.analyzer;
  }
  // Built outside the lock: another organisation's requests go on meanwhile.
  TextAnalyzerConfig config;
  config.org_vocabulary_json = vocabulary;
  config.learned_sentiment_json = model;
  ASSIGN_OR_RETURN(TextAnalyzer a, TextAnalyzer::Create(config));
  auto built = std::make_shared<const TextAnalyzer>(std::move(a));
  std::lock_guard lock(mu_);
  by_org_[org_id] = Entry{fingerprint, built};
  return built;
}

}  // namespace beleving::text
