#include <algorithm>
#include <cmath>

#include "capture/moment.h"
#include "core/time_format.h"
#include "store/org_store.h"
#include "store/outcome_store.h"

namespace beleving::capture {

const std::array<const char*, kDriverCount> kDriverNames = {
    "certainty",       "flexibility", "reliability", "customisation",
    "complaint_speed", "trust",       "respect",     "attention"};
const std::vector<std::string_view> kChannels = {"online",       "phone", "email",
                                                 "face_to_face", "chat",  "other"};

namespace {

Status DecodeKeys(JsonFields& f, DimensionKeys* k) {
  for (auto [name, slot] : {std::pair{"customer", &k->customer},
                            {"touchpoint", &k->touchpoint},
                            {"location", &k->location},
                            {"team", &k->team},
                            {"employee", &k->employee}}) {
    ASSIGN_OR_RETURN(*slot, f.OptString(name, 200));
    if (*slot && !store::IsValidKey(**slot)) {
      return InvalidArgument(std::string(name) + " must be 1-200 printable characters",
                             f.Pointer(name));
    }
  }
  ASSIGN_OR_RETURN(k->channel, f.OptEnum("channel", {"online", "phone", "email", "face_to_face",
                                                     "chat", "other"}));
  if (const json::value* a = f.Get("attributes")) {
    const std::string ptr = f.Pointer("attributes");
    if (!a->is_object()) return InvalidArgument("attributes must be an object", ptr);
    for (const auto& kv : a->get_object()) {
      std::string key(kv.key());
      if (kv.value().is_null()) {
        k->attributes[key] = std::nullopt;
      } else if (kv.value().is_string()) {
        k->attributes[key] = std::string(kv.value().get_string());
      } else {
        return InvalidArgument("an attribute value is text, or null to remove it",
                               ptr + "/" + JsonPointerToken(key));
      }
    }
    RETURN_IF_ERROR(store::ValidateAttributeChanges(k->attributes, ptr));
  }
  return Status::Ok();
}

Result<std::string> ExternalId(JsonFields& f) {
  ASSIGN_OR_RETURN(auto id, f.String("external_id", 200));
  if (!store::IsValidKey(id)) {
    return InvalidArgument("external_id must be 1-200 printable characters",
                           f.Pointer("external_id"));
  }
  return id;
}

Status DecodeAnswers(const json::value* v, const std::string& ptr, Answers* a) {
  if (!v || !v->is_object()) {
    return InvalidArgument("answers must be an object with at least one answer", ptr);
  }
  const auto& obj = v->get_object();
  JsonFields f(obj, ptr);
  auto score = [&](const char* key, int lo, int hi, std::optional<int>* out) -> Status {
    ASSIGN_OR_RETURN(auto x, f.OptInt(key, lo, hi));
    if (x) *out = static_cast<int>(*x);
    return Status::Ok();
  };
  RETURN_IF_ERROR(score("nps", 0, 10, &a->nps));
  RETURN_IF_ERROR(score("csat", 1, 5, &a->csat));
  RETURN_IF_ERROR(score("ces", 1, 7, &a->ces));
  for (int i = 0; i < kDriverCount; ++i)
    RETURN_IF_ERROR(score(kDriverNames[i], 1, 5, &a->drivers[i]));
  ASSIGN_OR_RETURN(a->comment, f.OptString("comment", kMaxCommentBytes));
  // Other answers: survey questions (text, choices), checked against the
  // survey when one is named. Keys are short identifiers; values are text,
  // numbers or lists of text.
  size_t known = 0;
  for (const auto& kv : obj) {
    std::string key(kv.key());
    bool builtin = key == "nps" || key == "csat" || key == "ces" || key == "comment" ||
                   std::find_if(kDriverNames.begin(), kDriverNames.end(),
                                [&](const char* d) { return key == d; }) != kDriverNames.end();
    if (builtin) {
      if (!kv.value().is_null()) ++known;
      continue;
    }
    bool key_ok =
        !key.empty() && key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
    if (!key_ok) return InvalidArgument("answer keys are a-z, 0-9 and _", f.Pointer(key));
    const auto& val = kv.value();
    bool val_ok = (val.is_string() && val.get_string().size() <= kMaxCommentBytes) ||
                  val.is_int64() || val.is_uint64() || val.is_bool() || val.is_null();
    if (val.is_array()) {
      val_ok =
          val.get_array().size() <= 50 &&
          std::all_of(val.get_array().begin(), val.get_array().end(), [](const json::value& e) {
            return e.is_string() && e.get_string().size() <= 200;
          });
    }
    if (!val_ok) {
      return InvalidArgument("answer " + key + " must be text, a whole number or a list of text",
                             f.Pointer(key));
    }
    if (!val.is_null()) {
      a->other[key] = val;
      ++known;
    }
  }
  if (obj.size() > 100) return InvalidArgument("too many answers (at most 100)", ptr);
  if (known == 0) return InvalidArgument("answers must hold at least one answer", ptr);
  return Status::Ok();
}

Result<ResponseInput> DecodeResponse(const json::value& v, const std::string& ptr) {
  if (!v.is_object()) return InvalidArgument("a response must be an object", ptr);
  JsonFields f(v.get_object(), ptr);
  ResponseInput r;
  ASSIGN_OR_RETURN(r.external_id, ExternalId(f));
  ASSIGN_OR_RETURN(auto ts, f.String("submitted_at", 64));
  ASSIGN_OR_RETURN(r.submitted_at, ParseRfc3339(ts, f.Pointer("submitted_at")));
  RETURN_IF_ERROR(DecodeKeys(f, &r.keys));
  ASSIGN_OR_RETURN(r.survey, f.OptString("survey", 64));
  ASSIGN_OR_RETURN(r.interaction, f.OptString("interaction", 200));
  ASSIGN_OR_RETURN(r.interaction_id, f.OptInt("interaction_id", 1, INT64_MAX));
  RETURN_IF_ERROR(DecodeAnswers(f.Get("answers"), f.Pointer("answers"), &r.answers));
  RETURN_IF_ERROR(f.RejectUnknown());
  return r;
}

Result<InteractionInput> DecodeInteraction(const json::value& v, const std::string& ptr) {
  if (!v.is_object()) return InvalidArgument("an interaction must be an object", ptr);
  JsonFields f(v.get_object(), ptr);
  InteractionInput r;
  ASSIGN_OR_RETURN(r.external_id, ExternalId(f));
  ASSIGN_OR_RETURN(auto ts, f.String("occurred_at", 64));
  ASSIGN_OR_RETURN(r.occurred_at, ParseRfc3339(ts, f.Pointer("occurred_at")));
  RETURN_IF_ERROR(DecodeKeys(f, &r.keys));
  if (!r.keys.customer) return InvalidArgument("customer is required", f.Pointer("customer"));
  ASSIGN_OR_RETURN(r.outcome, f.OptString("outcome", 32));
  if (r.outcome && !store::IsValidOutcome(*r.outcome)) {
    return InvalidArgument("an outcome is 1-32 of a-z, 0-9 and _", f.Pointer("outcome"));
  }
  if (const json::value* value = f.Get("value")) {
    if (!r.outcome) return InvalidArgument("a value needs an outcome", f.Pointer("value"));
    const double amount = value->is_double()   ? value->get_double()
                          : value->is_int64()  ? static_cast<double>(value->get_int64())
                          : value->is_uint64() ? static_cast<double>(value->get_uint64())
                                               : std::nan("");
    if (!(std::fabs(amount) <= 1e12)) {
      return InvalidArgument("value is an amount (a number, at most 10^12)", f.Pointer("value"));
    }
    r.value_cents = std::llround(amount * 100);
  }
  RETURN_IF_ERROR(f.RejectUnknown());
  return r;
}

template <typename T, typename Fn>
Result<std::vector<T>> DecodeBatch(const json::value& doc, const char* collection, Fn decode_one) {
  std::vector<T> out;
  if (!doc.is_object()) return InvalidArgument("the body must be a JSON object", "");
  const auto& obj = doc.get_object();
  if (!obj.contains(collection)) {
    ASSIGN_OR_RETURN(T one, decode_one(doc, ""));
    out.push_back(std::move(one));
    return out;
  }
  if (obj.size() != 1) {
    for (const auto& kv : obj) {
      if (kv.key() != collection) {
        return InvalidArgument("unknown field " + std::string(kv.key()),
                               "/" + JsonPointerToken(kv.key()));
      }
    }
  }
  const auto& arr = obj.at(collection);
  std::string ptr = std::string("/") + collection;
  if (!arr.is_array()) return InvalidArgument(std::string(collection) + " must be a list", ptr);
  if (arr.get_array().empty()) {
    return InvalidArgument(std::string(collection) + " must not be empty", ptr);
  }
  if (arr.get_array().size() > kMaxBatch) {
    return ResourceExhausted(
        "at most " + std::to_string(kMaxBatch) + " " + collection + " per request", ptr);
  }
  out.reserve(arr.get_array().size());
  size_t i = 0;
  for (const auto& item : arr.get_array()) {
    ASSIGN_OR_RETURN(T one, decode_one(item, ptr + "/" + std::to_string(i++)));
    out.push_back(std::move(one));
  }
  return out;
}

}  // namespace

Result<std::vector<ResponseInput>> DecodeResponses(const json::value& doc) {
  return DecodeBatch<ResponseInput>(doc, "responses", DecodeResponse);
}

Result<std::vector<InteractionInput>> DecodeInteractions(const json::value& doc) {
  return DecodeBatch<InteractionInput>(doc, "interactions", DecodeInteraction);
}

}  // namespace beleving::capture
