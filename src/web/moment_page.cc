// One moment of truth (a touchpoint): its scores, distribution, trend,
// consistency, what drives it, and recent comments.
#include "web/insight_parts.h"

namespace beleving::web {

http::Response MomentPage(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  auto tp = c.insight().Touchpoint(c.who, *names, *id);
  if (!tp.ok()) return StatusPage(c, tp.status());
  const Period per = PeriodOf(c);
  insight::Slice s = LastYear(c);
  s.touchpoints = {*id};
  auto total = c.insight().Measures(c.who, s, {});
  if (!total.ok()) return StatusPage(c, total.status());
  auto trend = c.insight().Measures(c.who, s, {per.key});
  if (!trend.ok()) return StatusPage(c, trend.status());
  auto cons = c.insight().Consistency(c.who, s, {});
  auto kd = c.insight().Drivers(c.who, s, {});
  store::CommentQuery q;
  q.touchpoint_id = *id;
  q.limit = 12;
  auto comments = c.insight().Comments(c.who, q);
  const auto& m = total->rows[0].measures;
  std::string h = "<div class=\"lede\"><a href=\"/moments\">" + Esc(c.T("insight.moment.all")) +
                  "</a> · " + PeriodSwitch(c, per) + "</div>" + MeasureCards(c, m);
  h += "<div class=\"grid2\"><section class=\"panel\"><h2>" +
       Esc(c.T("insight.distribution.title")) + "</h2>" +
       DistributionSvg(c, m.distribution, false) + "</section><section class=\"panel\"><h2>" +
       Esc(c.T("insight.trend.title")) + "</h2>" + Trend(c, *trend, per, "trend-moment") +
       "</section></div>";
  if (cons.ok() && !cons->rows.empty()) {
    h += "<section class=\"panel\"><h2>" + Esc(c.T("insight.consistency.title")) + "</h2>" +
         ConsistencyCards(c, cons->rows[0]) + "</section>";
  }
  if (kd.ok()) h += DriversSection(c, *kd);
  h += "<section class=\"panel\"><h2>" + Esc(c.T("insight.comments.recent")) + "</h2>" +
       (comments.ok() ? CommentList(c, *names, *comments) : "") +
       "<p><a href=\"/comments?touchpoint=" + std::to_string(*id) + "\">" +
       Esc(c.T("insight.moment.all_comments")) + "</a></p></section>";
  return Page(c, 200, "moments", tp->name, h);
}

}  // namespace beleving::web
