// The moments page's outcome section (issue 20): what customers decided
// after each touchpoint, for one outcome picked by the reader (bought by
// default). Per touchpoint the outcome rate and value, the rate per NPS
// band of the linked response (does a 10 buy more than a 7?), and the
// moments whose experience most changes the outcome (promoters' rate minus
// detractors', only with enough of both: outcomes::kEffectMinBand). The
// figures come from outcomes::Outcomes; this file only renders them.
#include <map>

#include "outcomes/outcomes.h"
#include "web/insight_parts.h"

namespace beleving::web {
namespace {

std::string RateCell(const Ctx& c, const outcomes::Share& s) {
  auto r = s.rate();
  if (!r) return "<td>—</td>";
  return "<td>" + Percent(c, *r, 0) + " <span class=\"muted\">(" +
         c.F("insight.outcomes.of_n", {{"n", Count(c, s.interactions)}}) + ")</span></td>";
}

std::string Picker(const Ctx& c, const std::string& outcome) {
  std::string h =
      "<form method=\"get\" action=\"/moments\" class=\"filters\"><div><label for=\"f-outcome\">" +
      Esc(c.T("insight.outcomes.picker")) + "</label><select id=\"f-outcome\" name=\"outcome\">";
  for (auto o : outcomes::kBuiltInOutcomes) {
    const std::string v(o);
    h += "<option value=\"" + v + "\"" + (v == outcome ? " selected" : "") + ">" +
         Esc(c.T(OutcomeKey(v))) + "</option>";
  }
  return h + "</select></div><button type=\"submit\">" + Esc(c.T("insight.explorer.filter")) +
         "</button></form>";
}

}  // namespace

std::string OutcomeKey(std::string_view outcome) {
  return "insight.outcome." + std::string(outcome);
}

Result<std::string> OutcomesSection(const Ctx& c, const Names& names, const std::string& outcome) {
  outcomes::OutcomesQuery q;
  q.group_by = "touchpoint";
  q.outcome = outcome;
  const insight::Slice year = LastYear(c);
  q.from = year.from;
  q.to = year.to;
  ASSIGN_OR_RETURN(auto rows, c.app.services().outcomes().By(c.who, q));
  std::map<std::string, std::string> label;  // touchpoint key -> name
  for (const auto& [id, item] : names.touchpoints) label[item.key] = item.name;
  auto name = [&](const std::string& key) {
    if (key.empty()) return c.T("insight.outcomes.no_touchpoint");
    auto it = label.find(key);
    return it == label.end() ? key : it->second;
  };

  std::string h = "<section class=\"panel\" id=\"outcomes\"><h2>" +
                  Esc(c.T("insight.outcomes.title")) + "</h2><p class=\"lede\">" +
                  Esc(c.T("insight.outcomes.lede")) + "</p>" + Picker(c, outcome);
  int64_t with_outcome = 0;
  for (const auto& r : rows) with_outcome += r.all.with_outcome;
  if (rows.empty() || with_outcome == 0) {
    return h + "<p class=\"empty\">" +
           Esc(c.F("insight.outcomes.empty", {{"outcome", c.T(OutcomeKey(outcome))}})) +
           "</p></section>";
  }
  h += "<div class=\"scroll\"><table class=\"data\"><thead><tr><th scope=\"col\">" +
       Esc(c.T("insight.touchpoint")) + "</th><th scope=\"col\">" +
       Esc(c.T("insight.outcomes.interactions")) + "</th><th scope=\"col\">" +
       Esc(c.T("insight.outcomes.rate")) + "</th><th scope=\"col\">" +
       Esc(c.T("insight.outcomes.value")) + "</th><th scope=\"col\">" +
       Esc(c.T("insight.outcomes.detractors")) + "</th><th scope=\"col\">" +
       Esc(c.T("insight.outcomes.passives")) + "</th><th scope=\"col\">" +
       Esc(c.T("insight.outcomes.promoters")) + "</th></tr></thead><tbody>";
  for (const auto& r : rows) {
    h += "<tr><th scope=\"row\">" + Esc(name(r.group)) + "</th><td>" +
         Count(c, r.all.interactions) + "</td><td>" +
         (r.all.rate() ? Percent(c, *r.all.rate(), 0) : "—") + "</td><td>" +
         Num(c, static_cast<double>(r.value_cents) / 100.0, 2) + "</td>" +
         RateCell(c, r.detractor) + RateCell(c, r.passive) + RateCell(c, r.promoter) + "</tr>";
  }
  h += "</tbody></table></div><h3>" + Esc(c.T("insight.outcomes.effect.title")) + "</h3><p>" +
       Esc(c.F("insight.outcomes.effect.lede", {{"n", Count(c, outcomes::kEffectMinBand)}})) +
       "</p>";
  const auto effects = outcomes::RankByExperience(rows);
  if (effects.empty()) {
    return h + "<p class=\"empty\">" +
           Esc(c.F("insight.outcomes.effect.empty", {{"n", Count(c, outcomes::kEffectMinBand)}})) +
           "</p></section>";
  }
  h += "<ol class=\"effects\">";
  for (const auto& e : effects) {
    h += "<li><strong>" + Esc(name(e.group)) + "</strong>: " +
         Esc(c.F("insight.outcomes.effect.row", {{"points", SignedNum(c, e.difference * 100.0)},
                                                 {"promoters", Count(c, e.promoters)},
                                                 {"detractors", Count(c, e.detractors)}})) +
         "</li>";
  }
  return h + "</ol></section>";
}

}  // namespace beleving::web
