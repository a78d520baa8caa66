// beleving import responses: survey responses from the files of the tools
// people use today (Qualtrics, Google Forms, SurveyMonkey, Typeform, any
// CSV, TSV or XLSX with a header row), through capture/import/. The last
// line of stdout is "imported N, duplicates M, skipped K"; skipped rows are
// named "FILE:LINE:COLUMN: why" (on stderr; on stdout in a dry run). Exit 0
// when the file was read, 2 on a usage, file or mapping error, 1 otherwise.
//
// beleving import history: shows or sets after how many days a back-dated
// response or interaction counts as history (capture/history.h).
//
// The responses go to the database; a server already running on the same
// data directory learns of them at its next start (its engine is loaded
// from the database then), its loop at its next tick.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "capture/import/response_import.h"
#include "capture/ingest.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "security/secrets.h"
#include "store/history_store.h"
#include "store/org_store.h"
#include "store/sqlite/sqlite_database.h"

namespace beleving::cli {
namespace {

namespace imp = capture::import;

constexpr size_t kMaxFileBytes = 256u << 20;
constexpr size_t kProblemsShown = 50;

struct ImportArgs {
  std::string data = Env().data_dir;
  std::string org;
  std::string format = "auto";
  std::vector<std::string> map;
  bool dry_run = false;
  std::string file;
};

struct OpenOrg {
  std::unique_ptr<store::SqliteDatabase> db;
  store::Org org;
};

Result<OpenOrg> Open(const std::string& data_dir, const std::string& slug) {
  store::SqliteDatabase::Options o;
  o.path = (std::filesystem::path(data_dir) / "beleving.db").string();
  o.readers = 1;
  if (!std::filesystem::exists(o.path)) return NotFound("no database in " + data_dir);
  OpenOrg out;
  ASSIGN_OR_RETURN(out.db, store::SqliteDatabase::Open(o));
  std::optional<store::Org> org;
  RETURN_IF_ERROR(out.db->Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, slug));
    return Status::Ok();
  }));
  if (!org) return NotFound("no organisation with slug '" + slug + "'");
  out.org = *org;
  return out;
}

std::string Where(const std::string& file, const imp::Problem& p) {
  return file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + p.message;
}

// At most `max` bytes, cut before a UTF-8 continuation byte.
std::string Short(const std::string& s, size_t max = 60) {
  if (s.size() <= max) return s;
  while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) --max;
  return s.substr(0, max) + "...";
}

std::string Shape(const std::string& s) {
  if (s == "TAB") return "TAB-separated";
  if (s == ",") return "comma-separated";
  if (s == ";") return "semicolon-separated";
  return s;  // "sheet 'Sheet1'"
}

void PrintReport(std::ostream& out, const std::string& file, const imp::ImportReport& r) {
  const auto& l = r.layout;
  out << "file: " << file << " (" << imp::FormatName(l.format) << ", " << l.variant << "; "
      << r.encoding << ", " << Shape(r.shape) << ")\n";
  out << "mapping" << (r.saved_mapping ? " (saved for this source)" : "") << ":\n";
  for (imp::Field f : imp::kFields) {
    auto col = r.mapping[f];
    if (!col) continue;
    char buf[32];
    std::snprintf(buf, sizeof buf, "  %-13s", imp::FieldName(f));
    out << buf << "column " << (*col + 1) << " \"" << Short(l.columns[*col].name) << "\"\n";
  }
  out << "  answers      " << r.answer_columns.size() << " other column"
      << (r.answer_columns.size() == 1 ? "" : "s") << " kept as answers";
  size_t shown = 0;
  for (size_t c : r.answer_columns) {
    out << (shown == 0 ? ": " : ", ") << l.columns[c].key;
    if (++shown == 5) break;
  }
  if (r.answer_columns.size() > shown) out << ", ...";
  out << "\n";
  for (const auto& n : r.mapping_notes) out << "  # " << n << "\n";
  out << "rows: " << r.rows << "\n";
  out << "NPS distribution:";
  for (size_t s = 0; s <= 10; ++s) out << " " << s << ":" << r.nps[s];
  out << " blank:" << r.nps[11] << "\n";
}

void PrintProblems(std::ostream& out, const std::string& file, const imp::ImportReport& r) {
  if (r.problems.empty()) return;
  out << "problems (" << r.problems.size() << " row" << (r.problems.size() == 1 ? "" : "s")
      << " skipped):\n";
  for (size_t i = 0; i < r.problems.size() && i < kProblemsShown; ++i) {
    out << Where(file, r.problems[i]) << "\n";
  }
  if (r.problems.size() > kProblemsShown) {
    out << "... and " << (r.problems.size() - kProblemsShown) << " more\n";
  }
}

// A bar on a terminal, a line per batch otherwise.
imp::ImportProgress Progress() {
  if (isatty(STDOUT_FILENO)) {
    return [](size_t done, size_t total) {
      const int width = 40;
      int filled = total ? static_cast<int>(width * done / total) : width;
      std::cout << "\r[" << std::string(static_cast<size_t>(filled), '#')
                << std::string(static_cast<size_t>(width - filled), '.') << "] " << done << "/"
                << total << (done == total ? "\n" : "") << std::flush;
    };
  }
  return [](size_t done, size_t total) {
    if (done == 0 && total > 0) return;
    std::cout << "progress: " << done << "/" << total << " rows written" << std::endl;
  };
}

