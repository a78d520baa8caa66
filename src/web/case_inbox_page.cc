// The cases work queue (/cases): the cases the session sees, filtered by
// status, type, owner, team and SLA state and sorted (most urgent first by
// default), in pages; every filter is kept in the URL. The filtering,
// sorting and counting are the case service's (one store query within the
// session's scope); this page only words the result.
#include <algorithm>
#include <map>

#include "http/message.h"
#include "web/filter_links.h"
#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

constexpr int kPageSize = 50;
constexpr int64_t kDay = 86400;
constexpr int64_t kMaxPage = loop::kMaxCaseOffset / kPageSize;

// SLA flags (loop/sla_watch.h): even bits at risk, odd bits breached, per
// timer (acknowledge, first contact, resolve).
bool Breached(const loop::CaseView& k) { return (k.record.sla_flags & 0x2A) != 0; }
bool AtRisk(const loop::CaseView& k) { return (k.record.sla_flags & 0x15) != 0; }

// The queue's filters as the URL carries them.
struct QueueFilters {
  std::map<std::string, std::string> values;  // non-empty query values by name
  int64_t page = 1;

  std::string Get(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? "" : it->second;
  }
  std::optional<std::string> Opt(const std::string& name) const {
    auto v = Get(name);
    return v.empty() ? std::nullopt : std::optional<std::string>(v);
  }
  // /cases with these filters, `name` set to `value` ("" drops it).
  std::string Url(const std::string& name = "", const std::string& value = "",
                  int64_t at_page = 1) const {
    return FilterLink("/cases", values, name, value, at_page);
  }
};

const char* kFilterNames[] = {"status", "type", "owner", "team", "sla", "sort", "all"};

QueueFilters ReadFilters(const Ctx& c, const Names& names) {
  QueueFilters f;
  for (const char* n : kFilterNames) {
    auto v = c.req.Query(n);
    if (v && !v->empty()) f.values[n] = *v;
  }
  // A key the organisation does not have (or one of another organisation)
  // names nothing here: the filter is dropped.
  auto known = [](const std::unordered_map<int64_t, insight::NamedItem>& items,
                  const std::string& key) {
    return std::any_of(items.begin(), items.end(),
                       [&](const auto& it) { return it.second.key == key; });
  };
  if (f.values.count("owner") && !known(names.employees, f.values["owner"])) {
    f.values.erase("owner");
  }
  if (f.values.count("team") && !known(names.teams, f.values["team"])) f.values.erase("team");
  if (auto p = c.req.Query("page"); p && !p->empty()) {
    f.page = std::clamp<int64_t>(std::stoll(*p), 1, kMaxPage);  // digits: the declaration
  }
  return f;
}

std::string KeySelect(const Ctx& c, const char* name, const std::string& label,
                      const std::unordered_map<int64_t, insight::NamedItem>& items,
                      const std::string& selected) {
  std::vector<const insight::NamedItem*> sorted;
  for (const auto& [id, it] : items) sorted.push_back(&it);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });
  std::string h = "<div class=\"field\"><label for=\"q-" + std::string(name) + "\">" + Esc(label) +
                  "</label><select id=\"q-" + name + "\" name=\"" + name +
                  "\"><option value=\"\">" + Esc(c.T("loop.cases.any")) + "</option>";
  for (const auto* it : sorted) {
    h += "<option value=\"" + Esc(it->key) + "\"" + (selected == it->key ? " selected" : "") + ">" +
         Esc(it->name) + "</option>";
  }
  return h + "</select></div>";
}

// A select of fixed values worded by `text`; `any`: the first, empty option.
template <typename Text>
std::string ValueSelect(const Ctx& c, const char* name, const std::string& label,
                        const std::vector<std::string>& values, const std::string& selected,
                        bool any, Text text) {
  std::string h = "<div class=\"field\"><label for=\"q-" + std::string(name) + "\">" + Esc(label) +
                  "</label><select id=\"q-" + name + "\" name=\"" + name + "\">";
  if (any) h += "<option value=\"\">" + Esc(c.T("loop.cases.any")) + "</option>";
  for (const auto& v : values) {
    h += "<option value=\"" + Esc(v) + "\"" + (selected == v ? " selected" : "") + ">" +
         Esc(text(v)) + "</option>";
  }
  return h + "</select></div>";
}

