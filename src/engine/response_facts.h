// ResponseFacts: one survey response as the insight engine sees it.
//
// The store resolves everything to integer store ids before a response
// reaches the engine; the engine never sees names or free text. Answers that
// were not given are -1.
//
// Survey and customer attributes are dimensions like the others:
//  - survey: the store id of the survey answered, with the question-set
//    version of that survey (1, 2, ... per survey; a new version begins when
//    the questions asked change: store/survey_store.h);
//  - attributes: the customer's attributes as they were when the response
//    was stored (a snapshot), as per-organisation dictionary codes in slots
//    0..kMaxAttributes-1. Which key a slot holds and which value a code
//    stands for is the store's dictionary (store/attribute_store.h); the
//    engine sees only the integers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace beleving::engine {

enum class Channel : uint8_t { kUnknown = 0, kOnline, kPhone, kEmail, kFaceToFace, kChat, kOther };
inline constexpr int kChannelCount = 7;

// "online", "phone", "email", "face_to_face", "chat", "other", "unknown".
std::string_view ChannelName(Channel c);
std::optional<Channel> ParseChannel(std::string_view name);

// Driver ratings (1..5) in this fixed order.
inline constexpr int kMaxDrivers = 8;
inline constexpr std::array<std::string_view, kMaxDrivers> kDriverNames = {
    "certainty",       "flexibility", "reliability", "customisation",
    "complaint_speed", "trust",       "respect",     "attention"};

// Customer attribute slots per organisation, and the largest dictionary code
// (0 = no value).
inline constexpr int kMaxAttributes = 8;
inline constexpr uint32_t kMaxAttributeCode = 65535;

struct ResponseFacts {
  uint32_t response_id;  // the store's id; increases with ingest order
  uint32_t org;          // store id of the organisation (tenant), never 0
  int64_t submitted_at;  // unix seconds UTC
  uint32_t location = 0, team = 0, employee = 0, customer = 0, touchpoint = 0;  // 0 = unknown
  Channel channel = Channel::kUnknown;
  int8_t nps = -1;   // 0..10, -1 = not answered
  int8_t csat = -1;  // 1..5
  int8_t ces = -1;   // 1..7
  std::array<int8_t, kMaxDrivers> drivers{-1, -1, -1, -1, -1, -1, -1, -1};  // 1..5
  uint32_t survey = 0;          // store id of the survey answered, 0 = none
  uint16_t survey_version = 0;  // question-set version of that survey, 0 = unknown
  std::array<uint16_t, kMaxAttributes> attributes{};  // dictionary codes, 0 = no value
};

}  // namespace beleving::engine
