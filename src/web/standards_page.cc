// The charter editor (/promises/standards, issue 16): the organisation's
// standard promises (text, touchpoint, deadline in business or calendar
// hours, what keeps it, grace, compensation, active), with a form to create
// one and a form per standard to change it; deactivating is a change of
// `active` (a standard is never deleted: promises refer to it). Staff see
// the list; the forms are for admins, who post to the same service
// functions as the API (PromiseLedger::CreateStandard, UpdateStandard).
#include <algorithm>

#include "web/counter_pages.h"
#include "web/loop_texts.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

constexpr int64_t kMaxGraceMinutes = loop::kMaxGraceSeconds / 60;

loop::PromiseLedger& Ledger(Ctx& c) { return c.app.services().loop().promises(); }

// The organisation's touchpoints as (key, name), by name.
std::vector<std::pair<std::string, std::string>> Touchpoints(const Ctx& c) {
  std::vector<std::pair<std::string, std::string>> out;
  auto names = c.LoadNames();
  if (!names.ok()) return out;
  for (const auto& [id, t] : names->touchpoints) out.emplace_back(t.key, t.name);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  return out;
}

std::string Option(const std::string& value, const std::string& label, bool selected) {
  return "<option value=\"" + Esc(value) + "\"" + (selected ? " selected" : "") + ">" + Esc(label) +
         "</option>";
}

// The fields a create and an edit form share, prefilled from `s`; `id`
// prefixes the element ids.
std::string Fields(const Ctx& c, const std::string& id, const store::StandardPromiseRecord& s,
                   const std::vector<std::pair<std::string, std::string>>& touchpoints) {
  std::string tp;
  for (const auto& [key, name] : touchpoints) tp += Option(key, name, key == s.touchpoint_key);
  const std::string kept = s.kept_by_touchpoint ? "touchpoint:" + *s.kept_by_touchpoint
                           : s.kept_by_channel  ? "channel:" + *s.kept_by_channel
                                                : "";
  std::string kb = Option("", c.T("standards.kept_by.none"), kept.empty());
  for (const auto& ch : loop::kKeptByChannels) {
    kb +=
        Option("channel:" + ch, c.F("standards.kept_by.channel", {{"channel", ChannelText(c, ch)}}),
               kept == "channel:" + ch);
  }
  for (const auto& [key, name] : touchpoints) {
    kb += Option("touchpoint:" + key, c.F("standards.kept_by.touchpoint", {{"touchpoint", name}}),
                 kept == "touchpoint:" + key);
  }
  auto field = [&](const std::string& name, const std::string& label, const std::string& input) {
    return "<div class=\"field\"><label for=\"" + id + "-" + name + "\">" + Esc(label) +
           "</label>" + input + "</div>";
  };
  const int64_t hours = std::max<int64_t>(1, s.due_after_seconds / 3600);
  return field("text", c.T("standards.text"),
               "<input id=\"" + id + "-text\" name=\"text\" required maxlength=\"1000\" value=\"" +
                   Esc(s.text) + "\">") +
         field("touchpoint", c.T("standards.touchpoint"),
               "<select id=\"" + id + "-touchpoint\" name=\"touchpoint\" required>" + tp +
                   "</select>") +
         field("hours", c.T("standards.hours"),
               "<input type=\"number\" id=\"" + id + "-hours\" name=\"hours\" min=\"1\" max=\"" +
                   std::to_string(loop::kMaxDueAfterHours) + "\" required value=\"" +
                   std::to_string(hours) + "\">") +
         field("clock", c.T("standards.clock"),
               "<select id=\"" + id + "-clock\" name=\"clock\">" +
                   Option("business", c.T("standards.clock.business"), s.business_hours) +
                   Option("calendar", c.T("standards.clock.calendar"), !s.business_hours) +
                   "</select>") +
         field("kept_by", c.T("standards.kept_by"),
               "<select id=\"" + id + "-kept_by\" name=\"kept_by\">" + kb + "</select>") +
         field("grace", c.T("standards.grace"),
               "<input type=\"number\" id=\"" + id + "-grace\" name=\"grace\" min=\"0\" max=\"" +
                   std::to_string(kMaxGraceMinutes) + "\" required value=\"" +
                   std::to_string(s.grace_seconds / 60) + "\">") +
         field("compensation", c.T("standards.compensation"),
               "<input id=\"" + id +
                   "-compensation\" name=\"compensation\" maxlength=\"1000\" "
                   "value=\"" +
                   Esc(s.compensation.value_or("")) + "\">");
}

