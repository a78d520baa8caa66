// beleving customer export|erase, retention apply, backup, restore
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/clock.h"
#include "privacy/data_lock.h"
#include "privacy/privacy_service.h"
#include "security/principal.h"
#include "store/access_store.h"
#include "store/org_store.h"
#include "store/privacy_store.h"
#include "store/sqlite/sqlite_database.h"

namespace beleving::cli {
namespace {

namespace fs = std::filesystem;

std::string DbPath(const std::string& dir) { return (fs::path(dir) / "beleving.db").string(); }

// Opens an existing data directory (never creates one: a typo must not
// produce an empty database).
Result<std::unique_ptr<store::SqliteDatabase>> OpenExisting(const std::string& dir) {
  if (!fs::exists(DbPath(dir))) return NotFound("no database in " + dir);
  store::SqliteDatabase::Options o;
  o.path = DbPath(dir);
  o.readers = 1;
  return store::SqliteDatabase::Open(o);
}

struct CustomerOpts {
  std::string data = Env().data_dir;
  std::string org, customer, out;
};

// Resolves --org and --customer (the customer's key) to a tenant and an id.
Result<std::pair<store::TenantScope, int64_t>> Resolve(store::Database& db, const CustomerOpts& o) {
  std::optional<store::Org> org;
  std::optional<int64_t> id;
  RETURN_IF_ERROR(db.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, o.org));
    if (!org) return NotFound("no organisation with slug '" + o.org + "'");
    ASSIGN_OR_RETURN(id, store::PrivacyStore::CustomerIdByKey(
                             c, store::TenantScope::System(org->id), o.customer));
    return Status::Ok();
  }));
  if (!id) return NotFound("no customer with key '" + o.customer + "' in " + o.org);
  return std::make_pair(store::TenantScope::System(org->id), *id);
}

void AddCustomerOptions(CLI::App* cmd, CustomerOpts& o) {
  cmd->add_option("--data", o.data, "Data directory (env BELEVING_DATA)")->capture_default_str();
  cmd->add_option("--org", o.org, "Organisation slug")->required();
  cmd->add_option("--customer", o.customer, "The customer's key")->required();
}

void AuditCli(store::Database& db, int64_t org, const std::string& action,
              const std::string& subject) {
  std::string actor =
      "cli:" + (Env().operator_name.empty() ? std::string("unknown") : Env().operator_name);
  UnixSeconds now = SystemClock::Get()->Now();
  Status st = db.Write([&](store::SqlConn& c) {
    return store::AccessStore::Audit(c, org, actor, action, subject, now);
  });
  if (!st.ok()) std::cerr << "warning: audit log: " << st.message() << std::endl;
}

Status SyncFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Internal("cannot open " + path);
  int rc = ::fsync(fileno(f));
  std::fclose(f);
  return rc == 0 ? Status::Ok() : Internal("fsync failed on " + path);
}

Status Backup(const std::string& data, const std::string& to) {
  if (fs::exists(to)) return AlreadyExists(to + " exists; choose a new file");
  ASSIGN_OR_RETURN(auto db, OpenExisting(data));
  std::string tmp = to + ".partial";
  std::error_code ec;
  fs::remove(tmp, ec);
  RETURN_IF_ERROR(db->BackupTo(tmp));
  RETURN_IF_ERROR(SyncFile(tmp));
  fs::rename(tmp, to, ec);
  if (ec) return Internal("cannot rename " + tmp + ": " + ec.message());
  return Status::Ok();
}

Status Restore(const std::string& data, const std::string& from, bool force) {
  if (!fs::exists(from)) return NotFound("no backup file " + from);
  ASSIGN_OR_RETURN(auto lock, privacy::DataDirLock::Acquire(data));
  if (fs::exists(DbPath(data)) && !force) {
    return AlreadyExists(DbPath(data) + " exists; restore into a new directory or pass --force");
  }
  // Check the backup before it replaces anything: it opens, migrates and is intact.
  std::string staged = DbPath(data) + ".restoring";
  std::error_code ec;
  fs::remove(staged, ec);
  fs::copy_file(from, staged, ec);
  if (ec) return Internal("cannot copy " + from + ": " + ec.message());
  {
    store::SqliteDatabase::Options o;
    o.path = staged;
    o.readers = 1;
    ASSIGN_OR_RETURN(auto db, store::SqliteDatabase::Open(o));
    std::string verdict;
    RETURN_IF_ERROR(db->Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto rows, c.Query("PRAGMA integrity_check"));
      verdict = rows.empty() ? "" : rows[0][0].as_text();
      return Status::Ok();
    }));
    if (verdict != "ok") {
      fs::remove(staged, ec);
      return InvalidArgument("the backup fails its integrity check: " + verdict);
    }
  }
  for (const char* suffix : {"-wal", "-shm"}) {
    fs::remove(staged + suffix, ec);
    fs::remove(DbPath(data) + suffix, ec);
  }
  RETURN_IF_ERROR(SyncFile(staged));
  fs::rename(staged, DbPath(data), ec);
  if (ec) return Internal("cannot move the restored database in place: " + ec.message());
  return Status::Ok();
}

}  // namespace

