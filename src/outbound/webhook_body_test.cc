#include "outbound/webhook_body.h"

#include <gtest/gtest.h>

namespace beleving::outbound {
namespace {

TEST(WebhookBodyTest, AdaptiveCardForTeamsWorkflows) {
  WebhookAlert a{"case.opened",
                 3,
                 7,
                 1741597200,
                 "Case 12 geopend: Te laat",
                 json::object{{"case_id", 12}, {"case_type", "detractor"}}};
  json::value v = WebhookBody("adaptive_card", a);
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("type").as_string(), "message");
  const auto& atts = o.at("attachments").as_array();
  ASSERT_EQ(atts.size(), 1u);
  const auto& att = atts[0].as_object();
  EXPECT_EQ(att.at("contentType").as_string(), "application/vnd.microsoft.card.adaptive");
  const auto& card = att.at("content").as_object();
  EXPECT_EQ(card.at("type").as_string(), "AdaptiveCard");
  EXPECT_EQ(card.at("version").as_string(), "1.4");
  const auto& body = card.at("body").as_array();
  ASSERT_EQ(body.size(), 3u);
  EXPECT_EQ(body[0].as_object().at("text").as_string(), "Beleving: case.opened");
  EXPECT_EQ(body[1].as_object().at("text").as_string(), "Case 12 geopend: Te laat");
  const auto& facts = body[2].as_object().at("facts").as_array();
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_EQ(facts[0].as_object().at("title").as_string(), "case_id");
  // Adaptive Card fact values are strings.
  EXPECT_EQ(facts[0].as_object().at("value").as_string(), "12");
  EXPECT_EQ(facts[1].as_object().at("value").as_string(), "detractor");
  // No data: no (invalid) empty FactSet.
  a.data = {};
  json::value bare_body = WebhookBody("adaptive_card", a);
  const auto& bare = bare_body.as_object().at("attachments").as_array();
  EXPECT_EQ(bare[0].as_object().at("content").as_object().at("body").as_array().size(), 2u);
}

TEST(WebhookBodyTest, TheOtherFormats) {
  WebhookAlert a{"keyword", 3, 7, 0, "x", json::object{{"case_id", 12}}};
  EXPECT_EQ(WebhookBody("slack", a).as_object().at("text").as_string(), "x");
  EXPECT_EQ(WebhookBody("teams", a).as_object().at("@type").as_string(), "MessageCard");
  auto plain = WebhookBody("json", a).as_object();
  EXPECT_EQ(plain.at("event").as_string(), "keyword");
  EXPECT_EQ(plain.at("data").as_object().at("case_id").as_int64(), 12);
  EXPECT_EQ(plain.at("at").as_string(), "1970-01-01T00:00:00Z");
  EXPECT_TRUE(IsWebhookFormat("adaptive_card"));
  EXPECT_FALSE(IsWebhookFormat("xml"));
  EXPECT_EQ(WebhookFormats().size(), 4u);
}

}  // namespace
}  // namespace beleving::outbound
