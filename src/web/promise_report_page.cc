// The kept-rate report (/promises/report, linked from the board): per team,
// location, employee and promise type the promises made, kept and broken,
// the kept rate with its Wilson 95% interval and its monthly trend (12
// finished months and the running one, drawn as partial); and the
// under-promise figures per type (how early it is kept, the NPS of the
// customer's next response after kept early, on time, late or broken).
// The figures are the ledger's (KeptRates, UnderPromise); the page words
// them.
#include <cmath>
#include <cstdlib>

#include "web/insight_parts.h"
#include "web/promise_pages.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

std::string MonthLabel(const Ctx& c, const std::string& month) {  // "2026-11"
  const int m = std::atoi(month.c_str() + 5);
  return i18n::MonthName(c.lang, m, true) + " " + month.substr(2, 2);
}

std::string RateText(const Ctx& c, const std::optional<double>& rate) {
  return rate ? Percent(c, *rate) : "—";
}

std::string IntervalText(const Ctx& c, const std::optional<double>& low,
                         const std::optional<double>& high) {
  if (!low || !high) return "—";
  return Percent(c, *low) + "–" + Percent(c, *high);
}

// 13 bars of the monthly kept rate; the running month hatched (partial).
std::string Spark(const Ctx& c, const loop::KeptRateRow& r, int bar, int height) {
  const int w = bar * static_cast<int>(r.trend.size());
  std::string label;
  for (const auto& m : r.trend) {
    if (!label.empty()) label += ", ";
    label += MonthLabel(c, m.month) + " " + RateText(c, m.kept_rate);
  }
  std::string svg = "<svg class=\"spark\" viewBox=\"0 0 " + std::to_string(w) + " " +
                    std::to_string(height) + "\" width=\"" + std::to_string(w) + "\" height=\"" +
                    std::to_string(height) + "\" role=\"img\" aria-label=\"" +
                    Esc(c.F("promise.report.trend_label", {{"months", label}})) + "\">";
  for (size_t i = 0; i < r.trend.size(); ++i) {
    const auto& m = r.trend[i];
    const int x = static_cast<int>(i) * bar;
    if (!m.kept_rate) {
      svg += "<rect x=\"" + std::to_string(x + 1) + "\" y=\"" + std::to_string(height - 1) +
             "\" width=\"" + std::to_string(bar - 2) + "\" height=\"1\" fill=\"#999\"></rect>";
      continue;
    }
    const int h = std::max(1, static_cast<int>(std::lround(*m.kept_rate * height)));
    svg += "<rect x=\"" + std::to_string(x + 1) + "\" y=\"" + std::to_string(height - h) +
           "\" width=\"" + std::to_string(bar - 2) + "\" height=\"" + std::to_string(h) + "\"" +
           (m.partial ? " class=\"partial\" fill=\"#2f6f4f\" fill-opacity=\"0.35\" "
                        "stroke=\"#2f6f4f\" stroke-dasharray=\"2 2\""
                      : " fill=\"#2f6f4f\"") +
           "></rect>";
  }
  return svg + "</svg>";
}

// A promise type as a person reads it: its standard's text, or "free text".
std::string TypeName(const Ctx& c, const std::string& type,
                     const std::vector<store::StandardPromiseRecord>& standards) {
  if (type == loop::kManualPromiseType) return c.T("promise.type.manual");
  for (const auto& s : standards) {
    if (s.key == type) return s.text;
  }
  return type;
}

