// beleving serve | demo | migrate
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "api/app.h"
#include "app/services.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/log.h"
#include "demo/demo_workspace.h"
#include "http/server.h"
#include "privacy/data_lock.h"
#include "store/database.h"
#include "web/pages.h"

namespace beleving::cli {
namespace {

// The HTTP face of the services: the API routes, the dashboard and the
// public pages behind one request chain.
std::unique_ptr<api::App> BuildHttpApp(app::Services& services) {
  auto a = std::make_unique<api::App>(services);
  api::RegisterApiRoutes(*a);
  web::RegisterDashboard(*a);
  return a;
}

struct ServeOptions {
  app::Config config = Env();
  int threads = 2;
  // Connection limits against slow and hostile clients (http/server.h).
  int header_timeout_s = 10;
  int body_timeout_s = 30;
  int idle_timeout_s = 60;
  size_t max_header_bytes = 16 * 1024;
  size_t max_connections = 10000;
};

void AddServeOptions(CLI::App* cmd, ServeOptions& o) {
  cmd->add_option("--data", o.config.data_dir, "Data directory (env BELEVING_DATA)")
      ->capture_default_str();
  cmd->add_option("--listen", o.config.listen, "HOST:PORT to listen on (env BELEVING_LISTEN)")
      ->capture_default_str();
  cmd->add_option("--smtp-url", o.config.smtp_url,
                  "smtp://HOST:PORT for outgoing e-mail (env BELEVING_SMTP_URL)");
  cmd->add_option("--mail-from", o.config.mail_from, "Sender address (env BELEVING_MAIL_FROM)")
      ->capture_default_str();
  cmd->add_option("--public-url", o.config.public_url,
                  "Public base URL for links in e-mails and QR codes (env BELEVING_PUBLIC_URL)");
  cmd->add_option("--metrics-token", o.config.metrics_token,
                  "Serve GET /metrics (Prometheus) to requests with 'Authorization: Bearer "
                  "TOKEN' (env BELEVING_METRICS_TOKEN; unset: no /metrics)");
  cmd->add_option("--io-threads", o.threads, "I/O threads")->capture_default_str();
  cmd->add_option("--header-timeout", o.header_timeout_s,
                  "Seconds a client has to send the request headers")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--body-timeout", o.body_timeout_s,
                  "Seconds a client has to send the request body")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--idle-timeout", o.idle_timeout_s,
                  "Seconds an idle keep-alive connection stays open")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--max-header-bytes", o.max_header_bytes, "Largest request header block")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024}, size_t{1} << 20));
  cmd->add_option("--max-connections", o.max_connections,
                  "Open connections at most; more are refused")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  cmd->add_option("--survey-page-cache", o.config.survey_page_cache_seconds,
                  "Seconds a survey link's rendered first view is reused (0: render every time)")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
}

int Serve(const ServeOptions& o, const std::function<void(int port)>& on_ready) {
  // Block termination signals in every thread; the main thread waits for them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // One server per data directory; `restore` refuses while it is held.
  auto lock = privacy::DataDirLock::Acquire(o.config.data_dir);
  if (!lock.ok()) return Fail(lock.status());
  auto services = app::Services::Open(o.config);
  if (!services.ok()) return Fail(services.status());
  auto app = BuildHttpApp(**services);
  http::ServerOptions so;
  so.listen = o.config.listen;
  so.io_threads = o.threads;
  so.header_timeout = std::chrono::seconds(o.header_timeout_s);
  so.body_timeout = std::chrono::seconds(o.body_timeout_s);
  so.idle_timeout = std::chrono::seconds(o.idle_timeout_s);
  so.max_header_bytes = o.max_header_bytes;
  so.max_connections = o.max_connections;
  api::App* a = app.get();
  so.body_limit = [a](const http::Request& head) { return a->BodyLimit(head); };
  so.fast_handler = [a](http::Request& req) { return a->HandleFast(req); };
  http::Server server(so, [a](http::Request& req) { return a->Handle(req); });
  if (Status st = server.Start(); !st.ok()) return Fail(st);
  (*services)->StartBackground();
  log::Info("Beleving listening on {} (data {})", o.config.listen, o.config.data_dir);
  if (on_ready) on_ready(server.port());
  std::cout << "listening on port " << server.port() << std::endl;
  int sig = 0;
  sigwait(&set, &sig);
  log::Info("signal {}: shutting down", sig);
  server.Stop();
  (*services)->StopBackground();
  return 0;
}

}  // namespace

void RegisterServerCommands(CLI::App& app) {
  auto serve_opts = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "Serve the API and the web pages");
  AddServeOptions(serve, *serve_opts);
  serve->callback([serve_opts] { Exit(Serve(*serve_opts, nullptr)); });

  auto demo_opts = std::make_shared<ServeOptions>();
  auto seed = std::make_shared<uint64_t>(42);
  auto* demo = app.add_subcommand(
      "demo", "Create the demo workspace in the data directory when it is empty, then serve");
  AddServeOptions(demo, *demo_opts);
  demo->add_option("--seed", *seed, "Random seed of the demo data")->capture_default_str();
  auto no_serve = std::make_shared<bool>(false);
  demo->add_flag("--no-serve", *no_serve, "Only create the demo workspace");
  demo->callback([demo_opts, seed, no_serve] {
    auto created = demo::EnsureDemoWorkspace(demo_opts->config.data_dir, *seed);
    if (!created.ok()) Exit(Fail(created.status()));
    if (*no_serve) {
      std::cout << "demo workspace ready in " << demo_opts->config.data_dir << std::endl;
      Exit(0);
    }
    Exit(Serve(*demo_opts, [&](int port) {
      std::cout << "\nBeleving demo is running: http://127.0.0.1:" << port << "/\n"
                << "Log in as " << demo::kDemoAdminEmail << " with password " << demo::kDemoPassword
                << "\n"
                << std::endl;
    }));
  });

  auto routes_config = std::make_shared<app::Config>(Env());
  auto* routes = app.add_subcommand("routes", "List every HTTP route with who may call it");
  routes->add_option("--data", routes_config->data_dir, "Data directory (env BELEVING_DATA)")
      ->capture_default_str();
  routes->callback([routes_config] {
    auto services = app::Services::Open(*routes_config);
    if (!services.ok()) Exit(Fail(services.status()));
    auto a = BuildHttpApp(**services);
    for (const auto& r : a->routes()) {
      std::cout << r.method << " " << r.pattern << " " << api::AccessName(r.access) << " "
                << (r.surface == api::Surface::kPage ? "page" : "api") << "\n";
    }
    Exit(0);
  });

  auto data = std::make_shared<std::string>(Env().data_dir);
  auto* migrate = app.add_subcommand(
      "migrate", "Apply pending database migrations and exit (a directory or postgresql:// URL)");
  migrate->add_option("--data", *data, "Data directory (env BELEVING_DATA)")->capture_default_str();
  migrate->callback([data] {
    // The store's factory opens either backend and migrates it.
    auto db = store::OpenDatabase(*data, store::OpenOptions{.readers = 1});
    if (!db.ok()) Exit(Fail(db.status()));
    auto v = (*db)->Migrate();
    if (!v.ok()) Exit(Fail(v.status()));
    std::cout << "schema version " << *v << std::endl;
    Exit(0);
  });

  // The release, from the CMake project version.
  app.set_version_flag("--version", std::string("beleving ") + BELEVING_VERSION,
                       "Print the version and exit");
}

}  // namespace beleving::cli
