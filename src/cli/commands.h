// The `beleving` command line: one binary, one subcommand per job.
// Each room adds its subcommands with one Register function; main.cc calls
// them all. Options also read BELEVING_* environment variables.
#pragma once

#include <CLI/CLI.hpp>

namespace beleving::cli {

void RegisterServerCommands(CLI::App& app);  // serve, demo, migrate (cli/server_commands.cc)
void RegisterAdminCommands(CLI::App& app);   // org, user, apikey (cli/admin_commands.cc)
void RegisterBenchCommand(CLI::App& app);    // bench (cli/bench_command.cc)
void RegisterTextCommands(CLI::App& app);    // text analyze|eval (cli/text_commands.cc)
void RegisterAskCommands(
    CLI::App& app);  // survey import|export, invite create (cli/ask_commands.cc)
void RegisterLoopCommands(
    CLI::App& app);  // complaints import, cases, promises (cli/loop_commands.cc)
void RegisterPrivacyCommands(
    CLI::App& app);  // customer export|erase, backup, restore (cli/privacy_commands.cc)
void RegisterImportCommands(CLI::App& app);  // import responses|history (cli/import_commands.cc)

}  // namespace beleving::cli