std::string GroupTable(const Ctx& c, const loop::KeptRateReport& rep,
                       const std::vector<store::StandardPromiseRecord>& standards) {
  // Keys per grouping (promise_report_page_test.cc checks each exists).
  const std::string title = "promise.report.by_" + rep.group_by;
  const std::string column = "promise.report.group_" + rep.group_by;
  std::string h =
      "<section class=\"panel\" id=\"by-" + rep.group_by + "\"><h2>" + Esc(c.T(title)) + "</h2>";
  if (rep.rows.empty()) return h + "<p class=\"muted\">—</p></section>";
  h += "<table><thead><tr><th>" + Esc(c.T(column)) + "</th><th>" + Esc(c.T("promise.report.made")) +
       "</th><th>" + Esc(c.T("promise.report.kept")) + "</th><th>" +
       Esc(c.T("promise.report.broken")) + "</th><th>" + Esc(c.T("promise.report.kept_rate")) +
       "</th><th>" + Esc(c.T("promise.report.interval")) + "</th><th>" +
       Esc(c.T("promise.report.trend")) + "</th></tr></thead><tbody>";
  for (const auto& r : rep.rows) {
    const std::string name = r.item                   ? r.item->name
                             : rep.group_by == "type" ? TypeName(c, r.key, standards)
                                                      : r.key;
    h += "<tr><td>" + Esc(name) + "</td><td>" + Num(c, static_cast<double>(r.made)) + "</td><td>" +
         Num(c, static_cast<double>(r.kept)) + "</td><td>" + Num(c, static_cast<double>(r.broken)) +
         "</td><td>" + RateText(c, r.kept_rate) + "</td><td>" + IntervalText(c, r.low, r.high) +
         "</td><td>" + Spark(c, r, 6, 20) + "</td></tr>";
  }
  return h + "</tbody></table></section>";
}

std::string TotalTrend(const Ctx& c, const loop::KeptRateReport& rep) {
  const auto& t = rep.total;
  std::string h =
      "<section class=\"panel\" id=\"trend\"><h2>" + Esc(c.T("promise.report.trend_title")) +
      "</h2><p>" +
      Esc(c.F("promise.report.total", {{"rate", RateText(c, t.kept_rate)},
                                       {"interval", IntervalText(c, t.low, t.high)},
                                       {"made", Num(c, static_cast<double>(t.made))}})) +
      "</p>" + Spark(c, t, 24, 80) + "<p class=\"muted small\">" +
      Esc(c.T("promise.report.partial_note")) + "</p>";
  h += "<table><thead><tr><th>" + Esc(c.T("promise.report.month")) + "</th><th>" +
       Esc(c.T("promise.report.made")) + "</th><th>" + Esc(c.T("promise.report.kept")) +
       "</th><th>" + Esc(c.T("promise.report.broken")) + "</th><th>" +
       Esc(c.T("promise.report.kept_rate")) + "</th><th>" + Esc(c.T("promise.report.interval")) +
       "</th></tr></thead><tbody>";
  for (const auto& m : t.trend) {
    h += "<tr" + std::string(m.partial ? " class=\"partial\"" : "") + "><td>" +
         Esc(MonthLabel(c, m.month)) +
         (m.partial ? " <span class=\"muted\">(" + Esc(c.T("promise.report.running")) + ")</span>"
                    : std::string()) +
         "</td><td>" + Num(c, static_cast<double>(m.made)) + "</td><td>" +
         Num(c, static_cast<double>(m.kept)) + "</td><td>" + Num(c, static_cast<double>(m.broken)) +
         "</td><td>" + RateText(c, m.kept_rate) + "</td><td>" + IntervalText(c, m.low, m.high) +
         "</td></tr>";
  }
  return h + "</tbody></table>" + Explain(c, {"kept_rate"}) + "</section>";
}

std::string Duration(const Ctx& c, double seconds) {
  const double a = std::fabs(seconds);
  if (a >= 86400) return c.F("promise.duration.days", {{"n", Num(c, seconds / 86400, 1)}});
  if (a >= 3600) return c.F("promise.duration.hours", {{"n", Num(c, seconds / 3600, 1)}});
  return c.F("promise.duration.minutes", {{"n", Num(c, seconds / 60, 0)}});
}

