// AnalyzerCache: one TextAnalyzer per organisation's text settings.
//
// Building an analyzer (lexicons, theme tables, a learned model) takes
// milliseconds; analysing a comment takes microseconds. The cache keeps the
// analyzer of each organisation and builds a new one only when its settings
// change (told by a fingerprint of the vocabulary and model texts). An
// organisation without settings shares the built-in analyzer. Thread-safe;
// the analyzers handed out stay valid while the caller holds them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/status.h"
#include "text/text_analyzer.h"

namespace beleving::text {

class AnalyzerCache {
 public:
  // The built-in analyzer (no organisation vocabulary, no model).
  Result<std::shared_ptr<const TextAnalyzer>> Builtin();
  // The analyzer for an organisation with this vocabulary and model JSON
  // (empty: none). A bad document is an InvalidArgument naming the field.
  Result<std::shared_ptr<const TextAnalyzer>> For(int64_t org_id, const std::string& vocabulary,
                                                  const std::string& model);

 private:
  struct Entry {
    uint64_t fingerprint = 0;
    std::shared_ptr<const TextAnalyzer> analyzer;
  };
  std::mutex mu_;
  std::shared_ptr<const TextAnalyzer> builtin_;
  std::map<int64_t, Entry> by_org_;
};

}  // namespace beleving::text
