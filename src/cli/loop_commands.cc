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

#include "api/loop_json.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/time_format.h"
#include "jobs/job_runner.h"
#include "loop/email_import.h"
#include "loop/loop.h"
#include "security/principal.h"
#include "security/secrets.h"
#include "store/org_store.h"
#include "store/sqlite/sqlite_database.h"

namespace beleving::cli {
namespace {

constexpr size_t kMaxImportBytes = 512u << 20;

using Imported = loop::ComplaintService::Imported;

Status Located(const std::string& file, const Status& st) {
  std::string where = st.field().empty() ? "1:1" : st.field();
  return InvalidArgument(file + ":" + where + ": " + st.message());
}

Result<std::vector<Imported>> FromCsv(const std::string& file, const std::string& text) {
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
  std::vector<Imported> out;
  for (size_t r = 0; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    std::string where = file + ":" + std::to_string(table->row_lines[r]) + ":";
    Imported item;
    item.source = "cfpb";
    if (row[*id].empty() || row[*id].size() > 40) {
      return InvalidArgument(where + std::to_string(*id + 1) + ": empty or too long Complaint ID");
    }
    item.source_ref = "cfpb:" + row[*id];
    loop::NewComplaint& x = item.complaint;
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
    x.product = opt(product, loop::kMaxComplaintProduct);
    x.issue = opt(issue, loop::kMaxComplaintIssue);
    x.subject = x.issue;
    x.narrative = opt(narrative, loop::kMaxComplaintNarrative).value_or("");
    out.push_back(std::move(item));
  }
  return out;
}

Imported FromEmail(const loop::EmailMessage& m, UnixSeconds now) {
  Imported item;
  item.source = "email";
  loop::NewComplaint& x = item.complaint;
  std::string id = m.message_id;
  if (id.empty()) {
    id = "sha256:" + security::HmacSha256Hex("beleving-email",
                                             m.from_address + "\n" + m.subject + "\n" + m.body);
  }
  item.source_ref = "email:" + id;
  x.received_at = m.date.value_or(now);
  if (!m.from_name.empty()) x.name = m.from_name.substr(0, loop::kMaxComplainantName);
  if (!m.from_address.empty()) x.email = m.from_address.substr(0, loop::kMaxComplainantEmail);
  if (!m.subject.empty()) x.subject = m.subject.substr(0, loop::kMaxComplaintSubject);
  x.narrative = m.body.substr(0, loop::kMaxComplaintNarrative);
  return item;
}

// An organisation's data directory opened for the loop's commands, with the
// loop's services and the operator as the caller. The job runner is not
// started: what a command queues (alerts, the follow-up e-mail) is sent by
// the next `serve`.
struct LoopCli {
  std::unique_ptr<store::SqliteDatabase> db;
  std::unique_ptr<jobs::JobRunner> runner;
  std::unique_ptr<loop::Loop> loop;
  std::optional<security::Principal> who;
};

Result<LoopCli> OpenLoop(const std::string& data_dir, const std::string& slug) {
  store::SqliteDatabase::Options o;
  o.path = (std::filesystem::path(data_dir) / "beleving.db").string();
  o.readers = 1;
  if (!std::filesystem::exists(o.path)) return NotFound("no database in " + data_dir);
  LoopCli out;
  ASSIGN_OR_RETURN(out.db, store::SqliteDatabase::Open(o));
  std::optional<store::Org> org;
  RETURN_IF_ERROR(out.db->Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, slug));
    return Status::Ok();
  }));
  if (!org) return NotFound("no organisation with slug '" + slug + "'");
  const Clock& clock = *SystemClock::Get();
  out.runner = std::make_unique<jobs::JobRunner>(*out.db, clock);
  out.loop = std::make_unique<loop::Loop>(*out.db, clock, *out.runner);
  out.who = security::Principal::Operator(org->id, Env().operator_name);
  return out;
}

Result<std::string> ReadFile(const std::string& file) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec) return NotFound(file + ": cannot read: " + ec.message());
  if (size > kMaxImportBytes) return ResourceExhausted(file + ": larger than 512 MB");
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<loop::ImportCounts> Import(LoopCli& w, const std::string& file) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(file));
  const UnixSeconds now = SystemClock::Get()->Now();
  std::vector<Imported> items;
  std::string ext = std::filesystem::path(file).extension().string();
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == ".csv") {
    ASSIGN_OR_RETURN(items, FromCsv(file, text));
  } else if (ext == ".mbox" || text.rfind("From ", 0) == 0) {
    auto msgs = loop::ParseMbox(text);
    if (!msgs.ok()) return Located(file, msgs.status());
    for (const auto& m : *msgs) items.push_back(FromEmail(m, now));
  } else {
    auto m = loop::ParseEmail(text);
    if (!m.ok()) return Located(file, m.status());
    items.push_back(FromEmail(*m, now));
  }
  return w.loop->complaints().Import(*w.who, items);
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
  if (!o.status.empty() && !loop::IsCaseStatus(o.status)) {
    return InvalidArgument("unknown case status '" + o.status +
                           "': use received, acknowledged, assessed, investigating, responded "
                           "or closed");
  }
  ASSIGN_OR_RETURN(auto w, OpenLoop(o.data, o.org));
  loop::CaseQuery q;
  q.status = Given(o.status);
  q.type = Given(o.type);
  q.limit = 1000;
  for (;;) {
    ASSIGN_OR_RETURN(auto page, w.loop->cases().List(*w.who, q));
    for (const auto& v : page.cases) PrintLine(api::CaseJson(v));
    if (!page.more || page.cases.empty()) return Status::Ok();
    q.after = page.cases.back().record.id;
  }
}

