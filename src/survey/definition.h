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

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/status.h"

namespace beleving::survey {

enum class QuestionType { kNps, kCsat, kCes, kDriver, kText, kSingleChoice, kMultipleChoice };
const char* QuestionTypeName(QuestionType t);

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
  int detractor_threshold = 6;

  const Question* Find(const std::string& key) const;
};

// Validates a definition document; errors name the field.
Result<Definition> ParseDefinition(const json::value& doc, const std::string& pointer = "");
json::object ToJson(const Definition& d);

// The survey every new organisation starts with (key "nps").
Definition DefaultNpsSurvey();

// Checks one response's answers against the survey (types and ranges,
// required questions, choice options). `answers` is the response's
// "answers" object.
Status ValidateAnswers(const Definition& d, const json::object& answers,
                       const std::string& pointer);

}  // namespace beleving::survey
