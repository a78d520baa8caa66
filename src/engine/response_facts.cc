#include "engine/response_facts.h"

namespace beleving::engine {

namespace {
constexpr std::array<std::string_view, kChannelCount> kChannelNames = {
    "unknown", "online", "phone", "email", "face_to_face", "chat", "other"};
}

std::string_view ChannelName(Channel c) {
  auto i = static_cast<size_t>(c);
  return i < kChannelNames.size() ? kChannelNames[i] : "unknown";
}

std::optional<Channel> ParseChannel(std::string_view name) {
  for (size_t i = 0; i < kChannelNames.size(); ++i) {
    if (kChannelNames[i] == name) return static_cast<Channel>(i);
  }
  return std::nullopt;
}

}  // namespace beleving::engine
