// The Prometheus text exposition format (version 0.0.4), as GET /metrics
// answers it: one "# HELP" and "# TYPE" line per metric family, then its
// samples, `name{label="value",...} number`, one per line.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace beleving::http {

inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

using PrometheusLabels = std::vector<std::pair<std::string_view, std::string_view>>;

// "# HELP name help" and "# TYPE name type" (counter, gauge, histogram).
void AppendFamily(std::string* out, std::string_view name, std::string_view type,
                  std::string_view help);
// One sample. Label values are escaped (backslash, double quote, newline);
// integers print without a fraction, other numbers in their shortest exact
// form ("0.0025").
void AppendSample(std::string* out, std::string_view name, const PrometheusLabels& labels,
                  double value);

}  // namespace beleving::http
