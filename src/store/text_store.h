// An organisation's text-analysis settings (table `text_settings`, migration
// 0006_text.sql): its own vocabulary (themes and terms) and a learned
// sentiment model, both JSON; absent means the built-ins only.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

struct TextSettings {
  std::optional<std::string> vocabulary;
  std::optional<std::string> learned_model;
  UnixSeconds updated_at = 0;
};

class TextStore {
 public:
  static Result<std::optional<TextSettings>> Get(SqlConn& c, const TenantScope& t);
  // Replaces both fields (nullopt clears one).
  static Status Put(SqlConn& c, const TenantScope& t, const TextSettings& s);
};

}  // namespace beleving::store
