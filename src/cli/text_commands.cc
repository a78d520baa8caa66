// `beleving text analyze|eval|redact|bench`: the text-analysis room on the
// command line. analyze reads one comment per line on stdin and writes one
// JSON object per line; eval scores a labelled TSV (label TAB text).
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/commands.h"
#include "text/text_analyzer.h"

namespace beleving::cli {
namespace {

namespace json = boost::json;
using text::Language;
using text::Polarity;

[[noreturn]] void Fail(const std::string& message, int code = 2) {
  std::cerr << "beleving text: " << message << "\n";
  throw CLI::RuntimeError(code);
}

std::string ReadFileOrFail(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string WithField(const Status& st) {
  return st.message() + (st.field().empty() ? "" : " (at " + st.field() + ")");
}

text::TextAnalyzer MakeAnalyzer(const std::string& themes_file,
                                const std::string& model_file = "") {
  text::TextAnalyzerConfig config;
  if (!themes_file.empty()) config.org_vocabulary_json = ReadFileOrFail(themes_file);
  if (!model_file.empty()) {
    config.learned_sentiment_json = ReadFileOrFail(model_file);
    // Checked alone first, so an error names the right file.
    auto model = text::LearnedSentiment::FromJson(config.learned_sentiment_json);
    if (!model.ok()) Fail(model_file + ": " + WithField(model.status()));
  }
  auto analyzer = text::TextAnalyzer::Create(config);
  if (!analyzer.ok()) {
    Fail((themes_file.empty() ? std::string("built-in vocabulary") : themes_file) + ": " +
         WithField(analyzer.status()));
  }
  return std::move(analyzer).value();
}

Language ParseLanguageOption(const std::string& value) {
  if (value.empty() || value == "auto") return Language::kUnknown;
  auto lang = text::ParseLanguage(value);
  if (!lang) Fail("--language must be nl, en or auto, not '" + value + "'");
  return *lang;
}

json::array ThemesJson(const std::vector<text::ThemeMention>& themes) {
  json::array arr;
  for (const auto& t : themes) {
    json::array ev;
    for (const auto& e : t.evidence) ev.emplace_back(e);
    arr.push_back(json::object{{"theme", t.theme},
                               {"polarity", text::PolarityName(t.polarity)},
                               {"sentiment", std::round(t.sentiment * 1000) / 1000},
                               {"evidence", std::move(ev)}});
  }
  return arr;
}

json::object AnalysisJson(std::string_view comment, const text::CommentAnalysis& a) {
  json::object o;
  o["language"] = text::LanguageCode(a.language);
  o["sentiment"] = std::round(a.sentiment * 1000) / 1000;
  o["polarity"] = text::PolarityName(a.polarity);
  o["themes"] = ThemesJson(a.themes);
  json::array sentences;
  for (const auto& s : a.sentences) {
    sentences.push_back(json::object{{"begin", s.begin},
                                     {"end", s.end},
                                     {"text", comment.substr(s.begin, s.end - s.begin)},
                                     {"sentiment", std::round(s.sentiment * 1000) / 1000},
                                     {"polarity", text::PolarityName(s.polarity)},
                                     {"themes", ThemesJson(s.themes)}});
  }
  o["sentences"] = std::move(sentences);
  json::array mentions;
  for (const auto& m : a.mentions) {
    mentions.push_back(json::object{{"employee_id", m.employee_id},
                                    {"name", m.name},
                                    {"sentence", m.sentence},
                                    {"full_name", m.full_name},
                                    {"ambiguous", m.ambiguous},
                                    {"compliment", m.compliment}});
  }
  o["mentions"] = std::move(mentions);
  if (a.learned.applied) {
    json::array words;
    for (const auto& w : a.learned.evidence) {
      words.push_back(
          json::object{{"word", w.feature}, {"weight", std::round(w.weight * 1000) / 1000}});
    }
    o["learned"] = json::object{{"log_odds", std::round(a.learned.log_odds * 1000) / 1000},
                                {"evidence", std::move(words)}};
  }
  return o;
}

void RunAnalyze(const std::string& employees_file, const std::string& themes_file,
                const std::string& model_file, const std::string& language, bool redact) {
  const text::TextAnalyzer analyzer = MakeAnalyzer(themes_file, model_file);
  text::EmployeeDirectory employees;
  text::AnalyzeOptions options;
  options.language = ParseLanguageOption(language);
  if (!employees_file.empty()) {
    auto dir = text::EmployeeDirectory::FromJson(ReadFileOrFail(employees_file));
    if (!dir.ok()) {
      Fail(employees_file + ": " + WithField(dir.status()));
    }
    employees = std::move(dir).value();
    options.employees = &employees;
  }
  std::ios::sync_with_stdio(false);
  std::string line;
  text::CommentAnalysis a;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    analyzer.Analyze(line, options, &a);
    json::object o = AnalysisJson(line, a);
    if (redact) o["redacted"] = analyzer.Redact(line, a.language);
    std::cout << json::serialize(o) << '\n';
  }
}

struct Labelled {
  Polarity gold;
  std::string text;
};

std::vector<Labelled> ReadLabelled(const std::string& path, const std::string& format) {
  if (format != "tsv") Fail("--format must be tsv, not '" + format + "'");
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(path + ": cannot open file");
  std::vector<Labelled> rows;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      Fail(path + ":" + std::to_string(line_no) + ": expected label<TAB>text");
    }
    const auto label = text::ParsePolarity(line.substr(0, tab));
    if (!label) {
      Fail(path + ":" + std::to_string(line_no) + ": unknown label '" + line.substr(0, tab) +
           "' (use positive, negative or neutral)");
    }
    rows.push_back({*label, line.substr(tab + 1)});
  }
  if (rows.empty()) Fail(path + ": no labelled lines");
  return rows;
}

