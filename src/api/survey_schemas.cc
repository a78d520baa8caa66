#include "api/survey_schemas.h"

#include <vector>

#include "core/time_format.h"

namespace beleving::api {
namespace {

using survey::kMaxTextBytes;

Schema Key() { return Schema::String(1, survey::kMaxKeyBytes).Pattern(survey::kKeyPattern); }

// Texts per language; Dutch required (and not empty) when `required`.
Schema Text(bool required) {
  std::vector<Property> langs;
  for (const char* lang : survey::kTextLanguages) {
    const bool dutch = std::string_view(lang) == "nl";
    langs.emplace_back(lang, Schema::String(required && dutch ? 1 : 0, kMaxTextBytes),
                       required && dutch);
  }
  return Schema::Object(std::move(langs))
      .Describe(required ? "texts per language; Dutch (nl) is required"
                         : "texts per language (nl, en)");
}

std::vector<std::string> Names(const auto& list) {
  std::vector<std::string> out;
  for (const char* s : list) out.emplace_back(s);
  return out;
}

// One alternative of a question: "type" first (it tells the alternatives
// apart), then the key it must have, the shared fields and `extra`.
Schema Question(std::vector<std::string> types, Schema key, std::vector<Property> extra) {
  std::vector<Property> p = {{"type", Schema::Enum(std::move(types)), kRequired},
                             {"key", std::move(key), kRequired},
                             {"text", Text(true), kRequired},
                             {"required", Schema::Boolean()},
                             {"low_anchor", Text(false)},
                             {"high_anchor", Text(false)}};
  for (auto& e : extra) p.push_back(std::move(e));
  return Schema::Object(std::move(p));
}

Schema FollowUp() {
  std::vector<Property> bands;
  for (const char* band : survey::kNpsBands) bands.emplace_back(band, Text(true));
  return Schema::Object(std::move(bands))
      .Describe("the follow-up question per score band (nps only)");
}

Schema Options() {
  return Schema::Array(Schema::Object({{"key", Key(), kRequired}, {"text", Text(true), kRequired}}),
                       survey::kMaxOptions, survey::kMinOptions)
      .Describe("the choices; keys unique within the question");
}

}  // namespace

Schema SurveyDefinitionSchema(std::string name, KeyInBody key) {
  Schema question = Schema::OneOf({
      Question({"nps"}, Schema::Enum({"nps"}), {{"follow_up", FollowUp()}}),
      Question({"csat"}, Schema::Enum({"csat"}), {}),
      Question({"ces"}, Schema::Enum({"ces"}), {}),
      Question({"driver"}, Schema::Enum(Names(survey::kDriverKeys)), {}),
      Question({"text"}, Key(), {}),
      Question({"single_choice", "multiple_choice"}, Key(), {{"options", Options(), kRequired}}),
  });
  json::object example = survey::ToJson(survey::DefaultNpsSurvey());
  const bool replace = key == KeyInBody::kOptional;
  if (replace) {
    example.erase("key");
  } else {
    example["key"] = "balie";
  }
  example["name"] = "Balie";
  return Schema::Object(
             {{"key",
               Key().Describe(replace ? "the survey's key, which cannot change (left out: kept)"
                                      : "unique within the organisation; cannot change later"),
               !replace},
              {"name",
               Schema::String(1, survey::kMaxNameBytes)
                   .Describe("not blank: a name of only spaces is refused (400 at /name)"),
               kRequired},
              {"questions",
               Schema::Array(std::move(question), survey::kMaxQuestions, 1)
                   .Describe("question keys are unique within the survey"),
               kRequired},
              {"thank_you", Text(false)},
              {"referral_ask", Text(true).Describe("asked of promoters on the thank-you page")},
              {"detractor_threshold",
               Schema::Integer(0, 10).Describe("scores up to this one count as a detractor's "
                                               "(default 6)")}})
      .Describe("A survey definition (docs/ask.md)")
      .Example(std::move(example))
      .Named(std::move(name));
}

json::object SurveyJson(const survey::SurveyView& s) {
  return {{"id", s.id},
          {"key", s.key},
          {"name", s.name},
          {"definition", survey::ToJson(s.definition)},
          {"created_at", FormatRfc3339(s.created_at)},
          {"updated_at", FormatRfc3339(s.updated_at)}};
}

}  // namespace beleving::api
