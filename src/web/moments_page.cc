// Moments of truth: every touchpoint of the last twelve months, how it
// scores, how consistently, and a link to what drives it.
#include <map>

#include "web/insight_parts.h"

namespace beleving::web {

http::Response MomentsPage(Ctx& c) {
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  const insight::Slice year = LastYear(c);
  auto ms = c.insight().Measures(c.who, year, {"touchpoint"});
  if (!ms.ok()) return StatusPage(c, ms.status());
  auto cons = c.insight().Consistency(c.who, year, {"touchpoint"});
  if (!cons.ok()) return StatusPage(c, cons.status());
  std::map<int64_t, const engine::ConsistencyRow*> cby;
  for (const auto& r : cons->rows) cby[r.key[0]] = &r;
  std::string h =
      "<div class=\"lede\">" + Esc(c.T("insight.moments.lede")) +
      "</div><div class=\"scroll\"><table class=\"data\"><thead><tr><th "
      "scope=\"col\">" +
      Esc(c.T("insight.touchpoint")) + "</th><th scope=\"col\">NPS</th><th scope=\"col\">" +
      Esc(c.T("insight.interval")) + "</th><th scope=\"col\">n</th><th scope=\"col\">" +
      Esc(c.T("insight.moments.distribution")) + "</th><th scope=\"col\">" +
      Esc(c.T("insight.consistency.spread")) + "</th><th scope=\"col\">IQR</th><th scope=\"col\">" +
      Esc(c.T("insight.consistency.below_7")) + "</th></tr></thead><tbody>";
  for (const auto& row : ms->rows) {
    const auto& m = row.measures;
    int64_t id = row.key[0];
    h += "<tr><th scope=\"row\"><a href=\"/moments/" + std::to_string(id) + "\">" +
         Esc(names->Touchpoint(id)) + "</a></th><td>" + NpsBadge(c, m.nps) + "</td><td>" +
         (m.nps && m.nps_ci_low ? IntervalSvg(c, *m.nps, *m.nps_ci_low, *m.nps_ci_high) : "") +
         "</td><td>" + Count(c, m.nps_answers) + "</td><td>" +
         DistributionSvg(c, m.distribution, true) + "</td>";
    auto it = cby.find(id);
    if (it != cby.end()) {
      h += "<td>" + Num(c, it->second->stddev, 1) + "</td><td>" + Num(c, it->second->iqr, 1) +
           "</td><td>" + Percent(c, it->second->share_below, 0) + "</td>";
    } else {
      h += "<td>—</td><td>—</td><td>—</td>";
    }
    h += "</tr>";
  }
  h += "</tbody></table></div>" + Explain(c, {"interval", "spread"});
  return Page(c, 200, "moments", c.T("insight.moments.title"), h);
}

}  // namespace beleving::web
