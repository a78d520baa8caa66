// The insight pages: overview, moments of truth, teams and people, the
// employee's own page, and the comments explorer. Numbers come from the
// in-memory engine (app.engine()); names and comments from the stores.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "store/dimension_store.h"
#include "text/compliments.h"
#include "text/employees.h"
#include "web/page.h"
#include "web/pages.h"

namespace beleving::web {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kYear = 365 * kDay;
constexpr int64_t kFewAnswers = 30;    // heat-map cells below this are marked
constexpr int64_t kTeamMinCount = 30;  // fair ranking: no rank below this
constexpr int64_t kPersonMinCount = 20;

const char* ChannelLabel(const Ctx& c, int64_t v) {
  switch (static_cast<engine::Channel>(v)) {
    case engine::Channel::kOnline:
      return "Online";
    case engine::Channel::kPhone:
      return c.L("Telefoon", "Phone");
    case engine::Channel::kEmail:
      return c.L("E-mail", "E-mail");
    case engine::Channel::kFaceToFace:
      return c.L("Persoonlijk", "In person");
    case engine::Channel::kChat:
      return "Chat";
    case engine::Channel::kOther:
      return c.L("Overig", "Other");
    case engine::Channel::kUnknown:
      break;
  }
  return c.L("Onbekend", "Unknown");
}

const char* DriverLabel(const Ctx& c, std::string_view name) {
  if (name == "certainty") return c.L("Zekerheid", "Certainty");
  if (name == "flexibility") return c.L("Flexibiliteit", "Flexibility");
  if (name == "reliability") return c.L("Betrouwbaarheid", "Reliability");
  if (name == "customisation") return c.L("Maatwerk", "Customisation");
  if (name == "complaint_speed") return c.L("Snelle klachtafhandeling", "Complaint speed");
  if (name == "trust") return c.L("Vertrouwen", "Trust");
  if (name == "respect") return "Respect";
  if (name == "attention") return c.L("Aandacht", "Attention");
  return "?";
}

const char* QuadrantLabel(const Ctx& c, const std::string& q) {
  if (q == "fix") return c.L("Verbeteren", "Fix");
  if (q == "keep") return c.L("Vasthouden", "Keep");
  if (q == "maintain") return c.L("Onderhouden", "Maintain");
  if (q == "low_priority") return c.L("Lage prioriteit", "Low priority");
  return "—";
}

std::string Card(const std::string& label, const std::string& value, const std::string& sub,
                 const std::string& cls = "") {
  return "<div class=\"card " + cls + "\"><div class=\"label\">" + label +
         "</div><div class=\"value\">" + value + "</div><div class=\"sub\">" + sub + "</div></div>";
}

std::string CiText(const Ctx& c, const engine::ScoreMeasures& m) {
  if (!m.nps_ci_low || !m.nps_ci_high) return "";
  return c.L("95%-interval ", "95% interval ") + Num(c, *m.nps_ci_low, 0) + " " + c.L("tot", "to") +
         " " + Num(c, *m.nps_ci_high, 0);
}

// Headline cards of one group of responses.
std::string MeasureCards(const Ctx& c, const engine::ScoreMeasures& m) {
  std::string h = "<div class=\"cards\">";
  h += Card("NPS", NpsBadge(c, m.nps), CiText(c, m) + " · n = " + std::to_string(m.nps_answers),
            "hero");
  h += Card(c.L("Aandeel 10'en", "Share of 10s"),
            m.share_tens ? Num(c, *m.share_tens, 0) + "%" : "—",
            std::to_string(m.tens) + " " + c.L("keer een 10", "times a 10"));
  h += Card(c.L("Promotors / detractors", "Promoters / detractors"),
            std::to_string(m.promoters) + " / " + std::to_string(m.detractors),
            std::to_string(m.passives) + " " + c.L("passief", "passive"));
  h += Card(c.L("Gemiddelde score", "Mean score"), m.mean_score ? Num(c, *m.mean_score, 1) : "—",
            m.csat ? "CSAT " + Num(c, *m.csat, 0) + "%" : "");
  h += "</div>";
  return h;
}

// NPS per period as a chart (and a table for screen readers).
std::string Trend(const Ctx& c, const engine::MeasureResult& r, const Period& per,
                  const std::string& id) {
  std::vector<int64_t> xs, ns;
  std::vector<double> nps, lo, hi;
  for (const auto& row : r.rows) {
    if (!row.measures.nps) continue;
    xs.push_back(per.BucketStart(row.key.back()));
    nps.push_back(*row.measures.nps);
    lo.push_back(row.measures.nps_ci_low.value_or(*row.measures.nps));
    hi.push_back(row.measures.nps_ci_high.value_or(*row.measures.nps));
    ns.push_back(row.measures.nps_answers);
  }
  if (xs.empty())
    return "<p class=\"muted\">" + std::string(c.L("Nog geen antwoorden.", "No answers yet.")) +
           "</p>";
  return TrendChart(c, id, xs, nps, lo, hi, ns);
}

std::string PeriodSwitch(const Ctx& c, const Period& per) {
  auto link = [&](const char* key, const char* label) {
    std::string cls = per.key == key ? " aria-current=\"true\" class=\"on\"" : "";
    return "<a href=\"" + Esc(c.req.path) + "?period=" + key + "\"" + cls + ">" + label + "</a>";
  };
  return "<div class=\"seg\" role=\"group\" aria-label=\"" + std::string(c.L("Periode", "Period")) +
         "\">" + link("month", c.L("Per maand", "Monthly")) +
         link("week", c.L("Per week", "Weekly")) + "</div>";
}

Result<engine::MeasureResult> Measure(const Ctx& c, const engine::Filter& f,
                                      std::vector<std::string> group_by) {
  engine::MeasureQuery q{c.scope(), f, std::move(group_by)};
  return c.app.engine().Measures(q);
}

struct Mover {
  std::string name, href;
  double delta = 0;
  int64_t n_prev = 0, n_last = 0;
  double last = 0;
};

// Groups whose NPS changed most between the last two periods of `r`
// (grouped by {dimension, period}).
std::vector<Mover> Movers(
    const engine::MeasureResult& r, int64_t prev, int64_t last,
    const std::function<std::pair<std::string, std::string>(int64_t)>& label) {
  std::map<int64_t, std::pair<const engine::ScoreMeasures*, const engine::ScoreMeasures*>> by;
  for (const auto& row : r.rows) {
    if (row.key[1] == prev) by[row.key[0]].first = &row.measures;
    if (row.key[1] == last) by[row.key[0]].second = &row.measures;
  }
  std::vector<Mover> out;
  for (const auto& [id, pl] : by) {
    if (!pl.first || !pl.second || !pl.first->nps || !pl.second->nps) continue;
    if (pl.first->nps_answers < 10 || pl.second->nps_answers < 10) continue;
    auto [name, href] = label(id);
    out.push_back({name, href, *pl.second->nps - *pl.first->nps, pl.first->nps_answers,
                   pl.second->nps_answers, *pl.second->nps});
  }
  std::sort(out.begin(), out.end(),
            [](const Mover& a, const Mover& b) { return std::fabs(a.delta) > std::fabs(b.delta); });
  if (out.size() > 5) out.resize(5);
  return out;
}

std::string MoverList(const Ctx& c, const std::vector<Mover>& ms) {
  if (ms.empty()) {
    return "<p class=\"muted\">" +
           std::string(c.L("Te weinig antwoorden in de laatste twee afgesloten periodes.",
                           "Too few answers in the last two finished periods.")) +
           "</p>";
  }
  std::string h = "<ul class=\"movers\">";
  for (const auto& m : ms) {
    // Rounded to whole points: a change that rounds to 0 is no rise or fall.
    const double shown = std::round(m.delta);
    const char* cls = shown > 0 ? "up" : shown < 0 ? "down" : "same";
    const char* arrow = shown > 0 ? "▲ " : shown < 0 ? "▼ " : "= ";
    h += "<li><a href=\"" + Esc(m.href) + "\">" + Esc(m.name) + "</a><span class=\"delta " + cls +
         "\">" + arrow + SignedNum(c, m.delta) + "</span><span class=\"muted\">NPS " +
         Num(c, m.last, 0) + " · n " + std::to_string(m.n_prev) + " → " + std::to_string(m.n_last) +
         "</span></li>";
  }
  return h + "</ul>";
}

std::string HeatClass(std::optional<double> nps) {
  if (!nps) return "h0";
  if (*nps < -20) return "h1";
  if (*nps < 0) return "h2";
  if (*nps < 20) return "h3";
  if (*nps < 40) return "h4";
  if (*nps < 60) return "h5";
  return "h6";
}

Result<std::string> LoopSummary(const Ctx& c, const Names& names) {
  bool cases = false, promises = false;
  std::vector<store::CaseRow> open;
  std::vector<store::PromiseRow> due;
  RETURN_IF_ERROR(c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(cases, store::DashboardStore::TableExists(conn, "cases"));
    ASSIGN_OR_RETURN(promises, store::DashboardStore::TableExists(conn, "promises"));
    if (cases) {
      auto r = store::DashboardStore::Cases(conn, c.tenant(), true, 1000);
      if (r.ok())
        open = std::move(*r);
      else
        cases = false;
    }
    if (promises) {
      auto r = store::DashboardStore::OpenPromises(conn, c.tenant(), 500);
      if (r.ok())
        due = std::move(*r);
      else
        promises = false;
    }
    return Status::Ok();
  }));
  std::string h = "<div class=\"grid2\"><section class=\"panel\"><h2>";
  h += c.L("Open cases", "Open cases");
  h += "</h2>";
  if (!cases) {
    h += "<p class=\"coming\">" +
         std::string(c.L("Komt eraan: cases uit detractor-antwoorden en klachten, met SLA.",
                         "Coming: cases from detractor answers and complaints, with SLAs.")) +
         "</p>";
  } else {
    h += "<p class=\"big\">" +
         (open.size() >= 1000 ? std::string("1000+") : std::to_string(open.size())) +
         "</p><ul class=\"list\">";
    for (size_t i = 0; i < open.size() && i < 5; ++i) {
      const auto& k = open[i];
      h += "<li><a href=\"/cases/" + std::to_string(k.id) + "\">" + Esc(k.title) +
           "</a> <span class=\"muted\">" + Esc(k.status) + " · " + Date(c, k.opened_at) +
           (k.team_id ? " · " + Esc(names.Team(*k.team_id)) : "") + "</span></li>";
    }
    h += "</ul><p><a href=\"/cases\">" + std::string(c.L("Alle cases", "All cases")) + "</a></p>";
  }
  h += "</section><section class=\"panel\"><h2>";
  h += c.L("Beloftes in gevaar", "Promises at risk");
  h += "</h2>";
  if (!promises) {
    h += "<p class=\"coming\">" +
         std::string(c.L("Komt eraan: het beloftebord (terugbellen, offertes) met wat bijna "
                         "verloopt.",
                         "Coming: the promise board (call-backs, quotes) with what is about to "
                         "expire.")) +
         "</p>";
  } else {
    int64_t now = c.app.clock().Now();
    std::vector<const store::PromiseRow*> risk;
    for (const auto& p : due) {
      if (p.due_at < now + 2 * kDay) risk.push_back(&p);
    }
    h += "<p class=\"big\">" + std::to_string(risk.size()) + "</p><ul class=\"list\">";
    for (size_t i = 0; i < risk.size() && i < 5; ++i) {
      const auto& p = *risk[i];
      h += "<li>" + Esc(p.text) + " <span class=\"muted\">" + c.L("uiterlijk ", "due ") +
           Date(c, p.due_at) +
           (p.due_at < now ? std::string(" · ") + c.L("verlopen", "overdue") : "") + "</span></li>";
    }
    h += "</ul><p><a href=\"/promises\">" + std::string(c.L("Beloftebord", "Promise board")) +
         "</a></p>";
  }
  h += "</section></div>";
  return h;
}

