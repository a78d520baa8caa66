// The composition root: every service of one Beleving process, built once
// from the Config, with the sinks between them wired here and nowhere else.
// The adapters (api/ route handlers, web/ pages, cli/ commands) reach the
// services through this object; they never build a service themselves.
//
// What is wired
// - Ingest's committed responses go to the insight engine first (so a
//   response is visible to queries when its ingest request returns), then
//   wake the job runner, which runs the loop's tick (cases, alerts,
//   standard promises) and the survey planner.
// - If the engine refuses a committed batch, it is rebuilt from the database
//   on the spot (RebuildEngine) instead of diverging until a restart.
// - Before every engine query, rows that another process committed (a CLI
//   import, another server on the same database) are appended first
//   (CatchUpEngine): one indexed read of the highest response id per query.
//
// Thread safety: the accessors may be called from any thread once Open has
// returned; the services themselves document their own guarantees.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "app/config.h"
#include "app/operator_metrics.h"
#include "capture/attributes.h"
#include "capture/dimensions.h"
#include "capture/ingest.h"
#include "capture/moments.h"
#include "core/clock.h"
#include "engine/engine.h"
#include "insight/insight_service.h"
#include "insight/text_settings.h"
#include "jobs/job_runner.h"
#include "loop/loop.h"
#include "outcomes/outcomes.h"
#include "people/engagement.h"
#include "people/pulse.h"
#include "people/pulse_rounds.h"
#include "privacy/privacy_service.h"
#include "security/access_service.h"
#include "security/authenticator.h"
#include "store/sql.h"
#include "survey/answer_service.h"
#include "survey/ask_rules.h"
#include "survey/invitation.h"
#include "survey/invitation_service.h"
#include "survey/page_cache.h"
#include "survey/qr_service.h"
#include "survey/survey_service.h"
#include "text/analyzer_cache.h"
#include "workspace/workspace.h"

namespace beleving::app {

class Services {
 public:
  // Opens (and migrates) the database, loads the engine and builds every
  // service. `clock` null: the system clock.
  static Result<std::unique_ptr<Services>> Open(const Config& config, const Clock* clock = nullptr);
  ~Services();
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  const Config& config() const { return config_; }
  const Clock& clock() const { return *clock_; }
  store::Database& db() { return *db_; }
  engine::Engine& engine() { return *engine_; }
  security::Authenticator& auth() { return *auth_; }
  capture::Ingest& ingest() { return *ingest_; }
  jobs::JobRunner& jobs() { return *jobs_; }
  loop::Loop& loop() { return *loop_; }
  // ---- asking (survey/): the planner and mail job, surveys, the ask rules,
  // invitations, QR codes, answers on survey links ----
  survey::Asking& asking() { return *asking_; }
  survey::SurveyService& surveys() { return *surveys_; }
  survey::AskRules& ask_rules() { return *ask_rules_; }
  survey::InvitationService& invitations() { return *invitations_; }
  survey::QrService& qr_codes() { return *qr_codes_; }
  survey::AnswerService& answers() { return *answers_; }
  // Rendered first views of survey links (survey/page_cache.h).
  survey::PageCache& survey_pages() { return survey_pages_; }
  // ---- end of asking ----
  // One text analyzer per organisation's vocabulary and model.
  text::AnalyzerCache& analyzers() { return analyzers_; }

  // --- insight: the figures, comments and text settings (insight/).
  insight::InsightService& insight() { return *insight_; }
  insight::TextSettingsService& text_settings() { return *text_settings_; }
  // --- organisations, access, moments and privacy
  // Users and API keys (security/access_service.h).
  security::AccessService& access() { return *access_; }
  // Creating organisations (workspace/workspace.h).
  workspace::Organisations& organisations() { return *organisations_; }
  // Locations, teams, employees, customers, touchpoints (capture/dimensions.h).
  capture::Dimensions& dimensions() { return *dimensions_; }
  // Reading interactions and responses back (capture/moments.h).
  capture::Moments& moments() { return *moments_; }
  // Export, erasure, retention and the audit log (privacy/privacy_service.h).
  privacy::Privacy& privacy() { return *privacy_; }
  // --- people (people/): the team pulse and engagement beside experience
  people::Pulse& pulse() { return *pulse_; }
  people::Engagement& engagement() { return *engagement_; }
  people::PulseRounds& pulse_rounds() { return *pulse_rounds_; }
  // --- end people
  // Whether the database answers (the health endpoint).
  Status CheckHealth();
  // --- end organisations, access, moments and privacy

