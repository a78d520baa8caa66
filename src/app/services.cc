#include "app/services.h"

#include <filesystem>

#include "core/log.h"
#include "core/timezone.h"
#include "security/secrets.h"
#include "store/health_store.h"
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
  // ---- asking ----
  s->asking_ = std::make_unique<survey::Asking>(*s->db_, *s->jobs_, *s->clock_, public_url,
                                                config.smtp_url, config.mail_from);
  s->asking_->Register();
  s->surveys_ = std::make_unique<survey::SurveyService>(*s->db_, *s->clock_, s->survey_pages_);
  s->ask_rules_ = std::make_unique<survey::AskRules>(*s->db_, *s->clock_);
  s->invitations_ = std::make_unique<survey::InvitationService>(*s->db_, *s->clock_, *s->asking_);
  s->qr_codes_ = std::make_unique<survey::QrService>(*s->db_, *s->clock_, *s->asking_);
  s->answers_ =
      std::make_unique<survey::AnswerService>(*s->db_, *s->clock_, *s->ingest_, s->survey_pages_);
  // ---- end of asking ----

  // --- insight
  s->text_settings_ =
      std::make_unique<insight::TextSettingsService>(*s->db_, *s->clock_, s->analyzers_);
  s->insight_ = std::make_unique<insight::InsightService>(*s->db_, *s->engine_, *s->clock_,
                                                          *s->text_settings_);

  // --- organisations, access, moments and privacy
  s->access_ = std::make_unique<security::AccessService>(*s->db_, *s->clock_);
  s->organisations_ = std::make_unique<workspace::Organisations>(*s->db_, *s->clock_);
  s->dimensions_ = std::make_unique<capture::Dimensions>(*s->db_, *s->engine_, *s->clock_);
  s->moments_ = std::make_unique<capture::Moments>(*s->db_);
  s->privacy_ = std::make_unique<privacy::Privacy>(*s->db_, *s->jobs_, *s->clock_);
  privacy::RegisterRetention(*s->jobs_, *s->db_, *s->clock_);
  // No cached survey page outlives an erasure of the customer it greets.
  survey::PageCache* pages = &s->survey_pages_;
  s->privacy_->OnErased([pages] { pages->Clear(); });
  // --- end organisations, access, moments and privacy

  // --- people
  s->pulse_ = std::make_unique<people::Pulse>(*s->db_, *s->clock_);
  s->engagement_ = std::make_unique<people::Engagement>(*s->db_, *s->pulse_);
  s->pulse_rounds_ = std::make_unique<people::PulseRounds>(*s->db_, *s->clock_);
  // --- end people

  // --- slicing and outcomes (issue 20)
  s->customer_attributes_ =
      std::make_unique<capture::CustomerAttributes>(*s->db_, *s->engine_, *s->clock_);
  s->outcomes_ = std::make_unique<outcomes::Outcomes>(*s->db_, *s->clock_);
  // --- end slicing and outcomes

  // The sinks, in order: the engine first, then the background work and
  // the operator's counts.
  Services* self = s.get();
  s->ingest_->OnResponses(
      [self](std::span<const store::ResponseRecord> rs) { self->SyncEngine(rs); });
  s->operator_metrics_ = std::make_unique<OperatorMetrics>(*s->clock_);
  OperatorMetrics* counts = s->operator_metrics_.get();
  s->ingest_->OnResponses(
      [counts](std::span<const store::ResponseRecord> rs) { counts->CountResponses(rs.size()); });
  s->ingest_->OnInteractions([counts](std::span<const store::InteractionRecord> is) {
    counts->CountInteractions(is.size());
  });
  jobs::JobRunner* runner = s->jobs_.get();
  survey::Asking* asking = s->asking_.get();
  s->ingest_->OnResponses([runner](std::span<const store::ResponseRecord>) { runner->Wake(); });
  s->ingest_->OnInteractions([runner, asking](std::span<const store::InteractionRecord>) {
    runner->Wake();
    asking->Nudge();
  });
  RETURN_IF_ERROR(s->LoadEngine(*s->engine_));
  s->appended_from_database_ = s->engine_->LastResponseId();
  s->engine_->SetBeforeQuery([self] {
    if (Status st = self->CatchUpEngine(); !st.ok()) {
      log::Error("engine catch-up failed: {}", st.ToString());
    }
  });
  return s;
}

Services::~Services() { StopBackground(); }

void Services::AppendOperatorMetrics(std::string* out) {
  operator_metrics_->Append(out, *db_, *engine_, *jobs_, engine_rebuilds_);
}

Status Services::CheckHealth() {
  return db_->Read([](store::SqlConn& c) { return store::HealthStore::Ping(c); });
}

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
  std::lock_guard lock(engine_sync_mu_);
  const int64_t last = engine_->LastResponseId();
  std::vector<engine::ResponseFacts> facts;
  facts.reserve(committed.size());
  bool diverged = false;
  for (const auto& r : committed) {
    if (r.id > last) {
      facts.push_back(capture::ToFacts(r));
    } else if (r.id > appended_from_database_) {
      diverged = true;  // the engine has this id, but not from the database
    }
  }
  if (facts.empty() && !diverged) return;  // a query's catch-up appended them
  // Rows between the engine's last id and these were committed by another
  // process (or an id was skipped): read them from the database instead.
  Status st = diverged ? Internal("the engine holds response ids the database does not")
              : facts.front().response_id == static_cast<uint32_t>(last + 1)
                  ? engine_->Append(facts)
                  : AppendFromDatabase();
  if (st.ok()) return;
  log::Error("engine append failed ({}); rebuilding the engine from the database", st.ToString());
  if (Status rebuilt = RebuildEngineLocked(); !rebuilt.ok()) {
    log::Error("engine rebuild failed: {}", rebuilt.ToString());
  }
}

Status Services::CatchUpEngine() {
  int64_t stored = 0;
  RETURN_IF_ERROR(db_->Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(stored,
                     store::MomentStore::LastResponseId(c, store::SystemScope::AllOrganisations()));
    return Status::Ok();
  }));
  if (stored <= engine_->LastResponseId()) return Status::Ok();
  std::lock_guard lock(engine_sync_mu_);
  Status st = AppendFromDatabase();
  if (st.ok()) return st;
  log::Error("engine catch-up failed ({}); rebuilding the engine from the database", st.ToString());
  return RebuildEngineLocked();
}

Status Services::AppendFromDatabase() {
  std::vector<engine::ResponseFacts> batch;
  Status appended = Status::Ok();
  const int64_t after = engine_->LastResponseId();
  RETURN_IF_ERROR(db_->Read([&](store::SqlConn& c) {
    return store::MomentStore::ScanResponsesAfter(c, store::SystemScope::AllOrganisations(), after,
                                                  [&](const store::ResponseRecord& r) {
                                                    batch.push_back(capture::ToFacts(r));
                                                    if (batch.size() == 50000 && appended.ok()) {
                                                      appended = engine_->Append(batch);
                                                      batch.clear();
                                                    }
                                                  });
  }));
  if (!batch.empty() && appended.ok()) appended = engine_->Append(batch);
  if (appended.ok()) appended_from_database_ = engine_->LastResponseId();
  return appended;
}

Status Services::RebuildEngine() {
  std::lock_guard lock(engine_sync_mu_);
  return RebuildEngineLocked();
}

Status Services::RebuildEngineLocked() {
  engine::Engine fresh;
  Status st = LoadEngine(fresh);
  engine_->Swap(fresh);
  appended_from_database_ = engine_->LastResponseId();
  engine_rebuilds_.fetch_add(1);
  return st;
}

}  // namespace beleving::app
