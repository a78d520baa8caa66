#include "survey/page.h"

namespace beleving::survey {
namespace {

bool En(const std::string& lang) { return lang == "en"; }

std::string Head(const std::string& lang, const std::string& title) {
  return "<!doctype html>\n<html lang=\"" + lang +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\"><title>" +
         HtmlEscape(title) +
         "</title><link rel=\"stylesheet\" href=\"/s/assets/survey.css\"></head><body><main "
         "class=\"card\">";
}

const char* kFoot = "</main></body></html>\n";

std::string Answer(const json::object& draft, const std::string& key) {
  auto* v = draft.if_contains(key);
  if (!v) return "";
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return "";
}

// A 0-10 or 1-N radio scale in a fieldset with the question as legend and
// the anchors as a visible, associated description.
std::string Scale(const Question& q, const std::string& lang, int lo, int hi,
                  const std::string& current) {
  std::string id = "q-" + q.key;
  std::string s = "<fieldset class=\"scale\" aria-describedby=\"" + id + "-anchors\"><legend>" +
                  HtmlEscape(InLanguage(q.text, lang)) +
                  (q.required ? " <span class=\"req\">*</span>" : "") +
                  "</legend><div class=\"options\">";
  for (int v = lo; v <= hi; ++v) {
    std::string vs = std::to_string(v);
    s += "<label class=\"opt\" for=\"" + id + "-" + vs + "\"><input type=\"radio\" id=\"" + id +
         "-" + vs + "\" name=\"" + q.key + "\" value=\"" + vs + "\"" +
         (current == vs ? " checked" : "") + (q.required ? " required" : "") + "><span>" + vs +
         "</span></label>";
  }
  s += "</div>";
  std::string low = InLanguage(q.low_anchor, lang), high = InLanguage(q.high_anchor, lang);
  if (low.empty()) low = En(lang) ? "Very bad" : "Zeer slecht";
  if (high.empty()) high = En(lang) ? "Very good" : "Zeer goed";
  s += "<p class=\"anchors\" id=\"" + id + "-anchors\"><span>" + std::to_string(lo) + " = " +
       HtmlEscape(low) + "</span> <span>" + std::to_string(hi) + " = " + HtmlEscape(high) +
       "</span></p></fieldset>";
  return s;
}

std::string Question2(const Question& q, const std::string& lang, const json::object& draft) {
  std::string cur = Answer(draft, q.key);
  std::string id = "q-" + q.key;
  switch (q.type) {
    case QuestionType::kNps:
      return Scale(q, lang, 0, 10, cur);
    case QuestionType::kCsat:
    case QuestionType::kDriver:
      return Scale(q, lang, 1, 5, cur);
    case QuestionType::kCes:
      return Scale(q, lang, 1, 7, cur);
    case QuestionType::kText:
      return "<div class=\"field\"><label for=\"" + id + "\">" +
             HtmlEscape(InLanguage(q.text, lang)) + "</label><textarea id=\"" + id + "\" name=\"" +
             q.key + "\" rows=\"4\" maxlength=\"2000\">" + HtmlEscape(cur) + "</textarea></div>";
    case QuestionType::kSingleChoice:
    case QuestionType::kMultipleChoice: {
      bool multi = q.type == QuestionType::kMultipleChoice;
      std::string s = "<fieldset class=\"choices\"><legend>" +
                      HtmlEscape(InLanguage(q.text, lang)) + "</legend>";
      for (const auto& o : q.options) {
        std::string oid = id + "-" + o.key;
        s += "<label class=\"choice\" for=\"" + oid + "\"><input type=\"" +
             (multi ? "checkbox" : "radio") + "\" id=\"" + oid + "\" name=\"" + q.key +
             "\" value=\"" + HtmlEscape(o.key) + "\"" + (cur == o.key ? " checked" : "") + "> " +
             HtmlEscape(InLanguage(o.text, lang)) + "</label>";
      }
      return s + "</fieldset>";
    }
  }
  return "";
}

}  // namespace

std::string PickLanguage(const std::optional<std::string>& invitation_lang,
                         const std::optional<std::string>& accept_language) {
  if (invitation_lang && (*invitation_lang == "nl" || *invitation_lang == "en")) {
    return *invitation_lang;
  }
  if (accept_language) {
    // First listed of nl/en wins (q-values are rarely needed for two languages).
    std::string a = *accept_language;
    for (auto& ch : a) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    size_t nl = a.find("nl"), en = a.find("en");
    if (en != std::string::npos && (nl == std::string::npos || en < nl)) return "en";
  }
  return "nl";
}

const char* NpsBand(int score) {
  if (score >= 9) return "promoter";
  if (score >= 7) return "passive";
  return "detractor";
}

const Question* ScoreQuestion(const Definition& d) {
  for (const auto& q : d.questions) {
    if (q.type == QuestionType::kNps) return &q;
  }
  return nullptr;
}

std::string RenderSurveyStep(const SurveyPage& p) {
  const Definition& d = *p.def;
  bool en = En(p.lang);
  std::string title = p.org_name.empty() ? (en ? "Your feedback" : "Jouw mening") : p.org_name;
  std::string s = Head(p.lang, title);
  s += "<h1>" + HtmlEscape(title) + "</h1>";
  const Question* score = ScoreQuestion(d);
  int step = score ? p.step : 2;
  s += "<p class=\"step\">" + std::string(en ? "Step " : "Stap ") + std::to_string(step) +
       (en ? " of 2" : " van 2") + "</p>";
  if (!p.error.empty()) s += "<p class=\"error\" role=\"alert\">" + HtmlEscape(p.error) + "</p>";
  s += "<form method=\"post\" action=\"" + HtmlEscape(p.action) + "\">";
  s += "<input type=\"hidden\" name=\"nonce\" value=\"" + HtmlEscape(p.nonce) + "\">";
  s += "<input type=\"hidden\" name=\"step\" value=\"" + std::to_string(step) + "\">";
  if (step == 1) {
    s += Scale(*score, p.lang, 0, 10, Answer(p.draft, score->key));
    s += "<button type=\"submit\">" + std::string(en ? "Next" : "Volgende") + "</button>";
  } else {
    if (score) {
      std::string cur = Answer(p.draft, score->key);
      int v = cur.empty() ? 10 : std::stoi(cur);
      auto it = score->follow_up.find(NpsBand(v));
      if (it != score->follow_up.end()) {
        s += "<div class=\"field\"><label for=\"q-reason\">" +
             HtmlEscape(InLanguage(it->second, p.lang)) +
             "</label><textarea id=\"q-reason\" name=\"reason\" rows=\"4\" maxlength=\"2000\">" +
             HtmlEscape(Answer(p.draft, "reason")) + "</textarea></div>";
      }
    }
    for (const auto& q : d.questions) {
      if (&q == score) continue;
      s += Question2(q, p.lang, p.draft);
    }
    s += "<div class=\"actions\"><button type=\"submit\">" +
         std::string(en ? "Send" : "Versturen") + "</button>";
    if (score) {
      s += " <a href=\"" + HtmlEscape(p.action) + "?step=1\">" +
           std::string(en ? "Change my score" : "Score aanpassen") + "</a>";
    }
    s += "</div>";
  }
  s += "</form>";
  s += kFoot;
  return s;
}

std::string RenderThankYou(const Definition& d, const std::string& lang,
                           const std::string& org_name, std::optional<int> nps) {
  bool en = En(lang);
  std::string s = Head(lang, en ? "Thank you" : "Bedankt");
  s += "<h1>" + std::string(en ? "Thank you" : "Bedankt") + "</h1>";
  std::string ty = InLanguage(d.thank_you, lang);
  if (ty.empty()) ty = en ? "Your answer has been received." : "Je antwoord is ontvangen.";
  s += "<p>" + HtmlEscape(ty) + "</p>";
  if (nps && *nps >= 9 && d.referral_ask) {
    s += "<p>" + HtmlEscape(InLanguage(*d.referral_ask, lang)) + "</p>";
  }
  if (!org_name.empty()) s += "<p class=\"muted\">" + HtmlEscape(org_name) + "</p>";
  s += kFoot;
  return s;
}

std::string RenderLinkProblem(const std::string& lang, int status) {
  bool en = En(lang);
  std::string title, text;
  if (status == 410) {
    title = en ? "This link has expired" : "Deze link is verlopen";
    text = en ? "The survey behind this link has closed. Thank you for wanting to help."
              : "De vragenlijst achter deze link is gesloten. Bedankt dat je wilde helpen.";
  } else {
    title = en ? "We cannot find this link" : "Deze link kennen we niet";
    text = en ? "Check that you copied the whole link from the e-mail."
              : "Controleer of je de hele link uit de e-mail hebt gekopieerd.";
  }
  return Head(lang, title) + "<h1>" + HtmlEscape(title) + "</h1><p>" + HtmlEscape(text) + "</p>" +
         kFoot;
}

std::string RenderUnsubscribe(const std::string& lang, const std::string& action, bool done) {
  bool en = En(lang);
  std::string title = en ? "Unsubscribe" : "Afmelden";
  std::string s = Head(lang, title) + "<h1>" + title + "</h1>";
  if (done) {
    s += "<p>" +
         std::string(en ? "You will not receive feedback requests from us any more."
                        : "Je ontvangt geen verzoeken om je mening meer van ons.") +
         "</p>";
  } else {
    s += "<p>" +
         std::string(en ? "Do you no longer want to receive feedback requests?"
                        : "Wil je geen verzoeken om je mening meer ontvangen?") +
         "</p><form method=\"post\" action=\"" + HtmlEscape(action) +
         "\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button "
         "type=\"submit\">" +
         std::string(en ? "Unsubscribe" : "Afmelden") + "</button></form>";
  }
  return s + kFoot;
}

}  // namespace beleving::survey
