// The survey definition's request schema states what ParseDefinition
// enforces: what the schema accepts, the parser accepts (for every question
// type), and a mistake is named at its field by the schema already.
#include "api/survey_schemas.h"

#include <gtest/gtest.h>

#include "survey/starter.h"

namespace beleving::api {
namespace {

json::value Parsed(const char* text) { return *ParseJson(text); }

TEST(SurveySchemaTest, EveryDefinitionTheServerMakesIsValid) {
  const Schema s = SurveyDefinitionSchema("SurveyCreate");
  EXPECT_TRUE(s.Validate(survey::ToJson(survey::DefaultNpsSurvey()), "").ok());
  for (const char* kind : survey::kStarterKinds) {
    auto d = survey::StarterSurvey(kind, "k", "Naam");
    ASSERT_TRUE(d.ok());
    EXPECT_TRUE(s.Validate(survey::ToJson(*d), "").ok()) << kind;
  }
  // The document's own example is accepted by both.
  const json::value sample = s.SampleValue();
  EXPECT_TRUE(s.Validate(sample, "").ok());
  EXPECT_TRUE(survey::ParseDefinition(sample).ok());
}

TEST(SurveySchemaTest, WhatTheSchemaAcceptsTheParserAccepts) {
  const Schema s = SurveyDefinitionSchema("SurveyCreate");
  const json::value every_type = Parsed(R"({
    "key": "alles", "name": "Alles", "detractor_threshold": 5,
    "thank_you": {"nl": "", "en": "Thanks"},
    "referral_ask": {"nl": "Vertel het door"},
    "questions": [
      {"type": "nps", "key": "nps", "text": {"nl": "Aanbevelen?"}, "required": true,
       "follow_up": {"detractor": {"nl": "Wat ging mis?"}}},
      {"type": "csat", "key": "csat", "text": {"nl": "Tevreden?"}},
      {"type": "ces", "key": "ces", "text": {"nl": "Makkelijk?", "en": "Easy?"},
       "low_anchor": {"nl": "Moeilijk"}, "high_anchor": {"nl": "Makkelijk"}},
      {"type": "driver", "key": "complaint_speed", "text": {"nl": "Snel opgelost?"}},
      {"type": "text", "key": "comment", "text": {"nl": "Nog iets?"}},
      {"type": "single_choice", "key": "reden", "text": {"nl": "Waarom?"},
       "options": [{"key": "prijs", "text": {"nl": "Prijs"}}, {"key": "service", "text": {"nl": "Service"}}]},
      {"type": "multiple_choice", "key": "kanalen", "text": {"nl": "Via?"},
       "options": [{"key": "web", "text": {"nl": "Web"}}, {"key": "balie", "text": {"nl": "Balie"}}]}
    ]})");
  const Status st = s.Validate(every_type, "");
  EXPECT_TRUE(st.ok()) << st.ToString();
  const auto parsed = survey::ParseDefinition(every_type);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
}

TEST(SurveySchemaTest, TheSchemaNamesTheField) {
  const Schema s = SurveyDefinitionSchema("SurveyCreate");
  auto field = [&](const char* questions) {
    const std::string doc =
        std::string(R"({"key": "k", "name": "N", "questions": )") + questions + "}";
    const Status st = s.Validate(Parsed(doc.c_str()), "");
    EXPECT_FALSE(st.ok()) << questions;
    return st.field();
  };
  // A wrong key for the type, a missing Dutch text, options where they do
  // not belong, too few options: each named where it is, not as a type error.
  EXPECT_EQ(field(R"([{"type": "nps", "key": "x", "text": {"nl": "?"}}])"), "/questions/0/key");
  EXPECT_EQ(field(R"([{"type": "driver", "key": "speed", "text": {"nl": "?"}}])"),
            "/questions/0/key");
  EXPECT_EQ(field(R"([{"type": "text", "key": "c", "text": {"en": "?"}}])"),
            "/questions/0/text/nl");
  EXPECT_EQ(field(R"([{"type": "text", "key": "c", "text": {"nl": "?"}, "options": []}])"),
            "/questions/0/options");
  EXPECT_EQ(field(R"([{"type": "single_choice", "key": "c", "text": {"nl": "?"},
                       "options": [{"key": "a", "text": {"nl": "A"}}]}])"),
            "/questions/0/options");
  EXPECT_EQ(field(R"([{"type": "csat", "key": "csat", "text": {"nl": "?"},
                       "follow_up": {}}])"),
            "/questions/0/follow_up");
  EXPECT_EQ(field("[]"), "/questions");
  // An unknown type: no alternative is named; the field is still the question's.
  EXPECT_TRUE(
      field(R"([{"type": "stars", "key": "c", "text": {"nl": "?"}}])").starts_with("/questions/0"));
}

TEST(SurveySchemaTest, ABlankNameIsRefusedByTheParserAtTheName) {
  const json::value blank =
      Parsed(R"({"key": "k", "name": "   ", "questions": [{"type": "text", "key": "c",
                 "text": {"nl": "?"}}]})");
  EXPECT_EQ(survey::ParseDefinition(blank).status().field(), "/name");
  const json::value empty =
      Parsed(R"({"key": "k", "name": "", "questions": [{"type": "text", "key": "c",
                 "text": {"nl": "?"}}]})");
  EXPECT_EQ(SurveyDefinitionSchema("X").Validate(empty, "").field(), "/name");
}

TEST(SurveySchemaTest, AReplacementMayLeaveTheKeyOut) {
  const json::value keyless = Parsed(R"({"name": "Balie", "questions": [{"type": "text", "key": "c",
                 "text": {"nl": "?"}}]})");
  EXPECT_TRUE(SurveyDefinitionSchema("R", KeyInBody::kOptional).Validate(keyless, "").ok());
  EXPECT_EQ(SurveyDefinitionSchema("C").Validate(keyless, "").field(), "/key");
}

TEST(SurveySchemaTest, TheParserRefusesWhatTheSchemaCannotSay) {
  // Duplicate keys pass the schema (JSON Schema cannot say "unique by key")
  // and are refused by the parser with the field named.
  const json::value twice = Parsed(R"({"key": "k", "name": "N", "questions": [
      {"type": "text", "key": "c", "text": {"nl": "?"}},
      {"type": "text", "key": "c", "text": {"nl": "?"}}]})");
  EXPECT_TRUE(SurveyDefinitionSchema("X").Validate(twice, "").ok());
  EXPECT_EQ(survey::ParseDefinition(twice).status().field(), "/questions/1/key");
}

}  // namespace
}  // namespace beleving::api
