// The request declarations the insight routes share (api/insight_routes.cc,
// api/text_routes.cc): the period, dimension keys, channels, groupings and
// whole-number bounds, built from the constants the insight service checks
// with (insight/insight_service.h), so the document and the service agree.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "api/app.h"
#include "api/operation.h"
#include "insight/insight_service.h"

namespace beleving::api {

template <size_t N>
std::vector<std::string> Values(const std::array<std::string_view, N>& a) {
  return {a.begin(), a.end()};
}

// `from` / `to`: a date (YYYY-MM-DD, midnight UTC) or an RFC 3339 time.
Parameter PeriodParameter(const std::string& name);
// A comma-separated list of keys of `dimension` (at most insight::kMaxKeys).
Parameter KeysParameter(const std::string& name, const std::string& dimension);
// One key.
Parameter KeyParameter(const std::string& name, const std::string& dimension);
// A comma-separated list of insight::kChannels.
Parameter ChannelsParameter();
// A comma-separated list of insight::kGroupByKeys (at most one period),
// survey and customer.KEY.
Parameter GroupByParameter();
// The slices of issue 20, declared once for every analysis: `survey` (keys)
// and the family customer.KEY (values of a customer attribute; "" = none).
std::vector<Parameter> SegmentParameters();
// A whole number within `b`.
Parameter BoundedParameter(const std::string& name, const insight::Bounds& b,
                           const std::string& description);

// The slice of an insight request: the period, the dimensions' keys and the
// channels, as the request chain has already checked them.
Result<insight::SliceByKeys> SliceOf(const Call& call);
// The group_by list of a request ("" when none).
std::vector<std::string> GroupByOf(const Call& call);
// A whole-number parameter checked by the chain, or its fallback.
int64_t BoundedOf(const Call& call, const std::string& name, const insight::Bounds& b);

}  // namespace beleving::api
