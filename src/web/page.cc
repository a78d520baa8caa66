#include "web/page.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "core/log.h"
#include "core/time_format.h"
#include "i18n/locale.h"
#include "security/authenticator.h"
#include "security/secrets.h"

namespace beleving::web {
namespace {

api::Access AccessOf(PageAccess a) {
  switch (a) {
    case PageAccess::kAny:
      return api::Access::kAuthenticated;
    case PageAccess::kStaff:
    case PageAccess::kManage:
      return api::Access::kManage;
    case PageAccess::kAdmin:
      return api::Access::kAdmin;
  }
  return api::Access::kAdmin;
}

// Fills names of the user and organisation for the header.
void LoadHeader(Ctx* c) {
  // The person and their organisations, in one service call; a header
  // without names is better than no page.
  auto id = c->app.services().access().IdentityOf(c->who);
  if (!id.ok()) return;
  c->user_name = id->name.empty() ? id->email : id->name;
  c->org_name = id->org.name;
  c->org_slug = id->org.slug;
  for (const auto& o : id->orgs) c->orgs.emplace_back(o.slug, o.name);
}

// The current path with ?lang=X, keeping other query parameters.
std::string SwitchLangHref(const http::Request& req, const char* lang) {
  std::string q;
  for (const auto& [k, v] : req.query) {
    if (k == "lang") continue;
    q += (q.empty() ? "?" : "&") + http::UrlEncode(k) + "=" + http::UrlEncode(v);
  }
  q += (q.empty() ? "?" : "&") + std::string("lang=") + lang;
  return req.path + q;
}

}  // namespace

std::string Names::Team(int64_t id) const {
  auto it = teams.find(id);
  return it == teams.end() ? "—" : it->second.name;
}
std::string Names::Employee(int64_t id) const {
  auto it = employees.find(id);
  return it == employees.end() ? "—" : it->second.name;
}
std::string Names::Touchpoint(int64_t id) const {
  auto it = touchpoints.find(id);
  return it == touchpoints.end() ? "—" : it->second.name;
}

engine::Filter Ctx::BaseFilter(std::optional<int64_t> from) const {
  engine::Filter f = who.tenant.EngineFilter();
  f.from = from;
  return f;
}

bool Ctx::SeesTeam(int64_t team_id) const { return who.tenant.SeesTeam(team_id); }

Result<Names> Ctx::LoadNames() const {
  Names n;
  Status st = app.db().Read([&](store::SqlConn& conn) -> Status {
    auto load = [&](const char* table, std::unordered_map<int64_t, store::NamedItem>* out) {
      auto items = store::DashboardStore::Names(conn, who.tenant, table);
      if (!items.ok()) return items.status();
      for (auto& i : *items) out->emplace(i.id, std::move(i));
      return Status::Ok();
    };
    RETURN_IF_ERROR(load("locations", &n.locations));
    RETURN_IF_ERROR(load("teams", &n.teams));
    RETURN_IF_ERROR(load("employees", &n.employees));
    return load("touchpoints", &n.touchpoints);
  });
  if (!st.ok()) return st;
  return n;
}

std::optional<std::string> Ctx::Form(const std::string& name) const {
  return http::FormField(req, name);
}

namespace {

api::ApiHandler PageHandlerOf(PageHandler h) {
  return [h = std::move(h)](api::Call& call) -> http::Response {
    Ctx c{call.app, call.req, *call.who, call.lang, {}, {}, {}, {}, {}, {}};
    LoadHeader(&c);
    return h(c);
  };
}

}  // namespace

void AddPage(api::App& app, const std::string& method, const std::string& pattern,
             PageAccess access, PageHandler handler) {
  app.Add(method, pattern, AccessOf(access), PageHandlerOf(std::move(handler)), 64 * 1024,
          api::Surface::kPage);
}

void AddPage(api::App& app, const std::string& method, const std::string& pattern,
             PageAccess access, api::Operation op, PageHandler handler) {
  app.Add(method, pattern, AccessOf(access), std::move(op), PageHandlerOf(std::move(handler)),
          64 * 1024, api::Surface::kPage);
}

void RegisterPageErrors(api::App& app) {
  app.SetPageErrors([](api::Call& call, int status, std::string_view key) {
    if (!call.who) return http::Html(status, Esc(i18n::Text(call.lang, key)));
    Ctx c{call.app, call.req, *call.who, call.lang, {}, {}, {}, {}, {}, {}};
    LoadHeader(&c);
    return ErrorPage(c, status, c.T(key));
  });
}

std::string Num(const Ctx& c, double v, int decimals) { return i18n::Number(c.lang, v, decimals); }

std::string SignedNum(const Ctx& c, double v) { return i18n::SignedNumber(c.lang, v); }

std::string Percent(const Ctx& c, double share01, int decimals) {
  return i18n::Percent(c.lang, share01, decimals);
}

std::string Date(const Ctx& c, UnixSeconds t) {
  return i18n::Date(c.lang, t, c.app.engine().OrgTimeZone(c.org()));
}

http::Response Redirect(const std::string& location) { return http::Redirect(303, location); }

http::Response Page(const Ctx& c, int status, std::string_view active, std::string_view title,
                    const std::string& body) {
  struct Item {
    const char* key;
    const char* href;
    const char* nl;
    const char* en;
  };
  static const Item kStaff[] = {
      {"overview", "/overview", "Overzicht", "Overview"},
      {"moments", "/moments", "Momenten", "Moments"},
      {"teams", "/teams", "Teams en mensen", "Teams and people"},
      {"comments", "/comments", "Opmerkingen", "Comments"},
      {"cases", "/cases", "Cases", "Cases"},
      {"promises", "/promises", "Beloftes", "Promises"},
      {"surveys", "/surveys", "Enquêtes", "Surveys"},
      {"settings", "/settings", "Instellingen", "Settings"},
  };
  std::string h;
  h.reserve(body.size() + 4096);
  h += "<!doctype html>\n<html lang=\"";
  h += c.lang == Lang::kNl ? "nl" : "en";
  h += "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
       "content=\"width=device-width, initial-scale=1\"><title>";
  h += Esc(title);
  h += " · Beleving</title><link rel=\"stylesheet\" href=\"/assets/uplot.css\">"
       "<link rel=\"stylesheet\" href=\"/assets/app.css\">"
       "<script src=\"/assets/uplot.js\" defer></script>"
       "<script src=\"/assets/app.js\" defer></script></head><body>";
  h += "<a class=\"skip\" href=\"#main\">";
  h += c.L("Naar de inhoud", "Skip to content");
  h += "</a><header class=\"top\"><div class=\"brand\"><a href=\"/\">Beleving</a><span "
       "class=\"org\">";
  h += Esc(c.org_name);
  h += "</span></div><nav aria-label=\"";
  h += c.L("Hoofdmenu", "Main menu");
  h += "\"><ul>";
  if (c.is_employee()) {
    h += "<li><a href=\"/me\" aria-current=\"page\">";
    h += c.L("Mijn feedback", "My feedback");
    h += "</a></li>";
  } else {
    for (const auto& it : kStaff) {
      if (std::string_view(it.key) == "settings" && !c.who.IsAdmin()) {
        continue;
      }
      h += "<li><a href=\"";
      h += it.href;
      h += "\"";
      if (active == it.key) h += " aria-current=\"page\"";
      h += ">";
      h += c.L(it.nl, it.en);
      h += "</a></li>";
    }
  }
  h += "</ul></nav><div class=\"tools\">";
  if (c.orgs.size() > 1) {
    h += "<form method=\"post\" action=\"/switch-org\" class=\"inline\"><input type=\"hidden\" "
         "name=\"_csrf\" value=\"";
    h += Esc(c.who.csrf_token);
    h += "\"><label for=\"org-switch\" class=\"sr\">";
    h += c.L("Organisatie", "Organisation");
    h += "</label><select id=\"org-switch\" name=\"org\" class=\"autosubmit\">";
    for (const auto& [slug, name] : c.orgs) {
      h += "<option value=\"" + Esc(slug) + "\"" + (slug == c.org_slug ? " selected" : "") + ">" +
           Esc(name) + "</option>";
    }
    h += "</select><button type=\"submit\" class=\"small\">";
    h += c.L("Wissel", "Switch");
    h += "</button></form>";
  }
  h += "<a class=\"lang\" href=\"" + Esc(SwitchLangHref(c.req, c.lang == Lang::kNl ? "en" : "nl")) +
       "\" lang=\"" + (c.lang == Lang::kNl ? "en" : "nl") + "\">" +
       (c.lang == Lang::kNl ? "English" : "Nederlands") + "</a>";
  h += "<span class=\"user\">" + Esc(c.user_name) + "</span>";
  h += "<form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" "
       "name=\"_csrf\" value=\"" +
       Esc(c.who.csrf_token) + "\"><button type=\"submit\" class=\"small\">";
  h += c.L("Uitloggen", "Log out");
  h += "</button></form></div></header><main id=\"main\" data-csrf=\"" + Esc(c.who.csrf_token) +
       "\"><h1>";
  h += Esc(title);
  h += "</h1>";
  if (!c.form_error.empty()) {
    h += "<div class=\"notice error\" role=\"alert\" id=\"form-error\"><p>" + Esc(c.form_error) +
         "</p></div>";
    if (status == 200) status = 422;
  }
  h += body;
  h += "</main></body></html>\n";
  return http::Html(status, std::move(h));
}

std::string CsrfField(const Ctx& c) {
  return "<input type=\"hidden\" name=\"_csrf\" value=\"" + Esc(c.who.csrf_token) + "\">";
}

bool FormErrorFrom(Ctx* c, const Status& st, std::string_view prefix) {
  switch (st.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kConflict:
    case StatusCode::kAlreadyExists:
      c->form_error = std::string(prefix) + " (" + st.message() + ")";
      return true;
    default:
      return false;
  }
}

http::Response ErrorPage(const Ctx& c, int status, std::string_view message) {
  std::string body = "<p class=\"notice\">" + Esc(message) + "</p><p><a href=\"/\">" +
                     c.L("Terug naar het begin", "Back to the start") + "</a></p>";
  const char* title = status == 404   ? c.L("Niet gevonden", "Not found")
                      : status == 403 ? c.L("Geen toegang", "No access")
                                      : c.L("Er ging iets mis", "Something went wrong");
  return Page(c, status, "", title, body);
}

http::Response StatusPage(const Ctx& c, const Status& st) {
  if (st.code() == StatusCode::kNotFound) {
    return ErrorPage(c, 404, c.L("Dit bestaat niet (meer).", "This does not exist."));
  }
  if (st.code() == StatusCode::kInvalidArgument) {
    return ErrorPage(c, 400, st.message());
  }
  log::Error("dashboard: {}", st.ToString());
  return ErrorPage(c, 500, c.L("Probeer het later opnieuw.", "Please try again later."));
}

std::string NpsBadge(const Ctx& c, std::optional<double> nps) {
  if (!nps) return "<span class=\"nps none\">—</span>";
  const char* cls = *nps >= 50 ? "great" : *nps >= 20 ? "good" : *nps >= 0 ? "fair" : "poor";
  return std::string("<span class=\"nps ") + cls + "\">" + Num(c, *nps, 0) + "</span>";
}

std::string ScoreBadge(int score) {
  const char* cls = score >= 9 ? "pro" : score >= 7 ? "pas" : "det";
  return std::string("<span class=\"score ") + cls + "\">" + std::to_string(score) + "</span>";
}

std::string DistributionSvg(const Ctx& c, const std::array<int64_t, 11>& dist, bool small) {
  int64_t max = 1, total = 0;
  for (int64_t v : dist) {
    max = std::max(max, v);
    total += v;
  }
  const int bw = small ? 10 : 40, gap = small ? 2 : 8, h = small ? 28 : 160;
  const int top = small ? 0 : 18, bottom = small ? 0 : 22;
  const int width = 11 * bw + 10 * gap;
  std::string label = c.L("Verdeling van de scores 0 tot 10: ", "Distribution of scores 0 to 10: ");
  for (int s = 0; s <= 10; ++s) {
    label += std::to_string(s) + "=" + std::to_string(dist[s]) + (s < 10 ? ", " : "");
  }
  std::string svg = "<svg class=\"dist" + std::string(small ? " small" : "") + "\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(h + top + bottom) + "\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(h + top + bottom) +
                    "\" role=\"img\" aria-label=\"" + Esc(label) + "\">";
  for (int s = 0; s <= 10; ++s) {
    int bh = static_cast<int>(std::lround(static_cast<double>(dist[s]) * h / max));
    if (dist[s] > 0 && bh < 1) bh = 1;
    int x = s * (bw + gap);
    const char* cls = s >= 9 ? "pro" : s >= 7 ? "pas" : "det";
    svg += "<rect class=\"" + std::string(cls) + "\" x=\"" + std::to_string(x) + "\" y=\"" +
           std::to_string(top + h - bh) + "\" width=\"" + std::to_string(bw) + "\" height=\"" +
           std::to_string(bh) + "\"></rect>";
    if (!small) {
      svg += "<text x=\"" + std::to_string(x + bw / 2) + "\" y=\"" + std::to_string(top + h + 16) +
             "\" text-anchor=\"middle\">" + std::to_string(s) + "</text>";
      if (total > 0) {
        svg += "<text class=\"pct\" x=\"" + std::to_string(x + bw / 2) + "\" y=\"" +
               std::to_string(top + h - bh - 4) + "\" text-anchor=\"middle\">" +
               Num(c, 100.0 * static_cast<double>(dist[s]) / static_cast<double>(total), 0) +
               "%</text>";
      }
    }
  }
  svg += "</svg>";
  return svg;
}

std::string IntervalSvg(const Ctx& c, double value, double lo, double hi) {
  // Axis -50..100 over 180 px (NPS below -50 sits at the left edge); the zero
  // line is drawn.
  auto x = [](double v) {
    return std::to_string(static_cast<int>(std::lround(std::clamp(v + 50.0, 0.0, 150.0) * 1.2)));
  };
  std::string label = c.L("NPS ", "NPS ") + Num(c, value, 0) + " (" +
                      c.L("95%-interval ", "95% interval ") + Num(c, lo, 0) + " " +
                      c.L("tot", "to") + " " + Num(c, hi, 0) + ")";
  return "<span class=\"ci-wrap\"><svg class=\"ci\" viewBox=\"0 0 180 16\" width=\"180\" "
         "height=\"16\" role=\"img\" aria-label=\"" +
         Esc(label) + "\"><line class=\"axis\" x1=\"60\" y1=\"1\" x2=\"60\" y2=\"15\"></line>" +
         "<line class=\"range\" x1=\"" + x(lo) + "\" y1=\"8\" x2=\"" + x(hi) +
         "\" y2=\"8\"></line>" + "<circle class=\"dot\" cx=\"" + x(value) +
         "\" cy=\"8\" r=\"4\"></circle></svg><span "
         "class=\"ci-text\" aria-hidden=\"true\">" +
         Num(c, lo, 0) + " – " + Num(c, hi, 0) + "</span></span>";
}

const text::TextAnalyzer* Analyzer() {
  static std::once_flag once;
  static std::optional<text::TextAnalyzer> analyzer;
  std::call_once(once, [] {
    auto a = text::TextAnalyzer::Create();
    if (a.ok()) {
      analyzer.emplace(std::move(*a));
    } else {
      log::Error("dashboard: text analyzer: {}", a.status().ToString());
    }
  });
  return analyzer ? &*analyzer : nullptr;
}

std::string CommentCard(const Ctx& c, const Names& names, const store::CommentRow& row,
                        int64_t highlight_employee) {
  const text::TextAnalyzer* an = Analyzer();
  std::string h = "<article class=\"comment\"><div class=\"meta\">";
  if (row.nps) h += ScoreBadge(*row.nps);
  h += "<time datetime=\"" + FormatRfc3339(row.submitted_at).substr(0, 10) + "\">" +
       Date(c, row.submitted_at) + "</time>";
  if (row.touchpoint_id) h += "<span>" + Esc(names.Touchpoint(*row.touchpoint_id)) + "</span>";
  if (row.team_id) h += "<span>" + Esc(names.Team(*row.team_id)) + "</span>";
  if (row.employee_id && !c.is_employee()) {
    h += "<span>" + Esc(names.Employee(*row.employee_id)) + "</span>";
  }
  h += "</div>";
  if (an) {
    text::AnalyzeOptions opts;
    text::CommentAnalysis a = an->Analyze(row.comment, opts);
    h += "<p>" + Esc(an->Redact(row.comment, a.language)) + "</p><div class=\"tags\">";
    const char* pcls = a.polarity == text::Polarity::kPositive   ? "pos"
                       : a.polarity == text::Polarity::kNegative ? "neg"
                                                                 : "neu";
    const char* plabel = a.polarity == text::Polarity::kPositive   ? c.L("positief", "positive")
                         : a.polarity == text::Polarity::kNegative ? c.L("negatief", "negative")
                                                                   : c.L("neutraal", "neutral");
    h += std::string("<span class=\"sent ") + pcls + "\">" + plabel + " " + Num(c, a.sentiment, 2) +
         "</span>";
    for (const auto& t : a.themes) {
      std::string label(t.theme);
      for (const auto& info : an->themes()) {
        if (info.key == t.theme) label = c.lang == Lang::kNl ? info.label_nl : info.label_en;
      }
      const char* tcls = t.polarity == text::Polarity::kPositive   ? "pos"
                         : t.polarity == text::Polarity::kNegative ? "neg"
                                                                   : "neu";
      h += std::string("<span class=\"theme ") + tcls + "\">" + Esc(label) + "</span>";
    }
    if (highlight_employee) h += "";
    h += "</div>";
  } else {
    h += "<p>" + Esc(text::Redact(row.comment)) + "</p>";
  }
  h += "</article>";
  return h;
}

std::string TrendChart(const Ctx& c, const std::string& id, const std::vector<int64_t>& xs,
                       const std::vector<double>& nps, const std::vector<double>& lo,
                       const std::vector<double>& hi, const std::vector<int64_t>& counts) {
  auto arr = [](const auto& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) s += ",";
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(v[i]));
      s += buf;
    }
    return s + "]";
  };
  std::string data = "{\"x\":" + arr(xs) + ",\"nps\":" + arr(nps) + ",\"lo\":" + arr(lo) +
                     ",\"hi\":" + arr(hi) + ",\"n\":" + arr(counts) + ",\"labels\":{\"x\":\"" +
                     c.L("Periode", "Period") + "\",\"nps\":\"" + c.L("NPS", "NPS") +
                     "\",\"lo\":\"" + c.L("95% ondergrens", "95% lower") + "\",\"hi\":\"" +
                     c.L("95% bovengrens", "95% upper") + "\"}}";
  // A table carries the same numbers for screen readers and without script.
  std::string table = "<table class=\"sr\"><caption>" +
                      std::string(c.L("NPS per periode", "NPS per period")) + "</caption><tr><th>" +
                      c.L("Periode", "Period") + "</th><th>NPS</th><th>n</th></tr>";
  for (size_t i = 0; i < xs.size(); ++i) {
    table += "<tr><td>" + Date(c, xs[i]) + "</td><td>" + Num(c, nps[i], 0) + "</td><td>" +
             std::to_string(counts[i]) + "</td></tr>";
  }
  table += "</table>";
  return "<div class=\"chart\" id=\"" + Esc(id) + "\" data-trend=\"" + Esc(data) + "\"></div>" +
         table;
}

int64_t Period::BucketStart(int64_t value) const { return value * 86400; }

std::string Period::Label(int64_t value) const {
  auto k = engine::ParseGroupKey(key);
  return k.ok() ? engine::FormatGroupValue(*k, value) : std::to_string(value);
}

int64_t Period::Running(int64_t now, const TimeZone& tz) const {
  const int64_t local = tz.ToLocal(now);
  const int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  auto k = engine::ParseGroupKey(key);
  return k.ok() ? engine::BucketStartDay(*k, day) : day;
}

Period PeriodOf(const Ctx& c) {
  Period p;
  if (auto q = c.req.Query("period"); q && *q == "week") p.key = "week";
  return p;
}

}  // namespace beleving::web
