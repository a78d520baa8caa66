// /u/TOKEN: opting out of feedback requests through a link of an invitation
// e-mail. A GET shows a button and changes nothing (link scanners follow
// links); the POST (the button, or the mail client's RFC 8058 one-click POST
// of "List-Unsubscribe=One-Click") opts the customer out.
#include "core/html.h"
#include "web/public/survey_page.h"
#include "web/public/survey_shell.h"

namespace beleving::web {
namespace {

std::string Render(i18n::Lang lang, const std::string& action, bool done) {
  const std::string title = i18n::Text(lang, "ask.unsubscribe.title");
  std::string s = PublicHead(lang, title) + "<h1>" + HtmlEscape(title) + "</h1>";
  if (done) {
    s += "<p>" + HtmlEscape(i18n::Text(lang, "ask.unsubscribe.done")) + "</p>";
  } else {
    s += "<p>" + HtmlEscape(i18n::Text(lang, "ask.unsubscribe.question")) +
         "</p><form method=\"post\" action=\"" + HtmlEscape(action) +
         "\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button "
         "type=\"submit\">" +
         HtmlEscape(i18n::Text(lang, "ask.unsubscribe.button")) + "</button></form>";
  }
  return s + PublicFoot();
}

http::Response Answer(api::Call& call, bool confirm) {
  const std::string token = call.req.path_params["token"];
  survey::AnswerService& answers = call.services().answers();
  auto link = confirm ? answers.Unsubscribe(token, call.lang) : answers.Open(token, call.lang);
  if (!link.ok()) return LinkProblemPage(call.lang, 500);
  if (link->state == survey::LinkState::kUnknown) return LinkProblemPage(link->lang, 404);
  return http::Html(200, Render(link->lang, "/u/" + token, confirm));
}

api::Operation Declared(std::string id, std::string summary, bool confirm) {
  api::Operation op;
  op.id = std::move(id);
  op.summary = std::move(summary);
  op.tag = "survey page";
  op.path = {{"token", api::Schema::String(1, 64).Describe("the invitation token"), true, ""}};
  // The POST's body is not declared: RFC 8058 lets a mail client send
  // "List-Unsubscribe=One-Click" as multipart/form-data or as a form, and
  // the token in the path is all that counts.
  op.replies = {
      {200, confirm ? "Unsubscribed (a page)" : "A page with the unsubscribe button", "",
       std::nullopt, "text/html"},
      {404, "An unknown link (a page)", "", std::nullopt, "text/html"},
      {500, "The link could not be read or written (a page)", "", std::nullopt, "text/html"}};
  return op;
}

}  // namespace

void RegisterUnsubscribePage(api::App& app) {
  app.Add(
      "GET", "/u/{token}", api::Access::kPublic,
      Declared("showUnsubscribe", "Unsubscribe from feedback requests: a page with a button",
               false),
      [](api::Call& call) { return Answer(call, false); }, 64 * 1024);
  // The token in the path is the credential.
  app.Add(
      "POST", "/u/{token}", api::Access::kPublic,
      Declared("unsubscribe",
               "Unsubscribe the invitation's customer from every feedback request (the page's "
               "button, or a mail client's RFC 8058 one-click POST)",
               true),
      [](api::Call& call) { return Answer(call, true); }, 4096);
}

}  // namespace beleving::web
