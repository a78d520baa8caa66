// /q/CODE: the short link of a QR code. Each scan makes an anonymous
// one-time invitation for the code's touchpoint and location, in the
// reader's language, and sends the browser to its survey link.
#include "survey/qr_service.h"
#include "web/public/survey_page.h"
#include "web/public/survey_shell.h"

namespace beleving::web {

void RegisterQrRedirect(api::App& app) {
  api::Operation op;
  op.id = "openQrCode";
  op.summary =
      "A QR code's link: makes a one-time survey link for its touchpoint and location and "
      "redirects to it";
  op.tag = "survey page";
  op.path = {{"code", api::Schema::String(1, 32).Describe("the code of the QR link"), true, ""}};
  op.replies = {{303, "To the new survey link /s/TOKEN", "", std::nullopt, "text/plain"},
                {404, "An unknown code (a page)", "", std::nullopt, "text/html"},
                {500, "The link could not be made (a page)", "", std::nullopt, "text/html"}};
  app.Add(
      "GET", "/q/{code}", api::Access::kPublic, std::move(op),
      [](api::Call& call) {
        const std::string code = call.req.path_params["code"];
        auto token = call.services().qr_codes().Open(code, std::string(i18n::Code(call.lang)));
        if (!token.ok()) return LinkProblemPage(call.lang, 500);
        if (!*token) return LinkProblemPage(call.lang, 404);
        return SeeOther("/s/" + **token);
      },
      64 * 1024);
}

}  // namespace beleving::web