int Index(Polarity p) { return p == Polarity::kPositive ? 0 : p == Polarity::kNegative ? 1 : 2; }
constexpr const char* kNames[3] = {"positive", "negative", "neutral"};

struct Metrics {
  long n = 0;
  double accuracy = 0;
  double macro_f1 = 0;
};

// Accuracy and macro-F1 over the gold classes in `classes` (F1 averaged over
// those classes; a prediction outside them counts as an error).
Metrics Score(const long confusion[3][3], int classes) {
  Metrics m;
  long correct = 0;
  for (int g = 0; g < classes; ++g) {
    for (int p = 0; p < 3; ++p) m.n += confusion[g][p];
    correct += confusion[g][g];
  }
  m.accuracy = m.n ? static_cast<double>(correct) / static_cast<double>(m.n) : 0;
  double f1_sum = 0;
  for (int c = 0; c < classes; ++c) {
    long predicted = 0, actual = 0;
    for (int k = 0; k < classes; ++k) predicted += confusion[k][c];
    for (int p = 0; p < 3; ++p) actual += confusion[c][p];
    const double prec = predicted ? static_cast<double>(confusion[c][c]) / predicted : 0;
    const double rec = actual ? static_cast<double>(confusion[c][c]) / actual : 0;
    f1_sum += (prec + rec) > 0 ? 2 * prec * rec / (prec + rec) : 0;
  }
  m.macro_f1 = f1_sum / classes;
  return m;
}