// What to act on first: the weakest moment, the least consistent team, the
// share of disappointed returning customers.
std::string Attention(const Ctx& c, const Names& names, const engine::Filter& f) {
  std::vector<std::string> items;
  auto tps = Measure(c, f, {"touchpoint"});
  if (tps.ok()) {
    const engine::MeasureRow* worst = nullptr;
    for (const auto& r : tps->rows) {
      if (!r.measures.nps || r.measures.nps_answers < kFewAnswers) continue;
      if (!worst || *r.measures.nps < *worst->measures.nps) worst = &r;
    }
    if (worst) {
      items.push_back(std::string(c.L("Zwakste moment: ", "Weakest moment: ")) +
                      "<a href=\"/moments/" + std::to_string(worst->key[0]) + "\">" +
                      Esc(names.Touchpoint(worst->key[0])) + "</a>, NPS " +
                      Num(c, *worst->measures.nps, 0) + " (n " +
                      std::to_string(worst->measures.nps_answers) + ", " +
                      std::to_string(worst->measures.detractors) + " detractors)");
    }
  }
  engine::ConsistencyQuery cq{c.scope(), f, {"team"}, 7, 5};
  auto cons = c.app.engine().Consistency(cq);
  if (cons.ok() && cons->rows.size() > 2) {
    std::vector<double> sds;
    const engine::ConsistencyRow* worst = nullptr;
    for (const auto& r : cons->rows) {
      sds.push_back(r.stddev);
      if (r.n >= kFewAnswers && (!worst || r.stddev > worst->stddev)) worst = &r;
    }
    std::sort(sds.begin(), sds.end());
    double median = sds[sds.size() / 2];
    if (worst && worst->stddev > 1.25 * median) {
      items.push_back(std::string(c.L("Minst constante team: ", "Least consistent team: ")) +
                      "<a href=\"/teams/" + std::to_string(worst->key[0]) + "\">" +
                      Esc(names.Team(worst->key[0])) + "</a>, " + c.L("spreiding ", "spread ") +
                      Num(c, worst->stddev, 2) + " (" + c.L("mediaan ", "median ") +
                      Num(c, median, 2) + "), " + Percent(c, worst->share_below, 0) + " " +
                      c.L("scoort onder de 7", "score below 7"));
    }
  }
  engine::RatchetQuery rq{c.scope(), f, {}, 3, 0};
  auto ratchet = c.app.engine().ExpectationRatchet(rq);
  if (ratchet.ok() && !ratchet->rows.empty() && ratchet->rows[0].share) {
    items.push_back(std::string(c.L("Teleurgestelde terugkerende klanten: ",
                                    "Disappointed returning customers: ")) +
                    "<strong>" + Percent(c, *ratchet->rows[0].share, 1) + "</strong> (" +
                    std::to_string(ratchet->rows[0].disappointed) + " " +
                    c.L("keer 3+ punten onder hun beste eerdere score",
                        "times 3+ points below their best earlier score") +
                    ") · <a href=\"/teams\">" + c.L("per team", "by team") + "</a>");
  }
  if (items.empty()) return "";
  std::string h = "<section class=\"panel attention\"><h2>" +
                  std::string(c.L("Aandacht nodig", "Needs attention")) + "</h2><ul>";
  for (const auto& i : items) h += "<li>" + i + "</li>";
  return h + "</ul></section>";
}

