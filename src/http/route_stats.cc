#include "http/route_stats.h"

#include <cmath>

#include "http/prometheus.h"

namespace beleving::http {

void RouteStats::Observe(int status, double seconds) {
  const int cls = status / 100;
  if (cls >= 1 && cls <= 5) by_class_[static_cast<size_t>(cls)].fetch_add(1);
  size_t b = 0;
  while (b < kLatencyBuckets.size() && seconds > kLatencyBuckets[b]) ++b;
  buckets_[b].fetch_add(1);
  micros_.fetch_add(static_cast<uint64_t>(std::llround(std::max(seconds, 0.0) * 1e6)));
}

uint64_t RouteStats::AtMost(size_t i) const {
  uint64_t n = 0;
  for (size_t b = 0; b <= i && b < buckets_.size(); ++b) n += buckets_[b].load();
  return n;
}

void AppendRouteMetrics(std::string* out, std::span<const RouteSample> routes) {
  auto seen = [](const RouteStats& s) { return s.AtMost(kLatencyBuckets.size()) > 0; };
  AppendFamily(out, "beleving_http_requests_total", "counter",
               "Requests answered, by route pattern and status class");
  static constexpr std::array<std::string_view, 6> kClass = {"", "1xx", "2xx", "3xx", "4xx", "5xx"};
  for (const auto& r : routes) {
    if (!seen(*r.stats)) continue;
    for (int cls = 1; cls <= 5; ++cls) {
      const uint64_t n = r.stats->Answered(cls);
      if (n == 0) continue;
      AppendSample(out, "beleving_http_requests_total",
                   {{"method", r.method}, {"route", r.route}, {"code", kClass[cls]}},
                   static_cast<double>(n));
    }
  }
  AppendFamily(out, "beleving_http_request_duration_seconds", "histogram",
               "Time from routing to the answer (the request chain and the handler), by route");
  for (const auto& r : routes) {
    if (!seen(*r.stats)) continue;
    for (size_t b = 0; b <= kLatencyBuckets.size(); ++b) {
      std::string le = "+Inf";
      if (b < kLatencyBuckets.size()) {
        std::string num;
        AppendSample(&num, "", {}, kLatencyBuckets[b]);  // " 0.0005\n"
        le = num.substr(1, num.size() - 2);
      }
      AppendSample(out, "beleving_http_request_duration_seconds_bucket",
                   {{"method", r.method}, {"route", r.route}, {"le", le}},
                   static_cast<double>(r.stats->AtMost(b)));
    }
    AppendSample(out, "beleving_http_request_duration_seconds_sum",
                 {{"method", r.method}, {"route", r.route}}, r.stats->SecondsTotal());
    AppendSample(out, "beleving_http_request_duration_seconds_count",
                 {{"method", r.method}, {"route", r.route}},
                 static_cast<double>(r.stats->AtMost(kLatencyBuckets.size())));
  }
}

}  // namespace beleving::http
