// The public satisfaction follow-up page (/followup/{token}): "Bent u
// tevreden over de afhandeling van uw melding?" with yes/no and an optional
// comment, in the reader's chosen language (?lang=, the lang cookie), else
// the customer's. Answers: 200 thanks; 422 the form again with the reason;
// 404 unknown or malformed token; 409 already answered (the first answer
// stands); 410 expired. The answer goes to the follow-up service
// (loop/follow_ups.h).
#include <map>

#include "core/html.h"
#include "loop/follow_ups.h"
#include "web/public/loop_public_pages.h"

namespace beleving::web {
namespace {

using i18n::Lang;

std::string Esc(std::string_view s) { return HtmlEscape(s); }

// The reader's choice, else the customer's language; a token that names no
// follow-up has no customer, so the reader's language (call.lang) it is.
Lang LangOf(const api::Call& call, const loop::FollowUpView& v) {
  if (v.state == loop::FollowUpState::kUnknown) return call.lang;
  return PublicPageLang(call, v.language == "en" ? Lang::kEn : Lang::kNl);
}

http::Response Message(int status, Lang lang, std::string_view title_key,
                       std::string_view text_key) {
  return http::Html(status, LoopPublicPage(lang, i18n::Text(lang, title_key),
                                           "<p>" + Esc(i18n::Text(lang, text_key)) + "</p>", true));
}

std::string FormPage(Lang lang, const loop::FollowUpView& v, const std::string& token,
                     std::string_view error_key, const std::string& choice,
                     const std::string& comment) {
  auto T = [&](std::string_view key) { return Esc(i18n::Text(lang, key)); };
  std::string h = "<p class=\"lead\">" + (v.org_name.empty() ? "" : Esc(v.org_name) + ": ") +
                  T("loop.followup.lead") + "</p>";
  if (!error_key.empty()) {
    h += "<p class=\"error\" role=\"alert\" id=\"form-error\">" + T(error_key) + "</p>";
  }
  h += "<form method=\"post\" action=\"/followup/" + Esc(token) + "\"><fieldset";
  if (!error_key.empty()) h += " aria-describedby=\"form-error\"";
  h += "><legend>" + T("loop.followup.question") + "</legend>";
  for (auto [value, key] : {std::pair{"yes", "loop.followup.yes"}, {"no", "loop.followup.no"}}) {
    h += "<label class=\"choice\" for=\"satisfied-" + std::string(value) +
         "\"><input type=\"radio\" name=\"satisfied\" required id=\"satisfied-" + value +
         "\" value=\"" + value + "\"" + (choice == value ? " checked" : "") + ">" + T(key) +
         "</label>";
  }
  h += "</fieldset><label for=\"comment\">" + T("loop.followup.comment") +
       "</label><textarea id=\"comment\" name=\"comment\" maxlength=\"1000\">" + Esc(comment) +
       "</textarea><button type=\"submit\">" + T("loop.followup.send") + "</button></form>";
  return LoopPublicPage(lang, i18n::Text(lang, "loop.followup.question"), h, true);
}

// The page for a follow-up that cannot be answered (any more).
http::Response Closed(Lang lang, const loop::FollowUpView& v) {
  switch (v.state) {
    case loop::FollowUpState::kAlreadyAnswered:
      return Message(409, lang, "loop.followup.thanks", "loop.followup.already");
    case loop::FollowUpState::kExpired:
      return Message(410, lang, "loop.followup.expired", "loop.followup.expired");
    default:
      return Message(404, lang, "loop.followup.unknown", "loop.followup.unknown");
  }
}

http::Response Show(api::Call& call) {
  const std::string& token = call.req.path_params["token"];
  auto v = call.services().loop().follow_ups().Find(token);
  if (!v.ok()) return Message(500, call.lang, "error.internal.title", "error.internal.text");
  if (v->state != loop::FollowUpState::kOpen) return Closed(LangOf(call, *v), *v);
  return http::Html(200, FormPage(LangOf(call, *v), *v, token, "", "", ""));
}

http::Response Answer(api::Call& call) {
  const std::string& token = call.req.path_params["token"];
  std::multimap<std::string, std::string> form;
  http::ParseQueryString(call.req.body, &form);
  auto field = [&](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string() : it->second;
  };
  const std::string choice = field("satisfied"), comment = field("comment");
  auto& follow_ups = call.services().loop().follow_ups();
  auto open = follow_ups.Find(token);
  if (!open.ok()) return Message(500, call.lang, "error.internal.title", "error.internal.text");
  const Lang lang = LangOf(call, *open);
  if (open->state != loop::FollowUpState::kOpen) return Closed(lang, *open);
  if (choice != "yes" && choice != "no") {
    return http::Html(422, FormPage(lang, *open, token, "loop.followup.choose", "", comment));
  }
  std::optional<std::string> note;
  if (comment.find_first_not_of(" \t\r\n") != std::string::npos) note = comment;
  auto v = follow_ups.Answer(token, choice == "yes", note);
  if (!v.ok()) {
    if (v.status().code() == StatusCode::kInvalidArgument) {
      return http::Html(422,
                        FormPage(lang, *open, token, "loop.followup.too_long", choice, comment));
    }
    return Message(500, lang, "error.internal.title", "error.internal.text");
  }
  if (v->state != loop::FollowUpState::kRecorded) return Closed(lang, *v);
  return Message(200, lang, "loop.followup.thanks", "loop.followup.thanks_lead");
}

api::Parameter TokenParameter() {
  return {"token", api::Schema::String(1, 64), true, "The link's token"};
}

std::vector<api::Reply> ClosedReplies() {
  return {{404, "Unknown or malformed token", "", std::nullopt, "text/html"},
          {409, "Answered already: the first answer stands", "", std::nullopt, "text/html"},
          {410, "The link expired (30 days)", "", std::nullopt, "text/html"}};
}

}  // namespace

void RegisterFollowUpPage(api::App& app) {
  std::vector<api::Reply> show = {{200, "The question", "", std::nullopt, "text/html"}};
  std::vector<api::Reply> answer = {
      {200, "Thanks: the answer is recorded", "", std::nullopt, "text/html"},
      {422, "The form again: no choice, or a comment over 1000 bytes", "", std::nullopt,
       "text/html"}};
  for (auto& r : ClosedReplies()) {
    show.push_back(r);
    answer.push_back(r);
  }
  app.Add("GET", "/followup/{token}", api::Access::kPublic,
          api::Operation{"followUpForm",
                         "The satisfaction question after a case was closed",
                         "Public pages",
                         {TokenParameter()},
                         {},
                         std::nullopt,
                         std::nullopt,
                         show},
          Show, 64 * 1024);
  app.Add("POST", "/followup/{token}", api::Access::kPublic,
          api::Operation{"answerFollowUp",
                         "Answer the satisfaction question (once)",
                         "Public pages",
                         {TokenParameter()},
                         {},
                         std::nullopt,
                         api::Schema::Object({{"satisfied", api::Schema::String(0, 16)},
                                              {"comment", api::Schema::String(0, 8 * 1024)}}),
                         answer},
          Answer, 8 * 1024);
}

}  // namespace beleving::web