void RegisterPrivacyCommands(CLI::App& app) {
  auto* customer = app.add_subcommand("customer", "Personal data of one customer (AVG/GDPR)");
  customer->require_subcommand(1);

  auto eo = std::make_shared<CustomerOpts>();
  auto* exp =
      customer->add_subcommand("export", "Write everything stored about a customer as JSON");
  AddCustomerOptions(exp, *eo);
  exp->add_option("--out", eo->out, "Output file (default: stdout)");
  exp->callback([eo] {
    auto db = OpenExisting(eo->data);
    if (!db.ok()) Exit(Fail(db.status()));
    auto who = Resolve(**db, *eo);
    if (!who.ok()) Exit(Fail(who.status()));
    auto doc = privacy::ExportCustomer(**db, who->first, who->second, SystemClock::Get()->Now());
    if (!doc.ok()) Exit(Fail(doc.status()));
    AuditCli(**db, who->first.org_id(), "export", "customer:" + std::to_string(who->second));
    std::string text = ToJsonText(*doc);
    if (eo->out.empty()) {
      std::cout << text << std::endl;
    } else {
      std::ofstream f(eo->out, std::ios::binary);
      f << text << "\n";
      if (!f) Exit(Fail(Internal("cannot write " + eo->out)));
    }
    Exit(0);
  });

  auto ro = std::make_shared<CustomerOpts>();
  auto* erase = customer->add_subcommand(
      "erase", "Remove a customer's personal data; scores stay, anonymised");
  AddCustomerOptions(erase, *ro);
  erase->callback([ro] {
    auto db = OpenExisting(ro->data);
    if (!db.ok()) Exit(Fail(db.status()));
    auto who = Resolve(**db, *ro);
    if (!who.ok()) Exit(Fail(who.status()));
    auto counts = privacy::EraseCustomer(**db, who->first, who->second, SystemClock::Get()->Now());
    if (!counts.ok()) Exit(Fail(counts.status()));
    AuditCli(**db, who->first.org_id(), "erase", "customer:" + std::to_string(who->second));
    std::cout << "erased customer " << who->second << " (now erased-" << who->second
              << "): " << counts->responses << " responses and " << counts->other_rows
              << " other rows anonymised" << std::endl;
    Exit(0);
  });

  auto bdata = std::make_shared<std::string>(Env().data_dir);
  auto bto = std::make_shared<std::string>();
  auto* backup = app.add_subcommand(
      "backup", "Consistent copy of the database into one file, also while a server runs");
  backup->add_option("--data", *bdata, "Data directory (env BELEVING_DATA)")->capture_default_str();
  backup->add_option("--to", *bto, "The backup file to create")->required();
  backup->callback([bdata, bto] {
    Status st = Backup(*bdata, *bto);
    if (!st.ok()) Exit(Fail(st));
    std::cout << "backup written to " << *bto << std::endl;
    Exit(0);
  });

  auto rdata = std::make_shared<std::string>(Env().data_dir);
  auto rfrom = std::make_shared<std::string>();
  auto rforce = std::make_shared<bool>(false);
  auto* restore =
      app.add_subcommand("restore", "Bring a backup back into a data directory no server is using");
  restore->add_option("--data", *rdata, "Data directory (env BELEVING_DATA)")
      ->capture_default_str();
  restore->add_option("--from", *rfrom, "The backup file")->required();
  restore->add_flag("--force", *rforce,
                    "Replace an existing database (the server must be stopped)");
  restore->callback([rdata, rfrom, rforce] {
    Status st = Restore(*rdata, *rfrom, *rforce);
    if (!st.ok()) Exit(Fail(st));
    std::cout << "restored " << *rfrom << " into " << *rdata << std::endl;
    Exit(0);
  });
}

}  // namespace beleving::cli