int RunImport(const ImportArgs& a) {
  bool known = true;
  auto format = imp::ParseFormat(a.format, &known);
  if (!known) {
    return Fail(
        InvalidArgument("--format must be auto, qualtrics, google-forms, surveymonkey, "
                        "typeform, csv or xlsx, not '" +
                        a.format + "'"));
  }
  std::error_code ec;
  auto size = std::filesystem::file_size(a.file, ec);
  if (ec) return Fail(NotFound(a.file + ": cannot read: " + ec.message()));
  if (size > kMaxFileBytes) return Fail(ResourceExhausted(a.file + ": larger than 256 MB"));
  std::ifstream in(a.file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) return Fail(Internal(a.file + ": read failed"));
  const std::string bytes = ss.str();

  if (Status st = security::InitCrypto(); !st.ok()) return Fail(st);
  auto w = Open(a.data, a.org);
  if (!w.ok()) return Fail(w.status());
  const Clock& clock = *SystemClock::Get();
  capture::Ingest ingest(*w->db, clock);
  imp::ResponseImporter importer(*w->db, ingest, clock);
  imp::ImportOptions o;
  o.format = format;
  o.map = a.map;
  o.dry_run = a.dry_run;
  o.file_name = std::filesystem::path(a.file).filename().string();
  auto tenant = store::TenantScope::System(w->org.id);
  auto report = importer.Run(tenant, bytes, o, a.dry_run ? imp::ImportProgress() : Progress());
  if (!report.ok()) {
    const Status& st = report.status();
    std::string where = st.field().empty() ? "" : st.field() + ":";
    return Fail(Status(st.code(), a.file + ":" + where + " " + st.message()));
  }
  if (a.dry_run) {
    PrintReport(std::cout, a.file, *report);
    PrintProblems(std::cout, a.file, *report);
    std::cout << "dry run: nothing was written\n";
  } else {
    PrintProblems(std::cerr, a.file, *report);
  }
  std::cout << "imported " << report->imported << ", duplicates " << report->duplicates
            << ", skipped " << report->skipped << std::endl;
  return 0;
}

struct HistoryArgs {
  std::string data = Env().data_dir;
  std::string org;
  int days = -1;
};

int RunHistory(const HistoryArgs& a) {
  auto w = Open(a.data, a.org);
  if (!w.ok()) return Fail(w.status());
  auto tenant = store::TenantScope::System(w->org.id);
  if (a.days >= 0) {
    Status st = w->db->Write([&](store::SqlConn& c) {
      return store::HistoryStore::PutBackdatedDays(c, tenant, a.days, SystemClock::Get()->Now());
    });
    if (!st.ok()) return Fail(st);
  }
  int days = 0;
  Status st = w->db->Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(days, store::HistoryStore::BackdatedDays(c, w->org.id));
    return Status::Ok();
  });
  if (!st.ok()) return Fail(st);
  std::cout << "backdated_days " << days << std::endl;
  return 0;
}

}  // namespace

void RegisterImportCommands(CLI::App& app) {
  auto* cmd = app.add_subcommand("import", "Import survey responses from files");
  cmd->require_subcommand(1);

  auto a = std::make_shared<ImportArgs>();
  auto* responses = cmd->add_subcommand(
      "responses",
      "Import responses from a Qualtrics, Google Forms, SurveyMonkey or Typeform export, or any "
      "CSV, TSV or XLSX with a header row; a second import of the same file adds nothing");
  responses->add_option("--data", a->data, "Data directory (env BELEVING_DATA)")
      ->capture_default_str();
  responses->add_option("--org", a->org, "Organisation slug")->required();
  responses
      ->add_option("--format", a->format,
                   "auto, qualtrics, google-forms, surveymonkey, typeform, csv or xlsx")
      ->capture_default_str();
  responses
      ->add_option("--map", a->map,
                   "FIELD=COLUMN (repeatable): nps, csat, ces, comment, submitted_at, "
                   "customer, touchpoint, team, employee, language or external_id, and a "
                   "header's full text or a 1-based column number (FIELD= unmaps)")
      ->allow_extra_args(false);
  responses->add_flag("--dry-run", a->dry_run,
                      "Show the mapping, the counts, the NPS distribution and the first problems; "
                      "write nothing");
  responses->add_option("FILE", a->file, "The file to import (.csv, .tsv, .txt, .xlsx)")
      ->required();
  responses->callback([a] { Exit(RunImport(*a)); });

  auto h = std::make_shared<HistoryArgs>();
  auto* history = cmd->add_subcommand(
      "history",
      "Show or set after how many days a back-dated response counts as history (feeds the "
      "analyses, opens no case, sends no alert, plans no invitation)");
  history->add_option("--data", h->data, "Data directory (env BELEVING_DATA)")
      ->capture_default_str();
  history->add_option("--org", h->org, "Organisation slug")->required();
  history->add_option("--days", h->days, "Days (0-3650; 0: only imports are history)")
      ->check(CLI::Range(0, 3650));
  history->callback([h] { Exit(RunHistory(*h)); });
}

}  // namespace beleving::cli
