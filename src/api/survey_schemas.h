// The request schema of a survey definition, built from the limits
// survey/definition.h declares and ParseDefinition enforces, so a definition
// the document allows is one the server accepts: each question type is its
// own alternative (oneOf, told apart by "type"), with the key it must have
// (nps, csat and ces questions are keyed by their type, driver questions by
// a driver), follow-ups only on nps and options only on choice questions.
// Not expressible in the schema, and refused with 400 naming the field: two
// questions (or two options of one question) with the same key.
#pragma once

#include <string>

#include "api/schema.h"
#include "core/json.h"
#include "survey/survey_service.h"

namespace beleving::api {

// Whether the body must name the survey's key: a new survey needs one; a
// replacement may leave it out (the survey keeps its key) and may only
// repeat it (any other key: 400 at /key).
enum class KeyInBody { kNeeded, kOptional };

// The definition as a request body, published as components/schemas/`name`.
Schema SurveyDefinitionSchema(std::string name, KeyInBody key = KeyInBody::kNeeded);

// A survey as the API answers it (components/schemas/Survey).
json::object SurveyJson(const survey::SurveyView& s);

}  // namespace beleving::api
