// beleving complaints import: complaints from e-mail (.eml, mbox) and CSV
// (the CFPB consumer complaint export). Each new complaint opens a case;
// a second import of the same file adds nothing (dedupe by Message-ID or the
// CSV's complaint id).
//
// beleving cases list|show|status and promises list|kept|broken: handling
// cases and promises from a shell. Output is JSON lines: one JSON object per
// case or promise, the same objects the API returns, so `jq` and scripts
// read it. Errors go to stderr as "error: ..." with exit code 2 for a bad
// argument or an unknown id and 1 otherwise (e.g. a status move the ISO 10002
// flow does not allow). Work queued by a change (alerts, the satisfaction
// follow-up e-mail) is sent by the next `serve`.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/time_format.h"
#include "jobs/job_runner.h"
#include "loop/email_import.h"
#include "loop/loop.h"
#include "security/secrets.h"
#include "store/loop_store.h"
#include "store/org_store.h"
#include "store/sqlite/sqlite_database.h"

namespace beleving::cli {
namespace {

constexpr size_t kMaxImportBytes = 512u << 20;

struct ImportCounts {
  size_t imported = 0, duplicates = 0;
};

Status Located(const std::string& file, const Status& st) {
  std::string where = st.field().empty() ? "1:1" : st.field();
  return InvalidArgument(file + ":" + where + ": " + st.message());
}

Result<std::vector<store::ComplaintRecord>> FromCsv(const std::string& file,
                                                    const std::string& text, int64_t org) {
  auto table = loop::ParseCsv(text);
  if (!table.ok()) return Located(file, table.status());
  auto col = [&](const char* name) -> std::optional<size_t> {
    for (size_t i = 0; i < table->header.size(); ++i) {
      std::string h = table->header[i];
      if (i == 0 && h.rfind("\xEF\xBB\xBF", 0) == 0) h = h.substr(3);  // BOM
      if (h == name) return i;
    }
    return std::nullopt;
  };
  auto date = col("Date received"), product = col("Product"), issue = col("Issue"),
       narrative = col("Consumer complaint narrative"), id = col("Complaint ID");
  for (auto [c, name] : {std::pair{date, "Date received"}, {id, "Complaint ID"}}) {
    if (!c) return InvalidArgument(file + ":1:1: missing column '" + name + "'");
  }
  // The column (1-based) of a field, for error messages: count the widths of
  // earlier fields is not possible after parsing, so name the field index.
  std::vector<store::ComplaintRecord> out;
  for (size_t r = 0; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    std::string where = file + ":" + std::to_string(table->row_lines[r]) + ":";
    store::ComplaintRecord x;
    x.org_id = org;
    x.source = "cfpb";
    if (row[*id].empty() || row[*id].size() > 40) {
      return InvalidArgument(where + std::to_string(*id + 1) + ": empty or too long Complaint ID");
    }
    x.source_ref = "cfpb:" + row[*id];
    auto t = ParseDateOrDateTime(row[*date]);
    if (!t.ok()) {
      return InvalidArgument(where + std::to_string(*date + 1) +
                             ": Date received is not a date: '" + row[*date].substr(0, 40) + "'");
    }
    x.received_at = *t;
    auto opt = [&](const std::optional<size_t>& c, size_t max) -> std::optional<std::string> {
      if (!c || row[*c].empty()) return std::nullopt;
      return row[*c].substr(0, max);
    };
    x.product = opt(product, 300);
    x.issue = opt(issue, 300);
    x.subject = x.issue;
    x.narrative = opt(narrative, 64 * 1024);
    out.push_back(std::move(x));
  }
  return out;
}

store::ComplaintRecord FromEmail(const loop::EmailMessage& m, int64_t org, UnixSeconds now) {
  store::ComplaintRecord x;
  x.org_id = org;
  x.source = "email";
  std::string id = m.message_id;
  if (id.empty()) {
    id = "sha256:" + security::HmacSha256Hex("beleving-email",
                                             m.from_address + "\n" + m.subject + "\n" + m.body);
  }
  x.source_ref = "email:" + id;
  x.received_at = m.date.value_or(now);
  if (!m.from_name.empty()) x.name = m.from_name.substr(0, 200);
  if (!m.from_address.empty()) x.email = m.from_address.substr(0, 320);
  if (!m.subject.empty()) x.subject = m.subject.substr(0, 500);
  if (!m.body.empty()) x.narrative = m.body.substr(0, 64 * 1024);
  return x;
}

Result<ImportCounts> Import(const std::string& data_dir, const std::string& slug,
                            const std::string& file) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec) return NotFound(file + ": cannot read: " + ec.message());
  if (size > kMaxImportBytes) return ResourceExhausted(file + ": larger than 512 MB");
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();

