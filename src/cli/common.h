// Helpers shared by the subcommands: environment defaults, error exits, and
// opening a data directory with the system clock.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "api/app.h"
#include "core/status.h"

namespace beleving::cli {

inline std::string EnvOr(const char* name, const char* dflt) {
  const char* v = std::getenv(name);
  return v && *v ? v : dflt;
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
