// What a webhook receives: the body of one alert in the format its
// receiver understands. "json" is Beleving's own event (for scripts and
// integrations); the others are chat messages people read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace beleving::outbound {

// The formats, in the order forms offer them.
const std::vector<std::string>& WebhookFormats();
bool IsWebhookFormat(std::string_view format);

struct WebhookAlert {
  std::string event;  // "case.opened", ...: machine-readable
  int64_t org_id = 0, rule_id = 0;
  UnixSeconds at = 0;
  std::string text;   // one line for people, in the organisation's language
  json::object data;  // the event's facts (ids, scores)
};

// The body POSTed to a webhook of `format`: "json" (the event with its
// data), "slack" ({"text"}), "teams" (a MessageCard) or "adaptive_card" (a
// Teams workflows message with one Adaptive Card 1.4: a title, the text and
// the data as a FactSet). An unknown format gets "json".
json::value WebhookBody(std::string_view format, const WebhookAlert& alert);

}  // namespace beleving::outbound
