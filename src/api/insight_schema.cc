#include "api/insight_schema.h"

#include <charconv>

namespace beleving::api {
namespace {

// Keys are 1..200 bytes without control characters (store::IsValidKey);
// in a list, a comma separates them.
constexpr const char* kKeyPattern = "^[^,\\x00-\\x1f\\x7f]+$";

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    std::string part = s.substr(start, comma - start);
    if (!part.empty()) out.push_back(part);
    start = comma + 1;
  }
  return out;
}

}  // namespace

Parameter PeriodParameter(const std::string& name) {
  Schema s = Schema::OneOf(
      {Schema::String(10, 10).Format("date"), Schema::String(20, 40).Format("date-time")});
  s.Describe(name == "from" ? "responses submitted at or after (a date: midnight UTC)"
                            : "responses submitted before (a date: midnight UTC)");
  return {name, std::move(s), false,
          name == "from" ? "start of the period: a date or an RFC 3339 time"
                         : "end of the period (excluded): a date or an RFC 3339 time"};
}

Parameter KeysParameter(const std::string& name, const std::string& dimension) {
  return {name, Schema::Array(Schema::String(1, 200).Pattern(kKeyPattern), insight::kMaxKeys, 1),
          false,
          dimension + " keys, comma-separated; a key the organisation lacks matches nothing"};
}

Parameter KeyParameter(const std::string& name, const std::string& dimension) {
  return {name, Schema::String(1, 200).Pattern(kKeyPattern), false,
          "one " + dimension + " key; a key the organisation lacks matches nothing"};
}

Parameter ChannelsParameter() {
  return {"channel", Schema::Array(Schema::Enum(Values(insight::kChannels)), 6, 1), false,
          "channels, comma-separated"};
}

Parameter GroupByParameter() {
  std::string pattern = "^(";
  for (auto k : insight::kGroupByKeys) pattern += std::string(k) + "|";
  pattern += "survey|customer\\.[a-z0-9_]{1,32})$";
  return {"group_by", Schema::Array(Schema::String(1, 41).Pattern(pattern), 10, 1), false,
          "group keys, comma-separated, each once, at most one period (day, ISO week, month, "
          "quarter in the organisation's time zone); survey; customer.KEY (a customer "
          "attribute; a KEY never used is refused)"};
}

std::vector<Parameter> SegmentParameters() {
  Parameter customer{
      "customer.KEY",
      Schema::Array(Schema::String(0, 200).Pattern("^[^,\\x00-\\x1f\\x7f]*$"), insight::kMaxKeys),
      false,
      "customer attribute KEY ([a-z0-9_]{1,32}) is one of these values, comma-separated; an "
      "empty value means no value"};
  customer.name_pattern = "customer\\.[a-z0-9_]{1,32}";
  customer.example_name = "customer.segment";
  return {KeysParameter("survey", "survey"), std::move(customer)};
}

Parameter BoundedParameter(const std::string& name, const insight::Bounds& b,
                           const std::string& description) {
  return {name, Schema::Integer(b.min, b.max), false,
          description + " (default " + std::to_string(b.fallback) + ")"};
}

Result<insight::SliceByKeys> SliceOf(const Call& call) {
  insight::SliceByKeys s;
  RETURN_IF_ERROR(ParsePeriod(call.req, &s.from, &s.to));
  for (auto [name, slot] : {std::pair{"location", &s.locations},
                            {"team", &s.teams},
                            {"employee", &s.employees},
                            {"touchpoint", &s.touchpoints}}) {
    if (auto v = call.req.Query(name)) *slot = SplitList(*v);
  }
  if (auto v = call.req.Query("survey")) s.surveys = SplitList(*v);
  for (const auto& [name, value] : call.req.query) {
    if (name.starts_with("customer.")) {
      // Split keeping "" (no value): "zakelijk," asks for zakelijk or none.
      std::vector<std::string> values;
      size_t start = 0;
      while (true) {
        size_t comma = value.find(',', start);
        values.push_back(value.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      s.customer.emplace_back(name.substr(9), std::move(values));
    }
  }
  if (auto v = call.req.Query("channel")) {
    for (const auto& name : SplitList(*v)) {
      auto ch = engine::ParseChannel(name);
      if (!ch || *ch == engine::Channel::kUnknown) {
        return InvalidArgument("unknown channel", "/query/channel");
      }
      s.channels.push_back(*ch);
    }
  }
  return s;
}

std::vector<std::string> GroupByOf(const Call& call) {
  auto v = call.req.Query("group_by");
  return v ? SplitList(*v) : std::vector<std::string>{};
}

int64_t BoundedOf(const Call& call, const std::string& name, const insight::Bounds& b) {
  auto v = call.req.Query(name);
  if (!v) return b.fallback;
  // Checked by the chain against BoundedParameter: a whole number in bounds.
  int64_t x = b.fallback;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
  if (ec != std::errc() || end != v->data() + v->size() || x < b.min || x > b.max) {
    return b.fallback;
  }
  return x;
}

}  // namespace beleving::api
