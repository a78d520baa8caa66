// The public complaint form: /complaints/{org} (GET the form, POST a
// complaint) and its stylesheet. Dutch or English by the reader's choice
// (?lang=, the lang cookie), else by the organisation's language; every
// field labelled, errors announced with role="alert", a honeypot field
// against bots. The complaint goes to the complaint service
// (loop/complaints.h), which opens its case.
#include <map>

#include "core/html.h"
#include "core/resources.h"
#include "loop/complaints.h"
#include "web/public/loop_public_pages.h"

namespace beleving::web {
namespace {

using i18n::Lang;

constexpr size_t kFieldBound = 16 * 1024;

std::string Esc(std::string_view s) { return HtmlEscape(s); }

// The reader's choice, else the organisation's language.
Lang LangOf(const api::Call& call, const loop::ComplaintFormOrg& org) {
  return PublicPageLang(call, org.language == "en" ? Lang::kEn : Lang::kNl);
}

std::string FormPage(Lang lang, const loop::ComplaintFormOrg& org, const std::string& error,
                     const std::map<std::string, std::string>& v) {
  auto T = [&](std::string_view key) { return Esc(i18n::Text(lang, key)); };
  auto val = [&](const char* k) {
    auto it = v.find(k);
    return it == v.end() ? std::string() : Esc(it->second);
  };
  std::string h = "<p class=\"lead\">" + Esc(org.name) + ": " + T("loop.form.lead") + "</p>";
  if (!error.empty()) {
    h += "<p class=\"error\" role=\"alert\" id=\"form-error\">" + Esc(error) + "</p>";
  }
  h += "<form method=\"post\" action=\"/complaints/" + Esc(org.slug) + "\">";
  h += "<label for=\"name\">" + T("loop.form.name") +
       "</label><input type=\"text\" id=\"name\" name=\"name\" maxlength=\"200\" "
       "autocomplete=\"name\" value=\"" +
       val("name") + "\">";
  h += "<label for=\"email\">" + T("loop.form.email") + " <span class=\"hint\">" +
       T("loop.form.email_hint") +
       "</span></label><input type=\"email\" id=\"email\" name=\"email\" maxlength=\"320\" "
       "autocomplete=\"email\" value=\"" +
       val("email") + "\">";
  h += "<label for=\"subject\">" + T("loop.form.subject") +
       "</label><input type=\"text\" id=\"subject\" name=\"subject\" maxlength=\"300\" value=\"" +
       val("subject") + "\">";
  h += "<label for=\"narrative\">" + T("loop.form.narrative") +
       "</label><textarea id=\"narrative\" name=\"narrative\" required maxlength=\"10000\"" +
       std::string(error.empty() ? "" : " aria-describedby=\"form-error\" aria-invalid=\"true\"") +
       ">" + val("narrative") + "</textarea>";
  h += "<div class=\"hp\" aria-hidden=\"true\"><label for=\"website\">" + T("loop.form.website") +
       "</label><input type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\" "
       "autocomplete=\"off\"></div>";
  h += "<button type=\"submit\">" + T("loop.form.send") + "</button></form>";
  return LoopPublicPage(lang, i18n::Text(lang, "loop.form.title"), h);
}

http::Response NotFoundPage(Lang lang) {
  return http::Html(404,
                    LoopPublicPage(lang, i18n::Text(lang, "error.not_found.title"),
                                   "<p>" + Esc(i18n::Text(lang, "error.not_found.text")) + "</p>"));
}

http::Response Submit(api::Call& call) {
  auto& complaints = call.services().loop().complaints();
  auto org = complaints.FormOrg(call.req.path_params["org"]);
  if (!org.ok()) return NotFoundPage(call.lang);
  const Lang lang = LangOf(call, *org);
  std::multimap<std::string, std::string> form;
  http::ParseQueryString(call.req.body, &form);
  std::map<std::string, std::string> v;
  for (const char* k : {"name", "email", "subject", "narrative", "website"}) {
    auto it = form.find(k);
    if (it != form.end()) v[k] = it->second;
  }
  loop::ComplaintForm in{v["name"], v["email"], v["subject"], v["narrative"], v["website"]};
  auto ref = complaints.SubmitForm(*org, in);
  if (!ref.ok()) {
    if (ref.status().code() != StatusCode::kInvalidArgument) {
      return http::Html(500, FormPage(lang, *org, i18n::Text(lang, "error.internal.text"), v));
    }
    const bool empty = ref.status().field() == "/narrative" &&
                       in.narrative.find_first_not_of(" \t\r\n") == std::string::npos;
    return http::Html(
        422, FormPage(lang, *org,
                      i18n::Text(lang, empty ? "loop.form.required" : "loop.form.too_long"), v));
  }
  const std::string reference = "K-" + std::to_string(*ref);
  return http::Html(201, LoopPublicPage(lang, i18n::Text(lang, "loop.form.thanks"),
                                        "<p>" + Esc(i18n::Text(lang, "loop.form.thanks_lead")) +
                                            " <strong>" + reference + "</strong>.</p>"));
}

api::Parameter OrgParameter() {
  return {"org", api::Schema::String(1, 60), true, "The organisation's slug"};
}

}  // namespace

void RegisterComplaintPage(api::App& app) {
  app.Add(
      "GET", "/complaints/assets/complaint.css", api::Access::kPublic,
      api::Operation{"complaintStylesheet",
                     "The stylesheet of the public pages",
                     "Public pages",
                     {},
                     {},
                     std::nullopt,
                     std::nullopt,
                     {{200, "CSS", "", std::nullopt, "text/css"}}},
      [](api::Call&) {
        http::Response r;
        auto css = resources::Find("loop/complaint.css");
        r.content_type = "text/css; charset=utf-8";
        r.body = css ? std::string(*css) : "";
        return r;
      },
      64 * 1024);
  app.Add(
      "GET", "/complaints/{org}", api::Access::kPublic,
      api::Operation{"complaintForm",
                     "The public complaint form of an organisation",
                     "Public pages",
                     {OrgParameter()},
                     {},
                     std::nullopt,
                     std::nullopt,
                     {{200, "The form", "", std::nullopt, "text/html"},
                      {404, "No such organisation", "", std::nullopt, "text/html"}}},
      [](api::Call& call) {
        auto org = call.services().loop().complaints().FormOrg(call.req.path_params["org"]);
        if (!org.ok()) return NotFoundPage(call.lang);
        return http::Html(200, FormPage(LangOf(call, *org), *org, "", {}));
      },
      64 * 1024);
  app.Add("POST", "/complaints/{org}", api::Access::kPublic,
          api::Operation{"submitComplaintForm",
                         "Submit the public complaint form; it opens a complaint case",
                         "Public pages",
                         {OrgParameter()},
                         {},
                         std::nullopt,
                         api::Schema::Object({{"name", api::Schema::String(0, kFieldBound)},
                                              {"email", api::Schema::String(0, kFieldBound)},
                                              {"subject", api::Schema::String(0, kFieldBound)},
                                              {"narrative", api::Schema::String(0, kFieldBound)},
                                              {"website", api::Schema::String(0, kFieldBound)}}),
                         {{201, "Thanks, with the reference K-<id>", "", std::nullopt, "text/html"},
                          {404, "No such organisation", "", std::nullopt, "text/html"},
                          {422,
                           "The form again with the reason (no text, or a field too long: name "
                           "200, e-mail 320, subject 300, text 10000 bytes)",
                           "", std::nullopt, "text/html"}}},
          Submit, 16 * 1024);
}

}  // namespace beleving::web
