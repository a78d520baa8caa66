// The comments explorer (/comments) and its CSV export (/comments.csv):
// filters (text, score band, touchpoint, team, period, theme, sentiment),
// all kept in the URL; counts of sentiment and themes over the whole
// selection (insight service's SelectComments), the comments in pages,
// personal data redacted. The export reads the same selection.
#include <algorithm>

#include "http/message.h"
#include "i18n/locale.h"
#include "web/filter_links.h"
#include "web/insight_parts.h"

namespace beleving::web {
namespace {

constexpr int kPageSize = 50;
constexpr int64_t kDay = 86400;
constexpr int64_t kMaxPage = 1000;

std::optional<int64_t> IdParam(const Ctx& c, const char* name) {
  auto v = c.req.Query(name);
  if (!v || v->empty() || v->size() > 18 ||
      v->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(*v);
}

std::string Select(const Ctx& c, const char* name, const std::string& label,
                   const std::unordered_map<int64_t, insight::NamedItem>& items,
                   std::optional<int64_t> selected) {
  std::vector<const insight::NamedItem*> sorted;
  for (const auto& [id, it] : items) sorted.push_back(&it);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });
  std::string h = "<div class=\"field\"><label for=\"f-" + std::string(name) + "\">" + Esc(label) +
                  "</label><select id=\"f-" + name + "\" name=\"" + name +
                  "\"><option value=\"\">" + Esc(c.T("insight.explorer.all")) + "</option>";
  for (const auto* it : sorted) {
    h += "<option value=\"" + std::to_string(it->id) + "\"" +
         (selected && *selected == it->id ? " selected" : "") + ">" + Esc(it->name) + "</option>";
  }
  return h + "</select></div>";
}

// A select of fixed values; each option's text is the catalogue's PREFIX.VALUE.
std::string Choice(const Ctx& c, const char* name, const std::string& label,
                   const std::vector<std::string>& values, const std::string& prefix,
                   const std::string& selected) {
  std::string h = "<div class=\"field\"><label for=\"f-" + std::string(name) + "\">" + Esc(label) +
                  "</label><select id=\"f-" + name + "\" name=\"" + name + "\">";
  for (const auto& v : values) {
    h += "<option value=\"" + Esc(v) + "\"" + (selected == v ? " selected" : "") + ">" +
         Esc(c.T(prefix + (v.empty() ? "all" : v))) + "</option>";
  }
  return h + "</select></div>";
}

// The selection a request names, and its URL.
struct Selection {
  insight::CommentSelectionQuery q;
  std::map<std::string, std::string> params;  // the non-empty filters, for links
  std::string band, days, sentiment;
  int64_t page = 1;

