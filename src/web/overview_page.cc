// The overview: the last twelve months of the session's view at a glance:
// headline cards, what needs attention, the trend, the biggest movers, the
// touchpoint x channel heat map, open cases and promises at risk. The
// figures and the rules behind them are the insight service's
// (insight/overview.h); this file draws them.
#include <cmath>
#include <map>
#include <set>

#include "i18n/locale.h"
#include "web/insight_parts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

std::string HeatClass(std::optional<double> nps) {
  if (!nps) return "h0";
  if (*nps < -20) return "h1";
  if (*nps < 0) return "h2";
  if (*nps < 20) return "h3";
  if (*nps < 40) return "h4";
  if (*nps < 60) return "h5";
  return "h6";
}

std::string MoverList(const Ctx& c, const std::vector<insight::Mover>& ms,
                      const std::function<std::pair<std::string, std::string>(int64_t)>& label) {
  if (ms.empty())
    return "<p class=\"muted\">" + Esc(c.T("insight.overview.movers.too_few")) + "</p>";
  std::string h = "<ul class=\"movers\">";
  for (const auto& m : ms) {
    // Rounded to whole points: a change that rounds to 0 is no rise or fall.
    const double shown = std::round(m.delta);
    const char* cls = shown > 0 ? "up" : shown < 0 ? "down" : "same";
    const char* arrow = shown > 0 ? "▲ " : shown < 0 ? "▼ " : "= ";
    auto [name, href] = label(m.id);
    h += "<li><a href=\"" + Esc(href) + "\">" + Esc(name) + "</a><span class=\"delta " + cls +
         "\">" + arrow + SignedNum(c, m.delta) + "</span><span class=\"muted\">NPS " +
         Num(c, m.last, 0) + " · n " + Count(c, m.n_prev) + " → " + Count(c, m.n_last) +
         "</span></li>";
  }
  return h + "</ul>";
}

std::string Cards(const Ctx& c, const insight::OverviewFigures& o) {
  const auto& m = o.total;
  std::string h = "<div class=\"cards\">";
  h += Card("NPS", NpsBadge(c, m.nps), CiText(c, m), "hero");
  h += Card(Esc(c.T("insight.cards.share_tens")),
            m.share_tens ? Percent(c, *m.share_tens / 100, 0) : "—",
            Esc(c.T("insight.overview.cards.of_all_scores")));
  h += Card(
      Esc(c.T("insight.overview.cards.response_rate")),
      o.interactions > 0
          ? Percent(c, static_cast<double>(m.count) / static_cast<double>(o.interactions), 0)
          : "—",
      Esc(c.F("insight.overview.cards.responses_of_interactions",
              {{"responses", Count(c, m.count)}, {"interactions", Count(c, o.interactions)}})));
  h += Card(Esc(c.T("insight.overview.cards.answers")), Count(c, m.nps_answers),
            Esc(i18n::Plural(c.lang, "insight.detractors", m.detractors)));
  return h + "</div>" + Explain(c, {"interval"});
}

