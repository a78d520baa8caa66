// `beleving bench`: the CX analytics peer benchmark (../shared/bench) run on
// the insight engine. Loads the benchmark CSV through the engine's real
// ingest path (Engine::Append in batches), answers Q1-Q6 with the engine's
// query API, writes the answers in the peers' canonical CSV format and one
// JSON timing line per step, like the peer runners. A CSV extended by
// bench/extend_csv.py (two more columns, survey and segment) loads them into
// the engine's survey and customer-attribute columns and adds Q7 and Q8
// (bench/queries/q7.sql, q8.sql).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "engine/engine.h"

namespace beleving::cli {

namespace {

using engine::Engine;
using engine::ResponseFacts;
using engine::Scope;

[[noreturn]] void Fail(const std::string& msg, int code = 1) {
  std::cerr << "beleving bench: " << msg << "\n";
  throw CLI::RuntimeError(code);
}

double NowMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Resident set size (VmRSS) or peak (VmHWM) of this process, in bytes.
size_t ProcStatusBytes(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t klen = std::strlen(key);
  while (std::getline(in, line)) {
    if (line.compare(0, klen, key) == 0 && line.size() > klen && line[klen] == ':') {
      return static_cast<size_t>(std::stoull(line.substr(klen + 1))) * 1024;
    }
  }
  return 0;
}

// ---- CSV loading ------------------------------------------------------------------

constexpr std::string_view kHeader =
    "response_id,ts,org,location,team,employee,customer,touchpoint,channel,score,ces,"
    "d_certainty,d_flexibility,d_reliability,d_customisation,d_complaint_speed";
constexpr std::string_view kExtension = ",survey,segment";
constexpr const char* kColumns[] = {"response_id",
                                    "ts",
                                    "org",
                                    "location",
                                    "team",
                                    "employee",
                                    "customer",
                                    "touchpoint",
                                    "channel",
                                    "score",
                                    "ces",
                                    "d_certainty",
                                    "d_flexibility",
                                    "d_reliability",
                                    "d_customisation",
                                    "d_complaint_speed",
                                    "survey",
                                    "segment"};

// The attribute slot the extended CSV's customer segment goes into.
constexpr int kSegmentSlot = 0;

struct LoadStats {
  uint64_t rows = 0;
  double parse_ms = 0, append_ms = 0, total_ms = 0;
};

class CsvLoader {
 public:
  CsvLoader(std::string path, Engine* e) : path_(std::move(path)), engine_(e) {}

  // True after Load() when the file had the survey and segment columns.
  bool extended() const { return extended_; }

  LoadStats Load() {
    const double t0 = NowMs();
    int fd = ::open(path_.c_str(), O_RDONLY);
    if (fd < 0) Fail(path_ + ": cannot open: " + std::strerror(errno));
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    constexpr size_t kBuf = 8u << 20;
    std::vector<char> buf(kBuf + 1);
    size_t have = 0;
    bool eof = false, header_done = false;
    batch_.reserve(kBatch);
    while (!eof || have > 0) {
      if (!eof && have < kBuf) {
        ssize_t got = ::read(fd, buf.data() + have, kBuf - have);
        if (got < 0) Fail(path_ + ": read error: " + std::strerror(errno));
        if (got == 0) eof = true;
        have += static_cast<size_t>(got);
      }
      size_t pos = 0;
      const double p0 = NowMs();
      for (;;) {
        const char* start = buf.data() + pos;
        const void* nl = std::memchr(start, '\n', have - pos);
        size_t len;
        if (nl == nullptr) {
          if (!eof) break;  // need more bytes
          if (pos == have) break;
          len = have - pos;  // last line without newline
        } else {
          len = static_cast<size_t>(static_cast<const char*>(nl) - start);
        }
        ++line_;
        std::string_view text(start, len);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        if (!header_done) {
          extended_ = text.size() == kHeader.size() + kExtension.size() &&
                      text.substr(kHeader.size()) == kExtension;
          if (text.substr(0, kHeader.size()) != kHeader ||
              (text.size() != kHeader.size() && !extended_)) {
            Fail(Where(1) + "unexpected header; expected " + std::string(kHeader) +
                 " (optionally followed by " + std::string(kExtension) + ")");
          }
          header_done = true;
        } else if (!text.empty()) {
          ParseLine(text);
          if (batch_.size() == kBatch) Flush();
        }
        pos += len + (nl != nullptr ? 1 : 0);
        if (nl == nullptr) break;
      }
      stats_.parse_ms += NowMs() - p0;
      std::memmove(buf.data(), buf.data() + pos, have - pos);
      have -= pos;
      if (eof && have == 0) break;
      if (have == kBuf) Fail(Where(1) + "line too long");
    }
    ::close(fd);
    if (!header_done) Fail(path_ + ": empty file");
    Flush();
    stats_.total_ms = NowMs() - t0;
    stats_.parse_ms -= stats_.append_ms;  // appends happen inside the parse loop
    return stats_;
  }