void RunEval(const std::string& input, const std::string& format, bool as_json,
             const std::string& themes_file, const std::string& model_file,
             const std::string& language, bool show_errors) {
  const text::TextAnalyzer analyzer = MakeAnalyzer(themes_file, model_file);
  const std::vector<Labelled> rows = ReadLabelled(input, format);
  text::AnalyzeOptions options;
  options.language = ParseLanguageOption(language);
  long confusion[3][3] = {};
  long forced[3][3] = {};  // forced choice: sentiment >= 0 -> positive
  std::map<std::string, long> languages;
  text::CommentAnalysis a;
  for (const auto& row : rows) {
    analyzer.Analyze(row.text, options, &a);
    ++confusion[Index(row.gold)][Index(a.polarity)];
    ++forced[Index(row.gold)][a.sentiment >= 0 ? 0 : 1];
    ++languages[std::string(text::LanguageCode(a.language))];
    if (show_errors && row.gold != Polarity::kNeutral && a.polarity != row.gold) {
      std::cerr << kNames[Index(row.gold)] << " -> " << kNames[Index(a.polarity)] << " ("
                << a.sentiment << "): " << row.text << "\n";
    }
  }
  // Rows reordered so gold neutral is last: two-class = first two gold rows.
  const Metrics two = Score(confusion, 2);
  const Metrics three = Score(confusion, 3);
  const Metrics two_forced = Score(forced, 2);
  const long abstained = confusion[0][2] + confusion[1][2];
  if (as_json) {
    json::object conf;
    for (int g = 0; g < 3; ++g) {
      json::object row;
      for (int p = 0; p < 3; ++p) row[kNames[p]] = confusion[g][p];
      conf[kNames[g]] = std::move(row);
    }
    json::object langs;
    for (const auto& [k, v] : languages) langs[k] = v;
    json::object o{
        {"input", input},
        {"rows", static_cast<int64_t>(rows.size())},
        {"two_class", json::object{{"n", two.n},
                                   {"accuracy", two.accuracy},
                                   {"macro_f1", two.macro_f1},
                                   {"neutral_predictions", abstained}}},
        {"two_class_forced", json::object{{"n", two_forced.n},
                                          {"accuracy", two_forced.accuracy},
                                          {"macro_f1", two_forced.macro_f1}}},
        {"three_class",
         json::object{{"n", three.n}, {"accuracy", three.accuracy}, {"macro_f1", three.macro_f1}}},
        {"confusion", std::move(conf)},
        {"languages", std::move(langs)}};
    // Top-level accuracy/macro_f1 are the two-class figures (the headline).
    o["accuracy"] = two.accuracy;
    o["macro_f1"] = two.macro_f1;
    std::cout << json::serialize(o) << "\n";
    return;
  }
  std::printf("input: %s (%zu rows)\n", input.c_str(), rows.size());
  std::printf("two-class (gold positive/negative, n=%ld; a neutral prediction counts as wrong)\n",
              two.n);
  std::printf("  accuracy %.3f   macro-F1 %.3f   neutral predictions %ld\n", two.accuracy,
              two.macro_f1, abstained);
  std::printf(
      "two-class, forced choice (sentiment >= 0 -> positive)\n  accuracy %.3f   macro-F1 %.3f\n",
      two_forced.accuracy, two_forced.macro_f1);
  std::printf("three-class (all rows, n=%ld)\n  accuracy %.3f   macro-F1 %.3f\n", three.n,
              three.accuracy, three.macro_f1);
  std::printf("confusion matrix (rows = gold, columns = predicted)\n");
  std::printf("  %-10s %9s %9s %9s\n", "", kNames[0], kNames[1], kNames[2]);
  for (int g = 0; g < 3; ++g) {
    std::printf("  %-10s %9ld %9ld %9ld\n", kNames[g], confusion[g][0], confusion[g][1],
                confusion[g][2]);
  }
  std::printf("languages detected:");
  for (const auto& [k, v] : languages) std::printf(" %s=%ld", k.c_str(), v);
  std::printf("\n");
}

// Learns a domain model from a labelled file (neutral rows are skipped).
void RunTrain(const std::string& input, const std::string& format, const std::string& language,
              const std::string& out_path) {
  const Language lang = ParseLanguageOption(language);
  if (lang == Language::kUnknown) Fail("--language must be nl or en: a model is for one language");
  std::vector<text::LabelledComment> rows;
  long neutral = 0;
  for (auto& row : ReadLabelled(input, format)) {
    if (row.gold == Polarity::kNeutral) {
      ++neutral;
      continue;
    }
    rows.push_back({row.gold == Polarity::kPositive, std::move(row.text)});
  }
  auto model = text::LearnedSentiment::Train(lang, rows);
  if (!model.ok()) Fail(input + ": " + WithField(model.status()));
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!out) Fail(out_path + ": cannot write file");
  out << model->ToJson();
  out.close();
  if (!out) Fail(out_path + ": write failed");
  std::printf(
      "trained on %ld positive and %ld negative comments (%ld neutral skipped): %zu words "
      "and word pairs -> %s\n",
      model->positives(), model->negatives(), neutral, model->feature_count(), out_path.c_str());
}

void RunRedact(const std::string& language) {
  const Language lang = ParseLanguageOption(language);
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    std::cout << text::Redact(line, lang == Language::kEnglish ? lang : Language::kDutch) << '\n';
  }
}

