// Micro-benchmarks of the engine's kernels (built into beleving_microbench).
//   build-engine/beleving_microbench --benchmark_filter=Engine
#include <benchmark/benchmark.h>

#include <vector>

#include "engine/engine.h"

namespace beleving::engine {
namespace {

std::vector<ResponseFacts> Synthetic(uint32_t n) {
  std::vector<ResponseFacts> rs(n);
  uint64_t x = 88172645463325252ull;
  for (uint32_t i = 0; i < n; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    ResponseFacts& f = rs[i];
    f = ResponseFacts{};
    f.response_id = i + 1;
    f.org = 1 + static_cast<uint32_t>(x % 20);
    f.submitted_at = 1672531200 + int64_t{i} * 9;
    f.location = f.org * 20 + static_cast<uint32_t>((x >> 8) % 20);
    f.team = f.location * 5 + static_cast<uint32_t>((x >> 16) % 5);
    f.employee = f.team * 20 + static_cast<uint32_t>((x >> 24) % 20);
    f.customer = f.org * 100000 + static_cast<uint32_t>((x >> 32) % 100000);
    f.touchpoint = 1 + static_cast<uint32_t>((x >> 40) % 30);
    f.channel = static_cast<Channel>(1 + (x >> 45) % 5);
    f.nps = static_cast<int8_t>((x >> 48) % 11);
    for (int d = 0; d < 5; ++d)
      f.drivers[static_cast<size_t>(d)] = static_cast<int8_t>(1 + (x >> (50 + d)) % 5);
    // Survey from the touchpoint (three surveys), a segment (attribute slot
    // 0) of five uneven sizes from a hash of the customer.
    f.survey = 1 + f.touchpoint % 3;
    f.survey_version = 1;
    const uint32_t h = (f.customer * 2654435761u) >> 24;  // 0..255
    f.attributes[0] = static_cast<uint16_t>(h < 100   ? 1
                                            : h < 170 ? 2
                                            : h < 215 ? 3
                                            : h < 240 ? 4
                                                      : 5);
  }
  return rs;
}

const std::vector<ResponseFacts>& Data() {
  static const auto* data = new std::vector<ResponseFacts>(Synthetic(2'000'000));
  return *data;
}

const Engine& Loaded() {
  static Engine* e = [] {
    auto* engine = new Engine();
    (void)engine->Append(Data());
    return engine;
  }();
  return *e;
}

void BM_EngineAppend(benchmark::State& state) {
  const auto& data = Data();
  for (auto _ : state) {
    Engine e;
    for (size_t i = 0; i < data.size(); i += 65536) {
      const size_t n = std::min<size_t>(65536, data.size() - i);
      benchmark::DoNotOptimize(e.Append(std::span(data).subspan(i, n)));
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_EngineAppend)->Unit(benchmark::kMillisecond);

void BM_EngineMeasures(benchmark::State& state, std::vector<std::string> group_by) {
  const Engine& e = Loaded();
  for (auto _ : state) {
    auto r = e.Measures({Scope::AllOrgs(), {}, group_by});
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * Data().size()));
}
BENCHMARK_CAPTURE(BM_EngineMeasures, total, std::vector<std::string>{})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineMeasures, epoch_week, std::vector<std::string>{"epoch_week"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineMeasures, location_touchpoint,
                  std::vector<std::string>{"location", "touchpoint"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineMeasures, month_local, std::vector<std::string>{"month"})
    ->Unit(benchmark::kMillisecond);

// Slicing by a customer attribute costs what slicing by a built-in
// dimension costs: compare segment_month with touchpoint_month, and the
// survey filter with a touchpoint filter of the same selectivity.
BENCHMARK_CAPTURE(BM_EngineMeasures, touchpoint_month,
                  std::vector<std::string>{"touchpoint", "month"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineMeasures, segment_month,
                  std::vector<std::string>{"attribute_0", "month"})
    ->Unit(benchmark::kMillisecond);

void BM_EngineFiltered(benchmark::State& state, Filter f) {
  const Engine& e = Loaded();
  for (auto _ : state) {
    auto r = e.Measures({Scope::AllOrgs(), f, {"attribute_0"}});
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * Data().size()));
}
Filter SurveyTwo() {
  Filter f;
  f.surveys = {2};
  return f;
}
Filter TouchpointsOfSurveyTwo() {
  Filter f;
  for (uint32_t t = 1; t <= 30; ++t) {
    if (1 + t % 3 == 2) f.touchpoints.push_back(t);
  }
  return f;
}
BENCHMARK_CAPTURE(BM_EngineFiltered, segment_by_survey, SurveyTwo())->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineFiltered, segment_by_touchpoints, TouchpointsOfSurveyTwo())
    ->Unit(benchmark::kMillisecond);

void BM_EngineRatchet(benchmark::State& state) {
  const Engine& e = Loaded();
  RatchetQuery q;
  q.scope = Scope::AllOrgs();
  q.group_by = {"org"};
  for (auto _ : state) benchmark::DoNotOptimize(e.ExpectationRatchet(q));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * Data().size()));
}
BENCHMARK(BM_EngineRatchet)->Unit(benchmark::kMillisecond);

void BM_EngineKeyDrivers(benchmark::State& state) {
  const Engine& e = Loaded();
  KeyDriversQuery q;
  q.scope = Scope::AllOrgs();
  q.group_by = {"org"};
  for (auto _ : state) benchmark::DoNotOptimize(e.KeyDrivers(q));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * Data().size()));
}
BENCHMARK(BM_EngineKeyDrivers)->Unit(benchmark::kMillisecond);

void BM_EngineFairRanking(benchmark::State& state) {
  const Engine& e = Loaded();
  RankingQuery q;
  q.scope = Scope::AllOrgs();
  for (auto _ : state) benchmark::DoNotOptimize(e.FairRanking(q));
}
BENCHMARK(BM_EngineFairRanking)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace beleving::engine
