// Helpers shared by the subcommands: the configuration's defaults and error
// exits.
#pragma once

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "app/config.h"
#include "core/status.h"

namespace beleving::cli {

// The configuration from the environment (app/config.h), read once; flags
// override its fields.
inline const app::Config& Env() {
  static const app::Config config = app::Config::FromEnvironment();
  return config;
}

// Prints "error: ..." to stderr and returns the exit code for it.
inline int Fail(const Status& st) {
  std::cerr << "error: " << st.message();
  if (!st.field().empty()) std::cerr << " (" << st.field() << ")";
  std::cerr << std::endl;
  return st.code() == StatusCode::kInvalidArgument || st.code() == StatusCode::kAlreadyExists ||
                 st.code() == StatusCode::kNotFound
             ? 2
             : 1;
}

// Ends a subcommand callback with an exit code (CLI11 turns it into the
// process exit status).
[[noreturn]] inline void Exit(int code) {
  if (code == 0) throw CLI::Success();
  throw CLI::RuntimeError(code);
}

}  // namespace beleving::cli