  store::SqliteDatabase::Options o;
  o.path = (std::filesystem::path(data_dir) / "beleving.db").string();
  o.readers = 1;
  if (!std::filesystem::exists(o.path)) return NotFound("no database in " + data_dir);
  ASSIGN_OR_RETURN(auto sqlite, store::SqliteDatabase::Open(o));
  store::Database* db = sqlite.get();
  std::optional<store::Org> org;
  RETURN_IF_ERROR(db->Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, slug));
    return Status::Ok();
  }));
  if (!org) return NotFound("no organisation with slug '" + slug + "'");
  const Clock& clock = *SystemClock::Get();
  UnixSeconds now = clock.Now();

  std::vector<store::ComplaintRecord> items;
  std::string ext = std::filesystem::path(file).extension().string();
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == ".csv") {
    ASSIGN_OR_RETURN(items, FromCsv(file, text, org->id));
  } else if (ext == ".mbox" || text.rfind("From ", 0) == 0) {
    auto msgs = loop::ParseMbox(text);
    if (!msgs.ok()) return Located(file, msgs.status());
    for (const auto& m : *msgs) items.push_back(FromEmail(m, org->id, now));
  } else {
    auto m = loop::ParseEmail(text);
    if (!m.ok()) return Located(file, m.status());
    items.push_back(FromEmail(*m, org->id, now));
  }

  jobs::JobRunner runner(*db, clock);  // not started: alerts are queued for `serve`
  loop::Loop lp(*db, clock, runner);
  ImportCounts counts;
  auto tenant = store::TenantScope::System(org->id);
  for (size_t start = 0; start < items.size(); start += 1000) {
    size_t end = std::min(items.size(), start + 1000);
    ImportCounts batch;
    RETURN_IF_ERROR(db->Write([&](store::SqlConn& c) -> Status {
      batch = {};
      for (size_t i = start; i < end; ++i) {
        ASSIGN_OR_RETURN(auto id, lp.SubmitComplaint(c, items[i], "cli:import"));
        if (id) {
          ++batch.imported;
        } else {
          ++batch.duplicates;
        }
      }
      return Status::Ok();
    }));
    counts.imported += batch.imported;
    counts.duplicates += batch.duplicates;
  }
  (void)tenant;
  return counts;
}

// An organisation's data directory opened for the case and promise commands.
struct OrgDb {
  std::unique_ptr<store::SqliteDatabase> db;
  store::Org org;
};

