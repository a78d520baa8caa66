// Throughput of TextAnalyzer::Analyze (sentiment + themes + sentences) on
// ~200-character comments, one thread. Target: >= 200,000 comments/s/core.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "text/redact.h"
#include "text/text_analyzer.h"

namespace beleving::text {
namespace {

const std::vector<std::string>& Comments() {
  static const std::vector<std::string> c = {
      "De monteur was erg vriendelijk en legde alles goed uit, maar ik heb wel drie kwartier "
      "moeten wachten terwijl ik een afspraak had. Niet teruggebeld over de extra kosten!",
      "Super snel geholpen door Sanne aan de balie, echt top service. De prijs viel een beetje "
      "tegen en de wachtruimte was niet heel schoon, maar ik kom zeker terug 😊",
      "Al drie weken wacht ik op een reactie over mijn klacht. Niemand belt terug en de "
      "medewerker aan de telefoon was onbeschoft. Nooit meer bij deze energieleverancier 😡",
      "The staff were friendly and the car was ready on time, but the invoice was higher than "
      "the quote and nobody explained why. Not bad overall, though communication could improve.",
  };
  return c;
}

void BM_Analyze(benchmark::State& state) {
  static const TextAnalyzer analyzer = std::move(TextAnalyzer::Create()).value();
  const auto& comments = Comments();
  CommentAnalysis out;
  AnalyzeOptions options;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& c = comments[i++ % comments.size()];
    analyzer.Analyze(c, options, &out);
    benchmark::DoNotOptimize(out.sentiment);
    bytes += c.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Analyze);

void BM_Redact(benchmark::State& state) {
  const std::string c = Comments()[0] + " Bel 06-12345678 of mail jan@voorbeeld.nl";
  for (auto _ : state) benchmark::DoNotOptimize(Redact(c));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Redact);

}  // namespace
}  // namespace beleving::text