 private:
  static constexpr size_t kBatch = 1 << 16;

  std::string Where(size_t col) const {
    return path_ + ":" + std::to_string(line_) + ":" + std::to_string(col) + ": ";
  }

  [[noreturn]] void Bad(std::string_view line, const char* p, int field, const std::string& what) {
    const size_t col = static_cast<size_t>(p - line.data()) + 1;
    Fail(Where(col) + "column '" + kColumns[field] + "': " + what);
  }

  // Parses an unsigned integer field ending at ',' or end of line; empty
  // fields give -1 when allowed.
  int64_t Int(std::string_view line, const char*& p, int field, bool allow_empty, int64_t lo,
              int64_t hi) {
    const char* end = line.data() + line.size();
    const char* s = p;
    bool neg = false;
    if (p < end && *p == '-') {
      neg = true;
      ++p;
    }
    int64_t v = 0;
    const char* digits = p;
    while (p < end && static_cast<unsigned>(*p - '0') < 10) {
      v = v * 10 + (*p - '0');
      if (v > (int64_t{1} << 53)) Bad(line, s, field, "number out of range");
      ++p;
    }
    if (p == digits) {
      if (allow_empty && !neg && (p == end || *p == ',')) {
        v = -1;
      } else {
        Bad(line, s, field, "expected an integer");
      }
    } else {
      if (neg) v = -v;
      if (v < lo || v > hi) {
        Bad(line, s, field,
            "value " + std::to_string(v) + " outside " + std::to_string(lo) + ".." +
                std::to_string(hi));
      }
    }
    Sep(line, p, field);
    return v;
  }

  void Sep(std::string_view line, const char*& p, int field) {
    const char* end = line.data() + line.size();
    if (field == (extended_ ? 17 : 15)) {
      if (p != end) Bad(line, p, field, "expected end of line");
      return;
    }
    if (p >= end || *p != ',') Bad(line, p, field, "expected ','");
    ++p;
  }

  void ParseLine(std::string_view line) {
    const char* p = line.data();
    const char* end = line.data() + line.size();
    ResponseFacts f{};
    constexpr int64_t kU32 = 0xffffffffll;
    f.response_id = static_cast<uint32_t>(Int(line, p, 0, false, 1, kU32));
    f.submitted_at = Int(line, p, 1, false, 0, int64_t{1} << 40);
    f.org = static_cast<uint32_t>(Int(line, p, 2, false, 1, kU32));
    f.location = static_cast<uint32_t>(Int(line, p, 3, false, 0, kU32));
    f.team = static_cast<uint32_t>(Int(line, p, 4, false, 0, kU32));
    f.employee = static_cast<uint32_t>(Int(line, p, 5, false, 0, kU32));
    f.customer = static_cast<uint32_t>(Int(line, p, 6, false, 0, kU32));
    f.touchpoint = static_cast<uint32_t>(Int(line, p, 7, false, 0, kU32));
    const char* ch = p;
    while (p < end && *p != ',') ++p;
    const std::string_view name(ch, static_cast<size_t>(p - ch));
    if (name == "online") {
      f.channel = engine::Channel::kOnline;
    } else if (name == "phone") {
      f.channel = engine::Channel::kPhone;
    } else if (name == "email") {
      f.channel = engine::Channel::kEmail;
    } else if (name == "face_to_face") {
      f.channel = engine::Channel::kFaceToFace;
    } else if (name == "chat") {
      f.channel = engine::Channel::kChat;
    } else if (name.empty()) {
      f.channel = engine::Channel::kUnknown;
    } else if (auto c = engine::ParseChannel(name)) {
      f.channel = *c;
    } else {
      Bad(line, ch, 8, "unknown channel '" + std::string(name) + "'");
    }
    Sep(line, p, 8);
    f.nps = static_cast<int8_t>(Int(line, p, 9, true, 0, 10));
    f.ces = static_cast<int8_t>(Int(line, p, 10, true, 1, 7));
    for (int d = 0; d < 5; ++d) {
      f.drivers[static_cast<size_t>(d)] = static_cast<int8_t>(Int(line, p, 11 + d, true, 1, 5));
    }
    if (extended_) {
      f.survey = static_cast<uint32_t>(Int(line, p, 16, false, 1, kU32));
      f.attributes[kSegmentSlot] =
          static_cast<uint16_t>(Int(line, p, 17, false, 1, engine::kMaxAttributeCode));
    }
    if (stats_.rows > 0 && f.response_id <= last_id_) {
      Bad(line, line.data(), 0, "response ids must increase");
    }
    last_id_ = f.response_id;
    ++stats_.rows;
    batch_.push_back(f);
  }

