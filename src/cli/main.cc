// beleving: the customer-experience platform in one binary.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Beleving: capture every moment of truth, ask right after it, understand it, act on it."};
  app.require_subcommand(1);
  beleving::cli::RegisterServerCommands(app);
  beleving::cli::RegisterAdminCommands(app);
  beleving::cli::RegisterBenchCommand(app);
  beleving::cli::RegisterTextCommands(app);
  beleving::cli::RegisterAskCommands(app);
  beleving::cli::RegisterLoopCommands(app);
  beleving::cli::RegisterPrivacyCommands(app);
  beleving::cli::RegisterImportCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
