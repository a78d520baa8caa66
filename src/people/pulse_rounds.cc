#include "people/pulse_rounds.h"

#include "people/pulse.h"
#include "security/secrets.h"
#include "store/access_store.h"
#include "store/people_store.h"

namespace beleving::people {

Result<RoundOpened> PulseRounds::Open(const security::Principal& who, const std::string& team) {
  if (!who.CanManage()) return PermissionDenied("opening a pulse round needs a manager");
  const UnixSeconds now = clock_.Now();
  RoundOpened out;
  out.month = store::MonthOf(now);
  out.closes_at = now + kPulseRoundDays * 86400;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    out.invites.clear();
    ASSIGN_OR_RETURN(auto teams, store::PeopleStore::TeamIds(c, who.tenant));
    auto it = teams.find(team);
    if (it == teams.end() || !who.tenant.SeesTeam(it->second)) {
      return InvalidArgument("no team with key '" + team.substr(0, 200) + "'", "/team");
    }
    ASSIGN_OR_RETURN(auto round, store::PeopleStore::EnsureRound(c, who.tenant, it->second,
                                                                 out.month, now, out.closes_at));
    out.round_id = round.first;
    ASSIGN_OR_RETURN(auto members, store::PeopleStore::TeamMembers(c, who.tenant, it->second));
    for (const auto& m : members) {
      std::string token = security::RandomToken(24);
      ASSIGN_OR_RETURN(bool made, store::PeopleStore::InsertLink(c, who.tenant, out.round_id, m.id,
                                                                 security::Sha256Hex(token)));
      if (made) out.invites.push_back({m.id, m.name, m.email, std::move(token)});
    }
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "open",
                                     "pulse_round:" + std::to_string(out.round_id), now);
  }));
  return out;
}

Status PulseRounds::Answer(const std::string& token, const PulseLinkAnswer& a) {
  if (a.enps < 0 || a.enps > 10) return InvalidArgument("eNPS is 0..10", "/enps");
  const std::optional<int>* items[] = {&a.engagement_1, &a.engagement_2, &a.engagement_3};
  for (int i = 0; i < 3; ++i) {
    if (*items[i] && (**items[i] < 1 || **items[i] > 5)) {
      return InvalidArgument("an engagement item is 1..5", "/engagement_" + std::to_string(i + 1));
    }
  }
  if (a.comment && a.comment->size() > kMaxPulseComment) {
    return InvalidArgument("a comment holds at most 2000 bytes", "/comment");
  }
  const UnixSeconds now = clock_.Now();
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto link, store::PeopleStore::LinkByHash(c, security::Sha256Hex(token)));
    if (!link) return NotFound("no such pulse link");
    if (now >= link->closes_at) return FailedPrecondition("this pulse round has closed");
    // Another hash of the token than the link's: the mark says "some link
    // was answered", never which one (docs/people.md).
    ASSIGN_OR_RETURN(bool marked,
                     store::PeopleStore::MarkTokenUsed(c, security::Sha256Hex("used:" + token)));
    if (!marked) return AlreadyExists("this pulse link has been answered");
    store::PulseAnswerRecord r;
    r.org_id = link->org_id;
    r.team_id = link->team_id;
    r.round_id = link->round_id;
    r.answered_at = now;
    r.month = link->month;
    r.enps = a.enps;
    r.engagement_1 = a.engagement_1;
    r.engagement_2 = a.engagement_2;
    r.engagement_3 = a.engagement_3;
    r.comment = a.comment;
    return store::PeopleStore::InsertPulseAnswer(c, r).status();
  });
}

}  // namespace beleving::people