http::Response Overview(Ctx& c) {
  int64_t now = c.app.clock().Now();
  int64_t from = now - kYear;
  Period per = PeriodOf(c);
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  engine::Filter f = c.BaseFilter(from);
  auto total = Measure(c, f, {});
  auto trend = Measure(c, f, {per.key});
  auto heat = Measure(c, f, {"touchpoint", "channel"});
  auto tp_moves = Measure(c, f, {"touchpoint", per.key});
  auto team_moves = Measure(c, f, {"team", per.key});
  for (const auto* r : {&total, &trend, &heat, &tp_moves, &team_moves}) {
    if (!r->ok()) return StatusPage(c, r->status());
  }
  int64_t interactions = 0;
  (void)c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(interactions,
                     store::DashboardStore::CountInteractions(conn, c.tenant(), from, now + 1));
    return Status::Ok();
  });
  const engine::ScoreMeasures& m = total->rows[0].measures;

  std::string h = "<div class=\"lede\">" +
                  std::string(c.L("De afgelopen 12 maanden", "The last 12 months")) + " · " +
                  PeriodSwitch(c, per) + "</div>";
  h += "<div class=\"cards\">";
  h += Card("NPS", NpsBadge(c, m.nps), CiText(c, m), "hero");
  h += Card(c.L("Aandeel 10'en", "Share of 10s"),
            m.share_tens ? Num(c, *m.share_tens, 0) + "%" : "—",
            c.L("van alle scores", "of all scores"));
  h += Card(c.L("Respons", "Response rate"),
            interactions > 0 ? Percent(c, static_cast<double>(m.count) / interactions, 0) : "—",
            std::to_string(m.count) + " / " + std::to_string(interactions) + " " +
                c.L("contactmomenten", "interactions"));
  h += Card(c.L("Antwoorden", "Responses"), std::to_string(m.nps_answers),
            std::to_string(m.detractors) + " " + c.L("detractors", "detractors"));
  h += "</div>";

  h += Attention(c, *names, f);
  h += "<section class=\"panel\"><h2>" + std::string(c.L("NPS-verloop", "NPS trend")) + "</h2>" +
       Trend(c, *trend, per, "trend-overview") + "</section>";

  // Biggest movers between the last two finished periods: the running one
  // is still filling up and never produces a mover.
  std::string movers;
  const int64_t running = per.Running(now, c.app.engine().OrgTimeZone(c.org()));
  std::vector<int64_t> finished;
  for (const auto& row : trend->rows) {
    if (row.key.back() < running) finished.push_back(row.key.back());
  }
  if (finished.size() >= 2) {
    int64_t last = finished.back();
    int64_t prev = finished[finished.size() - 2];
    auto tp = Movers(*tp_moves, prev, last, [&](int64_t id) {
      return std::make_pair(names->Touchpoint(id), "/moments/" + std::to_string(id));
    });
    auto tm = Movers(*team_moves, prev, last, [&](int64_t id) {
      return std::make_pair(names->Team(id), "/teams/" + std::to_string(id));
    });
    movers = "<p class=\"muted\">" + per.Label(prev) + " → " + per.Label(last) + "</p>" +
             "<div class=\"grid2\"><div><h3>" + c.L("Momenten", "Moments") + "</h3>" +
             MoverList(c, tp) + "</div><div><h3>" + c.L("Teams", "Teams") + "</h3>" +
             MoverList(c, tm) + "</div></div>";
  } else {
    movers =
        "<p class=\"muted\">" +
        std::string(c.L("Nog geen twee afgesloten periodes.", "Not two finished periods yet.")) +
        "</p>";
  }
  h += "<section class=\"panel\"><h2>" + std::string(c.L("Grootste bewegers", "Biggest movers")) +
       "</h2>" + movers + "</section>";

  // Heat map: touchpoint x channel.
  std::set<int64_t> tps, chans;
  std::map<std::pair<int64_t, int64_t>, const engine::ScoreMeasures*> cell;
  for (const auto& row : heat->rows) {
    tps.insert(row.key[0]);
    chans.insert(row.key[1]);
    cell[{row.key[0], row.key[1]}] = &row.measures;
  }
  h += "<section class=\"panel\"><h2>" +
       std::string(c.L("Momenten van de waarheid: NPS per contactmoment en kanaal",
                       "Moments of truth: NPS by touchpoint and channel")) +
       "</h2><div class=\"scroll\"><table class=\"heat\"><caption class=\"sr\">" +
       c.L("NPS per contactmoment en kanaal", "NPS by touchpoint and channel") +
       "</caption><thead><tr><th scope=\"col\">" + c.L("Contactmoment", "Touchpoint") + "</th>";
  for (int64_t ch : chans) h += "<th scope=\"col\">" + std::string(ChannelLabel(c, ch)) + "</th>";
  h += "</tr></thead><tbody>";
  for (int64_t tp : tps) {
    h += "<tr><th scope=\"row\"><a href=\"/moments/" + std::to_string(tp) + "\">" +
         Esc(names->Touchpoint(tp)) + "</a></th>";
    for (int64_t ch : chans) {
      auto it = cell.find({tp, ch});
      if (it == cell.end() || !it->second->nps) {
        h += "<td class=\"h0\">·</td>";
        continue;
      }
      const auto& cm = *it->second;
      bool few = cm.nps_answers < kFewAnswers;
      h += "<td class=\"" + HeatClass(cm.nps) + (few ? " few" : "") + "\"><span class=\"v\">" +
           Num(c, *cm.nps, 0) + (few ? "*" : "") + "</span><span class=\"n\">n " +
           std::to_string(cm.nps_answers) + "</span></td>";
    }
    h += "</tr>";
  }
  h += "</tbody></table></div><p class=\"muted small\">* " +
       std::string(c.L("minder dan 30 antwoorden: wees voorzichtig met conclusies.",
                       "fewer than 30 answers: be careful with conclusions.")) +
       "</p></section>";

  auto loop = LoopSummary(c, *names);
  if (loop.ok()) h += *loop;
  return Page(c, 200, "overview", c.L("Overzicht", "Overview"), h);
}

