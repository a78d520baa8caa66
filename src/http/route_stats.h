// Request counts and latencies of one route, for operators (GET /metrics).
// Observe() is called once per answered request, from any thread, without a
// lock; each number read back is exact, two numbers may be a few requests
// apart.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace beleving::http {

// The upper bounds (seconds) of the latency histogram's buckets; a last
// bucket, +Inf, takes the rest.
inline constexpr std::array<double, 12> kLatencyBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

class RouteStats {
 public:
  void Observe(int status, double seconds);
  // Requests answered with a status of class `cls` (1 to 5: 1xx to 5xx).
  uint64_t Answered(int cls) const { return by_class_.at(static_cast<size_t>(cls)).load(); }
  // Requests whose time was at most kLatencyBuckets[i] (cumulative);
  // i == kLatencyBuckets.size(): all of them.
  uint64_t AtMost(size_t i) const;
  double SecondsTotal() const { return static_cast<double>(micros_.load()) / 1e6; }

 private:
  std::array<std::atomic<uint64_t>, 6> by_class_{};                          // [1..5]
  std::array<std::atomic<uint64_t>, kLatencyBuckets.size() + 1> buckets_{};  // not cumulative
  std::atomic<uint64_t> micros_{0};
};

// A route as the exposition names it.
struct RouteSample {
  std::string_view method, route;  // "GET", "/api/v1/metrics" (the pattern, not the path)
  const RouteStats* stats;
};

// Appends beleving_http_requests_total{method,route,code} (per status class,
// only classes seen) and the histogram beleving_http_request_duration_seconds
// {method,route} of every route that answered at least one request.
void AppendRouteMetrics(std::string* out, std::span<const RouteSample> routes);

}  // namespace beleving::http