Status ShowCase(const HandlingOpts& o) {
  ASSIGN_OR_RETURN(auto w, OpenLoop(o.data, o.org));
  auto d = w.loop->cases().Get(*w.who, o.id);
  if (!d.ok() && d.status().code() == StatusCode::kNotFound) {
    return NotFound("no case " + std::to_string(o.id) + " in '" + o.org + "'");
  }
  if (!d.ok()) return d.status();
  PrintLine(api::CaseDetailJson(*d));
  return Status::Ok();
}

Status MoveCase(const HandlingOpts& o) {
  if (!loop::IsCaseStatus(o.to)) {
    return InvalidArgument("unknown case status '" + o.to +
                           "': use received, acknowledged, assessed, investigating, responded "
                           "or closed");
  }
  ASSIGN_OR_RETURN(auto w, OpenLoop(o.data, o.org));
  auto v = w.loop->cases().ChangeStatus(*w.who, o.id, o.to, Given(o.note));
  if (!v.ok() && v.status().code() == StatusCode::kNotFound) {
    return NotFound("no case " + std::to_string(o.id) + " in '" + o.org + "'");
  }
  if (!v.ok()) return v.status();
  PrintLine(api::CaseJson(*v));
  return Status::Ok();
}

Status ListPromises(const HandlingOpts& o) {
  if (!o.status.empty() && !loop::ParsePromiseStatus(o.status)) {
    return InvalidArgument("unknown promise status '" + o.status +
                           "': use open, kept, broken or renegotiated");
  }
  ASSIGN_OR_RETURN(auto w, OpenLoop(o.data, o.org));
  for (int64_t after = 0;;) {
    bool more = false;
    ASSIGN_OR_RETURN(auto page,
                     w.loop->promises().List(*w.who, Given(o.status), after, 1000, &more));
    for (const auto& p : page) PrintLine(api::PromiseJson(p));
    if (!more || page.empty()) return Status::Ok();
    after = page.back().record.id;
  }
}

Status SettlePromise(const HandlingOpts& o, bool kept) {
  ASSIGN_OR_RETURN(auto w, OpenLoop(o.data, o.org));
  auto& ledger = w.loop->promises();
  auto p = kept ? ledger.Keep(*w.who, o.id) : ledger.Break(*w.who, o.id);
  if (!p.ok() && p.status().code() == StatusCode::kNotFound) {
    return NotFound("no promise " + std::to_string(o.id) + " in '" + o.org + "'");
  }
  if (!p.ok()) return p.status();
  PrintLine(api::PromiseJson(*p));
  return Status::Ok();
}

Status PublishCharter(const HandlingOpts& o, bool published) {
  ASSIGN_OR_RETURN(auto w, OpenLoop(o.data, o.org));
  RETURN_IF_ERROR(w.loop->promises().PublishCharter(*w.who, published));
  PrintLine(json::object{{"org", o.org}, {"charter_public", published}});
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
  Handling(kept, p, [](const HandlingOpts& x) { return SettlePromise(x, true); });
  auto* broken = promises->add_subcommand(
      "broken", "Mark a promise broken (opens a broken_promise case) and print it");
  broken->add_option("ID", p->id, "Promise id")->required();
  Handling(broken, p, [](const HandlingOpts& x) { return SettlePromise(x, false); });

  auto* charter = app.add_subcommand(
      "charter", "The public service charter (/charter/SLUG): publish or unpublish it");
  charter->require_subcommand(1);
  auto ch = std::make_shared<HandlingOpts>();
  Handling(charter->add_subcommand("publish", "Make the organisation's charter page public"), ch,
           [](const HandlingOpts& x) { return PublishCharter(x, true); });
  Handling(charter->add_subcommand("unpublish", "Take the charter page offline (404)"), ch,
           [](const HandlingOpts& x) { return PublishCharter(x, false); });
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
    auto w = OpenLoop(o->data, o->org);
    if (!w.ok()) Exit(Fail(w.status()));
    loop::ImportCounts total;
    for (const auto& f : o->files) {
      auto r = Import(*w, f);
      if (!r.ok()) Exit(Fail(r.status()));
      total.imported += r->imported;
      total.duplicates += r->duplicates;
    }
    std::cout << "imported " << total.imported << ", duplicates " << total.duplicates << std::endl;
    Exit(0);
  });
}

}  // namespace beleving::cli
