// Placeholder: the room that owns these commands replaces this file.
#include "cli/commands.h"

namespace beleving::cli {

void RegisterAskCommands(CLI::App& /*app*/) {}

}  // namespace beleving::cli