http::Response StandardsPage(Ctx& c) {
  auto standards = Ledger(c).Standards(c.who);
  if (!standards.ok()) return StatusPage(c, standards.status());
  const bool admin = c.who.IsAdmin();
  const auto touchpoints = Touchpoints(c);
  std::map<std::string, std::string> tp_names(touchpoints.begin(), touchpoints.end());
  std::string h = "<p><a href=\"/promises\">" + Esc(c.T("loop.promise.board")) + "</a></p>";
  h += "<section class=\"panel\"><h2>" + Esc(c.T("standards.list")) + "</h2>";
  if (standards->empty()) h += "<p class=\"muted\">" + Esc(c.T("standards.none")) + "</p>";
  h += "<ul class=\"taps\" id=\"standards\">";
  for (const auto& s : *standards) {
    const std::string sid = "s" + std::to_string(s.id);
    const auto tp = tp_names.find(s.touchpoint_key);
    const int64_t hours = s.due_after_seconds / 3600;
    h += "<li class=\"promise\" id=\"standard-" + std::to_string(s.id) + "\"><p><strong>" +
         Esc(s.text) + "</strong>" +
         (s.active ? std::string()
                   : " <span class=\"muted\">" + Esc(c.T("standards.inactive")) + "</span>") +
         "</p><p class=\"muted small\">" +
         Esc(tp != tp_names.end() ? tp->second : s.touchpoint_key) + " · " +
         Esc(i18n::Plural(c.lang,
                          s.business_hours ? "standards.due.business" : "standards.due.calendar",
                          hours)) +
         (s.compensation ? " · " + Esc(c.F("charter.compensation", {{"text", *s.compensation}}))
                         : std::string()) +
         "</p>";
    if (admin) {
      const std::string base = "/promises/standards/" + std::to_string(s.id);
      h += "<details><summary>" + Esc(c.T("standards.edit")) +
           "</summary><form method=\"post\" action=\"" + base + "\" class=\"stack\">" +
           CsrfField(c) + Fields(c, sid, s, touchpoints) +
           "<div class=\"buttons\"><button type=\"submit\" class=\"small\">" +
           Esc(c.T("loop.save")) +
           "</button></div></form></details><form method=\"post\" "
           "action=\"" +
           base + "/active\" class=\"inline\">" + CsrfField(c) +
           "<input type=\"hidden\" name=\"active\" value=\"" + (s.active ? "0" : "1") +
           "\"><button type=\"submit\" class=\"small" + (s.active ? " danger" : "") + "\">" +
           Esc(c.T(s.active ? "standards.deactivate" : "standards.activate")) + "</button></form>";
    }
    h += "</li>";
  }
  h += "</ul></section>";
  if (admin) {
    store::StandardPromiseRecord blank;
    blank.due_after_seconds = 4 * 3600;
    blank.grace_seconds = loop::kDefaultGraceSeconds;
    h += "<section class=\"panel\"><h2>" + Esc(c.T("standards.new")) +
         "</h2><form method=\"post\" action=\"/promises/standards\" class=\"stack\" "
         "id=\"standard-new\">" +
         CsrfField(c) + "<div class=\"field\"><label for=\"new-key\">" + Esc(c.T("standards.key")) +
         "</label><input id=\"new-key\" name=\"key\" required maxlength=\"100\"></div>" +
         Fields(c, "new", blank, touchpoints) + "<div class=\"buttons\"><button type=\"submit\">" +
         Esc(c.T("standards.create")) + "</button></div></form></section>";
  }
  return Page(c, 200, "promises", c.T("standards.title"), h);
}

// A whole number from a form field; nullopt when it is not one.
std::optional<int64_t> Whole(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  const std::string s = Trim(*v);
  if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(s);
}

// The form's fields as the ledger's change; InvalidArgument naming the field
// for a number that is not one.
Result<loop::StandardPromiseChange> ChangeOf(const Ctx& c) {
  loop::StandardPromiseChange in;
  in.text = c.Form("text");
  in.touchpoint = c.Form("touchpoint");
  auto hours = Whole(c.Form("hours"));
  if (!hours) return InvalidArgument("hours is a whole number", "/due_after_hours");
  in.due_after_hours = hours;
  in.business_hours = c.Form("clock").value_or("business") != "calendar";
  const std::string kept = c.Form("kept_by").value_or("");
  if (kept.rfind("channel:", 0) == 0) {
    in.kept_by_channel = kept.substr(8);
  } else if (kept.rfind("touchpoint:", 0) == 0) {
    in.kept_by_touchpoint = kept.substr(11);
  } else {
    in.clear_kept_by = true;
  }
  auto grace = Whole(c.Form("grace"));
  if (!grace || *grace > kMaxGraceMinutes) {
    return InvalidArgument("grace is 0 to 30 days in minutes", "/grace_seconds");
  }
  in.grace_seconds = *grace * 60;
  const std::string comp = Trim(c.Form("compensation").value_or(""));
  if (comp.empty()) {
    in.clear_compensation = true;
  } else {
    in.compensation = comp;
  }
  return in;
}

