#include "people/pulse.h"

#include <algorithm>
#include <limits>
#include <map>

#include "engine/measures.h"
#include "people/pulse_anonymity.h"
#include "store/access_store.h"
#include "store/people_store.h"

namespace beleving::people {

PulseScore ScoreOf(int64_t promoters, int64_t passives, int64_t detractors) {
  PulseScore s;
  s.promoters = promoters;
  s.passives = passives;
  s.detractors = detractors;
  s.n = promoters + passives + detractors;
  if (auto e = engine::NpsWithCi(promoters, passives, detractors)) {
    s.enps = e->nps;
    s.ci_low = e->ci_low;
    s.ci_high = e->ci_high;
  }
  return s;
}

Result<int64_t> Pulse::Ingest(const security::Principal& who,
                              std::span<const PulseAnswerInput> answers) {
  if (!who.CanIngest()) return PermissionDenied("sending pulse answers needs the ingest scope");
  if (answers.size() > kMaxPulseBatch) {
    return InvalidArgument("at most 10000 answers per request", "/answers");
  }
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto teams, store::PeopleStore::TeamIds(c, who.tenant));
    for (size_t i = 0; i < answers.size(); ++i) {
      const PulseAnswerInput& a = answers[i];
      const std::string ptr = "/answers/" + std::to_string(i);
      auto team = teams.find(a.team);
      if (team == teams.end() || !who.tenant.SeesTeam(team->second)) {
        return InvalidArgument("no team with key '" + a.team.substr(0, 200) + "'", ptr + "/team");
      }
      if (a.enps < 0 || a.enps > 10) return InvalidArgument("eNPS is 0..10", ptr + "/enps");
      if (a.comment && a.comment->size() > kMaxPulseComment) {
        return InvalidArgument("a comment holds at most 2000 bytes", ptr + "/comment");
      }
      store::PulseAnswerRecord r;
      r.org_id = who.tenant.org_id();
      r.team_id = team->second;
      r.answered_at = a.answered_at;
      r.enps = a.enps;
      r.comment = a.comment;
      RETURN_IF_ERROR(store::PeopleStore::InsertPulseAnswer(c, r).status());
    }
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "ingest",
                                     "pulse_answers:" + std::to_string(answers.size()), now);
  }));
  return static_cast<int64_t>(answers.size());
}

Result<PulseResults> Pulse::Results(const security::Principal& who, const PulsePeriod& period) {
  if (!who.CanRead()) return PermissionDenied("reading pulse results needs the read scope");
  if (period.from && period.to && *period.to <= *period.from) {
    return InvalidArgument("to must be after from", "/to");
  }
  PulseResults out;
  if (period.from) out.from_month = store::MonthOf(*period.from);
  if (period.to) out.to_month = store::MonthOf(*period.to - 1);
  const int from_month = out.from_month.value_or(0);
  const int to_month = out.to_month.value_or(std::numeric_limits<int>::max());
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto keys, store::PeopleStore::TeamKeys(c, who.tenant));
    ASSIGN_OR_RETURN(auto answers,
                     store::PeopleStore::PulseAnswers(c, who.tenant, from_month, to_month));
    ASSIGN_OR_RETURN(auto published,
                     store::PeopleStore::PublishedBlocks(c, who.tenant, from_month, to_month));
    // Answers arrive ordered by team, month, id: walk one (team, month) run
    // at a time.
    std::map<int64_t, PulseTeamResult> teams;
    std::map<int64_t, bool> seen;
    for (size_t i = 0; i < answers.size();) {
      size_t j = i;
      std::vector<int64_t> ids;
      while (j < answers.size() && answers[j].team_id == answers[i].team_id &&
             answers[j].month == answers[i].month) {
        ids.push_back(answers[j++].id);
      }
      const int64_t team = answers[i].team_id;
      const int month = answers[i].month;
      if (who.tenant.SeesTeam(team)) {
        seen[team] = true;
        std::optional<int64_t> was;
        if (auto it = published.find({team, month}); it != published.end()) was = it->second;
        const MonthBlock block = PublishableBlock(ids, was);
        if (block.record) {
          RETURN_IF_ERROR(
              store::PeopleStore::SetPublishedBlock(c, who.tenant, team, month, block.upto));
        }
        if (block.upto > 0) {
          int64_t p = 0, pa = 0, d = 0;
          for (size_t k = i; k < j && answers[k].id <= block.upto; ++k) {
            const int s = answers[k].enps;
            (s >= 9 ? p : s >= 7 ? pa : d) += 1;
          }
          PulseTeamResult& t = teams[team];
          t.team_id = team;
          t.trend.push_back({month, ScoreOf(p, pa, d)});
        }
      }
      i = j;
    }
    for (auto& [id, t] : teams) {
      int64_t p = 0, pa = 0, d = 0;
      for (const PulseMonth& m : t.trend) {
        p += m.score.promoters;
        pa += m.score.passives;
        d += m.score.detractors;
      }
      t.score = ScoreOf(p, pa, d);
      auto k = keys.find(id);
      t.team = k == keys.end() ? std::string() : k->second;
      out.groups.push_back(std::move(t));
    }
    for (const auto& [id, any] : seen) out.suppressed += any && !teams.contains(id);
    return Status::Ok();
  }));
  std::sort(out.groups.begin(), out.groups.end(),
            [](const PulseTeamResult& a, const PulseTeamResult& b) { return a.team < b.team; });
  return out;
}

}  // namespace beleving::people
