// beleving org create | user add | apikey create
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "security/authenticator.h"
#include "security/secrets.h"
#include "store/org_store.h"
#include "store/sqlite/sqlite_database.h"
#include "workspace/workspace.h"

namespace beleving::cli {
namespace {

Result<std::unique_ptr<store::Database>> OpenData(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Internal("cannot create " + dir + ": " + ec.message());
  store::SqliteDatabase::Options o;
  o.path = (std::filesystem::path(dir) / "beleving.db").string();
  o.readers = 1;
  ASSIGN_OR_RETURN(auto db, store::SqliteDatabase::Open(o));
  return std::unique_ptr<store::Database>(std::move(db));
}

Result<store::Org> FindOrg(store::Database& db, const std::string& slug) {
  std::optional<store::Org> org;
  RETURN_IF_ERROR(db.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, slug));
    return Status::Ok();
  }));
  if (!org) return NotFound("no organisation with slug '" + slug + "'");
  return *org;
}

}  // namespace

void RegisterAdminCommands(CLI::App& app) {
  // org create
  auto* org = app.add_subcommand("org", "Organisations (tenants)");
  org->require_subcommand(1);
  struct OrgOpts {
    std::string data = Env().data_dir;
    std::string slug, name, tz = "Europe/Amsterdam";
  };
  auto oo = std::make_shared<OrgOpts>();
  auto* org_create =
      org->add_subcommand("create", "Create an organisation with its default NPS survey");
  org_create->add_option("--data", oo->data, "Data directory (env BELEVING_DATA)")
      ->capture_default_str();
  org_create->add_option("--slug", oo->slug, "Short name in URLs: a-z, 0-9, -")->required();
  org_create->add_option("--name", oo->name, "Display name")->required();
  org_create->add_option("--time-zone", oo->tz, "IANA time zone")->capture_default_str();
  org_create->callback([oo] {
    auto db = OpenData(oo->data);
    if (!db.ok()) Exit(Fail(db.status()));
    std::optional<store::Org> created;
    Status st = (*db)->Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(
          created, workspace::CreateOrg(c, oo->slug, oo->name, oo->tz, SystemClock::Get()->Now()));
      return Status::Ok();
    });
    if (!st.ok()) Exit(Fail(st));
    std::cout << "created organisation " << created->slug << " (id " << created->id << ")"
              << std::endl;
    Exit(0);
  });

  // user add
  auto* user = app.add_subcommand("user", "Users and their roles");
  user->require_subcommand(1);
  struct UserOpts {
    std::string data = Env().data_dir;
    std::string org;
    workspace::NewUser u;
    std::string employee;
  };
  auto uo = std::make_shared<UserOpts>();
  auto* user_add = user->add_subcommand("add", "Add a user to an organisation with a role");
  user_add->add_option("--data", uo->data, "Data directory (env BELEVING_DATA)")
      ->capture_default_str();
  user_add->add_option("--org", uo->org, "Organisation slug")->required();
  user_add->add_option("--email", uo->u.email, "E-mail address (the log-in name)")->required();
  user_add->add_option("--name", uo->u.name, "Display name")->required();
  user_add->add_option("--role", uo->u.role, "admin, manager, employee or consultant")->required();
  user_add->add_option("--employee", uo->employee, "Employee key (role employee)");
  user_add->add_option("--team", uo->u.team_keys, "Team key a manager manages (repeatable)");
  user_add->add_option("--location", uo->u.location_keys,
                       "Location key a manager manages (repeatable)");
  user_add->add_option("--password", uo->u.password,
                       "Password (or env BELEVING_PASSWORD; at least 10 characters)");
  user_add->callback([uo] {
    if (uo->u.password.empty()) uo->u.password = Env().password;
    if (!uo->employee.empty()) uo->u.employee_key = uo->employee;
    if (Status st = workspace::ValidateNewUser(uo->u); !st.ok()) Exit(Fail(st));
    auto db = OpenData(uo->data);
    if (!db.ok()) Exit(Fail(db.status()));
    auto org_rec = FindOrg(**db, uo->org);
    if (!org_rec.ok()) Exit(Fail(org_rec.status()));
    auto hash = security::HashPassword(uo->u.password);
    if (!hash.ok()) Exit(Fail(hash.status()));
    int64_t id = 0;
    Status st = (*db)->Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(id,
                       workspace::AddUser(c, *org_rec, uo->u, *hash, SystemClock::Get()->Now()));
      return Status::Ok();
    });
    if (!st.ok()) Exit(Fail(st));
    std::cout << "user " << uo->u.email << " is " << uo->u.role << " of " << uo->org << " (user id "
              << id << ")" << std::endl;
    Exit(0);
  });

  // apikey create
  auto* key = app.add_subcommand("apikey", "API keys of an organisation");
  key->require_subcommand(1);
  struct KeyOpts {
    std::string data = Env().data_dir;
    std::string org, scopes = "ingest,read", name;
  };
  auto ko = std::make_shared<KeyOpts>();
  auto* key_create = key->add_subcommand(
      "create", "Create an API key; prints the key alone on the last line (shown only once)");
  key_create->add_option("--data", ko->data, "Data directory (env BELEVING_DATA)")
      ->capture_default_str();
  key_create->add_option("--org", ko->org, "Organisation slug")->required();
  key_create->add_option("--scopes", ko->scopes, "Comma-separated: ingest, read, admin")
      ->capture_default_str();
  key_create->add_option("--name", ko->name, "What the key is for");
  key_create->callback([ko] {
    auto scopes = security::ParseScopes(ko->scopes);
    if (!scopes.ok()) Exit(Fail(scopes.status()));
    auto db = OpenData(ko->data);
    if (!db.ok()) Exit(Fail(db.status()));
    auto org_rec = FindOrg(**db, ko->org);
    if (!org_rec.ok()) Exit(Fail(org_rec.status()));
    security::IssuedApiKey issued;
    Status st = (*db)->Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(issued, security::Authenticator::CreateApiKey(
                                   c, org_rec->id, *scopes, ko->name, SystemClock::Get()->Now()));
      return Status::Ok();
    });
    if (!st.ok()) Exit(Fail(st));
    std::cout << "API key " << issued.id << " for " << ko->org << " with scopes "
              << security::ScopesText(*scopes) << ":\n"
              << issued.key << std::endl;
    Exit(0);
  });
}

}  // namespace beleving::cli