std::string FilterForm(const Ctx& c, const Names& names, const QueueFilters& f) {
  std::string h = "<form method=\"get\" action=\"/cases\" class=\"filters\" id=\"case-filters\">";
  h += ValueSelect(c, "status", c.T("loop.case.status"), loop::CaseStatusNames(), f.Get("status"),
                   true, [&](const std::string& v) { return CaseStatusText(c, v); });
  h += ValueSelect(c, "type", c.T("loop.case.type"), loop::kCaseTypes, f.Get("type"), true,
                   [&](const std::string& v) { return CaseTypeText(c, v); });
  h += KeySelect(c, "owner", c.T("loop.case.owner"), names.employees, f.Get("owner"));
  h += KeySelect(c, "team", c.T("loop.case.team"), names.teams, f.Get("team"));
  h += ValueSelect(c, "sla", c.T("loop.case.sla"), loop::kCaseSlaFilters, f.Get("sla"), true,
                   [&](const std::string& v) { return c.T("loop.cases.sla." + v); });
  h += ValueSelect(c, "sort", c.T("loop.cases.sort"), loop::kCaseSorts, f.Get("sort"), false,
                   [&](const std::string& v) { return c.T("loop.cases.sort." + v); });
  h += "<div class=\"field\"><label><input type=\"checkbox\" name=\"all\" value=\"1\"" +
       std::string(f.Get("all") == "1" ? " checked" : "") + "> " +
       Esc(c.T("loop.cases.include_closed")) + "</label></div>";
  return h + "<button type=\"submit\">" + Esc(c.T("loop.cases.filter")) + "</button></form>";
}

std::string SlaCell(const Ctx& c, const loop::CaseView& k) {
  if (Breached(k)) {
    return "<span class=\"sla bad\">" + Esc(TimerStateText(c, loop::TimerState::kBreached)) +
           "</span>";
  }
  if (AtRisk(k)) {
    return "<span class=\"sla warn\">" + Esc(TimerStateText(c, loop::TimerState::kAtRisk)) +
           "</span>";
  }
  return "<span class=\"muted\">" + Esc(c.T("loop.cases.sla_ok")) + "</span>";
}

// How long the case has been open (until it closed).
std::string Age(const Ctx& c, const loop::CaseView& k, UnixSeconds now) {
  const UnixSeconds end = k.record.closed_at.value_or(now);
  const int64_t days = std::max<int64_t>(0, end - k.record.opened_at) / kDay;
  return Esc(i18n::Plural(c.lang, "loop.cases.age_days", days));
}

std::string Td(const char* label_key, const Ctx& c, const std::string& html) {
  return "<td data-label=\"" + Esc(c.T(label_key)) + "\">" + html + "</td>";
}

