// CaseService::OriginOf: what a case came from (the customer's contact
// details, the response with its answers, the contact moment), read within
// the caller's scope for the case page.
#include "loop/case_service.h"
#include "store/dimension_store.h"
#include "store/survey_store.h"
#include "survey/definition.h"

namespace beleving::loop {
namespace {

std::optional<std::string> TextField(const store::DimensionItem& item, const char* field) {
  auto it = item.values.find(field);
  if (it == item.values.end() || it->second.is_null()) return std::nullopt;
  std::string v = it->second.as_text();
  return v.empty() ? std::nullopt : std::optional<std::string>(v);
}

std::string ValueText(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  return ToJsonText(v);
}

// The answers of `answers_text` in the order of the survey's questions,
// worded by the definition; answers to questions it no longer has are left
// out (their key is no text for a person).
std::vector<CaseAnswer> AnswersOf(const survey::Definition& def, const std::string& answers_text) {
  std::vector<CaseAnswer> out;
  auto doc = ParseJson(answers_text);
  if (!doc.ok() || !doc->is_object()) return out;
  const auto& answers = doc->get_object();
  for (const auto& q : def.questions) {
    const auto* v = answers.if_contains(q.key);
    if (!v || v->is_null()) continue;
    CaseAnswer a;
    a.question = q.text;
    const std::string raw = ValueText(*v);
    for (const auto& o : q.options) {
      if (o.key == raw) a.value = o.text;
    }
    if (a.value.empty()) a.value[""] = raw;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Result<CaseOrigin> CaseService::OriginOf(store::SqlConn& c, const store::TenantScope& t,
                                         const store::CaseRecord& k) {
  CaseOrigin o;
  DimRefs refs(c, t);
  if (k.customer_id) {
    if (const auto* spec = store::FindDimension("customers")) {
      ASSIGN_OR_RETURN(auto item, store::DimensionStore::Get(c, t, *spec, *k.customer_id));
      if (item) {
        o.customer_email = TextField(*item, "email");
        o.customer_phone = TextField(*item, "phone");
      }
    }
  }
  std::optional<int64_t> interaction_id = k.interaction_id;
  std::optional<int64_t> employee_id, touchpoint_id;
  if (k.response_id) {
    ASSIGN_OR_RETURN(o.response, store::MomentStore::GetResponse(c, t, *k.response_id));
  }
  if (o.response) {
    if (!interaction_id) interaction_id = o.response->interaction_id;
    employee_id = o.response->employee_id;
    touchpoint_id = o.response->touchpoint_id;
    if (o.response->survey_id) {
      ASSIGN_OR_RETURN(auto s, store::SurveyStore::ById(c, t, *o.response->survey_id));
      if (s) {
        o.survey = DimRef{s->id, s->key, s->name};
        if (auto doc = ParseJson(s->definition); doc.ok()) {
          if (auto def = survey::ParseDefinition(*doc); def.ok()) {
            o.answers = AnswersOf(*def, o.response->answers);
          }
        }
      }
    }
  }
  if (interaction_id) {
    ASSIGN_OR_RETURN(o.interaction, store::MomentStore::GetInteraction(c, t, *interaction_id));
  }
  if (o.interaction) {
    if (!employee_id) employee_id = o.interaction->employee_id;
    if (!touchpoint_id) touchpoint_id = o.interaction->touchpoint_id;
  }
  ASSIGN_OR_RETURN(o.employee, refs.Get("employees", employee_id));
  ASSIGN_OR_RETURN(o.touchpoint, refs.Get("touchpoints", touchpoint_id));
  return o;
}

}  // namespace beleving::loop
