// beleving customer export|erase, retention apply, backup, restore
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/services.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/clock.h"
#include "privacy/data_lock.h"
#include "privacy/privacy_service.h"
#include "security/principal.h"
#include "store/health_store.h"
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

void AddCustomerOptions(CLI::App* cmd, CustomerOpts& o) {
  cmd->add_option("--data", o.data, "Data directory (env BELEVING_DATA)")->capture_default_str();
  cmd->add_option("--org", o.org, "Organisation slug")->required();
  cmd->add_option("--customer", o.customer, "The customer's key")->required();
}

// The services on an existing data directory, the operator acting in --org
// and the customer's id by key: the same privacy service the API calls,
// which writes the audit entry ("cli:NAME").
struct CustomerCall {
  std::unique_ptr<app::Services> services;
  std::optional<security::Principal> who;
  int64_t customer_id = 0;
};

Result<CustomerCall> Resolve(const CustomerOpts& o) {
  if (!fs::exists(DbPath(o.data))) return NotFound("no database in " + o.data);
  app::Config config = Env();
  config.data_dir = o.data;
  CustomerCall call;
  ASSIGN_OR_RETURN(call.services, app::Services::Open(config));
  ASSIGN_OR_RETURN(auto org, call.services->organisations().BySlug(o.org));
  call.who = security::Principal::Operator(org.id, Env().operator_name);
  ASSIGN_OR_RETURN(call.customer_id, call.services->privacy().CustomerByKey(*call.who, o.customer));
  return call;
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
      ASSIGN_OR_RETURN(verdict, store::HealthStore::IntegrityCheck(c));
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
    auto call = Resolve(*eo);
    if (!call.ok()) Exit(Fail(call.status()));
    auto doc = call->services->privacy().Export(*call->who, call->customer_id);
    if (!doc.ok()) Exit(Fail(doc.status()));
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
    auto call = Resolve(*ro);
    if (!call.ok()) Exit(Fail(call.status()));
    auto counts = call->services->privacy().Erase(*call->who, call->customer_id);
    if (!counts.ok()) Exit(Fail(counts.status()));
    const int64_t id = call->customer_id;
    std::cout << "erased customer " << id << " (now erased-" << id << "): " << counts->responses
              << " responses and " << counts->other_rows << " other rows anonymised" << std::endl;
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