  std::string Url(const std::string& path, const std::string& name = "",
                  const std::string& value = "", int64_t at_page = 1) const {
    return FilterLink(path, params, name, value, at_page);
  }
};

Selection ReadSelection(const Ctx& c, const Names& names) {
  Selection s;
  auto& q = s.q.base;
  q.touchpoint_id = IdParam(c, "touchpoint");
  q.team_id = IdParam(c, "team");
  // Another organisation's id names nothing here: the filter is dropped.
  if (q.touchpoint_id && !names.touchpoints.count(*q.touchpoint_id)) q.touchpoint_id.reset();
  if (q.team_id && !names.teams.count(*q.team_id)) q.team_id.reset();
  if (q.touchpoint_id) s.params["touchpoint"] = std::to_string(*q.touchpoint_id);
  if (q.team_id) s.params["team"] = std::to_string(*q.team_id);
  s.band = c.req.Query("band").value_or("");
  if (s.band == "detractor") {
    q.max_nps = 6;
  } else if (s.band == "passive") {
    q.min_nps = 7;
    q.max_nps = 8;
  } else if (s.band == "promoter") {
    q.min_nps = 9;
  }
  s.days = c.req.Query("days").value_or("90");
  const int64_t n_days = s.days == "7" ? 7 : s.days == "30" ? 30 : s.days == "365" ? 365 : 90;
  q.from = c.insight().clock().Now() - n_days * kDay;
  q.search = c.req.Query("q").value_or("");
  s.sentiment = c.req.Query("sentiment").value_or("");
  s.q.polarity = text::ParsePolarity(s.sentiment);
  if (!s.q.polarity) s.sentiment.clear();
  if (auto theme = c.req.Query("theme"); theme && !theme->empty()) s.q.theme = *theme;
  for (const char* name : {"band", "days", "q", "sentiment", "theme"}) {
    auto v = c.req.Query(name);
    if (v && !v->empty()) s.params[name] = *v;
  }
  if (s.sentiment.empty()) s.params.erase("sentiment");
  if (auto p = c.req.Query("page"); p && !p->empty()) {
    s.page = std::clamp<int64_t>(std::stoll(*p), 1, kMaxPage);  // digits: the declaration
  }
  return s;
}

std::string ThemeText(const Ctx& c, const insight::ThemeLabel& t) {
  return c.lang == Lang::kNl ? t.label_nl : t.label_en;
}

std::string SentimentText(const Ctx& c, text::Polarity p) {
  return c.T(p == text::Polarity::kPositive   ? "insight.sentiment.pos"
             : p == text::Polarity::kNegative ? "insight.sentiment.neg"
                                              : "insight.sentiment.neu");
}

// One CSV field (RFC 4180), and never a formula a spreadsheet would run.
std::string CsvField(std::string v) {
  if (!v.empty() && std::string_view("=+-@\t\r").find(v[0]) != std::string_view::npos) {
    v.insert(0, "'");
  }
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

http::Response CommentsPage(Ctx& c) {
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  Selection s = ReadSelection(c, *names);
  s.q.offset = (s.page - 1) * kPageSize;
  s.q.limit = kPageSize;
  auto sel = c.insight().SelectComments(c.who, s.q);
  if (!sel.ok()) return StatusPage(c, sel.status());

  std::string h = "<form method=\"get\" action=\"/comments\" class=\"filters\">";
  h += "<div class=\"field\"><label for=\"f-q\">" + Esc(c.T("insight.explorer.search")) +
       "</label><input id=\"f-q\" name=\"q\" type=\"search\" maxlength=\"100\" value=\"" +
       Esc(s.q.base.search) + "\"></div>";
  h += Choice(c, "band", c.T("insight.explorer.score"), {"", "detractor", "passive", "promoter"},
              "insight.explorer.band.", s.band);
  h += Select(c, "touchpoint", c.T("insight.touchpoint"), names->touchpoints,
              s.q.base.touchpoint_id);
  h += Select(c, "team", c.T("insight.team"), names->teams, s.q.base.team_id);
  h += Choice(c, "days", c.T("insight.period.label"), {"7", "30", "90", "365"},
              "insight.explorer.days.", s.days);
  h += Choice(c, "sentiment", c.T("insight.explorer.sentiment"),
              {"", "negative", "neutral", "positive"}, "insight.explorer.sentiment.", s.sentiment);
  if (s.q.theme) h += "<input type=\"hidden\" name=\"theme\" value=\"" + Esc(*s.q.theme) + "\">";
  h += "<button type=\"submit\">" + Esc(c.T("insight.explorer.filter")) + "</button></form>";

  // The counts, over every selected comment; each a link that narrows.
  h += "<p class=\"lede\" id=\"comment-counts\">" +
       Esc(i18n::Plural(c.lang, "insight.explorer.selected", sel->total)) + " · ";
  const std::pair<const char*, int64_t> parts[] = {
      {"negative", sel->negative}, {"neutral", sel->neutral}, {"positive", sel->positive}};
  bool first = true;
  for (const auto& [name, n] : parts) {
    h += std::string(first ? "" : " · ") + "<a href=\"" +
         Esc(s.Url("/comments", "sentiment", name)) + "\">" +
         Esc(i18n::Plural(c.lang, std::string("insight.explorer.") + name, n)) + "</a>";
    first = false;
  }
  h += " · <a href=\"" + Esc(s.Url("/comments.csv")) + "\" download>" +
       Esc(c.T("insight.explorer.export")) + "</a></p>";
  if (sel->capped) h += "<p class=\"muted\">" + Esc(c.T("insight.explorer.capped")) + "</p>";
  if (s.q.theme || s.q.polarity) {
    h += "<p class=\"muted\">";
    if (s.q.theme) {
      std::string label = "—";  // no comment of the selection names it
      for (const auto& t : sel->themes) {
        if (t.theme.key == *s.q.theme) label = ThemeText(c, t.theme);
      }
      h += Esc(c.F("insight.explorer.theme_is", {{"theme", label}})) + " <a href=\"" +
           Esc(s.Url("/comments", "theme", "")) + "\">" + Esc(c.T("insight.explorer.clear")) +
           "</a> ";
    }
    if (s.q.polarity) {
      h += Esc(c.F("insight.explorer.sentiment_is",
                   {{"sentiment", SentimentText(c, *s.q.polarity)}})) +
           " <a href=\"" + Esc(s.Url("/comments", "sentiment", "")) + "\">" +
           Esc(c.T("insight.explorer.clear")) + "</a>";
    }
    h += "</p>";
  }
  if (!sel->themes.empty()) {
    h += "<section class=\"panel\"><h2>" + Esc(c.T("insight.explorer.themes")) +
         "</h2><ul class=\"themes\">";
    for (const auto& t : sel->themes) {
      h += "<li><a class=\"theme\" href=\"" + Esc(s.Url("/comments", "theme", t.theme.key)) +
           "\">" + Esc(ThemeText(c, t.theme)) + "</a> <span class=\"neg-n\">" +
           Esc(i18n::Plural(c.lang, "insight.explorer.negative", t.negative)) +
           "</span> · <span class=\"pos-n\">" +
           Esc(i18n::Plural(c.lang, "insight.explorer.positive", t.positive)) + "</span></li>";
    }
    h += "</ul></section>";
  }
  h += CommentList(c, *names, sel->page);
  const int64_t pages = std::max<int64_t>(1, (sel->total + kPageSize - 1) / kPageSize);
  h += "<nav class=\"pager\" aria-label=\"" + Esc(c.T("loop.cases.pages")) + "\">";
  if (s.page > 1) {
    h += "<a rel=\"prev\" href=\"" + Esc(s.Url("/comments", "", "", s.page - 1)) + "\">" +
         Esc(c.T("loop.cases.previous")) + "</a> ";
  }
  h += "<span>" +
       Esc(c.F("loop.cases.page_of", {{"page", Count(c, s.page)}, {"pages", Count(c, pages)}})) +
       "</span>";
  if (sel->more) {
    h += " <a rel=\"next\" href=\"" + Esc(s.Url("/comments", "", "", s.page + 1)) + "\">" +
         Esc(c.T("loop.cases.next")) + "</a>";
  }
  h += "</nav>";
  return Page(c, 200, "comments", c.T("nav.comments"), h);
}

http::Response CommentsCsv(Ctx& c) {
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  Selection s = ReadSelection(c, *names);
  s.q.limit = insight::kCommentLimit.max;
  auto sel = c.insight().SelectComments(c.who, s.q);
  if (!sel.ok()) return StatusPage(c, sel.status());
  std::string body;
  bool first = true;
  for (const char* key :
       {"insight.csv.date", "insight.csv.score", "insight.csv.touchpoint", "insight.csv.team",
        "insight.csv.sentiment", "insight.csv.themes", "insight.csv.comment"}) {
    body += (first ? "" : ",") + CsvField(c.T(key));
    first = false;
  }
  body += "\r\n";
  for (const auto& v : sel->page) {
    std::string themes;
    for (const auto& t : v.themes) themes += (themes.empty() ? "" : "; ") + ThemeText(c, t);
    const auto& r = v.row;
    body += CsvField(Date(c, r.submitted_at)) + "," +
            CsvField(r.nps ? std::to_string(*r.nps) : "") + "," +
            CsvField(r.touchpoint_id ? names->Touchpoint(*r.touchpoint_id) : "") + "," +
            CsvField(r.team_id ? names->Team(*r.team_id) : "") + "," +
            CsvField(SentimentText(c, v.polarity)) + "," + CsvField(themes) + "," +
            CsvField(v.text) + "\r\n";
  }
  http::Response res;
  res.status = 200;
  res.content_type = "text/csv; charset=utf-8";
  res.body = "\xEF\xBB\xBF" + body;  // the BOM: spreadsheets read UTF-8
  res.Set("Content-Disposition", "attachment; filename=\"comments.csv\"");
  return res;
}

std::vector<api::Parameter> CommentQueryParams(bool paged) {
  using api::Schema;
  std::vector<api::Parameter> p = {
      {"q", Schema::String(0, 100), false, "text the comment contains"},
      {"band", Schema::Enum({"", "detractor", "passive", "promoter"}), false,
       "score band: detractor (0-6), passive (7-8) or promoter (9-10); empty: all"},
      {"touchpoint",
       Schema::OneOf({Schema::Enum({""}), Schema::Integer(1, 999'999'999'999'999'999)}), false,
       "touchpoint id; empty: all"},
      {"team", Schema::OneOf({Schema::Enum({""}), Schema::Integer(1, 999'999'999'999'999'999)}),
       false, "team id; empty: all"},
      {"days", Schema::Enum({"7", "30", "90", "365"}), false,
       "the last 7, 30, 90 (default) or 365 days"},
      {"theme", Schema::String(0, 64), false, "a theme key (the analyzer's)"},
      {"sentiment", Schema::Enum({"", "negative", "neutral", "positive"}), false,
       "the comment's sentiment; empty: all"}};
  if (paged) {
    p.push_back({"page", Schema::String(0, 4).Pattern("^[0-9]*$"), false, "page, from 1"});
  }
  return p;
}

}  // namespace beleving::web