http::Response CasesPage(Ctx& c) {
  auto names = c.LoadNames();
  if (!names.ok()) return StatusPage(c, names.status());
  const QueueFilters f = ReadFilters(c, *names);
  loop::CaseQuery q;
  q.status = f.Opt("status");
  q.type = f.Opt("type");
  q.owner = f.Opt("owner");
  q.team = f.Opt("team");
  q.sla = f.Opt("sla");
  q.sort = f.Opt("sort").value_or("urgency");
  q.open_only = f.Get("all") != "1" && !q.status;
  q.limit = kPageSize;
  q.offset = (f.page - 1) * kPageSize;
  auto& cases = c.app.services().loop().cases();
  auto counts = cases.Count(c.who, q);
  if (!counts.ok()) return StatusPage(c, counts.status());
  auto page = cases.List(c.who, q);
  if (!page.ok()) return StatusPage(c, page.status());
  const UnixSeconds now = c.app.services().clock().Now();

  std::string h = FilterForm(c, *names, f) + "<div class=\"cards\">";
  auto card = [&](const std::string& label, int64_t n, const std::string& cls,
                  const std::string& href) {
    h += "<a class=\"card " + cls + "\" href=\"" + Esc(href) + "\"><div class=\"label\">" +
         Esc(label) + "</div><div class=\"value\">" + Count(c, n) + "</div></a>";
  };
  card(c.T(q.open_only ? "loop.cases.open" : "loop.cases.all"), counts->total, "hero", f.Url());
  card(c.T("loop.cases.sla_breached"), counts->breached, counts->breached ? "bad" : "",
       f.Url("sla", "breached"));
  card(c.T("loop.cases.sla_at_risk"), counts->at_risk, counts->at_risk ? "warn" : "",
       f.Url("sla", "at_risk"));
  card(c.T("loop.cases.high_severity"), counts->high, "", f.Url("sort", "urgency"));
  h += "</div>";
  if (!counts->by_type.empty()) {
    h += "<p class=\"muted\">";
    bool first = true;
    for (const auto& [type, n] : counts->by_type) {
      h += std::string(first ? "" : " · ") + "<a href=\"" + Esc(f.Url("type", type)) + "\">" +
           Esc(CaseTypeText(c, type)) + "</a> " + Count(c, n);
      first = false;
    }
    h += "</p>";
  }
  h += "<p class=\"muted\"><a href=\"/sla-report\">" + Esc(c.T("loop.sla_report.title")) +
       "</a></p>";
  if (page->cases.empty()) {
    h += "<p class=\"muted\">" + Esc(c.T("loop.cases.none")) + "</p>";
    return Page(c, 200, "cases", c.T("loop.cases.title"), h);
  }
  h += "<table class=\"data cards-on-phone\" id=\"case-queue\"><thead><tr>";
  for (const char* key : {"loop.case.case", "loop.case.sla", "loop.case.customer",
                          "loop.case.owner", "loop.case.team", "loop.case.status", "loop.case.type",
                          "loop.case.severity", "loop.cases.age"}) {
    h += "<th scope=\"col\">" + Esc(c.T(key)) + "</th>";
  }
  h += "</tr></thead><tbody>";
  for (const auto& k : page->cases) {
    h += "<tr><th scope=\"row\"><a href=\"/cases/" + std::to_string(k.record.id) + "\">" +
         Esc(CaseTitle(c, k)) + "</a></th>" + Td("loop.case.sla", c, SlaCell(c, k)) +
         Td("loop.case.customer", c, k.customer ? Esc(k.customer->name) : "—") +
         Td("loop.case.owner", c, k.owner ? Esc(k.owner->name) : "—") +
         Td("loop.case.team", c, k.team ? Esc(k.team->name) : "—") +
         Td("loop.case.status", c, Esc(CaseStatusText(c, k.record.status))) +
         Td("loop.case.type", c, Esc(CaseTypeText(c, k.record.case_type))) +
         Td("loop.case.severity", c, Esc(SeverityText(c, k.record.severity))) +
         Td("loop.cases.age", c, Age(c, k, now)) + "</tr>";
  }
  h += "</tbody></table>";
  const int64_t pages = (counts->total + kPageSize - 1) / kPageSize;
  h += "<nav class=\"pager\" aria-label=\"" + Esc(c.T("loop.cases.pages")) + "\">";
  if (f.page > 1) {
    h += "<a rel=\"prev\" href=\"" + Esc(f.Url("", "", f.page - 1)) + "\">" +
         Esc(c.T("loop.cases.previous")) + "</a> ";
  }
  h += "<span>" +
       Esc(c.F("loop.cases.page_of", {{"page", Count(c, f.page)}, {"pages", Count(c, pages)}})) +
       "</span>";
  if (page->more) {
    h += " <a rel=\"next\" href=\"" + Esc(f.Url("", "", f.page + 1)) + "\">" +
         Esc(c.T("loop.cases.next")) + "</a>";
  }
  h += "</nav>";
  return Page(c, 200, "cases", c.T("loop.cases.title"), h);
}

std::vector<std::string> WithEmpty(std::vector<std::string> v) {
  v.insert(v.begin(), "");
  return v;
}

}  // namespace

void RegisterCasePages(api::App& app) {
  AddPage(app, "GET", "/cases", PageAccess::kStaff,
          PageOperation(
              "pageCases",
              "Case work queue: the cases the session sees, filtered by status, type, owner, "
              "team and SLA state, sorted (most urgent first by default), 50 a page",
              {{"status", api::Schema::Enum(WithEmpty(loop::CaseStatusNames())), false,
                "one status (closed cases included)"},
               {"type", api::Schema::Enum(WithEmpty(loop::kCaseTypes)), false, "case type"},
               {"owner", api::Schema::String(0, loop::kMaxKeyLength), false, "employee key"},
               {"team", api::Schema::String(0, loop::kMaxKeyLength), false, "team key"},
               {"sla", api::Schema::Enum(WithEmpty(loop::kCaseSlaFilters)), false,
                "SLA state the last check recorded"},
               {"sort", api::Schema::Enum(WithEmpty(loop::kCaseSorts)), false, "default urgency"},
               {"page", api::Schema::String(0, 5).Pattern("^[0-9]*$"), false, "page, from 1"},
               {"all", api::Schema::Enum({"", "0", "1"}), false, "1 lists closed cases as well"}}),
          CasesPage);
  AddPage(app, "GET", "/cases/{id}", PageAccess::kStaff,
          PageOperation("pageCase",
                        "One case: its customer, the response and contact moment it came from, "
                        "its status flow, history, notes, contacts, promises and the forms that "
                        "move it on",
                        {}, true),
          CasePage);
}

}  // namespace beleving::web