std::string Attention(const Ctx& c, const Names& names, const insight::OverviewFigures& o) {
  std::vector<std::string> items;
  if (const auto& w = o.weakest_moment) {
    items.push_back(
        Esc(c.T("insight.overview.attention.weakest_moment")) + " <a href=\"/moments/" +
        std::to_string(w->touchpoint) + "\">" + Esc(names.Touchpoint(w->touchpoint)) + "</a>, " +
        Esc(c.F("insight.overview.attention.weakest_moment_figures",
                {{"nps", Num(c, w->nps, 0)},
                 {"n", Count(c, w->answers)},
                 {"detractors", i18n::Plural(c.lang, "insight.detractors", w->detractors)}})));
  }
  if (const auto& t = o.least_consistent_team) {
    items.push_back(Esc(c.T("insight.overview.attention.least_consistent_team")) +
                    " <a href=\"/teams/" + std::to_string(t->team) + "\">" +
                    Esc(names.Team(t->team)) + "</a>, " +
                    Esc(c.F("insight.overview.attention.least_consistent_figures",
                            {{"spread", Num(c, t->stddev, 2)},
                             {"median", Num(c, t->median_stddev, 2)},
                             {"below", Percent(c, t->share_below, 0)}})));
  }
  if (const auto& d = o.disappointed) {
    items.push_back(Esc(c.T("insight.disappointed.label")) + " <strong>" +
                    Percent(c, *d->share, 1) + "</strong> (" +
                    Esc(i18n::Plural(c.lang, "insight.overview.attention.disappointed_times",
                                     d->disappointed)) +
                    ") · <a href=\"/teams\">" + Esc(c.T("insight.overview.attention.by_team")) +
                    "</a>");
  }
  if (items.empty()) return "";
  std::string h = "<section class=\"panel attention\"><h2>" +
                  Esc(c.T("insight.overview.attention.title")) + "</h2><ul>";
  for (const auto& i : items) h += "<li>" + i + "</li>";
  return h + "</ul></section>";
}

std::string Movers(const Ctx& c, const Names& names, const insight::OverviewFigures& o,
                   const Period& per) {
  std::string h =
      "<section class=\"panel\"><h2>" + Esc(c.T("insight.overview.movers.title")) + "</h2>";
  if (!o.previous_period || !o.last_period) {
    return h + "<p class=\"muted\">" + Esc(c.T("insight.overview.movers.not_two_periods")) +
           "</p></section>";
  }
  auto moment = [&](int64_t id) {
    return std::make_pair(names.Touchpoint(id), "/moments/" + std::to_string(id));
  };
  auto team = [&](int64_t id) {
    return std::make_pair(names.Team(id), "/teams/" + std::to_string(id));
  };
  return h + "<p class=\"muted\">" + Esc(PeriodLabel(c, per, *o.previous_period)) + " → " +
         Esc(PeriodLabel(c, per, *o.last_period)) + "</p><div class=\"grid2\"><div><h3>" +
         Esc(c.T("insight.overview.movers.moments")) + "</h3>" +
         MoverList(c, o.touchpoint_movers, moment) + "</div><div><h3>" +
         Esc(c.T("insight.overview.movers.teams")) + "</h3>" + MoverList(c, o.team_movers, team) +
         "</div></div></section>";
}

std::string HeatMap(const Ctx& c, const Names& names, const engine::MeasureResult& heat) {
  std::set<int64_t> tps, chans;
  std::map<std::pair<int64_t, int64_t>, const engine::ScoreMeasures*> cell;
  for (const auto& row : heat.rows) {
    tps.insert(row.key[0]);
    chans.insert(row.key[1]);
    cell[{row.key[0], row.key[1]}] = &row.measures;
  }
  std::string h = "<section class=\"panel\"><h2>" + Esc(c.T("insight.overview.heat.title")) +
                  "</h2><div class=\"scroll\"><table class=\"heat\"><caption class=\"sr\">" +
                  Esc(c.T("insight.overview.heat.caption")) +
                  "</caption><thead><tr><th scope=\"col\">" + Esc(c.T("insight.touchpoint")) +
                  "</th>";
  for (int64_t ch : chans) {
    h += "<th scope=\"col\">" + Esc(c.T(ChannelKey(static_cast<engine::Channel>(ch)))) + "</th>";
  }
  h += "</tr></thead><tbody>";
  for (int64_t tp : tps) {
    h += "<tr><th scope=\"row\"><a href=\"/moments/" + std::to_string(tp) + "\">" +
         Esc(names.Touchpoint(tp)) + "</a></th>";
    for (int64_t ch : chans) {
      auto it = cell.find({tp, ch});
      if (it == cell.end() || !it->second->nps) {
        h += "<td class=\"h0\">·</td>";
        continue;
      }
      const auto& cm = *it->second;
      bool few = cm.nps_answers < insight::kFewAnswers;
      h += "<td class=\"" + HeatClass(cm.nps) + (few ? " few" : "") + "\"><span class=\"v\">" +
           Num(c, *cm.nps, 0) + (few ? "*" : "") + "</span><span class=\"n\">n " +
           Count(c, cm.nps_answers) + "</span></td>";
    }
    h += "</tr>";
  }
  return h + "</tbody></table></div><p class=\"muted small\">* " +
         Esc(c.F("insight.overview.heat.few", {{"n", Count(c, insight::kFewAnswers)}})) +
         "</p></section>";
}