  // --- slicing and outcomes (issue 20)
  // Customer attributes and applying them to history (capture/attributes.h).
  capture::CustomerAttributes& customer_attributes() { return *customer_attributes_; }
  // What customers decided after their moments (outcomes/outcomes.h).
  outcomes::Outcomes& outcomes() { return *outcomes_; }
  // --- end slicing and outcomes

  // Background work started by `serve` (the job runner with the loop's and
  // the planner's ticks); stopped in reverse order. Idempotent.
  void StartBackground();
  void StopBackground();

  // Replaces the engine's contents with what the database holds. Called by
  // the engine sink when an append fails (on the writer thread, so no commit
  // of this process can slip between the read and the swap).
  Status RebuildEngine();
  // Appends the responses the database holds beyond the engine's last id.
  Status CatchUpEngine();
  // How often RebuildEngine ran (for tests and monitoring).
  int64_t engine_rebuilds() const { return engine_rebuilds_; }
  // Appends the operator's series (app/operator_metrics.h) for GET /metrics.
  void AppendOperatorMetrics(std::string* out);

 private:
  Services() = default;
  Status LoadEngine(engine::Engine& into);
  void SyncEngine(std::span<const store::ResponseRecord> committed);
  Status AppendFromDatabase();   // under engine_sync_mu_
  Status RebuildEngineLocked();  // under engine_sync_mu_

  Config config_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<security::Authenticator> auth_;
  std::unique_ptr<capture::Ingest> ingest_;
  std::unique_ptr<jobs::JobRunner> jobs_;
  std::unique_ptr<loop::Loop> loop_;
  // asking
  std::unique_ptr<survey::Asking> asking_;
  // --- organisations, access, moments and privacy
  std::unique_ptr<security::AccessService> access_;
  std::unique_ptr<workspace::Organisations> organisations_;
  std::unique_ptr<capture::Dimensions> dimensions_;
  std::unique_ptr<capture::Moments> moments_;
  std::unique_ptr<privacy::Privacy> privacy_;
  // --- end organisations, access, moments and privacy
  // --- slicing and outcomes
  std::unique_ptr<capture::CustomerAttributes> customer_attributes_;
  std::unique_ptr<outcomes::Outcomes> outcomes_;
  // --- end slicing and outcomes
  // --- people
  std::unique_ptr<people::Pulse> pulse_;
  std::unique_ptr<people::Engagement> engagement_;
  std::unique_ptr<people::PulseRounds> pulse_rounds_;
  // --- end people
  survey::PageCache survey_pages_;
  std::unique_ptr<survey::SurveyService> surveys_;
  std::unique_ptr<survey::AskRules> ask_rules_;
  std::unique_ptr<survey::InvitationService> invitations_;
  std::unique_ptr<survey::QrService> qr_codes_;
  std::unique_ptr<survey::AnswerService> answers_;
  text::AnalyzerCache analyzers_;
  // --- insight
  std::unique_ptr<insight::TextSettingsService> text_settings_;
  std::unique_ptr<insight::InsightService> insight_;
  std::unique_ptr<OperatorMetrics> operator_metrics_;
  bool background_started_ = false;
  std::atomic<int64_t> engine_rebuilds_{0};
  // Serialises appends to the engine from the writer thread (SyncEngine) and
  // from queries (CatchUpEngine), so ids reach the engine in order.
  std::mutex engine_sync_mu_;
  // The highest id AppendFromDatabase appended (GUARDED_BY engine_sync_mu_):
  // committed rows at or below it are already in; others at or below the
  // engine's last id mean the engine holds rows the database does not.
  int64_t appended_from_database_ = 0;
};

}  // namespace beleving::app
