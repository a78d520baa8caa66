// Your own account (/account): who you are signed in as, and the form that
// changes your own password (security::AccessService::ChangePassword, the
// same rule as PUT /api/v1/session/password).
#include "api/declare.h"
#include "security/access_service.h"
#include "web/work_pages.h"

namespace beleving::web {
namespace {

http::Response AccountPage(Ctx& c, bool changed) {
  std::string h;
  if (changed) h += "<p class=\"notice\" role=\"status\">" + Esc(c.T("account.changed")) + "</p>";
  h += "<section class=\"panel\"><h2>" + Esc(c.T("account.password")) +
       "</h2><form method=\"post\" action=\"/account/password\" class=\"stack\" "
       "id=\"password-form\">" +
       CsrfField(c) + "<div class=\"field\"><label for=\"pw-current\">" +
       Esc(c.T("account.current")) +
       "</label><input id=\"pw-current\" name=\"current_password\" type=\"password\" "
       "maxlength=\"1024\" required autocomplete=\"current-password\"></div>"
       "<div class=\"field\"><label for=\"pw-new\">" +
       Esc(c.T("account.new")) +
       "</label><input id=\"pw-new\" name=\"new_password\" type=\"password\" minlength=\"10\" "
       "maxlength=\"1024\" required autocomplete=\"new-password\"></div>"
       "<div class=\"buttons\"><button type=\"submit\">" +
       Esc(c.T("account.save")) + "</button></div></form><p class=\"muted\">" +
       Esc(c.T("account.other_sessions")) + "</p></section>";
  return Page(c, 200, "", c.T("account.title"), h);
}

http::Response ChangePassword(Ctx& c) {
  Status st = c.app.services().access().ChangePassword(
      c.who, c.Form("current_password").value_or(""), c.Form("new_password").value_or(""));
  if (st.ok()) return Redirect("/account?changed=1");
  if (st.code() != StatusCode::kInvalidArgument) return StatusPage(c, st);
  c.form_error =
      c.T(st.field() == "/current_password" ? "account.error.current" : "account.error.new");
  return AccountPage(c, false);
}

}  // namespace

void RegisterAccountPage(api::App& app) {
  AddPage(app, "GET", "/account", PageAccess::kAny,
          PageOperation(
              "pageAccount", "Your own account: change your password",
              {{"changed", api::Schema::Enum({"", "1"}), false, "1 after a successful change"}}),
          [](Ctx& c) { return AccountPage(c, c.req.Query("changed").value_or("") == "1"); });
  AddPage(
      app, "POST", "/account/password", PageAccess::kAny,
      api::Declare("accountChangePassword", "Account form: change your own password", "dashboard")
          .Form(api::Schema::Object(
              {{"current_password", api::Schema::String(0, security::kMaxPasswordBytes),
                api::kRequired},
               {"new_password", api::Schema::String(0, security::kMaxPasswordBytes),
                api::kRequired}}))
          .Replies({api::Answer(303, "Changed: to /account?changed=1"),
                    api::HtmlAnswer(422, "Refused: the page with the reason")}),
      ChangePassword);
}

}  // namespace beleving::web
