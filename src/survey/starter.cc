#include "survey/starter.h"

namespace beleving::survey {
namespace {

Question Comment() {
  Question q;
  q.key = "comment";
  q.type = QuestionType::kText;
  q.text = {{"nl", "Wil je nog iets kwijt?"}, {"en", "Anything else you would like to tell us?"}};
  return q;
}

}  // namespace

bool IsStarterKind(std::string_view kind) {
  for (const char* k : kStarterKinds) {
    if (kind == k) return true;
  }
  return false;
}

Result<Definition> StarterSurvey(std::string_view kind, const std::string& key,
                                 const std::string& name) {
  if (!IsStarterKind(kind)) return InvalidArgument("kind must be nps, csat or ces", "/kind");
  if (name.empty() || name.size() > 200) return InvalidArgument("name is 1 to 200 bytes", "/name");
  Definition d;
  if (kind == "nps") {
    d = DefaultNpsSurvey();
  } else {
    Question q;
    q.key = kind == "csat" ? "csat" : "ces";
    q.type = kind == "csat" ? QuestionType::kCsat : QuestionType::kCes;
    q.required = true;
    if (kind == "csat") {
      q.text = {{"nl", "Hoe tevreden ben je over ons?"}, {"en", "How satisfied are you with us?"}};
      q.low_anchor = {{"nl", "Zeer ontevreden"}, {"en", "Very dissatisfied"}};
      q.high_anchor = {{"nl", "Zeer tevreden"}, {"en", "Very satisfied"}};
    } else {
      // 1..7 as the engine reads it (engine/measures.h): 7 = very easy, and
      // 5-7 count as easy. The anchors say so; the question asks for ease.
      q.text = {{"nl", "Hoe makkelijk was het om je vraag geregeld te krijgen?"},
                {"en", "How easy was it to get your request handled?"}};
      q.low_anchor = {{"nl", "Heel moeilijk, veel moeite"},
                      {"en", "Very difficult, a lot of effort"}};
      q.high_anchor = {{"nl", "Heel makkelijk, weinig moeite"}, {"en", "Very easy, little effort"}};
    }
    d.questions.push_back(std::move(q));
    d.questions.push_back(Comment());
    d.thank_you = {{"nl", "Dank je wel voor je antwoord!"}, {"en", "Thank you for your answer!"}};
  }
  d.key = key;
  d.name = name;
  // The same validation as a definition sent to the API.
  return ParseDefinition(ToJson(d));
}

std::string KeyFromName(std::string_view name) {
  std::string key;
  for (char ch : name) {
    if (key.size() >= 48) break;
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (ok) {
      key += ch;
    } else if (!key.empty() && key.back() != '_') {
      key += '_';
    }
  }
  while (!key.empty() && key.back() == '_') key.pop_back();
  return key.empty() ? "survey" : key;
}

}  // namespace beleving::survey
