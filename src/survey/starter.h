// Starter question sets for a new survey, so a CX manager can begin from a
// name and a kind and edit the texts afterwards.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/status.h"
#include "survey/definition.h"

namespace beleving::survey {

// The kinds a new survey can start from: "nps" (the default NPS survey with
// its follow-ups per score band), "csat" (satisfaction 1-5 plus a comment)
// and "ces" (customer effort 1-7, 1 = very difficult ... 7 = very easy, the
// orientation the engine reads: 5-7 count as easy; plus a comment).
inline constexpr std::array<const char*, 3> kStarterKinds = {"nps", "csat", "ces"};
bool IsStarterKind(std::string_view kind);

// A definition of `kind` with `key` and `name`, validated by
// ParseDefinition. InvalidArgument for an unknown kind, a bad key or name.
Result<Definition> StarterSurvey(std::string_view kind, const std::string& key,
                                 const std::string& name);

// A survey key made from a name: lower-case a-z and 0-9, other characters
// as "_", at most 48 characters; "survey" when nothing is left.
std::string KeyFromName(std::string_view name);

}  // namespace beleving::survey
