// beleving org create | user add | apikey create: an operator on the server
// calls the same services as the API and the dashboard (the same rules, the
// same audit entries, with the operator as "cli:NAME").
#include <iostream>

#include "app/services.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "security/access_service.h"
#include "workspace/workspace.h"

namespace beleving::cli {
namespace {

std::unique_ptr<app::Services> OpenServices(const std::string& data) {
  app::Config config = Env();
  config.data_dir = data;
  auto services = app::Services::Open(config);
  if (!services.ok()) Exit(Fail(services.status()));
  return std::move(*services);
}

// The operator acting in the organisation `slug`.
security::Principal OperatorIn(app::Services& s, const std::string& slug) {
  auto org = s.organisations().BySlug(slug);
  if (!org.ok()) Exit(Fail(org.status()));
  return security::Principal::Operator(org->id, Env().operator_name);
}

}  // namespace

void RegisterAdminCommands(CLI::App& app) {
  // org create
  auto* org = app.add_subcommand("org", "Organisations (tenants)");
  org->require_subcommand(1);
  struct OrgOpts {
    std::string data = Env().data_dir;
    workspace::NewOrganisation o;
  };
  auto oo = std::make_shared<OrgOpts>();
  auto* org_create =
      org->add_subcommand("create", "Create an organisation with its default NPS survey");
  org_create->add_option("--data", oo->data, "Data directory (env BELEVING_DATA)")
      ->capture_default_str();
  org_create->add_option("--slug", oo->o.slug, "Short name in URLs: a-z, 0-9, -")->required();
  org_create->add_option("--name", oo->o.name, "Display name")->required();
  org_create->add_option("--time-zone", oo->o.time_zone, "IANA time zone")->capture_default_str();
  org_create->callback([oo] {
    auto s = OpenServices(oo->data);
    auto created =
        s->organisations().Create(security::Principal::Operator(0, Env().operator_name), oo->o);
    if (!created.ok()) Exit(Fail(created.status()));
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
    security::NewUser u;
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
    // Refuse a mistake before touching the data directory.
    if (Status st = security::ValidateNewUser(uo->u); !st.ok()) Exit(Fail(st));
    auto s = OpenServices(uo->data);
    auto created = s->access().CreateUser(OperatorIn(*s, uo->org), uo->u);
    if (!created.ok()) Exit(Fail(created.status()));
    std::cout << "user " << created->email << " is " << created->role << " of " << uo->org
              << " (user id " << created->id << ")" << std::endl;
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
    security::NewApiKey k;
    k.name = ko->name;
    std::string_view text = ko->scopes;
    while (!text.empty()) {
      size_t comma = text.find(',');
      std::string_view one = text.substr(0, comma);
      while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
      while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
      if (!one.empty()) k.scopes.emplace_back(one);
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
    auto s = OpenServices(ko->data);
    auto created = s->access().CreateApiKey(OperatorIn(*s, ko->org), k);
    if (!created.ok()) Exit(Fail(created.status()));
    std::string scopes;
    for (const auto& sc : created->key.scopes) scopes += (scopes.empty() ? "" : ",") + sc;
    std::cout << "API key " << created->key.id << " for " << ko->org << " with scopes " << scopes
              << ":\n"
              << created->secret << std::endl;
    Exit(0);
  });
}

}  // namespace beleving::cli