std::string NpsCell(const Ctx& c, const loop::NpsOutcome& o) {
  std::string h = NpsBadge(c, o.nps);
  if (o.nps_low && o.nps_high) {
    h += " <span class=\"muted small\">(" + SignedNum(c, std::round(*o.nps_low)) + " … " +
         SignedNum(c, std::round(*o.nps_high)) + ")</span>";
  }
  return h + "<br><span class=\"muted small\">" +
         Esc(c.F("promise.under.n", {{"responses", Num(c, static_cast<double>(o.responses))},
                                     {"promises", Num(c, static_cast<double>(o.promises))}})) +
         "</span>";
}

std::string UnderPromise(const Ctx& c, const std::vector<loop::UnderPromiseRow>& rows,
                         const std::vector<store::StandardPromiseRecord>& standards) {
  std::string h = "<section class=\"panel\" id=\"under-promise\"><h2>" +
                  Esc(c.T("promise.under.title")) + "</h2>" + Explain(c, {"under_promise"});
  if (rows.empty()) return h + "<p class=\"muted\">—</p></section>";
  h += "<table><thead><tr><th>" + Esc(c.T("promise.board.type")) + "</th><th>" +
       Esc(c.T("promise.under.delivered")) + "</th><th>" + Esc(c.T("promise.under.median")) +
       "</th><th>" + Esc(c.T("promise.under.early")) + "</th><th>" +
       Esc(c.T("promise.under.on_time")) + "</th><th>" + Esc(c.T("promise.under.late")) +
       "</th><th>" + Esc(c.T("promise.under.broken")) + "</th></tr></thead><tbody>";
  for (const auto& r : rows) {
    const std::string name = TypeName(c, r.type, standards);
    const std::string delivered =
        r.mean_promised && r.mean_taken
            ? c.F("promise.under.promised_delivered", {{"promised", Duration(c, *r.mean_promised)},
                                                       {"taken", Duration(c, *r.mean_taken)}})
            : "—";
    h += "<tr><td>" + Esc(name) + "</td><td>" + Esc(delivered) +
         "<br><span class=\"muted small\">" +
         Esc(i18n::Plural(c.lang, "promise.under.kept_n", r.kept)) + "</span></td><td>" +
         Esc(r.median_early
                 ? c.F("promise.under.before_deadline", {{"time", Duration(c, *r.median_early)}})
                 : "—") +
         "</td><td>" + NpsCell(c, r.kept_early) + "</td><td>" + NpsCell(c, r.kept_on_time) +
         "</td><td>" + NpsCell(c, r.late) + "</td><td>" + NpsCell(c, r.broken) + "</td></tr>";
  }
  return h + "</tbody></table>" + Explain(c, {"interval"}) + "</section>";
}

http::Response PromiseReportPage(Ctx& c) {
  auto& ledger = c.app.services().loop().promises();
  auto standards = ledger.Standards(c.who);
  if (!standards.ok()) return StatusPage(c, standards.status());
  std::string tables, trend;
  for (const auto& g : loop::kPromiseGroupings) {
    auto rep = ledger.KeptRates(c.who, g);
    if (!rep.ok()) return StatusPage(c, rep.status());
    if (trend.empty()) trend = TotalTrend(c, *rep);
    tables += GroupTable(c, *rep, *standards);
  }
  auto under = ledger.UnderPromise(c.who);
  if (!under.ok()) return StatusPage(c, under.status());
  std::string h = "<p><a href=\"/promises\">" + Esc(c.T("promise.report.back")) + "</a></p>" +
                  trend + tables + UnderPromise(c, *under, *standards);
  return Page(c, 200, "promises", c.T("promise.report.title"), h);
}

}  // namespace

void RegisterPromiseReportPage(api::App& app) {
  AddPage(app, "GET", "/promises/report", PageAccess::kStaff,
          PageOperation("pagePromiseReport",
                        "Kept rate per team, location, employee and promise type with its "
                        "interval and monthly trend; the under-promise figures",
                        {}),
          PromiseReportPage);
}

}  // namespace beleving::web
