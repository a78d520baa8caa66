// Alignment: whether a team shares one picture of a standard. Team members
// rate how often a standard happens in their team on a 5-point frequency
// scale (1 never .. 5 always); agreement within the team is rwg (James,
// Demaree & Wolf 1984):
//
//   rwg = 1 - s^2 / sigma_EU^2,   sigma_EU^2 = (A^2 - 1) / 12 = 2 for A = 5,
//
// s^2 the sample variance (n - 1) of the ratings, truncated to [0, 1]: 1 is
// full agreement, 0 agreement no better than random answers. The team's
// alignment per touchpoint is the mean rwg over its standards; the
// standards with the lowest rwg are where the team disagrees most.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace beleving::people {

inline constexpr int kFrequencyPoints = 5;

// nullopt for fewer than 2 ratings; ratings outside 1..5 are not counted.
std::optional<double> Rwg(std::span<const int> ratings);

struct StandardAgreement {
  int64_t standard_id = 0;
  double rwg = 0;
  double mean = 0;  // the average rating, 1..5
  int raters = 0;
};

struct TeamAlignment {
  std::optional<double> alignment;           // mean rwg; nullopt without any standard rated
  std::vector<StandardAgreement> standards;  // lowest rwg first (disagrees most)
};

// One entry per standard: its id and the team's ratings.
struct StandardRatings {
  int64_t standard_id = 0;
  std::vector<int> ratings;
};
TeamAlignment AlignmentOf(std::span<const StandardRatings> standards);

}  // namespace beleving::people