Result<OrgDb> OpenOrg(const std::string& data_dir, const std::string& slug) {
  store::SqliteDatabase::Options o;
  o.path = (std::filesystem::path(data_dir) / "beleving.db").string();
  o.readers = 1;
  if (!std::filesystem::exists(o.path)) return NotFound("no database in " + data_dir);
  OrgDb out;
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

void PrintLine(const json::value& v) { std::cout << ToJsonText(v) << "\n"; }

struct HandlingOpts {
  std::string data = Env().data_dir;
  std::string org;
  std::string status, type, note;  // empty: not given
  int64_t id = 0;
  std::string to;
};

std::optional<std::string> Given(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

Status ListCases(const HandlingOpts& o) {
  store::CaseFilter f;
  if (!o.status.empty() && !loop::IsCaseStatus(o.status)) {
    return InvalidArgument("unknown case status '" + o.status +
                           "': use received, acknowledged, assessed, investigating, responded "
                           "or closed");
  }
  f.status = Given(o.status);
  f.case_type = Given(o.type);
  ASSIGN_OR_RETURN(auto w, OpenOrg(o.data, o.org));
  auto t = store::TenantScope::System(w.org.id);
  return w.db->Read([&](store::SqlConn& c) -> Status {
    for (int64_t after = 0;;) {
      ASSIGN_OR_RETURN(auto page, store::LoopStore::ListCases(c, t, f, after, 1000));
      for (const auto& k : page) PrintLine(loop::CaseJson(c, t, k));
      if (page.size() < 1000) return Status::Ok();
      after = page.back().id;
    }
  });
}

Status ShowCase(const HandlingOpts& o) {
  ASSIGN_OR_RETURN(auto w, OpenOrg(o.data, o.org));
  auto t = store::TenantScope::System(w.org.id);
  const Clock& clock = *SystemClock::Get();
  jobs::JobRunner runner(*w.db, clock);
  loop::Loop lp(*w.db, clock, runner);
  return w.db->Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto k, store::LoopStore::GetCase(c, t, o.id));
    if (!k) return NotFound("no case " + std::to_string(o.id) + " in '" + o.org + "'");
    json::object out = loop::CaseJson(c, t, *k);
    ASSIGN_OR_RETURN(auto sla, lp.CaseSla(c, *k, clock.Now()));
    out["sla"] = loop::SlaStateJson(sla);
    ASSIGN_OR_RETURN(auto log, loop::CaseLogJson(c, *k));
    out["log"] = std::move(log);
    PrintLine(out);
    return Status::Ok();
  });
}

Status MoveCase(const HandlingOpts& o) {
  if (!loop::IsCaseStatus(o.to)) {
    return InvalidArgument("unknown case status '" + o.to +
                           "': use received, acknowledged, assessed, investigating, responded "
                           "or closed");
  }
  ASSIGN_OR_RETURN(auto w, OpenOrg(o.data, o.org));
  auto t = store::TenantScope::System(w.org.id);
  const Clock& clock = *SystemClock::Get();
  jobs::JobRunner runner(*w.db, clock);  // not started: queued work is sent by `serve`
  loop::Loop lp(*w.db, clock, runner);
  json::object out;
  RETURN_IF_ERROR(w.db->Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto k, store::LoopStore::GetCase(c, t, o.id));
    if (!k) return NotFound("no case " + std::to_string(o.id) + " in '" + o.org + "'");
    RETURN_IF_ERROR(lp.ChangeStatus(c, *k, o.to, "cli", Given(o.note)));
    out = loop::CaseJson(c, t, *k);
    return Status::Ok();
  }));
  PrintLine(out);
  return Status::Ok();
}

Status ListPromises(const HandlingOpts& o) {
  if (!o.status.empty() && o.status != "open" && o.status != "kept" && o.status != "broken" &&
      o.status != "renegotiated") {
    return InvalidArgument("unknown promise status '" + o.status +
                           "': use open, kept, broken or renegotiated");
  }
  ASSIGN_OR_RETURN(auto w, OpenOrg(o.data, o.org));
  auto t = store::TenantScope::System(w.org.id);
  return w.db->Read([&](store::SqlConn& c) -> Status {
    for (int64_t after = 0;;) {
      ASSIGN_OR_RETURN(auto page,
                       store::LoopStore::ListPromises(c, t, Given(o.status), after, 1000));
      for (const auto& p : page) PrintLine(loop::PromiseJson(c, t, p));
      if (page.size() < 1000) return Status::Ok();
      after = page.back().id;
    }
  });
}

Status SettlePromise(const HandlingOpts& o, const std::string& how) {
  ASSIGN_OR_RETURN(auto w, OpenOrg(o.data, o.org));
  auto t = store::TenantScope::System(w.org.id);
  const Clock& clock = *SystemClock::Get();
  jobs::JobRunner runner(*w.db, clock);  // not started: queued alerts are sent by `serve`
  loop::Loop lp(*w.db, clock, runner);
  json::object out;
  RETURN_IF_ERROR(w.db->Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto p, store::LoopStore::GetPromise(c, t, o.id));
    if (!p) return NotFound("no promise " + std::to_string(o.id) + " in '" + o.org + "'");
    RETURN_IF_ERROR(lp.SettlePromise(c, *p, how, "cli"));
    out = loop::PromiseJson(c, t, *p);
    return Status::Ok();
  }));
  PrintLine(out);
  return Status::Ok();
}

