// The demo's service charters (issue 16): per organisation its standard
// promises, published, and a year of promises made at the counter through
// the promise ledger on a clock that travels through the year: mostly kept
// (most of them by a later interaction of the customer, the standard's
// kept_by), some renegotiated, a few broken, compensated and their case
// closed. Promises due after `now` stay open; nothing older is left open.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/sql.h"

namespace beleving::demo {

// One of the organisation's teams as the demo built it.
struct DemoTeam {
  std::string key, location;
  std::vector<std::string> employees;  // keys
};

// The touchpoints MakeDemoCharter needs that the year of interactions does
// not use (the standards' own touchpoints), per organisation slug:
// {key, name, channel}. The demo creates them with the others.
struct CharterTouchpoint {
  std::string key, name, channel;
};
std::vector<CharterTouchpoint> CharterTouchpoints(const std::string& slug);

// Customers are "k10001" .. "k1NNNN" (`customers` of them).
Status MakeDemoCharter(store::Database& db, int64_t org_id, const std::string& slug,
                       const std::vector<DemoTeam>& teams, int customers, uint64_t seed,
                       UnixSeconds now);

}  // namespace beleving::demo
