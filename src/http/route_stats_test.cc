#include "http/route_stats.h"

#include <gtest/gtest.h>

#include <vector>

#include "http/prometheus.h"

namespace beleving::http {
namespace {

TEST(Prometheus, SamplesEscapeLabelValuesAndPrintIntegersPlainly) {
  std::string out;
  AppendFamily(&out, "x_total", "counter", "Things\ncounted");
  AppendSample(&out, "x_total", {{"route", "/a\"b\\c"}}, 3);
  AppendSample(&out, "x_seconds", {}, 0.25);
  EXPECT_EQ(out,
            "# HELP x_total Things\\ncounted\n# TYPE x_total counter\n"
            "x_total{route=\"/a\\\"b\\\\c\"} 3\nx_seconds 0.25\n");
}

TEST(RouteStats, CountsByStatusClassAndCumulativeBuckets) {
  RouteStats s;
  s.Observe(200, 0.0004);  // first bucket (<= 0.0005)
  s.Observe(201, 0.003);   // <= 0.005
  s.Observe(404, 0.003);
  s.Observe(503, 10.0);  // +Inf only
  EXPECT_EQ(s.Answered(2), 2u);
  EXPECT_EQ(s.Answered(4), 1u);
  EXPECT_EQ(s.Answered(5), 1u);
  EXPECT_EQ(s.AtMost(0), 1u);
  EXPECT_EQ(s.AtMost(2), 1u);  // <= 0.0025
  EXPECT_EQ(s.AtMost(3), 3u);  // <= 0.005
  EXPECT_EQ(s.AtMost(kLatencyBuckets.size() - 1), 3u);
  EXPECT_EQ(s.AtMost(kLatencyBuckets.size()), 4u);
  EXPECT_NEAR(s.SecondsTotal(), 10.0064, 1e-6);
}

TEST(RouteStats, TheExpositionListsOnlyRoutesThatAnswered) {
  RouteStats used, unused;
  used.Observe(200, 0.002);
  std::vector<RouteSample> routes = {{"GET", "/api/v1/metrics", &used},
                                     {"POST", "/api/v1/responses", &unused}};
  std::string out;
  AppendRouteMetrics(&out, routes);
  EXPECT_NE(out.find("beleving_http_requests_total{method=\"GET\",route=\"/api/v1/metrics\","
                     "code=\"2xx\"} 1\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("beleving_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/"
                     "v1/metrics\",le=\"0.001\"} 0\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("le=\"0.0025\"} 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("le=\"+Inf\"} 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("beleving_http_request_duration_seconds_count{method=\"GET\",route=\"/api/"
                     "v1/metrics\"} 1\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("/api/v1/responses"), std::string::npos);
  EXPECT_EQ(out.find("# TYPE beleving_http_request_duration_seconds histogram"),
            out.rfind("# TYPE beleving_http_request_duration_seconds histogram"));
}

}  // namespace
}  // namespace beleving::http
