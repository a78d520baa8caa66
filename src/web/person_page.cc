// One employee's page (/people/{id}; /me for an employee leads to their
// own): scores, the fair score and place in the team (staff only),
// disappointed returning customers, trend, distribution, compliments
// (credited by text/compliments.h) and their feedback. The service decides
// who may open it and audits the read.
#include "i18n/locale.h"
#include "web/insight_parts.h"

namespace beleving::web {

http::Response PersonPage(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  auto& svc = c.insight();
  auto person = svc.Person(c.who, *names, *id);
  if (!person.ok()) return StatusPage(c, person.status());
  const Period per = PeriodOf(c);
  insight::Slice s = LastYear(c);
  s.employees = {*id};
  auto total = svc.Measures(c.who, s, {});
  if (!total.ok()) return StatusPage(c, total.status());
  auto trend = svc.Measures(c.who, s, {per.key});
  if (!trend.ok()) return StatusPage(c, trend.status());
  auto ratchet = svc.Ratchet(c.who, s, {});
  // Their place among the team, fairly.
  std::optional<engine::RankingRow> mine;
  size_t peers = 0;
  if (person->parent_id) {
    insight::Slice ts = LastYear(c);
    ts.teams = {*person->parent_id};
    auto rk = svc.Rankings(c.who, ts, "employee", kPersonMinCount);
    if (rk.ok()) {
      peers = rk->rows.size();
      for (const auto& r : rk->rows) {
        if (r.id == *id) mine = r;
      }
    }
  }
  store::CommentQuery own;
  own.employee_id = *id;
  own.limit = 15;
  auto feedback = svc.Comments(c.who, own);
  auto compliments = svc.Compliments(c.who, *names, *id, 8);

  const auto& m = total->rows[0].measures;
  std::string h = "<div class=\"lede\">";
  if (!c.is_employee()) {
    if (person->parent_id) {
      h += "<a href=\"/teams/" + std::to_string(*person->parent_id) + "\">" +
           Esc(names->Team(*person->parent_id)) + "</a> · ";
    }
    h += PeriodSwitch(c, per);
  } else {
    h += Esc(c.T("insight.person.own_lede"));
  }
  h += "</div>" + MeasureCards(c, m) + "<div class=\"cards\">";
  if (mine) {
    h += Card(Esc(c.T("insight.fair_nps")), NpsBadge(c, mine->posterior_nps),
              Esc(c.F("insight.ci",
                      {{"low", Num(c, mine->ci_low, 0)}, {"high", Num(c, mine->ci_high, 0)}})));
    if (!c.is_employee()) {
      h += Card(Esc(c.T("insight.person.place_in_team")),
                mine->rank ? Count(c, *mine->rank) + " / " + Count(c, static_cast<int64_t>(peers))
                           : Esc(c.T("insight.rank.too_few")),
                Esc(c.F("insight.person.rank_from", {{"n", Count(c, kPersonMinCount)}})));
    }
  }
  if (ratchet.ok() && !ratchet->result.rows.empty() && ratchet->result.rows[0].share) {
    const auto& r = ratchet->result.rows[0];
    h += Card(
        Esc(c.T("insight.disappointed.short")), Percent(c, *r.share, 1),
        Esc(c.F("insight.person.disappointed_of",
                {{"n", Count(c, r.disappointed)},
                 {"returning", i18n::Plural(c.lang, "insight.person.returning", r.with_prev)}})));
  }
  h += "</div>";
  if (mine) h += Explain(c, {"fair"});
  if (ratchet.ok() && !ratchet->result.rows.empty() && ratchet->result.rows[0].share) {
    h += Explain(c, {"disappointed"});
  }
  h += "<div class=\"grid2\"><section class=\"panel\"><h2>" + Esc(c.T("insight.trend.title")) +
       "</h2>" + Trend(c, *trend, per, "trend-person") + "</section><section class=\"panel\"><h2>" +
       Esc(c.T("insight.distribution.title")) + "</h2>" +
       DistributionSvg(c, m.distribution, false) + "</section></div>";
  h += "<section class=\"panel praise\"><h2>" + Esc(c.T("insight.person.compliments")) + "</h2>" +
       (compliments.ok() ? CommentList(c, *names, *compliments) : "") + "</section>";
  h += "<section class=\"panel\"><h2>" + Esc(c.T("insight.person.feedback")) + "</h2>" +
       (feedback.ok() ? CommentList(c, *names, *feedback) : "") + "</section>";
  return Page(c, 200, c.is_employee() ? "me" : "teams", person->name, h);
}

http::Response MePage(Ctx& c) {
  if (!c.is_employee() || !c.tenant().employee()) return Redirect("/overview");
  return Redirect("/people/" + std::to_string(*c.tenant().employee()));
}

}  // namespace beleving::web