  void Flush() {
    if (batch_.empty()) return;
    const double t0 = NowMs();
    Status st = engine_->Append(batch_);
    stats_.append_ms += NowMs() - t0;
    if (!st.ok()) Fail(path_ + ": engine rejected a batch: " + st.ToString());
    batch_.clear();
  }

  std::string path_;
  Engine* engine_;
  size_t line_ = 0;
  uint32_t last_id_ = 0;
  bool extended_ = false;
  std::vector<ResponseFacts> batch_;
  LoadStats stats_;
};

// ---- Query answers ---------------------------------------------------------------

struct Cell {
  enum Kind { kNull, kInt, kDouble } kind = kNull;
  int64_t i = 0;
  double d = 0;
};
Cell I(int64_t v) { return {Cell::kInt, v, 0}; }
Cell D(double v) { return {Cell::kDouble, 0, v}; }
Cell D(const std::optional<double>& v) { return v ? D(*v) : Cell{}; }

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

// peers/common.py canon_cell: integers plain; other numbers '%.6f' with
// trailing zeros and '.' stripped; "-0" -> "0"; NULL empty.
std::string Canon(const Cell& c) {
  if (c.kind == Cell::kNull) return "";
  if (c.kind == Cell::kInt) return std::to_string(c.i);
  if (std::isnan(c.d)) return "nan";
  if (std::isinf(c.d)) return c.d > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", c.d);
  std::string t = buf;
  while (!t.empty() && t.back() == '0') t.pop_back();
  if (!t.empty() && t.back() == '.') t.pop_back();
  if (t == "-0" || t.empty()) t = "0";
  return t;
}

template <class T>
const T& Must(const Result<T>& r, const char* what) {
  if (!r.ok()) Fail(std::string(what) + ": " + r.status().ToString());
  return *r;
}

// The benchmark's queries ask for the score only: the engine then counts
// no CSAT or CES answers, as GET /api/v1/metrics?measure=nps does.
Result<engine::MeasureResult> ScoreMeasures(const Engine& e, engine::MeasureQuery q) {
  q.csat = false;
  q.ces = false;
  return e.Measures(q);
}

Table Q1(const Engine& e) {
  const auto max_ts = e.Summary(Scope::AllOrgs()).last_submitted_at.value_or(0);
  engine::MeasureQuery q{Scope::Org(7), {}, {"team"}};
  q.filter.from = max_ts - 90 * 86400;
  const auto res = ScoreMeasures(e, q);
  Table t{{"team", "n", "nps"}, {}};
  for (const auto& r : Must(res, "q1").rows) {
    t.rows.push_back({I(r.key[0]), I(r.measures.count), D(r.measures.nps)});
  }
  return t;
}

Table Q2(const Engine& e) {
  const auto res = ScoreMeasures(e, {Scope::AllOrgs(), {}, {"epoch_week"}});
  Table t{{"week", "n", "nps"}, {}};
  for (const auto& r : Must(res, "q2").rows) {
    t.rows.push_back({I(r.key[0]), I(r.measures.count), D(r.measures.nps)});
  }
  return t;
}

Table Q3(const Engine& e) {
  const auto res = ScoreMeasures(e, {Scope::Org(3), {}, {"employee"}});
  std::vector<const engine::MeasureRow*> rows;
  for (const auto& r : Must(res, "q3").rows) {
    if (r.measures.count >= 30) rows.push_back(&r);
  }
  std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
    if (*a->measures.nps != *b->measures.nps) return *a->measures.nps > *b->measures.nps;
    return a->key[0] < b->key[0];
  });
  if (rows.size() > 50) rows.resize(50);
  Table t{{"employee", "n", "nps"}, {}};
  for (const auto* r : rows)
    t.rows.push_back({I(r->key[0]), I(r->measures.count), D(r->measures.nps)});
  return t;
}

