// One team: its scores, trend, distribution, consistency (with the spread
// between its employees), its people fairly ranked, and recent comments.
#include "web/insight_parts.h"

namespace beleving::web {

http::Response TeamPage(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  auto& svc = c.insight();
  auto team = svc.Team(c.who, *names, *id);
  if (!team.ok()) return StatusPage(c, team.status());
  const Period per = PeriodOf(c);
  insight::Slice s = LastYear(c);
  s.teams = {*id};
  auto total = svc.Measures(c.who, s, {});
  if (!total.ok()) return StatusPage(c, total.status());
  auto trend = svc.Measures(c.who, s, {per.key});
  if (!trend.ok()) return StatusPage(c, trend.status());
  auto cons = svc.Consistency(c.who, s, {"team"});
  auto ratchet = svc.Ratchet(c.who, s, {});
  auto people = svc.Rankings(c.who, s, "employee", kPersonMinCount);
  store::CommentQuery q;
  q.team_id = *id;
  q.limit = 10;
  auto comments = svc.Comments(c.who, q);

  const auto& m = total->rows[0].measures;
  std::string h = "<div class=\"lede\"><a href=\"/teams\">" + Esc(c.T("insight.team_page.all")) +
                  "</a> · " + PeriodSwitch(c, per) + "</div>" + MeasureCards(c, m);
  h += "<div class=\"grid2\"><section class=\"panel\"><h2>" + Esc(c.T("insight.trend.title")) +
       "</h2>" + Trend(c, *trend, per, "trend-team") + "</section><section class=\"panel\"><h2>" +
       Esc(c.T("insight.distribution.title")) + "</h2>" +
       DistributionSvg(c, m.distribution, false) + "</section></div>";
  h += "<section class=\"panel\"><h2>" + Esc(c.T("insight.consistency.title")) + "</h2>";
  if (cons.ok() && !cons->rows.empty()) h += ConsistencyCards(c, cons->rows[0]);
  if (ratchet.ok() && !ratchet->result.rows.empty()) {
    h += DisappointedLine(c, ratchet->result.rows[0]);
  }
  h += "</section>";
  if (people.ok()) {
    h += "<section class=\"panel\"><h2>" + Esc(c.T("insight.employees")) +
         "</h2><table class=\"data\"><thead><tr><th scope=\"col\">" +
         Esc(c.T("insight.rank.label")) + "</th><th scope=\"col\">" + Esc(c.T("insight.name")) +
         "</th><th scope=\"col\">" + Esc(c.T("insight.fair_nps")) + "</th><th scope=\"col\">" +
         Esc(c.T("insight.interval")) + "</th><th scope=\"col\">n</th></tr></thead><tbody>";
    for (const auto& r : people->rows) {
      h += "<tr><td>" + RankCell(c, r) + "</td><th scope=\"row\"><a href=\"/people/" +
           std::to_string(r.id) + "\">" + Esc(names->Employee(r.id)) + "</a></th><td>" +
           NpsBadge(c, r.posterior_nps) + "</td><td>" +
           IntervalSvg(c, r.posterior_nps, r.ci_low, r.ci_high) + "</td><td>" + Count(c, r.n) +
           "</td></tr>";
    }
    h += "</tbody></table>" + Explain(c, {"fair", "interval"}) + "</section>";
  }
  h += "<section class=\"panel\"><h2>" + Esc(c.T("insight.comments.recent")) + "</h2>" +
       (comments.ok() ? CommentList(c, *names, *comments) : "") + "</section>";
  return Page(c, 200, "teams", team->name, h);
}

}  // namespace beleving::web
