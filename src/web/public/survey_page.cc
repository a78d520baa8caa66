#include "web/public/survey_page.h"

#include "core/html.h"
#include "core/resources.h"
#include "web/public/survey_shell.h"

namespace beleving::web {
namespace {

using survey::Question;
using survey::QuestionType;
using survey::SurveyLink;

constexpr size_t kFormLimit = 32 * 1024;
constexpr std::string_view kLinkPrefix = "/s/";

std::string Code(const SurveyLink& l) { return std::string(i18n::Code(l.lang)); }

std::string Answer(const json::object& draft, const std::string& key) {
  auto* v = draft.if_contains(key);
  if (!v) return "";
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return "";
}

bool Picked(const json::object& draft, const std::string& key, const std::string& option) {
  auto* v = draft.if_contains(key);
  if (!v) return false;
  if (v->is_string()) return v->get_string() == option;
  if (v->is_array()) {
    for (const auto& e : v->get_array()) {
      if (e.is_string() && e.get_string() == option) return true;
    }
  }
  return false;
}

// A lo..hi radio scale in a fieldset with the question as legend and the
// anchors as a visible, associated description.
std::string Scale(const SurveyLink& l, const Question& q, int lo, int hi) {
  const std::string id = "q-" + q.key;
  const std::string current = Answer(l.draft, q.key);
  std::string s = "<fieldset class=\"scale\" aria-describedby=\"" + id + "-anchors\"><legend>" +
                  HtmlEscape(survey::InLanguage(q.text, Code(l))) +
                  (q.required ? " <span class=\"req\">*</span>" : "") +
                  "</legend><div class=\"options\">";
  for (int v = lo; v <= hi; ++v) {
    const std::string vs = std::to_string(v);
    s += "<label class=\"opt\" for=\"" + id + "-" + vs + "\"><input type=\"radio\" id=\"" + id +
         "-" + vs + "\" name=\"" + q.key + "\" value=\"" + vs + "\"" +
         (current == vs ? " checked" : "") + (q.required ? " required" : "") + "><span>" + vs +
         "</span></label>";
  }
  s += "</div>";
  std::string low = survey::InLanguage(q.low_anchor, Code(l));
  std::string high = survey::InLanguage(q.high_anchor, Code(l));
  if (low.empty()) low = i18n::Text(l.lang, "ask.page.anchor.low");
  if (high.empty()) high = i18n::Text(l.lang, "ask.page.anchor.high");
  s += "<p class=\"anchors\" id=\"" + id + "-anchors\"><span>" + std::to_string(lo) + " = " +
       HtmlEscape(low) + "</span> <span>" + std::to_string(hi) + " = " + HtmlEscape(high) +
       "</span></p></fieldset>";
  return s;
}

std::string TextArea(const std::string& id, const std::string& name, const std::string& label,
                     const std::string& value) {
  return "<div class=\"field\"><label for=\"" + id + "\">" + HtmlEscape(label) +
         "</label><textarea id=\"" + id + "\" name=\"" + name + "\" rows=\"4\" maxlength=\"" +
         std::to_string(survey::kMaxTextAnswerBytes) + "\">" + HtmlEscape(value) +
         "</textarea></div>";
}

std::string QuestionHtml(const SurveyLink& l, const Question& q) {
  if (auto range = survey::ScaleRange(q.type)) return Scale(l, q, range->first, range->second);
  const std::string id = "q-" + q.key;
  const std::string text = survey::InLanguage(q.text, Code(l));
  if (q.type == QuestionType::kText) return TextArea(id, q.key, text, Answer(l.draft, q.key));
  const bool multi = q.type == QuestionType::kMultipleChoice;
  std::string s = "<fieldset class=\"choices\"><legend>" + HtmlEscape(text) + "</legend>";
  for (const auto& o : q.options) {
    const std::string oid = id + "-" + o.key;
    s += "<label class=\"choice\" for=\"" + oid + "\"><input type=\"" +
         (multi ? "checkbox" : "radio") + "\" id=\"" + oid + "\" name=\"" + q.key + "\" value=\"" +
         HtmlEscape(o.key) + "\"" + (Picked(l.draft, q.key, o.key) ? " checked" : "") + "> " +
         HtmlEscape(survey::InLanguage(o.text, Code(l))) + "</label>";
  }
  return s + "</fieldset>";
}

std::string Title(const SurveyLink& l) {
  return l.org_name.empty() ? i18n::Text(l.lang, "ask.page.title") : l.org_name;
}

}  // namespace

std::string RenderSurveyStep(const SurveyLink& l, const std::string& action, int step,
                             const std::string& error) {
  const survey::Definition& d = *l.survey;
  const Question* score = survey::ScoreQuestion(d);
  if (!score) step = 2;
  const std::string title = Title(l);
  std::string s = PublicHead(l.lang, title);
  s += "<h1>" + HtmlEscape(title) + "</h1>";
  if (score) {
    s += "<p class=\"step\">" +
         HtmlEscape(i18n::Format(l.lang, "ask.page.step", {{"n", step == 1 ? "1" : "2"}})) + "</p>";
  }
  if (!error.empty()) s += "<p class=\"error\" role=\"alert\">" + HtmlEscape(error) + "</p>";
  s += "<form method=\"post\" action=\"" + HtmlEscape(action) + "\">";
  s += "<input type=\"hidden\" name=\"" + std::string(survey::kNonceField) + "\" value=\"" +
       HtmlEscape(l.nonce) + "\">";
  s += "<input type=\"hidden\" name=\"" + std::string(survey::kStepField) + "\" value=\"" +
       std::to_string(step) + "\">";
  if (step == 1) {
    s += Scale(l, *score, 0, 10);
    s += "<button type=\"submit\">" + HtmlEscape(i18n::Text(l.lang, "ask.page.next")) + "</button>";
  } else {
    if (auto given = l.score(); score && given) {
      auto it = score->follow_up.find(survey::NpsBand(*given));
      if (it != score->follow_up.end()) {
        s += TextArea("q-reason", survey::kReasonField, survey::InLanguage(it->second, Code(l)),
                      Answer(l.draft, survey::kReasonField));
      }
    }
    for (const auto& q : d.questions) {
      if (&q != score) s += QuestionHtml(l, q);
    }
    s += "<div class=\"actions\"><button type=\"submit\">" +
         HtmlEscape(i18n::Text(l.lang, "ask.page.send")) + "</button>";
    if (score) {
      s += " <a href=\"" + HtmlEscape(action) + "?step=1\">" +
           HtmlEscape(i18n::Text(l.lang, "ask.page.change_score")) + "</a>";
    }
    s += "</div>";
  }
  s += "</form>" + PublicFoot();
  return s;
}

std::string RenderThankYou(const SurveyLink& l) {
  const std::string title = i18n::Text(l.lang, "ask.page.thanks.title");
  std::string s = PublicHead(l.lang, title) + "<h1>" + HtmlEscape(title) + "</h1>";
  std::string text = l.survey ? survey::InLanguage(l.survey->thank_you, Code(l)) : "";
  if (text.empty()) text = i18n::Text(l.lang, "ask.page.thanks.text");
  s += "<p>" + HtmlEscape(text) + "</p>";
  if (auto given = l.score(); given && *given >= 9 && l.survey && l.survey->referral_ask) {
    s += "<p>" + HtmlEscape(survey::InLanguage(*l.survey->referral_ask, Code(l))) + "</p>";
  }
  if (!l.org_name.empty()) s += "<p class=\"muted\">" + HtmlEscape(l.org_name) + "</p>";
  return s + PublicFoot();
}

namespace {

// Whether a request sees the link's shared first view: a plain GET with
// nothing that could change the page (no query, no language cookie).
bool SharesFirstView(const http::Request& req) {
  if (req.method != "GET" || !req.query.empty() || req.Cookie("lang")) return false;
  if (!req.path.starts_with(kLinkPrefix)) return false;
  const std::string_view token = std::string_view(req.path).substr(kLinkPrefix.size());
  return token.find('/') == std::string_view::npos && survey::LooksLikeToken(token);
}

http::Response ShowSurvey(api::Call& call) {
  const std::string token = call.req.path_params["token"];
  app::Services& services = call.services();
  auto link = services.answers().Open(token, call.lang);
  if (!link.ok()) return LinkProblemPage(call.lang, 500);
  switch (link->state) {
    case survey::LinkState::kUnknown:
      return LinkProblemPage(link->lang, 404);
    case survey::LinkState::kExpired:
      return LinkProblemPage(link->lang, 410);
    case survey::LinkState::kAnswered:
      return http::Html(200, RenderThankYou(*link));
    case survey::LinkState::kOpen:
      break;
  }
  const bool change_score = call.req.Query("step") == std::optional<std::string>("1");
  std::string html = RenderSurveyStep(*link, "/s/" + token, change_score || !link->score() ? 1 : 2);
  if (link->cacheable() && SharesFirstView(call.req)) {
    services.survey_pages().Put(
        survey::PageCache::Key(token, call.req.Header("accept-language").value_or("")), html,
        link->expires_at, services.clock().Now());
  }
  return http::Html(200, std::move(html));
}

http::Response SubmitSurvey(api::Call& call) {
  const std::string token = call.req.path_params["token"];
  const std::string self = "/s/" + token;
  survey::FormFields form;
  http::ParseQueryString(call.req.body, &form);
  auto r = call.services().answers().Submit(token, call.lang, form);
  if (!r.ok()) return LinkProblemPage(call.lang, 500);
  const SurveyLink& l = r->link;
  switch (r->outcome) {
    case survey::StepOutcome::kSaved:
    case survey::StepOutcome::kAnswered:
    case survey::StepOutcome::kAlreadyAnswered:
      return SeeOther(self);
    case survey::StepOutcome::kScoreFirst:
      return SeeOther(self + "?step=1");
    case survey::StepOutcome::kNeedsAnswer: {
      const std::string error = r->missing.empty() ? i18n::Text(l.lang, "ask.page.error.score")
                                                   : i18n::Format(l.lang, "ask.page.error.missing",
                                                                  {{"question", r->missing}});
      return http::Html(422, RenderSurveyStep(l, self, r->step, error));
    }
    case survey::StepOutcome::kUnknownLink:
      return LinkProblemPage(l.lang, 404);
    case survey::StepOutcome::kExpired:
      return LinkProblemPage(l.lang, 410);
    case survey::StepOutcome::kForged:
      return LinkProblemPage(l.lang, 403);
  }
  return LinkProblemPage(l.lang, 500);
}

api::Parameter TokenParameter() {
  return {"token",
          api::Schema::String(1, 64).Describe(
              "the invitation token (43 base64url characters); any other is an unknown link"),
          true, ""};
}

api::Reply Html(int status, std::string description) {
  return {status, std::move(description), "", std::nullopt, "text/html"};
}

}  // namespace

void RegisterSurveyPage(api::App& app) {
  app.SetFastPath({SharesFirstView, [&app](const http::Request& req) {
                     const std::string_view token =
                         std::string_view(req.path).substr(kLinkPrefix.size());
                     auto cached = app.services().survey_pages().Find(
                         survey::PageCache::Key(token, req.Header("accept-language").value_or("")),
                         app.clock().Now());
                     if (!cached) return std::optional<http::Response>();
                     return std::optional<http::Response>(http::Html(200, std::move(*cached)));
                   }});
  // The stylesheet first: /s/assets/... is not a token.
  app.Add(
      "GET", "/s/assets/survey.css", api::Access::kPublic,
      [&] {
        api::Operation o;
        o.id = "getSurveyStylesheet";
        o.summary = "The survey pages' stylesheet";
        o.tag = "survey page";
        o.replies = {{200, "The stylesheet", "", std::nullopt, "text/css"}};
        return o;
      }(),
      [](api::Call&) {
        http::Response r;
        auto css = resources::Find("web/survey.css");
        r.content_type = "text/css; charset=utf-8";
        r.body = css ? std::string(*css) : "";
        return r;
      },
      64 * 1024);
  app.Add(
      "GET", "/s/{token}", api::Access::kPublic,
      [&] {
        api::Operation o;
        o.id = "showSurveyLink";
        o.summary =
            "The survey behind a link (step 1: the score, step 2: the follow-up and the "
            "other questions), or its thank-you page once answered; in the "
            "invitation's language, else the reader's";
        o.tag = "survey page";
        o.path = {TokenParameter()};
        o.query = {
            {"step", api::Schema::Enum({"1"}), false, "1: show step one again (change the score)"}};
        o.replies = {Html(200, "The survey page, or the thank-you page"),
                     Html(404, "An unknown link (a page)"), Html(410, "An expired link (a page)"),
                     Html(500, "The link could not be read (a page)")};
        return o;
      }(),
      ShowSurvey, 64 * 1024);
  app.Add(
      "POST", "/s/{token}", api::Access::kPublic,
      [&] {
        api::Operation o;
        o.id = "answerSurveyLink";
        o.summary =
            "Answer a step of the survey (form fields: nonce, step, reason and the "
            "survey's question keys); step 2 stores the response";
        o.tag = "survey page";
        o.path = {TokenParameter()};
        o.replies = {
            {303, "Stored: to the next step or the thank-you page", "", std::nullopt, "text/plain"},
            Html(403, "The form is not this link's own (a page)"),
            Html(404, "An unknown link (a page)"),
            Html(410, "An expired link (a page)"),
            Html(422, "A required answer is missing: the step again, with the message"),
            Html(500, "The answer could not be stored (a page)")};
        return o;
      }(),
      SubmitSurvey, kFormLimit);
}

void RegisterSurveyPublicPages(api::App& app) {
  RegisterSurveyPage(app);
  RegisterUnsubscribePage(app);
  RegisterQrRedirect(app);
}

}  // namespace beleving::web
