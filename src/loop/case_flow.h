// The case flow (ISO 10002 complaints handling): a case is received,
// acknowledged, assessed, investigated, responded to and closed.
//
//   received -> acknowledged -> assessed -> investigating -> responded -> closed
//
// A case may move forward to any later status up to `responded` in one
// step (skipping a stage records it as passed: leaving `received`
// acknowledges the case); it is closed only once it has been responded to.
// Two moves go back: `responded -> investigating` (the answer did not
// settle it) and `closed -> investigating` (reopened). Everything else is
// refused. The table below is the one place this is decided: the API, the
// dashboard's status form and the CLI all ask it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beleving::loop {

enum class CaseStatus { kReceived, kAcknowledged, kAssessed, kInvestigating, kResponded, kClosed };

inline constexpr std::array<CaseStatus, 6> kCaseStatuses = {
    CaseStatus::kReceived,      CaseStatus::kAcknowledged, CaseStatus::kAssessed,
    CaseStatus::kInvestigating, CaseStatus::kResponded,    CaseStatus::kClosed};

// "received", "acknowledged", ...: the stored and API name.
std::string_view CaseStatusName(CaseStatus s);
std::optional<CaseStatus> ParseCaseStatus(std::string_view name);
// Every status name in flow order (the enum of request schemas).
const std::vector<std::string>& CaseStatusNames();

// Whether the flow allows a case in `from` to move to `to`.
bool CanMove(CaseStatus from, CaseStatus to);
// The statuses a case in `from` may move to, in flow order.
std::vector<CaseStatus> NextStatuses(CaseStatus from);

// The same by name; unknown names are never allowed.
bool IsCaseStatus(std::string_view s);
bool CaseTransitionAllowed(std::string_view from, std::string_view to);

}  // namespace beleving::loop