std::string Loop(const Ctx& c, const Names& names, const insight::OverviewFigures& o) {
  std::string h = "<div class=\"grid2\"><section class=\"panel\"><h2>" +
                  Esc(c.T("insight.overview.cases.title")) + "</h2><p class=\"big\">" +
                  (o.open_cases.size() >= static_cast<size_t>(insight::kMaxListed)
                       ? Count(c, insight::kMaxListed) + "+"
                       : Count(c, static_cast<int64_t>(o.open_cases.size()))) +
                  "</p><ul class=\"list\">";
  for (size_t i = 0; i < o.open_cases.size() && i < 5; ++i) {
    const auto& k = o.open_cases[i];
    const std::string type_key = "insight.overview.case_type." + k.case_type;
    const std::string& type =
        i18n::Has(type_key) ? c.T(type_key) : c.T("insight.overview.case_any");
    h += "<li><a href=\"/cases/" + std::to_string(k.id) + "\">" + Esc(type) +
         "</a> <span class=\"muted\">" +
         Esc(c.F("insight.overview.cases.opened", {{"date", Date(c, k.opened_at)}})) +
         (k.team_id ? " · " + Esc(names.Team(*k.team_id)) : "") + "</span></li>";
  }
  h += "</ul><p><a href=\"/cases\">" + Esc(c.T("insight.overview.cases.all")) +
       "</a></p></section><section class=\"panel\"><h2>" +
       Esc(c.T("insight.overview.promises.title")) + "</h2><p class=\"big\">" +
       Count(c, static_cast<int64_t>(o.promises_at_risk.size())) + "</p><ul class=\"list\">";
  for (size_t i = 0; i < o.promises_at_risk.size() && i < 5; ++i) {
    const auto& p = o.promises_at_risk[i];
    h += "<li>" + Esc(p.text) + " <span class=\"muted\">" +
         Esc(c.F("insight.overview.promises.due", {{"date", Date(c, p.due_at)}})) +
         (p.due_at < o.now ? " · " + Esc(c.T("insight.overview.promises.overdue")) : "") +
         "</span></li>";
  }
  return h + "</ul><p><a href=\"/promises\">" + Esc(c.T("insight.overview.promises.board")) +
         "</a></p></section></div>";
}

}  // namespace

http::Response OverviewPage(Ctx& c) {
  const Period per = PeriodOf(c);
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  auto o = c.insight().Overview(c.who, {per.key});
  if (!o.ok()) return StatusPage(c, o.status());
  std::string h = "<div class=\"lede\">" + Esc(c.T("insight.last_12_months")) + " · " +
                  PeriodSwitch(c, per) + "</div>";
  h += Cards(c, *o);
  h += Attention(c, *names, *o);
  h += "<section class=\"panel\"><h2>" + Esc(c.T("insight.trend.title")) + "</h2>" +
       Trend(c, o->trend, per, "trend-overview") + "</section>";
  h += Movers(c, *names, *o, per);
  h += HeatMap(c, *names, o->heat);
  h += Loop(c, *names, *o);
  h += CharterTile(c);  // issue 16
  return Page(c, 200, "overview", c.T("nav.overview"), h);
}

}  // namespace beleving::web
