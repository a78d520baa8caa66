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

Result<Names> Ctx::LoadNames() const { return insight().NamesOf(who); }

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

api::Operation PageOperation(std::string id, std::string summary, std::vector<api::Parameter> query,
                             bool with_id) {
  api::Operation op{
      std::move(id), std::move(summary), "dashboard", {}, std::move(query), {}, {}, {}};
  if (with_id) {
    op.path = {{"id", api::Schema::Integer(1, 999'999'999'999'999'999), true, "store id"}};
  }
  op.replies = {
      {200, "HTML page", "", {}, "text/html"},
      {400, "A query parameter out of its bounds: an HTML error page", "", {}, "text/html"}};
  if (with_id) {
    op.replies.push_back({404,
                          "No such item, or not visible to the session: an HTML error page",
                          "",
                          {},
                          "text/html"});
  }
  return op;
}

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

std::string Count(const Ctx& c, int64_t n) {
  return i18n::Number(c.lang, static_cast<double>(n), 0);
}

std::string SignedNum(const Ctx& c, double v) { return i18n::SignedNumber(c.lang, v); }

std::string Percent(const Ctx& c, double share01, int decimals) {
  return i18n::Percent(c.lang, share01, decimals);
}

std::string Date(const Ctx& c, UnixSeconds t) {
  return i18n::Date(c.lang, t, c.insight().Zone(c.who));
}

http::Response Redirect(const std::string& location) { return http::Redirect(303, location); }

http::Response Page(const Ctx& c, int status, std::string_view active, std::string_view title,
                    const std::string& body) {
  struct Item {
    const char* key;
    const char* href;
  };
  // The navigation; each item's text is the catalogue's "nav.KEY".
  static const Item kStaff[] = {
      {"overview", "/overview"},        {"moments", "/moments"},   {"teams", "/teams"},
      {"comments", "/comments"},        {"cases", "/cases"},       {"promises", "/promises"},
      {"counter", "/promises/counter"},  // issue 16
      {"surveys", "/surveys"},          {"settings", "/settings"},
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
  h += Esc(c.T("nav.skip"));
  h += "</a><header class=\"top\"><div class=\"brand\"><a href=\"/\">Beleving</a><span "
       "class=\"org\">";
  h += Esc(c.org_name);
  h += "</span></div><nav aria-label=\"";
  h += Esc(c.T("nav.label"));
  h += "\"><ul>";
  if (c.is_employee()) {
    h +=
        active == "counter" ? "<li><a href=\"/me\">" : "<li><a href=\"/me\" aria-current=\"page\">";
    h += Esc(c.T("nav.me"));
    h += "</a></li><li><a href=\"/promises/counter\"";  // issue 16: the counter
    if (active == "counter") h += " aria-current=\"page\"";
    h += ">";
    h += Esc(c.T("nav.counter"));
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
      h += Esc(c.T(std::string("nav.") + it.key));
      h += "</a></li>";
    }
  }
  h += "</ul></nav><div class=\"tools\">";
  if (c.orgs.size() > 1) {
    h += "<form method=\"post\" action=\"/switch-org\" class=\"inline\"><input type=\"hidden\" "
         "name=\"_csrf\" value=\"";
    h += Esc(c.who.csrf_token);
    h += "\"><label for=\"org-switch\" class=\"sr\">";
    h += Esc(c.T("nav.organisation"));
    h += "</label><select id=\"org-switch\" name=\"org\" class=\"autosubmit\">";
    for (const auto& [slug, name] : c.orgs) {
      h += "<option value=\"" + Esc(slug) + "\"" + (slug == c.org_slug ? " selected" : "") + ">" +
           Esc(name) + "</option>";
    }
    h += "</select><button type=\"submit\" class=\"small\">";
    h += Esc(c.T("nav.switch_organisation"));
    h += "</button></form>";
  }
  // The switch names the other language in that language.
  const Lang other = c.lang == Lang::kNl ? Lang::kEn : Lang::kNl;
  h += "<a class=\"lang\" href=\"" + Esc(SwitchLangHref(c.req, other == Lang::kEn ? "en" : "nl")) +
       "\" lang=\"" + std::string(i18n::Code(other)) + "\">" +
       Esc(i18n::Text(other, "nav.language_name")) + "</a>";
  h += "<a class=\"user\" href=\"/account\">" + Esc(c.user_name) + "</a>";
  h += "<form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" "
       "name=\"_csrf\" value=\"" +
       Esc(c.who.csrf_token) + "\"><button type=\"submit\" class=\"small\">";
  h += Esc(c.T("nav.logout"));
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
                     Esc(c.T("error.back")) + "</a></p>";
  const std::string& title = status == 404   ? c.T("error.not_found.title")
                             : status == 403 ? c.T("error.forbidden.title")
                             : status == 400 ? c.T("error.bad_request.title")
                                             : c.T("error.internal.title");
  return Page(c, status, "", title, body);
}

http::Response StatusPage(const Ctx& c, const Status& st) {
  if (st.code() == StatusCode::kNotFound) return ErrorPage(c, 404, c.T("error.not_found.text"));
  if (st.code() == StatusCode::kInvalidArgument) return ErrorPage(c, 400, st.message());
  log::Error("dashboard: {}", st.ToString());
  return ErrorPage(c, 500, c.T("error.internal.text"));
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
  std::string counts;
  for (int s = 0; s <= 10; ++s) {
    counts += std::to_string(s) + "=" + Count(c, dist[s]) + (s < 10 ? ", " : "");
  }
  const std::string label = c.F("chart.distribution.label", {{"counts", counts}});
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
               Percent(c, static_cast<double>(dist[s]) / static_cast<double>(total), 0) + "</text>";
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
  const std::string label =
      c.F("chart.interval.label",
          {{"nps", Num(c, value, 0)}, {"low", Num(c, lo, 0)}, {"high", Num(c, hi, 0)}});
  return "<span class=\"ci-wrap\"><svg class=\"ci\" viewBox=\"0 0 180 16\" width=\"180\" "
         "height=\"16\" role=\"img\" aria-label=\"" +
         Esc(label) + "\"><line class=\"axis\" x1=\"60\" y1=\"1\" x2=\"60\" y2=\"15\"></line>" +
         "<line class=\"range\" x1=\"" + x(lo) + "\" y1=\"8\" x2=\"" + x(hi) +
         "\" y2=\"8\"></line>" + "<circle class=\"dot\" cx=\"" + x(value) +
         "\" cy=\"8\" r=\"4\"></circle></svg><span "
         "class=\"ci-text\" aria-hidden=\"true\">" +
         Num(c, lo, 0) + " – " + Num(c, hi, 0) + "</span></span>";
}

std::string CommentCard(const Ctx& c, const Names& names, const insight::CommentView& v) {
  const store::CommentRow& row = v.row;
  std::string h = "<article class=\"comment\"><div class=\"meta\">";
  if (row.nps) h += ScoreBadge(*row.nps);
  h += "<time datetime=\"" + FormatRfc3339(row.submitted_at).substr(0, 10) + "\">" +
       Date(c, row.submitted_at) + "</time>";
  if (row.touchpoint_id) h += "<span>" + Esc(names.Touchpoint(*row.touchpoint_id)) + "</span>";
  if (row.team_id) h += "<span>" + Esc(names.Team(*row.team_id)) + "</span>";
  if (row.employee_id && !c.is_employee()) {
    h += "<span>" + Esc(names.Employee(*row.employee_id)) + "</span>";
  }
  h += "</div><p>" + Esc(v.text) + "</p><div class=\"tags\">";
  auto cls = [](text::Polarity p) {
    return p == text::Polarity::kPositive ? "pos" : p == text::Polarity::kNegative ? "neg" : "neu";
  };
  h += std::string("<span class=\"sent ") + cls(v.polarity) + "\">" +
       Esc(c.T(std::string("insight.sentiment.") + cls(v.polarity))) + " " +
       Num(c, v.sentiment, 2) + "</span>";
  for (const auto& t : v.themes) {
    h += std::string("<span class=\"theme ") + cls(t.polarity) + "\">" +
         Esc(c.lang == Lang::kNl ? t.label_nl : t.label_en) + "</span>";
  }
  h += "</div></article>";
  return h;
}

std::string TrendChart(const Ctx& c, const std::string& id, const TrendSeries& s) {
  auto arr = [](const auto& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out += ",";
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(v[i]));
      out += buf;
    }
    return out + "]";
  };
  auto str = [](const std::string& v) { return ToJsonText(json::value(v)); };
  json::array months;
  for (int m = 1; m <= 12; ++m) months.emplace_back(i18n::MonthName(c.lang, m, true));
  // The reader's separators, as i18n::Number writes them ("1.234,5").
  const std::string sample = i18n::Number(c.lang, 1234.5, 1);
  const std::string thousands = sample.substr(1, 1), decimal = sample.substr(5, 1);
  std::string data = "{\"x\":" + arr(s.xs) + ",\"nps\":" + arr(s.nps) + ",\"lo\":" + arr(s.lo) +
                     ",\"hi\":" + arr(s.hi) + ",\"n\":" + arr(s.counts) +
                     ",\"weekly\":" + (s.weekly ? "true" : "false") +
                     ",\"labels\":{\"x\":" + str(c.T("chart.trend.period")) +
                     ",\"nps\":" + str(c.T("chart.trend.nps")) +
                     ",\"lo\":" + str(c.T("chart.trend.low")) +
                     ",\"hi\":" + str(c.T("chart.trend.high")) +
                     ",\"week\":" + str(c.T("chart.trend.week")) + "}}";
  // A table carries the same numbers for screen readers and without script.
  std::string table = "<table class=\"sr\"><caption>" + Esc(c.T("chart.trend.caption")) +
                      "</caption><tr><th>" + Esc(c.T("chart.trend.period")) +
                      "</th><th>NPS</th><th>n</th></tr>";
  for (size_t i = 0; i < s.xs.size(); ++i) {
    // Period starts are local dates at midnight UTC.
    const std::string period = s.weekly ? i18n::Date(c.lang, s.xs[i], TimeZone::Utc())
                                        : i18n::MonthYear(c.lang, s.xs[i], TimeZone::Utc());
    table += "<tr><td>" + period + "</td><td>" + Num(c, s.nps[i], 0) + "</td><td>" +
             Count(c, s.counts[i]) + "</td></tr>";
  }
  table += "</table>";
  // The values printed under the chart, readable without hovering (the
  // table above says the same to screen readers).
  std::string values = "<ol class=\"chart-values\" aria-hidden=\"true\">";
  for (size_t i = 0; i < s.xs.size(); ++i) {
    const std::string period = s.weekly ? i18n::Date(c.lang, s.xs[i], TimeZone::Utc())
                                        : i18n::MonthYear(c.lang, s.xs[i], TimeZone::Utc());
    values +=
        "<li><span>" + Esc(period) + "</span> <strong>" + Num(c, s.nps[i], 0) + "</strong></li>";
  }
  values += "</ol>";
  return "<div class=\"chart\" id=\"" + Esc(id) + "\" data-trend=\"" + Esc(data) +
         "\" data-months=\"" + Esc(ToJsonText(months)) + "\" data-decimal=\"" + Esc(decimal) +
         "\" data-thousands=\"" + Esc(thousands) + "\"></div>" + values + table;
}

}  // namespace beleving::web
