#include "app/services.h"

#include <filesystem>

#include "core/log.h"
#include "core/timezone.h"
#include "security/secrets.h"
#include "store/moment_store.h"
#include "store/org_store.h"
#include "store/sqlite/sqlite_database.h"

namespace beleving::app {

Result<std::unique_ptr<Services>> Services::Open(const Config& config, const Clock* clock) {
  std::unique_ptr<Services> s(new Services());
  s->config_ = config;
  s->clock_ = clock ? clock : SystemClock::Get();
  s->survey_pages_.set_ttl(config.survey_page_cache_seconds);
  RETURN_IF_ERROR(security::InitCrypto());
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    return Internal("cannot create data directory " + config.data_dir + ": " + ec.message());
  }
  store::SqliteDatabase::Options db_opts;
  db_opts.path = (std::filesystem::path(config.data_dir) / "beleving.db").string();
  ASSIGN_OR_RETURN(s->db_, store::SqliteDatabase::Open(db_opts));
  s->engine_ = std::make_unique<engine::Engine>();
  s->auth_ = std::make_unique<security::Authenticator>(*s->db_, *s->clock_);
  s->ingest_ = std::make_unique<capture::Ingest>(*s->db_, *s->clock_);
  s->jobs_ = std::make_unique<jobs::JobRunner>(*s->db_, *s->clock_);
  const std::string public_url = config.PublicUrl();
  // The loop room (loop/loop.h): cases, complaints, promises, SLAs, alerts.
  s->loop_ = std::make_unique<loop::Loop>(
      *s->db_, *s->clock_, *s->jobs_,
      loop::LoopOptions{config.smtp_url, config.mail_from, public_url});
  s->loop_->Register();
  s->asking_ = std::make_unique<survey::Asking>(*s->db_, *s->jobs_, *s->clock_, public_url,
                                                config.smtp_url, config.mail_from);
  s->asking_->Register();

  // The sinks, in order: the engine first, then the background work.
  Services* self = s.get();
  s->ingest_->OnResponses(
      [self](std::span<const store::ResponseRecord> rs) { self->SyncEngine(rs); });
  jobs::JobRunner* runner = s->jobs_.get();
  survey::Asking* asking = s->asking_.get();
  s->ingest_->OnResponses([runner](std::span<const store::ResponseRecord>) { runner->Wake(); });
  s->ingest_->OnInteractions([runner, asking](std::span<const store::InteractionRecord>) {
    runner->Wake();
    asking->Nudge();
  });
  RETURN_IF_ERROR(s->LoadEngine(*s->engine_));
  return s;
}

Services::~Services() { StopBackground(); }

void Services::StartBackground() {
  if (background_started_) return;
  background_started_ = true;
  jobs_->Start();
}

void Services::StopBackground() {
  if (!background_started_) return;
  background_started_ = false;
  jobs_->Stop();
}

Status Services::LoadEngine(engine::Engine& into) {
  std::vector<store::Org> orgs;
  const auto all = store::SystemScope::AllOrganisations();
  RETURN_IF_ERROR(db_->Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(orgs, store::OrgStore::All(c, all));
    return Status::Ok();
  }));
  for (const auto& o : orgs) {
    auto tz = TimeZone::Load(o.time_zone);
    if (tz.ok()) into.SetOrgTimeZone(static_cast<uint32_t>(o.id), std::move(*tz));
  }
  std::vector<engine::ResponseFacts> batch;
  batch.reserve(50000);
  Status appended = Status::Ok();
  RETURN_IF_ERROR(db_->Read([&](store::SqlConn& c) {
    return store::MomentStore::ScanAllResponses(c, all, [&](const store::ResponseRecord& r) {
      batch.push_back(capture::ToFacts(r));
      if (batch.size() == 50000) {
        if (Status st = into.Append(batch); !st.ok() && appended.ok()) appended = st;
        batch.clear();
      }
    });
  }));
  if (!batch.empty()) {
    if (Status st = into.Append(batch); !st.ok() && appended.ok()) appended = st;
  }
  return appended;
}

void Services::SyncEngine(std::span<const store::ResponseRecord> committed) {
  std::vector<engine::ResponseFacts> facts;
  facts.reserve(committed.size());
  for (const auto& r : committed) facts.push_back(capture::ToFacts(r));
  Status st = engine_->Append(facts);
  if (st.ok()) return;
  log::Error("engine append failed ({}); rebuilding the engine from the database", st.ToString());
  if (Status rebuilt = RebuildEngine(); !rebuilt.ok()) {
    log::Error("engine rebuild failed: {}", rebuilt.ToString());
  }
}

Status Services::RebuildEngine() {
  engine::Engine fresh;
  Status st = LoadEngine(fresh);
  engine_->Swap(fresh);
  engine_rebuilds_.fetch_add(1);
  return st;
}

}  // namespace beleving::app
