// beleving survey import|export, beleving invite create (issue 4).
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/json.h"
#include "jobs/job_runner.h"
#include "security/secrets.h"
#include "store/ask_store.h"
#include "store/moment_store.h"
#include "store/org_store.h"
#include "store/sqlite/sqlite_database.h"
#include "store/survey_store.h"
#include "survey/definition.h"
#include "survey/invitation.h"

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

Result<store::Org> OrgBySlug(store::Database& db, const std::string& slug) {
  std::optional<store::Org> org;
  RETURN_IF_ERROR(db.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, store::OrgStore::BySlug(c, slug));
    return Status::Ok();
  }));
  if (!org) return NotFound("no organisation with slug '" + slug + "'");
  return *org;
}

struct Opts {
  std::string data = Env().data_dir;
  std::string org, file, survey, customer, public_url = Env().public_url;
  int64_t interaction = 0;
};

// Import creates the survey or replaces the one with the same key.
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
  ASSIGN_OR_RETURN(auto org, OrgBySlug(*db, o.org));
  auto t = store::TenantScope::System(org.id);
  UnixSeconds now = SystemClock::Get()->Now();
  bool replaced = false;
  std::string definition = json::serialize(survey::ToJson(*def));
  RETURN_IF_ERROR(db->Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto existing, store::SurveyStore::ByKey(c, t, def->key));
    if (existing) {
      replaced = true;
      return store::SurveyStore::Update(c, t, existing->id, def->name, definition, now).status();
    }
    store::SurveyRecord rec{0, def->key, def->name, definition, now, now};
    return store::SurveyStore::Create(c, t, rec, now).status();
  }));
  std::cout << (replaced ? "replaced" : "created") << " survey " << def->key << std::endl;
  return Status::Ok();
}

Status Export(const Opts& o) {
  ASSIGN_OR_RETURN(auto db, OpenDataDir(o.data));
  ASSIGN_OR_RETURN(auto org, OrgBySlug(*db, o.org));
  auto t = store::TenantScope::System(org.id);
  std::optional<store::SurveyRecord> s;
  RETURN_IF_ERROR(db->Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(s, store::SurveyStore::ByKey(c, t, o.survey));
    return Status::Ok();
  }));
  if (!s) return NotFound("no survey with key '" + o.survey + "'");
  std::cout << s->definition << std::endl;
  return Status::Ok();
}

Status Invite(const Opts& o) {
  ASSIGN_OR_RETURN(auto db, OpenDataDir(o.data));
  ASSIGN_OR_RETURN(auto org, OrgBySlug(*db, o.org));
  auto t = store::TenantScope::System(org.id);
  const Clock& clock = *SystemClock::Get();
  jobs::JobRunner runner(*db, clock);  // only for Schedule; the server runs the jobs
  std::string base = o.public_url.empty() ? "http://127.0.0.1:8080" : o.public_url;
  survey::Asking asking(*db, runner, clock, base, "", "");
  std::optional<survey::NewInvitation> inv;
  bool mailed = false;
  RETURN_IF_ERROR(db->Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto s, store::SurveyStore::ByKey(c, t, o.survey));
    if (!s) return InvalidArgument("no survey with key '" + o.survey + "'", "--survey");
    ASSIGN_OR_RETURN(auto customer, store::AskStore::CustomerByKey(c, t, o.customer));
    if (!customer)
      return InvalidArgument("no customer with key '" + o.customer + "'", "--customer");
    if (customer->opted_out) {
      return InvalidArgument("customer '" + o.customer + "' opted out of feedback requests",
                             "--customer");
    }
    survey::InviteRequest req;
    req.survey_id = s->id;
    req.customer_id = customer->id;
    req.language = customer->language;
    req.send_at = clock.Now();
    if (o.interaction) {
      ASSIGN_OR_RETURN(auto i, store::MomentStore::GetInteraction(c, t, o.interaction));
      if (!i) return InvalidArgument("no such interaction", "--interaction");
      req.interaction = *i;
    }
    // E-mail only with consent and an address; the link is printed either way.
    mailed = customer->consent && customer->email && !customer->email->empty();
    req.mail = mailed;
    ASSIGN_OR_RETURN(inv, asking.Create(c, t, req));
    return Status::Ok();
  }));
  std::cerr << "invitation " << inv->id
            << (mailed ? " queued for e-mail (sent by the server)" : " created (not e-mailed)")
            << std::endl;
  std::cout << asking.SurveyUrl(inv->token) << std::endl;
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
