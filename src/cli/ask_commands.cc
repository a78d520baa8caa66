// beleving survey import|export, beleving invite create: the same survey
// services the API and the dashboard call (survey/survey_service.h,
// survey/invitation_service.h), acting as the operator (audited as
// "cli:NAME").
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/json.h"
#include "jobs/job_runner.h"
#include "security/secrets.h"
#include "store/org_store.h"
#include "store/sqlite/sqlite_database.h"
#include "survey/invitation_service.h"
#include "survey/survey_service.h"

namespace beleving::cli {
namespace {

constexpr size_t kMaxSurveyFile = 256 * 1024;

Result<std::unique_ptr<store::Database>> OpenDataDir(const std::string& dir) {
  if (!std::filesystem::exists(dir)) return NotFound("no data directory " + dir);
  RETURN_IF_ERROR(security::InitCrypto());
  store::SqliteDatabase::Options o;
  o.path = (std::filesystem::path(dir) / "beleving.db").string();
  o.readers = 1;
  ASSIGN_OR_RETURN(auto db, store::SqliteDatabase::Open(o));
  return std::unique_ptr<store::Database>(std::move(db));
}

// The operator acting for the organisation `slug`.
Result<security::Principal> OperatorOf(store::Database& db, const std::string& slug) {
  std::optional<store::Org> org;
  RETURN_IF_ERROR(db.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, slug));
    return Status::Ok();
  }));
  if (!org) return NotFound("no organisation with slug '" + slug + "'");
  return security::Principal::Operator(org->id, Env().operator_name);
}

struct Opts {
  std::string data = Env().data_dir;
  std::string org, file, survey, customer, public_url = Env().public_url;
  int64_t interaction = 0;
};

// Creates the survey or replaces the one with the same key.
Status Import(const Opts& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) return NotFound(o.file + ": cannot read the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > kMaxSurveyFile) return InvalidArgument(o.file + ": larger than 256 KB");
  auto doc = ParseJson(text);
  if (!doc.ok()) return InvalidArgument(o.file + ": " + doc.status().message());
  auto def = survey::ParseDefinition(*doc);
  if (!def.ok()) {
    return InvalidArgument(o.file + ": " + def.status().message(), def.status().field());
  }
  ASSIGN_OR_RETURN(auto db, OpenDataDir(o.data));
  ASSIGN_OR_RETURN(auto who, OperatorOf(*db, o.org));
  survey::PageCache pages;  // this process serves no pages
  survey::SurveyService surveys(*db, *SystemClock::Get(), pages);
  ASSIGN_OR_RETURN(auto done, surveys.Import(who, *def));
  std::cout << (done.replaced ? "replaced" : "created") << " survey " << done.survey.key
            << std::endl;
  return Status::Ok();
}

Status Export(const Opts& o) {
  ASSIGN_OR_RETURN(auto db, OpenDataDir(o.data));
  ASSIGN_OR_RETURN(auto who, OperatorOf(*db, o.org));
  survey::PageCache pages;
  survey::SurveyService surveys(*db, *SystemClock::Get(), pages);
  ASSIGN_OR_RETURN(auto s, surveys.GetByKey(who, o.survey));
  std::cout << json::serialize(survey::ToJson(s.definition)) << std::endl;
  return Status::Ok();
}

Status Invite(const Opts& o) {
  ASSIGN_OR_RETURN(auto db, OpenDataDir(o.data));
  ASSIGN_OR_RETURN(auto who, OperatorOf(*db, o.org));
  const Clock& clock = *SystemClock::Get();
  jobs::JobRunner runner(*db, clock);  // only for Schedule; the server runs the jobs
  const std::string base = o.public_url.empty() ? "http://127.0.0.1:8080" : o.public_url;
  survey::Asking asking(*db, runner, clock, base, "", "");
  survey::InvitationService invitations(*db, clock, asking);
  survey::InvitationInput in;
  in.survey = o.survey;
  in.customer = o.customer;
  if (o.interaction) in.interaction_id = o.interaction;
  auto made = invitations.Create(who, in);
  if (!made.ok()) {
    // Name the command line's option rather than the API's field.
    const std::string& f = made.status().field();
    const std::string option = f == "/survey"           ? "--survey"
                               : f == "/customer"       ? "--customer"
                               : f == "/interaction_id" ? "--interaction"
                                                        : f;
    return Status(made.status().code(), made.status().message(), option);
  }
  std::cerr << "invitation " << made->invitation.id
            << (made->mailed ? " queued for e-mail (sent by the server)"
                             : " created (not e-mailed)")
            << std::endl;
  std::cout << made->url << std::endl;
  return Status::Ok();
}

}  // namespace

void RegisterAskCommands(CLI::App& app) {
  auto o = std::make_shared<Opts>();
  auto* survey_cmd = app.add_subcommand("survey", "Survey definitions as JSON files");
  survey_cmd->require_subcommand(1);
  auto* imp = survey_cmd->add_subcommand(
      "import", "Create or replace (by key) a survey from a JSON definition file");
  imp->add_option("--data", o->data, "Data directory (env BELEVING_DATA)")->capture_default_str();
  imp->add_option("--org", o->org, "Organisation slug")->required();
  imp->add_option("file", o->file, "The definition (JSON, see docs/ask.md)")->required();
  imp->callback([o] {
    Status st = Import(*o);
    Exit(st.ok() ? 0 : Fail(st));
  });
  auto* exp = survey_cmd->add_subcommand("export", "Print a survey definition as JSON");
  exp->add_option("--data", o->data, "Data directory (env BELEVING_DATA)")->capture_default_str();
  exp->add_option("--org", o->org, "Organisation slug")->required();
  exp->add_option("--survey", o->survey, "Survey key")->required();
  exp->callback([o] {
    Status st = Export(*o);
    Exit(st.ok() ? 0 : Fail(st));
  });

  auto* invite = app.add_subcommand("invite", "Survey invitations");
  invite->require_subcommand(1);
  auto* create = invite->add_subcommand(
      "create",
      "Create a personal survey link (e-mailed by the server when the customer consented)");
  create->add_option("--data", o->data, "Data directory (env BELEVING_DATA)")
      ->capture_default_str();
  create->add_option("--org", o->org, "Organisation slug")->required();
  create->add_option("--survey", o->survey, "Survey key")->required();
  create->add_option("--customer", o->customer, "The customer's external key")->required();
  create->add_option("--interaction", o->interaction, "Interaction id the answer belongs to");
  create->add_option("--public-url", o->public_url,
                     "Base URL of the link (env BELEVING_PUBLIC_URL, default "
                     "http://127.0.0.1:8080)");
  create->callback([o] {
    Status st = Invite(*o);
    Exit(st.ok() ? 0 : Fail(st));
  });
}

}  // namespace beleving::cli
