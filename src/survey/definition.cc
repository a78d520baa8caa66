#include "survey/definition.h"

#include <algorithm>
#include <set>

namespace beleving::survey {

const char* QuestionTypeName(QuestionType t) {
  switch (t) {
    case QuestionType::kNps:
      return "nps";
    case QuestionType::kCsat:
      return "csat";
    case QuestionType::kCes:
      return "ces";
    case QuestionType::kDriver:
      return "driver";
    case QuestionType::kText:
      return "text";
    case QuestionType::kSingleChoice:
      return "single_choice";
    case QuestionType::kMultipleChoice:
      return "multiple_choice";
  }
  return "text";
}

namespace {

std::optional<QuestionType> ParseType(const std::string& s) {
  for (auto t : kQuestionTypes) {
    if (s == QuestionTypeName(t)) return t;
  }
  return std::nullopt;
}

bool IsIdent(const std::string& k) {
  return !k.empty() && k.size() <= kMaxKeyBytes && std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsDriver(const std::string& k) {
  return std::any_of(kDriverKeys.begin(), kDriverKeys.end(), [&](const char* d) { return k == d; });
}

Result<LocalText> ParseText(const json::value* v, const std::string& ptr, bool required,
                            size_t max_len = kMaxTextBytes) {
  LocalText out;
  if (!v) {
    if (required) return InvalidArgument("a Dutch text (\"nl\") is required", ptr);
    return out;
  }
  if (!v->is_object()) return InvalidArgument("must be an object of texts per language", ptr);
  JsonFields f(v->get_object(), ptr);
  for (const char* lang : kTextLanguages) {
    ASSIGN_OR_RETURN(auto s, f.OptString(lang, max_len));
    if (s) out[lang] = *s;
  }
  RETURN_IF_ERROR(f.RejectUnknown());
  if (required && out["nl"].empty()) {
    return InvalidArgument("a Dutch text (\"nl\") is required", ptr + "/nl");
  }
  if (out.count("nl") && out["nl"].empty()) out.erase("nl");
  return out;
}

json::object TextJson(const LocalText& t) {
  json::object o;
  for (const auto& [k, v] : t) o[k] = v;
  return o;
}

}  // namespace

std::string InLanguage(const LocalText& t, const std::string& lang) {
  auto it = t.find(lang);
  if (it != t.end() && !it->second.empty()) return it->second;
  it = t.find("nl");
  if (it != t.end()) return it->second;
  return t.empty() ? "" : t.begin()->second;
}

const Question* Definition::Find(const std::string& k) const {
  for (const auto& q : questions) {
    if (q.key == k) return &q;
  }
  return nullptr;
}

Result<Definition> ParseDefinition(const json::value& doc, const std::string& ptr) {
  if (!doc.is_object()) return InvalidArgument("a survey must be a JSON object", ptr);
  JsonFields f(doc.get_object(), ptr);
  Definition d;
  ASSIGN_OR_RETURN(d.key, f.String("key", kMaxKeyBytes));
  if (!IsIdent(d.key)) return InvalidArgument("key is a-z, 0-9 and _", f.Pointer("key"));
  ASSIGN_OR_RETURN(d.name, f.String("name", kMaxNameBytes));
  if (d.name.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("name must not be blank", f.Pointer("name"));
  }
  ASSIGN_OR_RETURN(d.thank_you, ParseText(f.Get("thank_you"), f.Pointer("thank_you"), false));
  if (const json::value* r = f.Get("referral_ask")) {
    ASSIGN_OR_RETURN(d.referral_ask, ParseText(r, f.Pointer("referral_ask"), true));
  }
  ASSIGN_OR_RETURN(auto thr, f.OptInt("detractor_threshold", 0, 10));
  if (thr) d.detractor_threshold = static_cast<int>(*thr);
  const json::value* qs = f.Get("questions");
  std::string qptr = f.Pointer("questions");
  if (!qs || !qs->is_array() || qs->get_array().empty()) {
    return InvalidArgument("questions must be a non-empty list", qptr);
  }
  if (qs->get_array().size() > kMaxQuestions) {
    return InvalidArgument("at most " + std::to_string(kMaxQuestions) + " questions", qptr);
  }
  std::set<std::string> keys;
  size_t i = 0;
  for (const auto& qv : qs->get_array()) {
    std::string p = qptr + "/" + std::to_string(i++);
    if (!qv.is_object()) return InvalidArgument("a question must be an object", p);
    JsonFields qf(qv.get_object(), p);
    Question q;
    ASSIGN_OR_RETURN(q.key, qf.String("key", kMaxKeyBytes));
    if (!IsIdent(q.key)) return InvalidArgument("key is a-z, 0-9 and _", qf.Pointer("key"));
    if (!keys.insert(q.key).second) {
      return InvalidArgument("question key '" + q.key + "' is used twice", qf.Pointer("key"));
    }
    ASSIGN_OR_RETURN(auto type, qf.String("type", 32));
    auto t = ParseType(type);
    if (!t) {
      return InvalidArgument(
          "type must be nps, csat, ces, driver, text, single_choice or multiple_choice",
          qf.Pointer("type"));
    }
    q.type = *t;
    if (q.type == QuestionType::kDriver && !IsDriver(q.key)) {
      return InvalidArgument(
          "a driver question's key is one of certainty, flexibility, "
          "reliability, customisation, complaint_speed, trust, respect, "
          "attention",
          qf.Pointer("key"));
    }
    if ((q.type == QuestionType::kNps || q.type == QuestionType::kCsat ||
         q.type == QuestionType::kCes) &&
        q.key != QuestionTypeName(q.type)) {
      return InvalidArgument(std::string("the ") + QuestionTypeName(q.type) +
                                 " question has key \"" + QuestionTypeName(q.type) + "\"",
                             qf.Pointer("key"));
    }
    ASSIGN_OR_RETURN(q.text, ParseText(qf.Get("text"), qf.Pointer("text"), true));
    ASSIGN_OR_RETURN(auto req, qf.OptBool("required"));
    q.required = req.value_or(false);
    ASSIGN_OR_RETURN(q.low_anchor,
                     ParseText(qf.Get("low_anchor"), qf.Pointer("low_anchor"), false));
    ASSIGN_OR_RETURN(q.high_anchor,
                     ParseText(qf.Get("high_anchor"), qf.Pointer("high_anchor"), false));
    if (const json::value* fu = qf.Get("follow_up")) {
      std::string fp = qf.Pointer("follow_up");
      if (q.type != QuestionType::kNps) return InvalidArgument("only nps has follow-ups", fp);
      if (!fu->is_object()) return InvalidArgument("follow_up must be an object", fp);
      JsonFields ff(fu->get_object(), fp);
      for (const char* band : kNpsBands) {
        if (const json::value* bv = ff.Get(band)) {
          ASSIGN_OR_RETURN(q.follow_up[band], ParseText(bv, ff.Pointer(band), true));
        }
      }
      RETURN_IF_ERROR(ff.RejectUnknown());
    }
    bool choice = q.type == QuestionType::kSingleChoice || q.type == QuestionType::kMultipleChoice;
    const json::value* opts = qf.Get("options");
    if (choice) {
      std::string op = qf.Pointer("options");
      if (!opts || !opts->is_array() || opts->get_array().size() < kMinOptions ||
          opts->get_array().size() > kMaxOptions) {
        return InvalidArgument("a choice question has " + std::to_string(kMinOptions) + " to " +
                                   std::to_string(kMaxOptions) + " options",
                               op);
      }
      std::set<std::string> okeys;
      size_t j = 0;
      for (const auto& ov : opts->get_array()) {
        std::string opp = op + "/" + std::to_string(j++);
        if (!ov.is_object()) return InvalidArgument("an option must be an object", opp);
        JsonFields of(ov.get_object(), opp);
        Option o;
        ASSIGN_OR_RETURN(o.key, of.String("key", kMaxKeyBytes));
        if (!IsIdent(o.key) || !okeys.insert(o.key).second) {
          return InvalidArgument("option keys are unique, a-z, 0-9 and _", of.Pointer("key"));
        }
        ASSIGN_OR_RETURN(o.text, ParseText(of.Get("text"), of.Pointer("text"), true));
        RETURN_IF_ERROR(of.RejectUnknown());
        q.options.push_back(std::move(o));
      }
    } else if (opts) {
      return InvalidArgument("only choice questions have options", qf.Pointer("options"));
    }
    RETURN_IF_ERROR(qf.RejectUnknown());
    d.questions.push_back(std::move(q));
  }
  RETURN_IF_ERROR(f.RejectUnknown());
  return d;
}

json::object ToJson(const Definition& d) {
  json::object o;
  o["key"] = d.key;
  o["name"] = d.name;
  json::array qs;
  for (const auto& q : d.questions) {
    json::object qo;
    qo["key"] = q.key;
    qo["type"] = QuestionTypeName(q.type);
    qo["text"] = TextJson(q.text);
    qo["required"] = q.required;
    if (!q.low_anchor.empty()) qo["low_anchor"] = TextJson(q.low_anchor);
    if (!q.high_anchor.empty()) qo["high_anchor"] = TextJson(q.high_anchor);
    if (!q.follow_up.empty()) {
      json::object fu;
      for (const auto& [band, text] : q.follow_up) fu[band] = TextJson(text);
      qo["follow_up"] = fu;
    }
    if (!q.options.empty()) {
      json::array opts;
      for (const auto& op : q.options)
        opts.push_back(json::object{{"key", op.key}, {"text", TextJson(op.text)}});
      qo["options"] = opts;
    }
    qs.push_back(qo);
  }
  o["questions"] = qs;
  if (!d.thank_you.empty()) o["thank_you"] = TextJson(d.thank_you);
  if (d.referral_ask) o["referral_ask"] = TextJson(*d.referral_ask);
  o["detractor_threshold"] = d.detractor_threshold;
  return o;
}

Definition DefaultNpsSurvey() {
  Definition d;
  d.key = "nps";
  d.name = "Aanbeveling (NPS)";
  Question nps;
  nps.key = "nps";
  nps.type = QuestionType::kNps;
  nps.required = true;
  nps.text = {{"nl",
               "Hoe waarschijnlijk is het dat je ons aanbeveelt bij vrienden, familie of "
               "collega's?"},
              {"en", "How likely are you to recommend us to friends, family or colleagues?"}};
  nps.low_anchor = {{"nl", "Zeer onwaarschijnlijk"}, {"en", "Not at all likely"}};
  nps.high_anchor = {{"nl", "Zeer waarschijnlijk"}, {"en", "Extremely likely"}};
  // One wording per band (survey/page.h NpsBand): promoters 9-10, passives
  // 7-8, detractors 0-6. None names a score: a 9 is not asked what made it
  // a 10.
  nps.follow_up = {
      {"promoter",
       {{"nl", "Wat deden we vooral goed?"}, {"en", "What did we do especially well?"}}},
      {"passive",
       {{"nl", "Wat had het nog beter gemaakt?"}, {"en", "What would have made it even better?"}}},
      {"detractor",
       {{"nl", "Wat ging er mis, en wat had beter gekund?"},
        {"en", "What went wrong, and what could we have done better?"}}}};
  d.questions.push_back(nps);
  Question comment;
  comment.key = "comment";
  comment.type = QuestionType::kText;
  comment.text = {{"nl", "Wil je nog iets kwijt?"},
                  {"en", "Anything else you would like to tell us?"}};
  d.questions.push_back(comment);
  d.thank_you = {{"nl", "Dank je wel! Met jouw antwoord maken we het volgende bezoek beter."},
                 {"en", "Thank you! Your answer helps us make the next visit better."}};
  d.referral_ask =
      LocalText{{"nl", "Fijn dat je ons aanbeveelt! Wil je een vriend uitnodigen?"},
                {"en", "Glad you would recommend us! Would you like to invite a friend?"}};
  return d;
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

std::optional<std::pair<int, int>> ScaleRange(QuestionType t) {
  switch (t) {
    case QuestionType::kNps:
      return std::pair{0, 10};
    case QuestionType::kCsat:
    case QuestionType::kDriver:
      return std::pair{1, 5};
    case QuestionType::kCes:
      return std::pair{1, 7};
    default:
      return std::nullopt;
  }
}

Status ValidateAnswers(const Definition& d, const json::object& answers, const std::string& ptr) {
  for (const auto& q : d.questions) {
    const json::value* v = answers.if_contains(q.key);
    std::string p = ptr + "/" + q.key;
    if (!v || v->is_null() || (v->is_string() && v->get_string().empty())) {
      if (q.required) return InvalidArgument("question " + q.key + " must be answered", p);
      continue;
    }
    switch (q.type) {
      case QuestionType::kSingleChoice:
        if (!v->is_string() ||
            std::none_of(q.options.begin(), q.options.end(),
                         [&](const Option& o) { return o.key == v->get_string(); })) {
          return InvalidArgument("answer must be one of the options of " + q.key, p);
        }
        break;
      case QuestionType::kMultipleChoice:
        if (!v->is_array()) return InvalidArgument("answer must be a list of options", p);
        for (const auto& e : v->get_array()) {
          if (!e.is_string() ||
              std::none_of(q.options.begin(), q.options.end(),
                           [&](const Option& o) { return o.key == e.get_string(); })) {
            return InvalidArgument("answer must be a list of options of " + q.key, p);
          }
        }
        break;
      case QuestionType::kText:
        if (!v->is_string()) return InvalidArgument("answer must be text", p);
        break;
      default:
        break;  // scales are range-checked when decoded
    }
  }
  for (const auto& kv : answers) {
    std::string k(kv.key());
    if (!d.Find(k) && k != "comment" && k != "follow_up") {
      bool scale = k == "nps" || k == "csat" || k == "ces" || IsDriver(k);
      if (!scale) {
        return InvalidArgument("survey " + d.key + " has no question " + k, ptr + "/" + k);
      }
    }
  }
  return Status::Ok();
}

}  // namespace beleving::survey
