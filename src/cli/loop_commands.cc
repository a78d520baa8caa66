// Placeholder: the room that owns these commands replaces this file.
#include "cli/commands.h"

namespace beleving::cli {

void RegisterLoopCommands(CLI::App& /*app*/) {}

}  // namespace beleving::cli
