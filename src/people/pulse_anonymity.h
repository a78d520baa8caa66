// The publication rule of the team pulse: k-anonymity that narrowing cannot
// break. Pure functions; people/pulse.h applies them to the stored answers.
//
// The rule (docs/people.md, "Anonymity of the pulse")
// - The only grouping is team x whole months (a pulse round is a team's
//   month). A period asked for is widened to the whole months it touches.
// - Per team and month, answers are published as blocks: the first block
//   once the month holds at least kMinPulseGroup answers; later answers of
//   that month join only when at least kMinPulseGroup of them have arrived
//   (until then the month is shown as its last published block). The
//   highest published answer id is stored (pulse_published).
// - A team's result for a period is the sum of its months' published
//   blocks; a team with none is not listed, only counted as suppressed.
// Why this holds: every result ever shown for a team is a sum of blocks of
// at least kMinPulseGroup answers, and blocks never overlap. Any difference
// between two results (other periods, before and after new answers, other
// filters) is again a sum of whole blocks, so it never isolates fewer than
// kMinPulseGroup answers. There is no total over teams, so the teams
// themselves cannot be differenced either.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace beleving::people {

inline constexpr int64_t kMinPulseGroup = 5;

// What one team's month shows.
struct MonthBlock {
  // The answers with id <= upto are shown; 0: nothing shown.
  int64_t upto = 0;
  // Whether `upto` is a new highest published id to store.
  bool record = false;
};

// `ids`: the month's answer ids, ascending; `published`: the highest id
// already published for this team and month, if any.
MonthBlock PublishableBlock(std::span<const int64_t> ids, std::optional<int64_t> published);

}  // namespace beleving::people
