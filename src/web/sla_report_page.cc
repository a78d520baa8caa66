// The SLA report (/sla-report): per case type, how many cases opened and
// closed in the chosen period and how their acknowledge, first-contact and
// resolve targets were met, from the loop's SLA report (loop/sla_watch.h)
// within the session's scope.
#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

constexpr int64_t kDay = 86400;

std::string Td(const Ctx& c, const std::string& label_key, const std::string& html) {
  return "<td data-label=\"" + Esc(c.T(label_key)) + "\">" + html + "</td>";
}

// "12 of 14 on time (86%) · 1 late and open · mean 3.2 h".
std::string TargetCell(const Ctx& c, const loop::SlaTargetCounts& t) {
  const int64_t done = t.met + t.missed;
  if (done == 0 && t.breached_open == 0) return "<span class=\"muted\">—</span>";
  std::string h;
  if (done > 0) {
    h += Esc(c.F("loop.sla_report.met_of",
                 {{"met", Count(c, t.met)},
                  {"done", Count(c, done)},
                  {"share", Percent(c, static_cast<double>(t.met) / static_cast<double>(done))}}));
  }
  if (t.breached_open > 0) {
    h += (h.empty() ? "" : "<br>") + std::string("<span class=\"sla bad\">") +
         Esc(i18n::Plural(c.lang, "loop.sla_report.breached_open", t.breached_open)) + "</span>";
  }
  if (t.finished > 0) {
    const double hours =
        static_cast<double>(t.total_used_seconds) / static_cast<double>(t.finished) / 3600.0;
    h += "<br><span class=\"muted\">" +
         Esc(c.F("loop.sla_report.mean_hours", {{"hours", Num(c, hours, 1)}})) + "</span>";
  }
  return h;
}

http::Response SlaReportPage(Ctx& c) {
  const std::string days = c.req.Query("days").value_or("");
  const int64_t n_days = days == "30" ? 30 : days == "365" ? 365 : 90;
  const UnixSeconds now = c.app.services().clock().Now();
  auto rep = c.app.services().loop().sla_watch().Report(c.who, now - n_days * kDay, std::nullopt);
  if (!rep.ok()) return StatusPage(c, rep.status());
  std::string h = "<p class=\"lede\"><a href=\"/cases\">" + Esc(c.T("loop.case.all_cases")) +
                  "</a></p><p>" + Esc(c.T("loop.sla_report.explain")) +
                  "</p><form method=\"get\" action=\"/sla-report\" class=\"filters\">"
                  "<div class=\"field\"><label for=\"sla-days\">" +
                  Esc(c.T("loop.sla_report.period")) +
                  "</label><select id=\"sla-days\" name=\"days\">";
  for (const char* d : {"30", "90", "365"}) {
    h += std::string("<option value=\"") + d + "\"" +
         (std::to_string(n_days) == d ? " selected" : "") + ">" +
         Esc(c.F("loop.sla_report.last_days", {{"n", d}})) + "</option>";
  }
  h += "</select></div><button type=\"submit\">" + Esc(c.T("loop.cases.filter")) +
       "</button></form>";
  if (rep->by_type.empty()) {
    h += "<p class=\"muted\">" + Esc(c.T("loop.sla_report.none")) + "</p>";
    return Page(c, 200, "cases", c.T("loop.sla_report.title"), h);
  }
  h += "<table class=\"data cards-on-phone\" id=\"sla-report\"><thead><tr>";
  for (const char* key : {"loop.case.type", "loop.sla_report.opened", "loop.sla_report.closed",
                          "loop.sla.target.acknowledge", "loop.sla.target.first_contact",
                          "loop.sla.target.resolve"}) {
    h += "<th scope=\"col\">" + Esc(c.T(key)) + "</th>";
  }
  h += "</tr></thead><tbody>";
  for (const auto& r : rep->by_type) {
    h += "<tr><th scope=\"row\"><a href=\"/cases?all=1&amp;type=" + Esc(r.case_type) + "\">" +
         Esc(CaseTypeText(c, r.case_type)) + "</a></th>" +
         Td(c, "loop.sla_report.opened", Count(c, r.opened)) +
         Td(c, "loop.sla_report.closed", Count(c, r.closed)) +
         Td(c, "loop.sla.target.acknowledge", TargetCell(c, r.acknowledge)) +
         Td(c, "loop.sla.target.first_contact", TargetCell(c, r.first_contact)) +
         Td(c, "loop.sla.target.resolve", TargetCell(c, r.resolve)) + "</tr>";
  }
  h += "</tbody></table>";
  return Page(c, 200, "cases", c.T("loop.sla_report.title"), h);
}

}  // namespace

void RegisterSlaReportPage(api::App& app) {
  AddPage(app, "GET", "/sla-report", PageAccess::kStaff,
          PageOperation("pageSlaReport",
                        "SLA report: per case type, cases opened and closed in the period and "
                        "how the acknowledge, first-contact and resolve targets were met",
                        {{"days", api::Schema::Enum({"", "30", "90", "365"}), false,
                          "the period: the last 30, 90 (default) or 365 days"}}),
          SlaReportPage);
}

}  // namespace beleving::web
