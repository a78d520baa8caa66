// Teams and people: the fair ranking of teams and employees (the same score
// for every viewer; the session's view selects the rows), with consistency
// and disappointed returning customers per team.
#include <algorithm>
#include <map>

#include "web/insight_parts.h"

namespace beleving::web {

http::Response TeamsPage(Ctx& c) {
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  const insight::Slice year = LastYear(c);
  auto& svc = c.insight();
  auto teams = svc.Rankings(c.who, year, "team", kTeamMinCount);
  if (!teams.ok()) return StatusPage(c, teams.status());
  auto people = svc.Rankings(c.who, year, "employee", kPersonMinCount);
  if (!people.ok()) return StatusPage(c, people.status());
  auto cons = svc.Consistency(c.who, year, {"team"});
  if (!cons.ok()) return StatusPage(c, cons.status());
  auto ratchet = svc.Ratchet(c.who, year, {"team"});
  if (!ratchet.ok()) return StatusPage(c, ratchet.status());
  // Benchmarks inside the organisation: the organisation's NPS and each
  // team's best other team with at least as many answers as a rank needs.
  auto by_team = svc.Measures(c.who, year, {"team"});
  if (!by_team.ok()) return StatusPage(c, by_team.status());
  auto bench = svc.Compare(c.who, year, *by_team, kTeamMinCount);
  if (!bench.ok()) return StatusPage(c, bench.status());
  std::map<int64_t, std::string> best_of;  // team -> "name (NPS)"
  for (size_t i = 0; i < by_team->rows.size(); ++i) {
    if (!bench->best[i]) continue;
    const auto& best = by_team->rows[*bench->best[i]];
    best_of[by_team->rows[i].key[0]] =
        Esc(names->Team(best.key[0])) + " (" + Num(c, *best.measures.nps, 0) + ")";
  }
  std::map<int64_t, const engine::ConsistencyRow*> cby;
  for (const auto& r : cons->rows) cby[r.key[0]] = &r;
  std::map<int64_t, const engine::RatchetRow*> rby;
  for (const auto& r : ratchet->result.rows) rby[r.key[0]] = &r;
  // A team whose spread is well above the typical team's is flagged.
  std::vector<double> sds;
  for (const auto& r : cons->rows) sds.push_back(r.stddev);
  std::sort(sds.begin(), sds.end());
  double median_sd = sds.empty() ? 0 : sds[sds.size() / 2];

  std::string h =
      "<div class=\"lede\">" + Esc(c.F("insight.teams.lede", {{"n", Count(c, kTeamMinCount)}})) +
      "</div><section class=\"panel\"><h2>" + Esc(c.T("insight.teams.teams")) + "</h2><p>" +
      Esc(c.F("insight.benchmark.org",
              {{"nps", bench->org.nps ? Num(c, *bench->org.nps, 0) : std::string("—")},
               {"n", Count(c, bench->org.nps_answers)}})) +
      "</p><div class=\"scroll\"><table class=\"data\"><thead><tr><th scope=\"col\">" +
      Esc(c.T("insight.rank.label")) + "</th><th scope=\"col\">" + Esc(c.T("insight.team")) +
      "</th><th scope=\"col\">" + Esc(c.T("insight.fair_nps")) + "</th><th scope=\"col\">" +
      Esc(c.T("insight.interval")) + "</th><th scope=\"col\">" + Esc(c.T("insight.teams.raw_nps")) +
      "</th><th scope=\"col\">n</th><th scope=\"col\">" + Esc(c.T("insight.consistency.spread")) +
      "</th><th scope=\"col\">" + Esc(c.T("insight.consistency.below_7")) +
      "</th><th scope=\"col\">" + Esc(c.T("insight.disappointed.short")) +
      "</th><th scope=\"col\">" + Esc(c.T("insight.benchmark.best_team")) +
      "</th></tr></thead><tbody>";
  for (const auto& r : teams->rows) {
    h += "<tr><td>" + RankCell(c, r) + "</td><th scope=\"row\"><a href=\"/teams/" +
         std::to_string(r.id) + "\">" + Esc(names->Team(r.id)) + "</a></th><td>" +
         NpsBadge(c, r.posterior_nps) + "</td><td>" +
         IntervalSvg(c, r.posterior_nps, r.ci_low, r.ci_high) + "</td><td>" + Num(c, r.raw_nps, 0) +
         "</td><td>" + Count(c, r.n) + "</td>";
    auto ci = cby.find(r.id);
    bool spread = ci != cby.end() && sds.size() > 2 && ci->second->stddev > 1.25 * median_sd;
    h += ci != cby.end() ? std::string(spread ? "<td class=\"alert\">" : "<td>") +
                               Num(c, ci->second->stddev, 2) + "</td><td>" +
                               Percent(c, ci->second->share_below, 0) + "</td>"
                         : "<td>—</td><td>—</td>";
    auto ri = rby.find(r.id);
    h += "<td>" + (ri != rby.end() && ri->second->share ? Percent(c, *ri->second->share, 1) : "—") +
         "</td>";
    auto bi = best_of.find(r.id);
    h += "<td>" + (bi != best_of.end() ? bi->second : std::string("—")) + "</td></tr>";
  }
  h += "</tbody></table></div>" + Explain(c, {"fair", "interval", "spread", "disappointed"}) +
       "<p class=\"muted small\">" +
       Esc(c.F("insight.benchmark.explained", {{"n", Count(c, kTeamMinCount)}})) + "</p></section>";

  h += "<section class=\"panel\"><h2>" + Esc(c.T("insight.employees")) +
       "</h2><div class=\"scroll\"><table class=\"data\"><thead><tr><th scope=\"col\">" +
       Esc(c.T("insight.rank.label")) + "</th><th scope=\"col\">" + Esc(c.T("insight.name")) +
       "</th><th scope=\"col\">" + Esc(c.T("insight.team")) + "</th><th scope=\"col\">" +
       Esc(c.T("insight.fair_nps")) + "</th><th scope=\"col\">" + Esc(c.T("insight.interval")) +
       "</th><th scope=\"col\">n</th></tr></thead><tbody>";
  for (const auto& r : people->rows) {
    auto e = names->employees.find(r.id);
    std::string team = e != names->employees.end() && e->second.parent_id
                           ? names->Team(*e->second.parent_id)
                           : "—";
    h += "<tr><td>" + RankCell(c, r) + "</td><th scope=\"row\"><a href=\"/people/" +
         std::to_string(r.id) + "\">" + Esc(names->Employee(r.id)) + "</a></th><td>" + Esc(team) +
         "</td><td>" + NpsBadge(c, r.posterior_nps) + "</td><td>" +
         IntervalSvg(c, r.posterior_nps, r.ci_low, r.ci_high) + "</td><td>" + Count(c, r.n) +
         "</td></tr>";
  }
  h += "</tbody></table></div></section>";
  return Page(c, 200, "teams", c.T("nav.teams"), h);
}

}  // namespace beleving::web