Table Q4(const Engine& e) {
  const auto res = ScoreMeasures(e, {Scope::AllOrgs(), {}, {"location", "touchpoint"}});
  struct Row {
    int64_t loc, tp, n;
    double mean, var;
  };
  std::vector<Row> rows;
  for (const auto& r : Must(res, "q4").rows) {
    const auto& m = r.measures;
    if (m.count < 50) continue;
    const int64_t n = m.nps_answers;
    rows.push_back({r.key[0], r.key[1], m.count,
                    static_cast<double>(m.score_sum) / static_cast<double>(n),
                    static_cast<double>(n * m.score_sum_sq - m.score_sum * m.score_sum) /
                        static_cast<double>(n * n)});
  }
  auto better = [](const Row& a, const Row& b) {
    if (a.var != b.var) return a.var > b.var;
    if (a.loc != b.loc) return a.loc < b.loc;
    return a.tp < b.tp;
  };
  const size_t k = std::min<size_t>(20, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<long>(k), rows.end(), better);
  rows.resize(k);
  Table t{{"location", "touchpoint", "n", "mean_score", "stddev_score"}, {}};
  for (const auto& r : rows)
    t.rows.push_back({I(r.loc), I(r.tp), I(r.n), D(r.mean), D(std::sqrt(r.var))});
  return t;
}

Table Q5(const Engine& e) {
  engine::RatchetQuery q;
  q.scope = Scope::AllOrgs();
  q.group_by = {"org"};
  q.threshold = 3;
  q.list_limit = 0;
  const auto res = e.ExpectationRatchet(q);
  Table t{{"org", "with_prev", "disappointed", "share"}, {}};
  for (const auto& r : Must(res, "q5").rows) {
    t.rows.push_back({I(r.key[0]), I(r.with_prev), I(r.disappointed), D(r.share)});
  }
  return t;
}

