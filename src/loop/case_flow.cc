#include "loop/case_flow.h"

namespace beleving::loop {
namespace {

constexpr size_t kCount = kCaseStatuses.size();

// kMoves[from][to]: the transition table.
constexpr bool kMoves[kCount][kCount] = {
    // to: received acknowledged assessed investigating responded closed
    /* received      */ {false, true, true, true, true, false},
    /* acknowledged  */ {false, false, true, true, true, false},
    /* assessed      */ {false, false, false, true, true, false},
    /* investigating */ {false, false, false, false, true, false},
    /* responded     */ {false, false, false, true, false, true},
    /* closed        */ {false, false, false, true, false, false},
};

}  // namespace

std::string_view CaseStatusName(CaseStatus s) {
  switch (s) {
    case CaseStatus::kReceived:
      return "received";
    case CaseStatus::kAcknowledged:
      return "acknowledged";
    case CaseStatus::kAssessed:
      return "assessed";
    case CaseStatus::kInvestigating:
      return "investigating";
    case CaseStatus::kResponded:
      return "responded";
    case CaseStatus::kClosed:
      return "closed";
  }
  return "received";
}

std::optional<CaseStatus> ParseCaseStatus(std::string_view name) {
  for (CaseStatus s : kCaseStatuses) {
    if (CaseStatusName(s) == name) return s;
  }
  return std::nullopt;
}

const std::vector<std::string>& CaseStatusNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (CaseStatus s : kCaseStatuses) v.emplace_back(CaseStatusName(s));
    return v;
  }();
  return names;
}

bool CanMove(CaseStatus from, CaseStatus to) {
  return kMoves[static_cast<size_t>(from)][static_cast<size_t>(to)];
}

std::vector<CaseStatus> NextStatuses(CaseStatus from) {
  std::vector<CaseStatus> out;
  for (CaseStatus to : kCaseStatuses) {
    if (CanMove(from, to)) out.push_back(to);
  }
  return out;
}

bool IsCaseStatus(std::string_view s) { return ParseCaseStatus(s).has_value(); }

bool CaseTransitionAllowed(std::string_view from, std::string_view to) {
  auto f = ParseCaseStatus(from), t = ParseCaseStatus(to);
  return f && t && CanMove(*f, *t);
}

}  // namespace beleving::loop
