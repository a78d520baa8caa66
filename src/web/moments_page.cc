// Moments of truth: every touchpoint of the last twelve months, how it
// scores, how consistently, a link to what drives it, and what customers
// decided after it (web/moment_outcomes.cc).
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
  // Benchmarks inside the organisation: its NPS, and per touchpoint the
  // best location with at least as many answers as a team's rank needs.
  auto by_location = c.insight().Measures(c.who, year, {"touchpoint", "location"});
  if (!by_location.ok()) return StatusPage(c, by_location.status());
  auto bench = c.insight().Compare(c.who, year, *by_location, kTeamMinCount);
  if (!bench.ok()) return StatusPage(c, bench.status());
  std::map<int64_t, std::string> best_at;  // touchpoint -> "location (NPS)"
  for (size_t i = 0; i < by_location->rows.size(); ++i) {
    if (!bench->top[i]) continue;
    const auto& top = by_location->rows[*bench->top[i]];
    best_at[top.key[0]] =
        Esc(names->Location(top.key[1])) + " (" + Num(c, *top.measures.nps, 0) + ")";
  }
  std::string h =
      "<div class=\"lede\">" + Esc(c.T("insight.moments.lede")) + "</div><p>" +
      Esc(c.F("insight.benchmark.org",
              {{"nps", bench->org.nps ? Num(c, *bench->org.nps, 0) : std::string("—")},
               {"n", Count(c, bench->org.nps_answers)}})) +
      "</p><div class=\"scroll\"><table class=\"data\"><thead><tr><th "
      "scope=\"col\">" +
      Esc(c.T("insight.touchpoint")) + "</th><th scope=\"col\">NPS</th><th scope=\"col\">" +
      Esc(c.T("insight.interval")) + "</th><th scope=\"col\">n</th><th scope=\"col\">" +
      Esc(c.T("insight.moments.distribution")) + "</th><th scope=\"col\">" +
      Esc(c.T("insight.consistency.spread")) + "</th><th scope=\"col\">IQR</th><th scope=\"col\">" +
      Esc(c.T("insight.consistency.below_7")) + "</th><th scope=\"col\">" +
      Esc(c.T("insight.benchmark.best_location")) + "</th></tr></thead><tbody>";
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
    auto bi = best_at.find(id);
    h += "<td>" + (bi != best_at.end() ? bi->second : std::string("—")) + "</td></tr>";
  }
  h += "</tbody></table></div>" + Explain(c, {"interval", "spread"}) + "<p class=\"muted small\">" +
       Esc(c.F("insight.benchmark.explained", {{"n", Count(c, kTeamMinCount)}})) + "</p>";
  // Checked by the chain: one of outcomes::kBuiltInOutcomes.
  auto outcome = OutcomesSection(c, *names, c.req.Query("outcome").value_or("bought"));
  if (!outcome.ok()) return StatusPage(c, outcome.status());
  h += *outcome;
  return Page(c, 200, "moments", c.T("insight.moments.title"), h);
}

}  // namespace beleving::web