http::Response Done(Ctx& c, const Status& st) {
  if (st.ok()) return Redirect("/promises/standards");
  if (LoopFormError(&c, st, "standards.failed", "standard")) return StandardsPage(c);
  return StatusPage(c, st);
}

http::Response Create(Ctx& c) {
  auto change = ChangeOf(c);
  if (!change.ok()) return Done(c, change.status());
  loop::NewStandardPromise in;
  in.key = Trim(c.Form("key").value_or(""));
  in.touchpoint = change->touchpoint.value_or("");
  in.text = change->text.value_or("");
  in.due_after_hours = change->due_after_hours;
  in.business_hours = change->business_hours;
  in.kept_by_touchpoint = change->kept_by_touchpoint;
  in.kept_by_channel = change->kept_by_channel;
  in.grace_seconds = change->grace_seconds;
  in.compensation = change->compensation;
  return Done(c, Ledger(c).CreateStandard(c.who, in).status());
}

http::Response Update(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  auto change = ChangeOf(c);
  if (!change.ok()) return Done(c, change.status());
  return Done(c, Ledger(c).UpdateStandard(c.who, *id, *change).status());
}

http::Response SetActive(Ctx& c) {
  auto id = api::PathId(c.req);
  if (!id.ok()) return StatusPage(c, id.status());
  loop::StandardPromiseChange in;
  in.active = c.Form("active").value_or("") == "1";
  return Done(c, Ledger(c).UpdateStandard(c.who, *id, in).status());
}

std::vector<api::Property> FormFields(bool with_key) {
  std::vector<api::Property> f = {
      {"text", api::Schema::String(0, loop::kMaxPromiseText), api::kRequired},
      {"touchpoint", api::Schema::String(0, loop::kMaxTouchpointKey), api::kRequired},
      {"hours", api::Schema::String(0, 12), api::kRequired},
      {"clock", api::Schema::Enum({"business", "calendar"})},
      {"kept_by", api::Schema::String(0, 220)},
      {"grace", api::Schema::String(0, 12), api::kRequired},
      {"compensation", api::Schema::String(0, loop::kMaxCompensation)}};
  if (with_key) f.push_back({"key", api::Schema::String(0, loop::kMaxPromiseType), api::kRequired});
  return f;
}

api::Operation FormOperation(std::string id, std::string summary, std::vector<api::Property> form,
                             bool with_id) {
  api::Operation op{
      std::move(id),
      std::move(summary),
      "Dashboard",
      {},
      {},
      std::nullopt,
      api::Schema::Object(std::move(form)),
      {{303, "Done: back to the standard promises", "", std::nullopt, "text/html"},
       {400, "The form does not match its declaration", "", std::nullopt, "text/html"},
       {403, "The form expired (CSRF token) or the role is not admin", "", std::nullopt,
        "text/html"},
       {422,
        "Refused (a field out of its bounds, a key taken): the page with the "
        "reason",
        "", std::nullopt, "text/html"}}};
  if (with_id) {
    op.path = {{"id", api::Schema::String(1, 18).Pattern("^[0-9]+$"), true, "The standard"}};
    op.replies.push_back({404, "No such standard promise", "", std::nullopt, "text/html"});
  }
  return op;
}

}  // namespace

void RegisterStandardsPage(api::App& app) {
  AddPage(app, "GET", "/promises/standards", PageAccess::kStaff,
          PageOperation("pageStandardPromises",
                        "The charter editor: the standard promises, with forms for admins", {}),
          StandardsPage);
  AddPage(app, "POST", "/promises/standards", PageAccess::kAdmin,
          FormOperation("pageCreateStandardPromise", "Dashboard: create a standard promise",
                        FormFields(true), false),
          Create);
  AddPage(app, "POST", "/promises/standards/{id}", PageAccess::kAdmin,
          FormOperation("pageUpdateStandardPromise", "Dashboard: change a standard promise",
                        FormFields(false), true),
          Update);
  AddPage(app, "POST", "/promises/standards/{id}/active", PageAccess::kAdmin,
          FormOperation("pageActivateStandardPromise",
                        "Dashboard: deactivate (0) or activate (1) a standard promise",
                        {{"active", api::Schema::Enum({"0", "1"}), api::kRequired}}, true),
          SetActive);
}

}  // namespace beleving::web