// Single-thread throughput of Analyze on ~200-character comments.
void RunBench(double seconds, const std::string& model_file) {
  const text::TextAnalyzer analyzer = MakeAnalyzer("", model_file);
  const std::vector<std::string> comments = {
      "De monteur was erg vriendelijk en legde alles goed uit, maar ik heb wel drie kwartier "
      "moeten wachten terwijl ik een afspraak had. Niet teruggebeld over de extra kosten!",
      "Super snel geholpen door Sanne aan de balie, echt top service. De prijs viel een beetje "
      "tegen en de wachtruimte was niet heel schoon, maar ik kom zeker terug 😊",
      "Al drie weken wacht ik op een reactie over mijn klacht. Niemand belt terug en de "
      "medewerker aan de telefoon was onbeschoft. Nooit meer bij deze energieleverancier 😡",
      "The staff were friendly and the car was ready on time, but the invoice was higher than "
      "the quote and nobody explained why. Not bad overall, though communication could improve.",
  };
  text::CommentAnalysis a;
  text::AnalyzeOptions options;
  size_t bytes = 0;
  long n = 0;
  const auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    for (int k = 0; k < 1000; ++k) {
      const std::string& c = comments[static_cast<size_t>(n) % comments.size()];
      analyzer.Analyze(c, options, &a);
      bytes += c.size();
      ++n;
    }
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  std::printf(
      "analyzed %ld comments (avg %.0f bytes) in %.2f s on one thread: %.0f comments/s, "
      "%.1f MB/s\n",
      n, static_cast<double>(bytes) / static_cast<double>(n), elapsed,
      static_cast<double>(n) / elapsed, static_cast<double>(bytes) / elapsed / 1e6);
}

}  // namespace

void RegisterTextCommands(CLI::App& app) {
  CLI::App* textcmd = app.add_subcommand("text", "Comment analysis: sentiment, themes, mentions");
  textcmd->require_subcommand(1);

  struct AnalyzeArgs {
    std::string employees, themes, model, language;
    bool redact = false;
  };
  auto aa = std::make_shared<AnalyzeArgs>();
  CLI::App* analyze = textcmd->add_subcommand(
      "analyze", "Read one comment per line on stdin, write one JSON object per line");
  analyze->add_option("--employees", aa->employees, "JSON list of {id, name}")
      ->envname("BELEVING_EMPLOYEES");
  analyze->add_option("--themes", aa->themes, "Organisation vocabulary JSON (themes and terms)")
      ->envname("BELEVING_THEMES");
  analyze->add_option("--model", aa->model, "Learned domain model JSON (from `text train`)");
  analyze->add_option("--language", aa->language, "nl, en or auto (default auto)");
  analyze->add_flag("--redact", aa->redact, "Add a PII-redacted copy of the comment");
  analyze->callback(
      [aa] { RunAnalyze(aa->employees, aa->themes, aa->model, aa->language, aa->redact); });

  struct EvalArgs {
    std::string input, format = "tsv", themes, model, language;
    bool json = false, errors = false;
  };
  auto ea = std::make_shared<EvalArgs>();
  CLI::App* eval = textcmd->add_subcommand(
      "eval", "Score a labelled file (label TAB text): accuracy, macro-F1, confusion matrix");
  eval->add_option("--input", ea->input, "Labelled file")->required();
  eval->add_option("--format", ea->format, "Input format (tsv)");
  eval->add_flag("--json", ea->json, "Print one JSON object");
  eval->add_option("--themes", ea->themes, "Organisation vocabulary JSON");
  eval->add_option("--model", ea->model, "Learned domain model JSON (from `text train`)");
  eval->add_option("--language", ea->language, "nl, en or auto (default auto)");
  eval->add_flag("--errors", ea->errors, "List misclassified rows on stderr");
  eval->callback([ea] {
    RunEval(ea->input, ea->format, ea->json, ea->themes, ea->model, ea->language, ea->errors);
  });

  struct TrainArgs {
    std::string input, format = "tsv", language, out;
  };
  auto ta = std::make_shared<TrainArgs>();
  CLI::App* train = textcmd->add_subcommand(
      "train", "Learn a domain model from a labelled file (label TAB text) of one language");
  train->add_option("--input", ta->input, "Labelled file")->required();
  train->add_option("--format", ta->format, "Input format (tsv)");
  train->add_option("--language", ta->language, "nl or en")->required();
  train->add_option("--out", ta->out, "Model JSON to write")->required();
  train->callback([ta] { RunTrain(ta->input, ta->format, ta->language, ta->out); });

  auto lang = std::make_shared<std::string>();
  CLI::App* redact =
      textcmd->add_subcommand("redact", "Redact PII (e-mail, phone, IBAN, address, BSN) per line");
  redact->add_option("--language", *lang, "Token language: nl ([telefoon]) or en ([phone])");
  redact->callback([lang] { RunRedact(*lang); });

  auto secs = std::make_shared<double>(3.0);
  CLI::App* bench = textcmd->add_subcommand("bench", "Single-thread analysis throughput");
  bench->add_option("--seconds", *secs, "How long to run (default 3)");
  auto bench_model = std::make_shared<std::string>();
  bench->add_option("--model", *bench_model, "Also apply a learned domain model");
  bench->callback([secs, bench_model] { RunBench(*secs, *bench_model); });
}

}  // namespace beleving::cli