Table Q6(const Engine& e) {
  engine::KeyDriversQuery q;
  q.scope = Scope::AllOrgs();
  q.group_by = {"org"};
  q.min_n = 2;
  const auto res = e.KeyDrivers(q);
  Table t{{"org"}, {}};
  for (int d = 0; d < 5; ++d) {
    t.columns.push_back("n_" + std::string(engine::kDriverNames[static_cast<size_t>(d)]));
    t.columns.push_back("r_" + std::string(engine::kDriverNames[static_cast<size_t>(d)]));
  }
  for (const auto& g : Must(res, "q6").groups) {
    std::vector<Cell> row{I(g.key[0])};
    for (int d = 0; d < 5; ++d) {
      auto it = std::find_if(g.drivers.begin(), g.drivers.end(),
                             [&](const auto& ds) { return ds.driver == d; });
      if (it == g.drivers.end()) {
        row.push_back(I(0));
        row.push_back(Cell{});
      } else {
        row.push_back(I(it->n));
        row.push_back(D(it->r));
      }
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Q7: per customer segment over all rows.
Table Q7(const Engine& e) {
  const std::string segment = "attribute_" + std::to_string(kSegmentSlot);
  const auto res = ScoreMeasures(e, {Scope::AllOrgs(), {}, {segment}});
  Table t{{"segment", "n", "nps"}, {}};
  for (const auto& r : Must(res, "q7").rows) {
    t.rows.push_back({I(r.key[0]), I(r.measures.count), D(r.measures.nps)});
  }
  return t;
}

// Q8: survey 2 only, per (org, customer segment).
Table Q8(const Engine& e) {
  engine::MeasureQuery q{
      Scope::AllOrgs(), {}, {"org", "attribute_" + std::to_string(kSegmentSlot)}};
  q.filter.surveys = {2};
  const auto res = ScoreMeasures(e, q);
  Table t{{"org", "segment", "n", "nps"}, {}};
  for (const auto& r : Must(res, "q8").rows) {
    t.rows.push_back({I(r.key[0]), I(r.key[1]), I(r.measures.count), D(r.measures.nps)});
  }
  return t;
}

void WriteCsv(const std::filesystem::path& path, const Table& t) {
  std::ofstream out(path);
  if (!out) Fail("cannot write " + path.string());
  for (size_t i = 0; i < t.columns.size(); ++i) out << (i ? "," : "") << t.columns[i];
  out << "\n";
  for (const auto& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << Canon(row[i]);
    out << "\n";
  }
}

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

class JsonOut {
 public:
  explicit JsonOut(const std::filesystem::path& p) : f_(p) {
    if (!f_) Fail("cannot write " + p.string());
  }
  void Emit(const std::string& line) {
    std::cout << line << std::endl;
    f_ << line << "\n";
    f_.flush();
  }

 private:
  std::ofstream f_;
};

void RunBench(const std::string& csv, const std::string& results, int repeat,
              const std::vector<std::string>& only) {
  if (repeat < 0) Fail("--repeat must be >= 0", 2);
  const std::filesystem::path dir = std::filesystem::path(results) / "beleving";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) Fail("cannot create " + dir.string() + ": " + ec.message());
  JsonOut out(dir / "timings.jsonl");

  const size_t rss_before = ProcStatusBytes("VmRSS");
  Engine e;
  CsvLoader loader(csv, &e);
  LoadStats ls = loader.Load();
  const size_t rss_after = ProcStatusBytes("VmRSS");
  const double bytes_per = ls.rows
                               ? static_cast<double>(rss_after - std::min(rss_after, rss_before)) /
                                     static_cast<double>(ls.rows)
                               : 0;
  out.Emit(std::string("{\"engine\":\"beleving\",\"query\":\"load\",\"ms\":") + Num(ls.total_ms) +
           ",\"rows\":" + std::to_string(ls.rows) + ",\"parse_ms\":" + Num(ls.parse_ms) +
           ",\"append_ms\":" + Num(ls.append_ms) + ",\"append_per_s\":" +
           std::to_string(static_cast<int64_t>(
               ls.append_ms > 0 ? static_cast<double>(ls.rows) * 1000 / ls.append_ms : 0)) +
           ",\"rss_before_mb\":" + Num(static_cast<double>(rss_before) / 1048576) +
           ",\"rss_after_mb\":" + Num(static_cast<double>(rss_after) / 1048576) +
           ",\"bytes_per_response\":" + Num(bytes_per) +
           ",\"engine_bytes_estimate\":" + std::to_string(e.MemoryBytes()) + "}");

  std::vector<std::pair<const char*, std::function<Table(const Engine&)>>> queries = {
      {"q1", Q1}, {"q2", Q2}, {"q3", Q3}, {"q4", Q4}, {"q5", Q5}, {"q6", Q6}};
  if (loader.extended()) {
    queries.emplace_back("q7", Q7);
    queries.emplace_back("q8", Q8);
  }
  for (const auto& [name, fn] : queries) {
    if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
    double t0 = NowMs();
    Table first = fn(e);
    const double first_ms = NowMs() - t0;
    std::vector<double> times;
    for (int r = 0; r < repeat && first_ms <= 30000; ++r) {
      t0 = NowMs();
      Table again = fn(e);
      times.push_back(NowMs() - t0);
    }
    WriteCsv(dir / (std::string(name) + ".csv"), first);
    double best = first_ms, median = first_ms;
    if (!times.empty()) {
      std::vector<double> s = times;
      std::sort(s.begin(), s.end());
      best = s.front();
      median = s.size() % 2 ? s[s.size() / 2] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2;
    }
    out.Emit(std::string("{\"engine\":\"beleving\",\"query\":\"") + name +
             "\",\"ms\":" + Num(best) + ",\"rows\":" + std::to_string(first.rows.size()) +
             ",\"median_ms\":" + Num(median) + ",\"first_ms\":" + Num(first_ms) + ",\"runs\":" +
             std::to_string(times.empty() ? 1 : times.size()) + ",\"status\":\"ok\"}");
  }
  out.Emit(std::string("{\"engine\":\"beleving\",\"query\":\"memory\",\"peak_rss_mb\":") +
           Num(static_cast<double>(ProcStatusBytes("VmHWM")) / 1048576) +
           ",\"rss_mb\":" + Num(static_cast<double>(ProcStatusBytes("VmRSS")) / 1048576) + "}");
}

}  // namespace

void RegisterBenchCommand(CLI::App& app) {
  struct Args {
    std::string csv, results;
    int repeat = 3;
    std::vector<std::string> queries;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "bench", "Run the CX analytics peer benchmark (../shared/bench) on the insight engine");
  cmd->add_option("--csv", args->csv, "benchmark CSV (gen.py output)")->required();
  cmd->add_option("--results", args->results,
                  "results folder; answers and timings go to <DIR>/beleving/")
      ->required();
  cmd->add_option("--repeat", args->repeat, "timed runs after the warm-up")->capture_default_str();
  cmd->add_option("--queries", args->queries, "run only these queries (q1..q8), comma-separated")
      ->delimiter(',');
  cmd->callback([args] { RunBench(args->csv, args->results, args->repeat, args->queries); });
}

}  // namespace beleving::cli
