// The comments explorer: filters (text, score band, touchpoint, team,
// period), each comment with its sentiment and themes (the organisation's
// analyzer, personal data redacted), and a theme count over the result.
#include <algorithm>

#include "i18n/locale.h"
#include "web/insight_parts.h"

namespace beleving::web {
namespace {

constexpr int kShown = 50;
constexpr int64_t kDay = 86400;

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

}  // namespace

http::Response CommentsPage(Ctx& c) {
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  store::CommentQuery q;
  q.limit = kShown;
  q.touchpoint_id = IdParam(c, "touchpoint");
  q.team_id = IdParam(c, "team");
  // Another organisation's id names nothing here: the filter is dropped.
  if (q.touchpoint_id && !names->touchpoints.count(*q.touchpoint_id)) q.touchpoint_id.reset();
  if (q.team_id && !names->teams.count(*q.team_id)) q.team_id.reset();
  const std::string band = c.req.Query("band").value_or("");
  if (band == "detractor") {
    q.max_nps = 6;
  } else if (band == "passive") {
    q.min_nps = 7;
    q.max_nps = 8;
  } else if (band == "promoter") {
    q.min_nps = 9;
  }
  const std::string days = c.req.Query("days").value_or("90");
  const int64_t n_days = days == "7" ? 7 : days == "30" ? 30 : days == "365" ? 365 : 90;
  q.from = c.insight().clock().Now() - n_days * kDay;
  q.search = c.req.Query("q").value_or("");
  auto rows = c.insight().Comments(c.who, q);
  if (!rows.ok()) return StatusPage(c, rows.status());

  std::string h = "<form method=\"get\" action=\"/comments\" class=\"filters\">";
  h += "<div class=\"field\"><label for=\"f-q\">" + Esc(c.T("insight.explorer.search")) +
       "</label><input id=\"f-q\" name=\"q\" type=\"search\" maxlength=\"100\" value=\"" +
       Esc(q.search) + "\"></div>";
  h += Choice(c, "band", c.T("insight.explorer.score"), {"", "detractor", "passive", "promoter"},
              "insight.explorer.band.", band);
  h += Select(c, "touchpoint", c.T("insight.touchpoint"), names->touchpoints, q.touchpoint_id);
  h += Select(c, "team", c.T("insight.team"), names->teams, q.team_id);
  h += Choice(c, "days", c.T("insight.period.label"), {"7", "30", "90", "365"},
              "insight.explorer.days.", days);
  h += "<button type=\"submit\">" + Esc(c.T("insight.explorer.filter")) + "</button></form>";

  h += "<p class=\"muted\">" +
       Esc(i18n::Plural(c.lang, "insight.explorer.shown", static_cast<int64_t>(rows->size()),
                        {{"max", Count(c, kShown)}})) +
       "</p>";
  const auto themes = insight::InsightService::CountThemes(*rows);
  if (!themes.empty()) {
    h += "<section class=\"panel\"><h2>" + Esc(c.T("insight.explorer.themes")) +
         "</h2><ul class=\"themes\">";
    for (const auto& t : themes) {
      h += "<li><span class=\"theme\">" +
           Esc(c.lang == Lang::kNl ? t.theme.label_nl : t.theme.label_en) +
           "</span> <span class=\"neg-n\">" +
           Esc(i18n::Plural(c.lang, "insight.explorer.negative", t.negative)) +
           "</span> · <span class=\"pos-n\">" +
           Esc(i18n::Plural(c.lang, "insight.explorer.positive", t.positive)) + "</span></li>";
    }
    h += "</ul></section>";
  }
  h += CommentList(c, *names, *rows);
  return Page(c, 200, "comments", c.T("nav.comments"), h);
}

}  // namespace beleving::web
