#include "outbound/webhook_body.h"

#include <algorithm>

#include "core/time_format.h"

namespace beleving::outbound {

const std::vector<std::string>& WebhookFormats() {
  static const std::vector<std::string> k = {"json", "slack", "teams", "adaptive_card"};
  return k;
}

bool IsWebhookFormat(std::string_view format) {
  const auto& all = WebhookFormats();
  return std::find(all.begin(), all.end(), format) != all.end();
}

namespace {

json::value AdaptiveCard(const WebhookAlert& a) {
  json::array body{
      json::object{{"type", "TextBlock"},
                   {"text", "Beleving: " + a.event},
                   {"weight", "Bolder"},
                   {"size", "Medium"},
                   {"wrap", true}},
      json::object{{"type", "TextBlock"}, {"text", a.text}, {"wrap", true}},
  };
  json::array facts;
  for (const auto& [k, v] : a.data) {
    std::string value = v.is_string() ? std::string(v.get_string()) : ToJsonText(v);
    facts.push_back(json::object{{"title", std::string(k)}, {"value", value}});
  }
  if (!facts.empty()) body.push_back(json::object{{"type", "FactSet"}, {"facts", facts}});
  json::object card{{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                    {"type", "AdaptiveCard"},
                    {"version", "1.4"},
                    {"body", body}};
  return json::object{
      {"type", "message"},
      {"attachments",
       json::array{json::object{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                {"contentUrl", nullptr},
                                {"content", card}}}}};
}

}  // namespace

json::value WebhookBody(std::string_view format, const WebhookAlert& a) {
  if (format == "slack") return json::object{{"text", a.text}};
  if (format == "teams") {
    return json::object{{"@type", "MessageCard"},
                        {"@context", "https://schema.org/extensions"},
                        {"summary", a.text},
                        {"title", "Beleving: " + a.event},
                        {"text", a.text}};
  }
  if (format == "adaptive_card") return AdaptiveCard(a);
  return json::object{{"event", a.event},          {"org_id", a.org_id}, {"rule_id", a.rule_id},
                      {"at", FormatRfc3339(a.at)}, {"text", a.text},     {"data", a.data}};
}

}  // namespace beleving::outbound
