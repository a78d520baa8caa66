// A survey: ordered, typed questions with Dutch and English texts, follow-up
// questions per NPS score band, a thank-you message and an optional referral
// ask for promoters. Stored as validated JSON; this module owns its shape.
//
// {
//   "key": "nps", "name": "Aanbeveling",
//   "questions": [
//     {"key": "nps", "type": "nps", "required": true,
//      "text": {"nl": "Hoe waarschijnlijk ...?", "en": "How likely ...?"},
//      "follow_up": {"promoter": {"nl": "Wat deden we vooral goed?", ...},
//                    "passive": {...}, "detractor": {"nl": "Wat ging er mis, ...?", ...}}},
//     {"key": "reliability", "type": "driver", "text": {...}},
//     {"key": "visit_reason", "type": "single_choice", "text": {...},
//      "options": [{"key": "service", "text": {...}}, ...]},
//     {"key": "comment", "type": "text", "text": {...}}
//   ],
//   "thank_you": {"nl": "Dank je wel!", "en": "Thank you!"},
//   "referral_ask": {"nl": "...", "en": "..."},      (optional, promoters only)
//   "detractor_threshold": 6                          (scores <= this open a case)
// }
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/status.h"

namespace beleving::survey {

enum class QuestionType { kNps, kCsat, kCes, kDriver, kText, kSingleChoice, kMultipleChoice };
inline constexpr std::array<QuestionType, 7> kQuestionTypes = {
    QuestionType::kNps,           QuestionType::kCsat, QuestionType::kCes,
    QuestionType::kDriver,        QuestionType::kText, QuestionType::kSingleChoice,
    QuestionType::kMultipleChoice};
const char* QuestionTypeName(QuestionType t);

// The limits ParseDefinition enforces; the API's request schema states the
// same ones (api/survey_schemas.cc).
inline constexpr size_t kMaxKeyBytes = 64;  // survey, question and option keys
inline constexpr const char* kKeyPattern = "^[a-z0-9_]{1,64}$";
inline constexpr size_t kMaxNameBytes = 200;   // and not blank (only spaces)
inline constexpr size_t kMaxTextBytes = 2000;  // one text in one language
inline constexpr size_t kMaxQuestions = 50;
inline constexpr size_t kMinOptions = 2;
inline constexpr size_t kMaxOptions = 30;
inline constexpr int kDefaultDetractorThreshold = 6;
// The languages a survey's texts are written in; where a text is required,
// Dutch is.
inline constexpr std::array<const char*, 2> kTextLanguages = {"nl", "en"};
// The keys a driver question may have (the engine's driver columns).
inline constexpr std::array<const char*, 8> kDriverKeys = {
    "certainty",       "flexibility", "reliability", "customisation",
    "complaint_speed", "trust",       "respect",     "attention"};
// The NPS score bands a follow-up question is written for.
inline constexpr std::array<const char*, 3> kNpsBands = {"promoter", "passive", "detractor"};
// The longest text answer kept (longer ones are cut).
inline constexpr size_t kMaxTextAnswerBytes = 2000;

// Text per language ("nl", "en"); Dutch is required, English optional.
using LocalText = std::map<std::string, std::string>;
// The text in `lang`, falling back to Dutch, then any.
std::string InLanguage(const LocalText& t, const std::string& lang);

struct Option {
  std::string key;
  LocalText text;
};

struct Question {
  std::string key;
  QuestionType type = QuestionType::kText;
  LocalText text;
  bool required = false;
  std::vector<Option> options;                 // choice questions
  std::map<std::string, LocalText> follow_up;  // nps: "promoter", "passive", "detractor"
  LocalText low_anchor, high_anchor;           // scale anchors
};

struct Definition {
  std::string key;
  std::string name;
  std::vector<Question> questions;
  LocalText thank_you;
  std::optional<LocalText> referral_ask;
  int detractor_threshold = kDefaultDetractorThreshold;

  const Question* Find(const std::string& key) const;
};

// Validates a definition document; errors name the field.
Result<Definition> ParseDefinition(const json::value& doc, const std::string& pointer = "");
json::object ToJson(const Definition& d);

// The survey every new organisation starts with (key "nps").
Definition DefaultNpsSurvey();

// "promoter" (9-10), "passive" (7-8) or "detractor" (0-6).
const char* NpsBand(int score);

// The question of a survey page's first step: the survey's first nps
// question, or null (then the page has one step).
const Question* ScoreQuestion(const Definition& d);

// The range of a scale question: nps 0-10, csat and driver 1-5, ces 1-7;
// nullopt for other types.
std::optional<std::pair<int, int>> ScaleRange(QuestionType t);

// Checks one response's answers against the survey (types and ranges,
// required questions, choice options). `answers` is the response's
// "answers" object.
Status ValidateAnswers(const Definition& d, const json::object& answers,
                       const std::string& pointer);

}  // namespace beleving::survey