// ---- Moments ----------------------------------------------------------------

http::Response Moments(Ctx& c) {
  int64_t from = c.app.clock().Now() - kYear;
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  engine::Filter f = c.BaseFilter(from);
  auto ms = Measure(c, f, {"touchpoint"});
  if (!ms.ok()) return StatusPage(c, ms.status());
  engine::ConsistencyQuery cq{c.scope(), f, {"touchpoint"}, 7, 5};
  auto cons = c.app.engine().Consistency(cq);
  if (!cons.ok()) return StatusPage(c, cons.status());
  std::map<int64_t, const engine::ConsistencyRow*> cby;
  for (const auto& r : cons->rows) cby[r.key[0]] = &r;
  std::string h =
      "<div class=\"lede\">" +
      std::string(c.L("Elk contactmoment: hoe het scoort, hoe constant, en wat de "
                      "score drijft. De afgelopen 12 maanden.",
                      "Every touchpoint: how it scores, how consistently, and what "
                      "drives the score. The last 12 months.")) +
      "</div><div class=\"scroll\"><table class=\"data\"><thead><tr><th scope=\"col\">" +
      c.L("Contactmoment", "Touchpoint") + "</th><th scope=\"col\">NPS</th><th scope=\"col\">" +
      c.L("Interval", "Interval") + "</th><th scope=\"col\">n</th><th scope=\"col\">" +
      c.L("Verdeling 0–10", "Distribution 0–10") + "</th><th scope=\"col\">" +
      c.L("Spreiding (sd)", "Spread (sd)") + "</th><th scope=\"col\">IQR</th><th scope=\"col\">" +
      c.L("Onder 7", "Below 7") + "</th></tr></thead><tbody>";
  for (const auto& row : ms->rows) {
    const auto& m = row.measures;
    int64_t id = row.key[0];
    h += "<tr><th scope=\"row\"><a href=\"/moments/" + std::to_string(id) + "\">" +
         Esc(names->Touchpoint(id)) + "</a></th><td>" + NpsBadge(c, m.nps) + "</td><td>" +
         (m.nps && m.nps_ci_low ? IntervalSvg(c, *m.nps, *m.nps_ci_low, *m.nps_ci_high) : "") +
         "</td><td>" + std::to_string(m.nps_answers) + "</td><td>" +
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
  h += "</tbody></table></div>";
  return Page(c, 200, "moments", c.L("Momenten van de waarheid", "Moments of truth"), h);
}

std::string DriversSection(const Ctx& c, const engine::KeyDriversResult& kd) {
  std::string h = "<section class=\"panel\"><h2>" +
                  std::string(c.L("Wat de score drijft", "What drives the score")) + "</h2>";
  if (kd.groups.empty() || kd.groups[0].drivers.empty()) {
    return h + "<p class=\"muted\">" +
           c.L("Nog geen driver-vragen beantwoord.", "No driver questions answered yet.") +
           "</p></section>";
  }
  const auto& g = kd.groups[0];
  // Importance x performance scatter (SVG).
  std::string svg =
      "<svg class=\"ixp\" viewBox=\"0 0 420 300\" width=\"420\" height=\"300\" role=\"img\" "
      "aria-label=\"" +
      std::string(
          c.L("Belang tegen prestatie per driver", "Importance versus performance per driver")) +
      "\"><rect class=\"frame\" x=\"50\" y=\"10\" width=\"360\" height=\"250\"></rect>"
      "<line class=\"mid\" x1=\"230\" y1=\"10\" x2=\"230\" y2=\"260\"></line>"
      "<line class=\"mid\" x1=\"50\" y1=\"135\" x2=\"410\" y2=\"135\"></line>"
      "<text x=\"230\" y=\"290\" text-anchor=\"middle\">" +
      c.L("Prestatie (% 4–5)", "Performance (% 4–5)") +
      "</text><text x=\"14\" y=\"135\" text-anchor=\"middle\" transform=\"rotate(-90 14 135)\">" +
      c.L("Belang", "Importance") + "</text>";
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
  svg += "<text x=\"50\" y=\"275\" text-anchor=\"start\">" + Num(c, lo_p, 0) +
         "%</text><text x=\"410\" y=\"275\" text-anchor=\"end\">" + Num(c, hi_p, 0) + "%</text>";
  for (const auto& d : g.drivers) {
    if (!d.weight_share || !d.top2_share) continue;
    double x = 50 + 300 * (std::clamp(*d.top2_share, lo_p, hi_p) - lo_p) / (hi_p - lo_p);
    double y = 260 - 250 * (*d.weight_share / max_w) * 0.9;
    std::string cls = d.quadrant.empty() ? "q" : "q " + d.quadrant;
    svg += "<circle class=\"" + cls + "\" cx=\"" + Num(c, x, 0) + "\" cy=\"" + Num(c, y, 0) +
           "\" r=\"6\"></circle><text class=\"lbl\" x=\"" + Num(c, x + 9, 0) + "\" y=\"" +
           Num(c, y + 4, 0) + "\">" + Esc(DriverLabel(c, d.name)) + "</text>";
  }
  svg += "</svg>";
  h += "<div class=\"grid2\"><div>" + svg +
       "</div><div><table class=\"data\"><thead><tr><th scope=\"col\">" + c.L("Driver", "Driver") +
       "</th><th scope=\"col\">" + c.L("Belang", "Importance") + "</th><th scope=\"col\">" +
       c.L("Prestatie", "Performance") + "</th><th scope=\"col\">" + c.L("Advies", "Advice") +
       "</th></tr></thead><tbody>";
  std::vector<const engine::DriverStats*> ds;
  for (const auto& d : g.drivers) ds.push_back(&d);
  std::sort(ds.begin(), ds.end(), [](auto* a, auto* b) {
    return a->weight_share.value_or(-1) > b->weight_share.value_or(-1);
  });
  for (const auto* d : ds) {
    h += "<tr><th scope=\"row\">" + std::string(DriverLabel(c, d->name)) + "</th><td>" +
         (d->weight_share ? Percent(c, *d->weight_share, 0) : "—") + "</td><td>" +
         (d->top2_share ? Num(c, *d->top2_share, 0) + "%" : "—") + "</td><td><span class=\"quad " +
         Esc(d->quadrant) + "\">" + QuadrantLabel(c, d->quadrant) + "</span></td></tr>";
  }
  h += "</tbody></table>";
  if (g.r_squared) {
    h += "<p class=\"muted small\">" +
         std::string(c.L("Johnson-gewichten; de drivers verklaren ",
                         "Johnson's relative weights; the drivers explain ")) +
         Percent(c, *g.r_squared, 0) +
         c.L(" van de spreiding in de score.", " of the variance in the score.") + "</p>";
  }
  h += "</div></div></section>";
  return h;
}

Result<std::vector<store::CommentRow>> Comments(const Ctx& c, const store::CommentQuery& q) {
  std::vector<store::CommentRow> out;
  RETURN_IF_ERROR(c.app.db().Read([&](store::SqlConn& conn) -> Status {
    ASSIGN_OR_RETURN(out, store::DashboardStore::RecentComments(conn, c.tenant(), q));
    return Status::Ok();
  }));
  return out;
}

std::string CommentList(const Ctx& c, const Names& names,
                        const std::vector<store::CommentRow>& rows) {
  if (rows.empty()) {
    return "<p class=\"muted\">" + std::string(c.L("Geen opmerkingen.", "No comments.")) + "</p>";
  }
  std::string h = "<div class=\"comments\">";
  for (const auto& r : rows) h += CommentCard(c, names, r);
  return h + "</div>";
}

std::string ConsistencyCards(const Ctx& c, const engine::ConsistencyRow& r) {
  std::string h = "<div class=\"cards\">";
  h += Card(c.L("Spreiding (sd)", "Spread (sd)"), Num(c, r.stddev, 2),
            c.L("gemiddelde ", "mean ") + Num(c, r.mean, 1));
  h += Card("IQR", Num(c, r.iqr, 1), "Q1 " + Num(c, r.q1, 1) + " · Q3 " + Num(c, r.q3, 1));
  h += Card(c.L("Onder de 7", "Below 7"), Percent(c, r.share_below, 0),
            c.L("van de scores", "of the scores"));
  if (r.employees && r.employees->stddev) {
    h += Card(c.L("Verschil tussen medewerkers", "Spread between employees"),
              Num(c, *r.employees->stddev, 2),
              std::to_string(r.employees->employees) + " " + c.L("medewerkers", "employees") +
                  (r.employees->min_mean ? " · " + Num(c, *r.employees->min_mean, 1) + "–" +
                                               Num(c, r.employees->max_mean.value_or(0), 1)
                                         : ""));
  }
  return h + "</div>";
}

http::Response Moment(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  if (!names->touchpoints.count(*id)) return StatusPage(c, NotFound("no such touchpoint"));
  int64_t from = c.app.clock().Now() - kYear;
  Period per = PeriodOf(c);
  engine::Filter f = c.BaseFilter(from);
  f.touchpoints = {static_cast<uint32_t>(*id)};
  auto total = Measure(c, f, {});
  auto trend = Measure(c, f, {per.key});
  if (!total.ok()) return StatusPage(c, total.status());
  if (!trend.ok()) return StatusPage(c, trend.status());
  engine::ConsistencyQuery cq{c.scope(), f, {}, 7, 5};
  auto cons = c.app.engine().Consistency(cq);
  engine::KeyDriversQuery kq{c.scope(), f, {}, 30};
  auto kd = c.app.engine().KeyDrivers(kq);
  store::CommentQuery q;
  q.touchpoint_id = *id;
  q.limit = 12;
  auto comments = Comments(c, q);
  const auto& m = total->rows[0].measures;
  std::string h = "<div class=\"lede\"><a href=\"/moments\">" +
                  std::string(c.L("Alle momenten", "All moments")) + "</a> · " +
                  PeriodSwitch(c, per) + "</div>" + MeasureCards(c, m);
  h += "<div class=\"grid2\"><section class=\"panel\"><h2>" +
       std::string(c.L("Verdeling van de scores", "Score distribution")) + "</h2>" +
       DistributionSvg(c, m.distribution, false) + "</section><section class=\"panel\"><h2>" +
       c.L("NPS-verloop", "NPS trend") + "</h2>" + Trend(c, *trend, per, "trend-moment") +
       "</section></div>";
  if (cons.ok() && !cons->rows.empty()) {
    h += "<section class=\"panel\"><h2>" + std::string(c.L("Constantheid", "Consistency")) +
         "</h2>" + ConsistencyCards(c, cons->rows[0]) + "</section>";
  }
  if (kd.ok()) h += DriversSection(c, *kd);
  h += "<section class=\"panel\"><h2>" +
       std::string(c.L("Recente opmerkingen", "Recent comments")) + "</h2>" +
       (comments.ok() ? CommentList(c, *names, *comments) : "") +
       "<p><a href=\"/comments?touchpoint=" + std::to_string(*id) + "\">" +
       c.L("Alle opmerkingen bij dit moment", "All comments on this moment") + "</a></p></section>";
  return Page(c, 200, "moments", names->Touchpoint(*id), h);
}

// ---- Teams and people -------------------------------------------------------

std::string RankCell(const Ctx& c, const engine::RankingRow& r) {
  if (r.rank) return "<span class=\"rank\">" + std::to_string(*r.rank) + "</span>";
  return "<span class=\"few\">" + std::string(c.L("te weinig antwoorden", "too few answers")) +
         "</span>";
}

http::Response Teams(Ctx& c) {
  int64_t from = c.app.clock().Now() - kYear;
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  engine::Filter f = c.BaseFilter(from);
  engine::RankingQuery tq{c.scope(), f, "team", kTeamMinCount};
  auto teams = c.app.engine().FairRanking(tq);
  engine::RankingQuery eq{c.scope(), f, "employee", kPersonMinCount};
  auto people = c.app.engine().FairRanking(eq);
  engine::ConsistencyQuery cq{c.scope(), f, {"team"}, 7, 5};
  auto cons = c.app.engine().Consistency(cq);
  engine::RatchetQuery rq{c.scope(), f, {"team"}, 3, 0};
  auto ratchet = c.app.engine().ExpectationRatchet(rq);
  if (!teams.ok()) return StatusPage(c, teams.status());
  if (!people.ok()) return StatusPage(c, people.status());
  if (!cons.ok()) return StatusPage(c, cons.status());
  if (!ratchet.ok()) return StatusPage(c, ratchet.status());
  std::map<int64_t, const engine::ConsistencyRow*> cby;
  for (const auto& r : cons->rows) cby[r.key[0]] = &r;
  std::map<int64_t, const engine::RatchetRow*> rby;
  for (const auto& r : ratchet->rows) rby[r.key[0]] = &r;
  // A team whose spread is well above the typical team's is flagged.
  std::vector<double> sds;
  for (const auto& r : cons->rows) sds.push_back(r.stddev);
  std::sort(sds.begin(), sds.end());
  double median_sd = sds.empty() ? 0 : sds[sds.size() / 2];

  std::string h =
      "<div class=\"lede\">" +
      std::string(c.L("Eerlijke ranglijst: teams met weinig antwoorden worden naar het "
                      "gemiddelde getrokken en krijgen pas een plaats vanaf 30 antwoorden. Het "
                      "interval toont de onzekerheid.",
                      "Fair ranking: teams with few answers are pulled towards the average and "
                      "get a place only from 30 answers. The interval shows the uncertainty.")) +
      "</div><section class=\"panel\"><h2>Teams</h2><div class=\"scroll\"><table "
      "class=\"data\"><thead><tr><th scope=\"col\">" +
      c.L("Plaats", "Rank") + "</th><th scope=\"col\">Team</th><th scope=\"col\">" +
      c.L("NPS (eerlijk)", "NPS (fair)") + "</th><th scope=\"col\">" +
      c.L("95%-interval", "95% interval") + "</th><th scope=\"col\">" + c.L("Ruwe NPS", "Raw NPS") +
      "</th><th scope=\"col\">n</th><th scope=\"col\">" + c.L("Spreiding (sd)", "Spread (sd)") +
      "</th><th scope=\"col\">" + c.L("Onder 7", "Below 7") + "</th><th scope=\"col\">" +
      c.L("Teleurgesteld", "Disappointed") + "</th></tr></thead><tbody>";
  for (const auto& r : teams->rows) {
    h += "<tr><td>" + RankCell(c, r) + "</td><th scope=\"row\"><a href=\"/teams/" +
         std::to_string(r.id) + "\">" + Esc(names->Team(r.id)) + "</a></th><td>" +
         NpsBadge(c, r.posterior_nps) + "</td><td>" +
         IntervalSvg(c, r.posterior_nps, r.ci_low, r.ci_high) + "</td><td>" + Num(c, r.raw_nps, 0) +
         "</td><td>" + std::to_string(r.n) + "</td>";
    auto ci = cby.find(r.id);
    bool spread = ci != cby.end() && sds.size() > 2 && ci->second->stddev > 1.25 * median_sd;
    h += ci != cby.end() ? std::string(spread ? "<td class=\"alert\">" : "<td>") +
                               Num(c, ci->second->stddev, 2) + "</td><td>" +
                               Percent(c, ci->second->share_below, 0) + "</td>"
                         : "<td>—</td><td>—</td>";
    auto ri = rby.find(r.id);
    h += "<td>" + (ri != rby.end() && ri->second->share ? Percent(c, *ri->second->share, 1) : "—") +
         "</td></tr>";
  }
  h += "</tbody></table></div><p class=\"muted small\">" +
       std::string(c.L("Teleurgesteld: een terugkerende klant scoort 3 of meer punten onder zijn "
                       "beste eerdere score (de verwachtingsratel).",
                       "Disappointed: a returning customer scores 3 or more points below their "
                       "best earlier score (the expectation ratchet).")) +
       "</p></section>";

  h += "<section class=\"panel\"><h2>" + std::string(c.L("Medewerkers", "Employees")) +
       "</h2><div class=\"scroll\"><table class=\"data\"><thead><tr><th scope=\"col\">" +
       c.L("Plaats", "Rank") + "</th><th scope=\"col\">" + c.L("Naam", "Name") +
       "</th><th scope=\"col\">Team</th><th scope=\"col\">" + c.L("NPS (eerlijk)", "NPS (fair)") +
       "</th><th scope=\"col\">" + c.L("95%-interval", "95% interval") +
       "</th><th scope=\"col\">n</th></tr></thead><tbody>";
  for (const auto& r : people->rows) {
    auto e = names->employees.find(r.id);
    std::string team = e != names->employees.end() && e->second.parent_id
                           ? names->Team(*e->second.parent_id)
                           : "—";
    h += "<tr><td>" + RankCell(c, r) + "</td><th scope=\"row\"><a href=\"/people/" +
         std::to_string(r.id) + "\">" + Esc(names->Employee(r.id)) + "</a></th><td>" + Esc(team) +
         "</td><td>" + NpsBadge(c, r.posterior_nps) + "</td><td>" +
         IntervalSvg(c, r.posterior_nps, r.ci_low, r.ci_high) + "</td><td>" + std::to_string(r.n) +
         "</td></tr>";
  }
  h += "</tbody></table></div></section>";
  return Page(c, 200, "teams", c.L("Teams en mensen", "Teams and people"), h);
}

http::Response Team(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  if (!names->teams.count(*id) || !c.SeesTeam(*id)) return StatusPage(c, NotFound("no such team"));
  int64_t from = c.app.clock().Now() - kYear;
  Period per = PeriodOf(c);
  engine::Filter f = c.BaseFilter(from);
  f.teams = {static_cast<uint32_t>(*id)};
  auto total = Measure(c, f, {});
  auto trend = Measure(c, f, {per.key});
  if (!total.ok()) return StatusPage(c, total.status());
  if (!trend.ok()) return StatusPage(c, trend.status());
  engine::ConsistencyQuery cq{c.scope(), f, {"team"}, 7, 5};
  auto cons = c.app.engine().Consistency(cq);
  engine::RatchetQuery rq{c.scope(), f, {}, 3, 0};
  auto ratchet = c.app.engine().ExpectationRatchet(rq);
  engine::RankingQuery eq{c.scope(), f, "employee", kPersonMinCount};
  auto people = c.app.engine().FairRanking(eq);
  store::CommentQuery q;
  q.team_id = *id;
  q.limit = 10;
  auto comments = Comments(c, q);

  const auto& m = total->rows[0].measures;
  std::string h = "<div class=\"lede\"><a href=\"/teams\">" +
                  std::string(c.L("Alle teams", "All teams")) + "</a> · " + PeriodSwitch(c, per) +
                  "</div>" + MeasureCards(c, m);
  h += "<div class=\"grid2\"><section class=\"panel\"><h2>" +
       std::string(c.L("NPS-verloop", "NPS trend")) + "</h2>" +
       Trend(c, *trend, per, "trend-team") + "</section><section class=\"panel\"><h2>" +
       c.L("Verdeling van de scores", "Score distribution") + "</h2>" +
       DistributionSvg(c, m.distribution, false) + "</section></div>";
  h += "<section class=\"panel\"><h2>" + std::string(c.L("Constantheid", "Consistency")) + "</h2>";
  if (cons.ok() && !cons->rows.empty()) h += ConsistencyCards(c, cons->rows[0]);
  if (ratchet.ok() && !ratchet->rows.empty() && ratchet->rows[0].share) {
    h += "<p>" +
         std::string(
             c.L("Teleurgestelde terugkerende klanten: ", "Disappointed returning customers: ")) +
         "<strong>" + Percent(c, *ratchet->rows[0].share, 1) + "</strong> (" +
         std::to_string(ratchet->rows[0].disappointed) + " / " +
         std::to_string(ratchet->rows[0].with_prev) + ")</p>";
  }
  h += "</section>";
  if (people.ok()) {
    h += "<section class=\"panel\"><h2>" + std::string(c.L("Medewerkers", "Employees")) +
         "</h2><table class=\"data\"><thead><tr><th scope=\"col\">" + c.L("Plaats", "Rank") +
         "</th><th scope=\"col\">" + c.L("Naam", "Name") + "</th><th scope=\"col\">" +
         c.L("NPS (eerlijk)", "NPS (fair)") + "</th><th scope=\"col\">" +
         c.L("95%-interval", "95% interval") + "</th><th scope=\"col\">n</th></tr></thead><tbody>";
    for (const auto& r : people->rows) {
      h += "<tr><td>" + RankCell(c, r) + "</td><th scope=\"row\"><a href=\"/people/" +
           std::to_string(r.id) + "\">" + Esc(names->Employee(r.id)) + "</a></th><td>" +
           NpsBadge(c, r.posterior_nps) + "</td><td>" +
           IntervalSvg(c, r.posterior_nps, r.ci_low, r.ci_high) + "</td><td>" +
           std::to_string(r.n) + "</td></tr>";
    }
    h += "</tbody></table></section>";
  }
  h += "<section class=\"panel\"><h2>" +
       std::string(c.L("Recente opmerkingen", "Recent comments")) + "</h2>" +
       (comments.ok() ? CommentList(c, *names, *comments) : "") + "</section>";
  return Page(c, 200, "teams", names->Team(*id), h);
}

http::Response Person(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  if (c.is_employee() && (!c.tenant().employee() || *c.tenant().employee() != *id)) {
    return StatusPage(c, NotFound("no such employee"));
  }
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  auto e = names->employees.find(*id);
  if (e == names->employees.end()) return StatusPage(c, NotFound("no such employee"));
  if (!c.is_employee() &&
      !(e->second.parent_id ? c.SeesTeam(*e->second.parent_id) : c.tenant().unrestricted())) {
    return StatusPage(c, NotFound("no such employee"));
  }
  c.app.Audit(api::Call{c.req, &c.who, c.app, c.lang, nullptr}, "dashboard.person.read",
              "employee:" + std::to_string(*id));
  int64_t from = c.app.clock().Now() - kYear;
  Period per = PeriodOf(c);
  engine::Filter f = c.BaseFilter(from);
  f.employees = {static_cast<uint32_t>(*id)};
  auto total = Measure(c, f, {});
  auto trend = Measure(c, f, {per.key});
  if (!total.ok()) return StatusPage(c, total.status());
  if (!trend.ok()) return StatusPage(c, trend.status());
  engine::RatchetQuery rq{c.scope(), f, {}, 3, 0};
  auto ratchet = c.app.engine().ExpectationRatchet(rq);
  // Their place among the team, fairly (staff only).
  std::optional<engine::RankingRow> mine;
  size_t peers = 0;
  if (e->second.parent_id) {
    engine::Filter tf = c.BaseFilter(from);
    tf.employees.clear();
    tf.teams = {static_cast<uint32_t>(*e->second.parent_id)};
    if (c.is_employee()) tf.employees = {static_cast<uint32_t>(*id)};
    engine::RankingQuery eq{c.scope(), tf, "employee", kPersonMinCount};
    auto rk = c.app.engine().FairRanking(eq);
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
  auto feedback = Comments(c, own);
  // Compliments: comments that credit them by text/compliments.h (named
  // unambiguously among all the org's employees, or on their own contact;
  // never a 0-6), from the comments naming their first name and their own.
  std::vector<store::CommentRow> compliments;
  const text::TextAnalyzer* an = Analyzer();
  if (an) {
    std::vector<text::Employee> everyone;
    for (const auto& [eid, item] : names->employees)
      everyone.push_back({std::to_string(eid), item.name});
    const text::EmployeeDirectory org(std::move(everyone));
    const std::string me = std::to_string(*id);
    auto credits = [&](const store::CommentRow& r) {
      std::optional<std::string> contact;
      if (r.employee_id) contact = std::to_string(*r.employee_id);
      return text::IsComplimentFor(*an, org, me, {r.comment, r.nps, contact});
    };
    std::string first = e->second.name.substr(0, e->second.name.find(' '));
    store::CommentQuery q;
    q.search = first;
    q.limit = 300;
    auto named = Comments(c, q);
    if (named.ok()) {
      for (auto& r : *named) {
        if (credits(r)) compliments.push_back(std::move(r));
        if (compliments.size() >= 8) break;
      }
    }
    if (feedback.ok() && compliments.size() < 8) {
      for (const auto& r : *feedback) {
        bool dup = std::any_of(compliments.begin(), compliments.end(),
                               [&](const store::CommentRow& x) { return x.id == r.id; });
        if (!dup && credits(r)) compliments.push_back(r);
        if (compliments.size() >= 8) break;
      }
    }
  }

  const auto& m = total->rows[0].measures;
  std::string h;
  if (!c.is_employee()) {
    h += "<div class=\"lede\">" +
         (e->second.parent_id ? "<a href=\"/teams/" + std::to_string(*e->second.parent_id) + "\">" +
                                    Esc(names->Team(*e->second.parent_id)) + "</a> · "
                              : std::string()) +
         PeriodSwitch(c, per) + "</div>";
  } else {
    h += "<div class=\"lede\">" +
         std::string(c.L("Wat klanten over jouw contact met hen zeggen. Jij, je leidinggevende "
                         "en de beheerders zien dit.",
                         "What customers say about their contact with you. You, your manager "
                         "and the administrators see this.")) +
         "</div>";
  }
  h += MeasureCards(c, m);
  h += "<div class=\"cards\">";
  if (mine) {
    h += Card(c.L("NPS (eerlijk)", "NPS (fair)"), NpsBadge(c, mine->posterior_nps),
              c.L("95%-interval ", "95% interval ") + Num(c, mine->ci_low, 0) + " " +
                  c.L("tot", "to") + " " + Num(c, mine->ci_high, 0));
    if (!c.is_employee()) {
      h += Card(c.L("Plaats in het team", "Place in the team"),
                mine->rank ? std::to_string(*mine->rank) + " / " + std::to_string(peers)
                           : std::string(c.L("te weinig antwoorden", "too few answers")),
                c.L("vanaf 20 antwoorden", "from 20 answers"));
    }
  }
  if (ratchet.ok() && !ratchet->rows.empty() && ratchet->rows[0].share) {
    h += Card(c.L("Teleurgesteld", "Disappointed"), Percent(c, *ratchet->rows[0].share, 1),
              std::to_string(ratchet->rows[0].disappointed) + " / " +
                  std::to_string(ratchet->rows[0].with_prev) + " " +
                  c.L("terugkerende klanten", "returning customers"));
  }
  h += "</div>";
  h += "<div class=\"grid2\"><section class=\"panel\"><h2>" +
       std::string(c.L("NPS-verloop", "NPS trend")) + "</h2>" +
       Trend(c, *trend, per, "trend-person") + "</section><section class=\"panel\"><h2>" +
       c.L("Verdeling van de scores", "Score distribution") + "</h2>" +
       DistributionSvg(c, m.distribution, false) + "</section></div>";
  h += "<section class=\"panel praise\"><h2>" + std::string(c.L("Complimenten", "Compliments")) +
       "</h2>" + CommentList(c, *names, compliments) + "</section>";
  h += "<section class=\"panel\"><h2>" + std::string(c.L("Feedback", "Feedback")) + "</h2>" +
       (feedback.ok() ? CommentList(c, *names, *feedback) : "") + "</section>";
  return Page(c, 200, c.is_employee() ? "me" : "teams", e->second.name, h);
}

http::Response Me(Ctx& c) {
  if (!c.is_employee() || !c.tenant().employee()) return Redirect("/overview");
  return Redirect("/people/" + std::to_string(*c.tenant().employee()));
}

// ---- Comments explorer ------------------------------------------------------

std::optional<int64_t> IdParam(const Ctx& c, const char* name) {
  auto v = c.req.Query(name);
  if (!v || v->empty() || v->size() > 18 ||
      v->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(*v);
}

std::string Select(const Ctx& c, const char* name, const char* label,
                   const std::unordered_map<int64_t, store::NamedItem>& items,
                   std::optional<int64_t> selected) {
  std::vector<const store::NamedItem*> sorted;
  for (const auto& [id, it] : items) sorted.push_back(&it);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });
  std::string h = "<div class=\"field\"><label for=\"f-" + std::string(name) + "\">" + label +
                  "</label><select id=\"f-" + name + "\" name=\"" + name +
                  "\"><option value=\"\">" + c.L("Alle", "All") + "</option>";
  for (const auto* it : sorted) {
    h += "<option value=\"" + std::to_string(it->id) + "\"" +
         (selected && *selected == it->id ? " selected" : "") + ">" + Esc(it->name) + "</option>";
  }
  return h + "</select></div>";
}

http::Response CommentsPage(Ctx& c) {
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  int64_t now = c.app.clock().Now();
  store::CommentQuery q;
  q.limit = 50;
  q.touchpoint_id = IdParam(c, "touchpoint");
  q.team_id = IdParam(c, "team");
  if (q.touchpoint_id && !names->touchpoints.count(*q.touchpoint_id)) q.touchpoint_id.reset();
  if (q.team_id && !names->teams.count(*q.team_id)) q.team_id.reset();
  std::string band = c.req.Query("band").value_or("");
  if (band == "detractor") {
    q.max_nps = 6;
  } else if (band == "passive") {
    q.min_nps = 7;
    q.max_nps = 8;
  } else if (band == "promoter") {
    q.min_nps = 9;
  } else {
    band.clear();
  }
  std::string days = c.req.Query("days").value_or("90");
  if (days != "7" && days != "30" && days != "90" && days != "365") days = "90";
  q.from = now - std::stoll(days) * kDay;
  q.search = c.req.Query("q").value_or("");
  if (q.search.size() > 100) q.search.resize(100);
  auto rows = Comments(c, q);
  if (!rows.ok()) return StatusPage(c, rows.status());

  std::string h = "<form method=\"get\" action=\"/comments\" class=\"filters\">";
  h += "<div class=\"field\"><label for=\"f-q\">" + std::string(c.L("Zoeken", "Search")) +
       "</label><input id=\"f-q\" name=\"q\" type=\"search\" value=\"" + Esc(q.search) +
       "\"></div>";
  h += "<div class=\"field\"><label for=\"f-band\">" + std::string(c.L("Score", "Score")) +
       "</label><select id=\"f-band\" name=\"band\">";
  for (auto [v, nl, en] : {std::tuple{"", "Alle", "All"},
                           std::tuple{"detractor", "Detractors (0–6)", "Detractors (0–6)"},
                           std::tuple{"passive", "Passief (7–8)", "Passives (7–8)"},
                           std::tuple{"promoter", "Promotors (9–10)", "Promoters (9–10)"}}) {
    h += "<option value=\"" + std::string(v) + "\"" + (band == v ? " selected" : "") + ">" +
         c.L(nl, en) + "</option>";
  }
  h += "</select></div>";
  h += Select(c, "touchpoint", c.L("Contactmoment", "Touchpoint"), names->touchpoints,
              q.touchpoint_id);
  h += Select(c, "team", "Team", names->teams, q.team_id);
  h += "<div class=\"field\"><label for=\"f-days\">" + std::string(c.L("Periode", "Period")) +
       "</label><select id=\"f-days\" name=\"days\">";
  for (auto [v, nl, en] :
       {std::tuple{"7", "7 dagen", "7 days"}, std::tuple{"30", "30 dagen", "30 days"},
        std::tuple{"90", "90 dagen", "90 days"}, std::tuple{"365", "12 maanden", "12 months"}}) {
    h += "<option value=\"" + std::string(v) + "\"" + (days == v ? " selected" : "") + ">" +
         c.L(nl, en) + "</option>";
  }
  h += "</select></div><button type=\"submit\">" + std::string(c.L("Filteren", "Filter")) +
       "</button></form>";

  // Theme summary over the shown comments.
  std::map<std::string, std::pair<int, int>> themes;  // label -> (negative, positive)
  if (const text::TextAnalyzer* an = Analyzer()) {
    for (const auto& r : *rows) {
      auto a = an->Analyze(r.comment, {});
      for (const auto& t : a.themes) {
        std::string label(t.theme);
        for (const auto& info : an->themes()) {
          if (info.key == t.theme) label = c.lang == Lang::kNl ? info.label_nl : info.label_en;
        }
        if (t.polarity == text::Polarity::kNegative) themes[label].first++;
        if (t.polarity == text::Polarity::kPositive) themes[label].second++;
      }
    }
  }
  h += "<p class=\"muted\">" + std::to_string(rows->size()) + " " +
       c.L("opmerkingen (nieuwste eerst, max. 50; persoonsgegevens afgeschermd)",
           "comments (newest first, at most 50; personal data redacted)") +
       "</p>";
  if (!themes.empty()) {
    std::vector<std::pair<std::string, std::pair<int, int>>> tv(themes.begin(), themes.end());
    std::sort(tv.begin(), tv.end(),
              [](auto& a, auto& b) { return a.second.first > b.second.first; });
    h += "<section class=\"panel\"><h2>" + std::string(c.L("Thema's", "Themes")) +
         "</h2><ul class=\"themes\">";
    for (const auto& [label, np] : tv) {
      h += "<li><span class=\"theme\">" + Esc(label) + "</span> <span class=\"neg-n\">" +
           std::to_string(np.first) + " " + c.L("negatief", "negative") +
           "</span> · <span class=\"pos-n\">" + std::to_string(np.second) + " " +
           c.L("positief", "positive") + "</span></li>";
    }
    h += "</ul></section>";
  }
  h += CommentList(c, *names, *rows);
  return Page(c, 200, "comments", c.L("Opmerkingen", "Comments"), h);
}

}  // namespace

void RegisterInsightPages(api::App& app) {
  AddPage(app, "GET", "/overview", PageAccess::kStaff, Overview);
  AddPage(app, "GET", "/moments", PageAccess::kStaff, Moments);
  AddPage(app, "GET", "/moments/{id}", PageAccess::kStaff, Moment);
  AddPage(app, "GET", "/teams", PageAccess::kStaff, Teams);
  AddPage(app, "GET", "/teams/{id}", PageAccess::kStaff, Team);
  AddPage(app, "GET", "/people/{id}", PageAccess::kAny, Person);
  AddPage(app, "GET", "/me", PageAccess::kAny, Me);
  AddPage(app, "GET", "/comments", PageAccess::kStaff, CommentsPage);
}

}  // namespace beleving::web
