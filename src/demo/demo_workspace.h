// The demo workspace: three realistic Dutch organisations with a year of
// interactions and responses, deterministic by seed, holding exactly what
// Beleving exists to find: one team far less consistent than the others,
// returning customers whose later visit fell below their first, promoters
// who could be ambassadors, and complaints.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "store/sql.h"

namespace beleving::demo {

inline constexpr const char* kDemoAdminEmail = "demo@beleving.example";
inline constexpr const char* kDemoPassword = "beleving-demo";
// Other demo log-ins (same password): a team manager, an employee and a
// consultant who serves all three organisations.
inline constexpr const char* kDemoManagerEmail = "manager@beleving.example";
inline constexpr const char* kDemoEmployeeEmail = "sanne@beleving.example";
inline constexpr const char* kDemoConsultantEmail = "consultant@beleving.example";

// Creates the demo workspace in `data_dir` unless it already holds an
// organisation. Returns true when it created it.
Result<bool> EnsureDemoWorkspace(const std::string& data_dir, uint64_t seed);
// The same on an open database of either backend.
Result<bool> EnsureDemoWorkspace(store::Database& db, uint64_t seed);

}  // namespace beleving::demo
