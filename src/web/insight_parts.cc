#include "web/insight_parts.h"

#include <algorithm>
#include <cmath>

#include "i18n/locale.h"

namespace beleving::web {
namespace {

std::string Px(double v) { return std::to_string(std::lround(v)); }

}  // namespace

Period PeriodOf(const Ctx& c) {
  Period p;
  if (auto q = c.req.Query("period"); q && *q == "week") p.key = "week";
  return p;
}

std::string PeriodLabel(const Ctx& c, const Period& p, int64_t bucket) {
  if (!p.weekly()) return i18n::MonthYear(c.lang, Period::Start(bucket), TimeZone::Utc());
  // "2026-W10": the ISO year and week.
  const std::string iso = engine::FormatGroupValue(engine::GroupKey::kIsoWeek, bucket);
  const size_t w = iso.find("-W");
  if (w == std::string::npos) return iso;
  std::string week = iso.substr(w + 2);
  if (week.size() > 1 && week[0] == '0') week.erase(0, 1);
  return c.F("insight.period.week_of", {{"week", week}, {"year", iso.substr(0, w)}});
}

std::string PeriodSwitch(const Ctx& c, const Period& p) {
  auto link = [&](const char* key) {
    std::string cls = p.key == key ? " aria-current=\"true\" class=\"on\"" : "";
    return "<a href=\"" + Esc(c.req.path) + "?period=" + key + "\"" + cls + ">" +
           Esc(c.T(std::string("insight.period.") + key)) + "</a>";
  };
  return "<div class=\"seg\" role=\"group\" aria-label=\"" + Esc(c.T("insight.period.label")) +
         "\">" + link("month") + link("week") + "</div>";
}

insight::Slice LastYear(const Ctx& c) {
  insight::Slice s;
  s.from = c.insight().clock().Now() - kYearSeconds;
  return s;
}

std::string ChannelKey(engine::Channel channel) {
  return "insight.channel." + std::string(engine::ChannelName(channel)) + ".name";
}

std::string DriverKey(std::string_view driver) { return "insight.driver." + std::string(driver); }

std::string QuadrantKey(std::string_view quadrant) {
  return "insight.quadrant." + (quadrant.empty() ? std::string("none") : std::string(quadrant));
}

std::string Card(const std::string& label, const std::string& value, const std::string& sub,
                 const std::string& cls) {
  return "<div class=\"card " + cls + "\"><div class=\"label\">" + label +
         "</div><div class=\"value\">" + value + "</div><div class=\"sub\">" + sub + "</div></div>";
}

std::string CiText(const Ctx& c, const engine::ScoreMeasures& m) {
  if (!m.nps_ci_low || !m.nps_ci_high) return "";
  return Esc(
      c.F("insight.ci", {{"low", Num(c, *m.nps_ci_low, 0)}, {"high", Num(c, *m.nps_ci_high, 0)}}));
}

std::string MeasureCards(const Ctx& c, const engine::ScoreMeasures& m) {
  std::string h = "<div class=\"cards\">";
  h += Card("NPS", NpsBadge(c, m.nps), CiText(c, m) + " · n = " + Count(c, m.nps_answers), "hero");
  h += Card(Esc(c.T("insight.cards.share_tens")),
            m.share_tens ? Percent(c, *m.share_tens / 100, 0) : "—",
            Esc(i18n::Plural(c.lang, "insight.cards.tens", m.tens)));
  h += Card(Esc(c.T("insight.cards.promoters_detractors")),
            Count(c, m.promoters) + " / " + Count(c, m.detractors),
            Esc(i18n::Plural(c.lang, "insight.cards.passives", m.passives)));
  h += Card(Esc(c.T("insight.cards.mean_score")), m.mean_score ? Num(c, *m.mean_score, 1) : "—",
            m.csat ? "CSAT " + Percent(c, *m.csat / 100, 0) : "");
  h += "</div>" + Explain(c, {"interval"});
  return h;
}

std::string Trend(const Ctx& c, const engine::MeasureResult& r, const Period& p,
                  const std::string& id) {
  TrendSeries s;
  s.weekly = p.weekly();
  for (const auto& row : r.rows) {
    if (!row.measures.nps) continue;
    s.xs.push_back(Period::Start(row.key.back()));
    s.nps.push_back(*row.measures.nps);
    s.lo.push_back(row.measures.nps_ci_low.value_or(*row.measures.nps));
    s.hi.push_back(row.measures.nps_ci_high.value_or(*row.measures.nps));
    s.counts.push_back(row.measures.nps_answers);
  }
  if (s.xs.empty()) return "<p class=\"muted\">" + Esc(c.T("insight.trend.none")) + "</p>";
  return TrendChart(c, id, s);
}

std::string Explain(const Ctx& c, std::initializer_list<const char*> topics) {
  std::string h = "<dl class=\"explain\">";
  for (const char* t : topics) {
    const std::string key = std::string("insight.explain.") + t;
    h += "<dt>" + Esc(c.T(key + ".term")) + "</dt><dd>" + Esc(c.T(key)) + "</dd>";
  }
  return h + "</dl>";
}

std::string ConsistencyCards(const Ctx& c, const engine::ConsistencyRow& r) {
  std::string h = "<div class=\"cards\">";
  h += Card(Esc(c.T("insight.consistency.spread")), Num(c, r.stddev, 2),
            Esc(c.F("insight.consistency.mean", {{"mean", Num(c, r.mean, 1)}})));
  h += Card("IQR", Num(c, r.iqr, 1), "Q1 " + Num(c, r.q1, 1) + " · Q3 " + Num(c, r.q3, 1));
  h += Card(Esc(c.T("insight.consistency.below_7")), Percent(c, r.share_below, 0),
            Esc(c.T("insight.consistency.of_scores")));
  if (r.employees && r.employees->stddev) {
    std::string sub = i18n::Plural(c.lang, "insight.consistency.employees", r.employees->employees);
    if (r.employees->min_mean) {
      sub += " · " + Num(c, *r.employees->min_mean, 1) + "–" +
             Num(c, r.employees->max_mean.value_or(0), 1);
    }
    h += Card(Esc(c.T("insight.consistency.between_employees")), Num(c, *r.employees->stddev, 2),
              Esc(sub));
  }
  return h + "</div>" + Explain(c, {"spread"});
}

std::string DriversSection(const Ctx& c, const engine::KeyDriversResult& kd) {
  std::string h = "<section class=\"panel\"><h2>" + Esc(c.T("insight.drivers.title")) + "</h2>" +
                  Explain(c, {"drivers"});
  if (kd.groups.empty() || kd.groups[0].drivers.empty()) {
    return h + "<p class=\"muted\">" + Esc(c.T("insight.drivers.none")) + "</p></section>";
  }
  const auto& g = kd.groups[0];
  // Importance x performance scatter (SVG).
  std::string svg =
      "<svg class=\"ixp\" viewBox=\"0 0 420 300\" width=\"420\" height=\"300\" role=\"img\" "
      "aria-label=\"" +
      Esc(c.T("insight.drivers.chart")) +
      "\"><rect class=\"frame\" x=\"50\" y=\"10\" width=\"360\" height=\"250\"></rect>"
      "<line class=\"mid\" x1=\"230\" y1=\"10\" x2=\"230\" y2=\"260\"></line>"
      "<line class=\"mid\" x1=\"50\" y1=\"135\" x2=\"410\" y2=\"135\"></line>"
      "<text x=\"230\" y=\"290\" text-anchor=\"middle\">" +
      Esc(c.T("insight.drivers.performance_axis")) +
      "</text><text x=\"14\" y=\"135\" text-anchor=\"middle\" transform=\"rotate(-90 14 135)\">" +
      Esc(c.T("insight.drivers.importance")) + "</text>";
  double max_w = 0.0001, min_p = 100, max_p = 0;
  for (const auto& d : g.drivers) {
    max_w = std::max(max_w, d.weight_share.value_or(0));
    if (d.top2_share) {
      min_p = std::min(min_p, *d.top2_share);
      max_p = std::max(max_p, *d.top2_share);
    }
  }
  // Zoom the performance axis to the drivers' range (at least 20 points wide).
  double lo_p = std::max(0.0, std::floor((min_p - 5) / 5) * 5);
  double hi_p = std::min(100.0, std::max(lo_p + 20, std::ceil((max_p + 5) / 5) * 5));
  svg += "<text x=\"50\" y=\"275\" text-anchor=\"start\">" + Percent(c, lo_p / 100, 0) +
         "</text><text x=\"410\" y=\"275\" text-anchor=\"end\">" + Percent(c, hi_p / 100, 0) +
         "</text>";
  for (const auto& d : g.drivers) {
    if (!d.weight_share || !d.top2_share) continue;
    double x = 50 + 300 * (std::clamp(*d.top2_share, lo_p, hi_p) - lo_p) / (hi_p - lo_p);
    double y = 260 - 250 * (*d.weight_share / max_w) * 0.9;
    std::string cls = d.quadrant.empty() ? "q" : "q " + d.quadrant;
    svg += "<circle class=\"" + cls + "\" cx=\"" + Px(x) + "\" cy=\"" + Px(y) +
           "\" r=\"6\"></circle><text class=\"lbl\" x=\"" + Px(x + 9) + "\" y=\"" + Px(y + 4) +
           "\">" + Esc(c.T(DriverKey(d.name))) + "</text>";
  }
  svg += "</svg>";
  h += "<div class=\"grid2\"><div>" + svg +
       "</div><div><table class=\"data\"><thead><tr><th scope=\"col\">" +
       Esc(c.T("insight.drivers.driver")) + "</th><th scope=\"col\">" +
       Esc(c.T("insight.drivers.importance")) + "</th><th scope=\"col\">" +
       Esc(c.T("insight.drivers.performance")) + "</th><th scope=\"col\">" +
       Esc(c.T("insight.drivers.advice")) + "</th></tr></thead><tbody>";
  std::vector<const engine::DriverStats*> ds;
  for (const auto& d : g.drivers) ds.push_back(&d);
  std::sort(ds.begin(), ds.end(), [](auto* a, auto* b) {
    return a->weight_share.value_or(-1) > b->weight_share.value_or(-1);
  });
  for (const auto* d : ds) {
    h += "<tr><th scope=\"row\">" + Esc(c.T(DriverKey(d->name))) + "</th><td>" +
         (d->weight_share ? Percent(c, *d->weight_share, 0) : "—") + "</td><td>" +
         (d->top2_share ? Percent(c, *d->top2_share / 100, 0) : "—") +
         "</td><td><span class=\"quad " + Esc(d->quadrant) + "\">" +
         Esc(c.T(QuadrantKey(d->quadrant))) + "</span></td></tr>";
  }
  h += "</tbody></table>";
  if (g.r_squared) {
    h += "<p class=\"muted small\">" +
         Esc(c.F("insight.drivers.explained", {{"share", Percent(c, *g.r_squared, 0)}})) + "</p>";
  }
  h += "</div></div></section>";
  return h;
}

std::string CommentList(const Ctx& c, const Names& names,
                        const std::vector<insight::CommentView>& rows) {
  if (rows.empty()) return "<p class=\"muted\">" + Esc(c.T("insight.comments.none")) + "</p>";
  std::string h = "<div class=\"comments\">";
  for (const auto& r : rows) h += CommentCard(c, names, r);
  return h + "</div>";
}

std::string RankCell(const Ctx& c, const engine::RankingRow& r) {
  if (r.rank) return "<span class=\"rank\">" + Count(c, *r.rank) + "</span>";
  return "<span class=\"few\">" + Esc(c.T("insight.rank.too_few")) + "</span>";
}

std::string DisappointedLine(const Ctx& c, const std::optional<engine::RatchetRow>& row) {
  if (!row || !row->share) return "";
  return "<p>" + Esc(c.T("insight.disappointed.label")) + " <strong>" + Percent(c, *row->share, 1) +
         "</strong> (" + Count(c, row->disappointed) + " / " + Count(c, row->with_prev) + ")</p>" +
         Explain(c, {"disappointed"});
}

api::Parameter PeriodQuery() {
  return {"period", api::Schema::Enum({"month", "week"}), false,
          "the trend's periods: month (default) or ISO week"};
}

}  // namespace beleving::web