// Adds --data and --org to a handling subcommand and runs `fn` as its callback.
void Handling(CLI::App* cmd, const std::shared_ptr<HandlingOpts>& o,
              std::function<Status(const HandlingOpts&)> fn) {
  cmd->add_option("--data", o->data, "Data directory (env BELEVING_DATA)")->capture_default_str();
  cmd->add_option("--org", o->org, "Organisation slug")->required();
  cmd->callback([o, fn] {
    Status st = fn(*o);
    if (!st.ok()) Exit(Fail(st));
    std::cout << std::flush;
    Exit(0);
  });
}

void RegisterCaseCommands(CLI::App& app) {
  auto* cases = app.add_subcommand("cases", "Cases: list, show, move along the status flow");
  cases->require_subcommand(1);
  auto o = std::make_shared<HandlingOpts>();
  auto* list = cases->add_subcommand("list", "Print the organisation's cases as JSON lines");
  list->add_option("--status", o->status, "Only cases with this status");
  list->add_option("--type", o->type, "Only cases of this type (detractor, complaint, ...)");
  Handling(list, o, ListCases);
  auto* show = cases->add_subcommand("show", "Print one case with its SLA timers and its log");
  show->add_option("ID", o->id, "Case id")->required();
  Handling(show, o, ShowCase);
  auto* status = cases->add_subcommand(
      "status",
      "Move a case to STATUS (received, acknowledged, assessed, investigating, "
      "responded, closed) and print it");
  status->add_option("ID", o->id, "Case id")->required();
  status->add_option("STATUS", o->to, "The new status")->required();
  status->add_option("--note", o->note, "A note for the case log");
  Handling(status, o, MoveCase);

  auto* promises = app.add_subcommand("promises", "The promise ledger: list, mark kept or broken");
  promises->require_subcommand(1);
  auto p = std::make_shared<HandlingOpts>();
  auto* plist = promises->add_subcommand("list", "Print the organisation's promises as JSON lines");
  plist->add_option("--status", p->status, "Only promises with this status (open, kept, ...)");
  Handling(plist, p, ListPromises);
  auto* kept = promises->add_subcommand("kept", "Mark a promise kept and print it");
  kept->add_option("ID", p->id, "Promise id")->required();
  Handling(kept, p, [](const HandlingOpts& x) { return SettlePromise(x, "kept"); });
  auto* broken = promises->add_subcommand(
      "broken", "Mark a promise broken (opens a broken_promise case) and print it");
  broken->add_option("ID", p->id, "Promise id")->required();
  Handling(broken, p, [](const HandlingOpts& x) { return SettlePromise(x, "broken"); });
}

}  // namespace

void RegisterLoopCommands(CLI::App& app) {
  RegisterCaseCommands(app);
  auto* complaints = app.add_subcommand("complaints", "Complaints: import from e-mail or CSV");
  complaints->require_subcommand(1);
  struct Opts {
    std::string data = Env().data_dir;
    std::string org;
    std::vector<std::string> files;
  };
  auto o = std::make_shared<Opts>();
  auto* imp = complaints->add_subcommand(
      "import",
      "Import complaints from .eml files, mbox files or a CFPB complaint CSV; each new "
      "complaint opens a case; already imported ones are skipped");
  imp->add_option("--data", o->data, "Data directory (env BELEVING_DATA)")->capture_default_str();
  imp->add_option("--org", o->org, "Organisation slug")->required();
  imp->add_option("FILE", o->files, "Files to import (.eml, .mbox, .csv)")->required();
  imp->callback([o] {
    ImportCounts total;
    for (const auto& f : o->files) {
      auto r = Import(o->data, o->org, f);
      if (!r.ok()) Exit(Fail(r.status()));
      total.imported += r->imported;
      total.duplicates += r->duplicates;
    }
    std::cout << "imported " << total.imported << ", duplicates " << total.duplicates << std::endl;
    Exit(0);
  });
}

}  // namespace beleving::cli
