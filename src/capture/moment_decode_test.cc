#include <gtest/gtest.h>

#include "capture/moment.h"

namespace beleving::capture {
namespace {

Status DecodeError(const std::string& text) {
  auto doc = ParseJson(text);
  if (!doc.ok()) return doc.status();
  auto r = DecodeResponses(*doc);
  return r.ok() ? Status::Ok() : r.status();
}

TEST(DecodeResponses, TheContractShape) {
  auto doc =
      ParseJson(R"({"responses": [{"external_id": "r1", "submitted_at": "2025-03-01T10:00:00Z",
    "customer": "c1", "touchpoint": "balie", "channel": "face_to_face", "location": "amersfoort",
    "team": "verhuur", "employee": "e17", "answers": {"nps": 9, "ces": 6, "certainty": 4,
    "flexibility": 5, "reliability": 4, "customisation": 3, "complaint_speed": 5,
    "comment": "Top service"}}]})");
  ASSERT_TRUE(doc.ok());
  auto r = DecodeResponses(*doc);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  const auto& x = r->front();
  EXPECT_EQ(x.submitted_at, 1740823200);
  EXPECT_EQ(*x.keys.employee, "e17");
  EXPECT_EQ(*x.answers.nps, 9);
  EXPECT_EQ(*x.answers.drivers[4], 5);  // complaint_speed
  EXPECT_EQ(*x.answers.comment, "Top service");
}

TEST(DecodeResponses, CustomerAttributes) {
  auto doc = ParseJson(R"({"external_id": "r1", "submitted_at": "2025-03-01T10:00:00Z",
    "customer": "c1", "attributes": {"segment": "zakelijk", "tier": null},
    "answers": {"nps": 9}})");
  ASSERT_TRUE(doc.ok());
  auto r = DecodeResponses(*doc);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->front().keys.attributes,
            (store::AttributeChanges{{"segment", "zakelijk"}, {"tier", std::nullopt}}));
  const std::string head = R"({"external_id":"a","submitted_at":"2025-03-01T10:00:00Z",)";
  const std::string tail = R"(,"answers":{"nps":1}})";
  EXPECT_EQ(DecodeError(head + R"("attributes":{"segment":3})" + tail).field(),
            "/attributes/segment");
  EXPECT_EQ(DecodeError(head + R"("attributes":{"Segment":"x"})" + tail).field(),
            "/attributes/Segment");
  EXPECT_EQ(DecodeError(head + R"("attributes":{"a/b":"x"})" + tail).field(), "/attributes/a~1b");
  EXPECT_EQ(DecodeError(head + R"("attributes":{"segment":""})" + tail).field(),
            "/attributes/segment");
  EXPECT_EQ(DecodeError(head + R"("attributes":["segment"])" + tail).field(), "/attributes");
  EXPECT_EQ(
      DecodeError(R"({"responses":[)" + head + R"("attributes":{"s":"x"})" + tail + "]}").code(),
      StatusCode::kOk);
}

TEST(DecodeInteractions, OutcomeAndValue) {
  const std::string head =
      R"({"external_id":"i1","occurred_at":"2025-03-01T10:00:00Z","customer":"c1")";
  auto decode = [](const std::string& text) -> Result<std::vector<InteractionInput>> {
    auto doc = ParseJson(text);
    if (!doc.ok()) return doc.status();
    return DecodeInteractions(*doc);
  };
  auto r = decode(head + R"(,"outcome":"bought","value":125.50})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->front().outcome, "bought");
  EXPECT_EQ(r->front().value_cents, 12550);
  r = decode(head + R"(,"outcome":"upgraded","value":-20})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->front().value_cents, -2000);
  r = decode(head + "}");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->front().outcome, std::nullopt);
  EXPECT_EQ(decode(head + R"(,"outcome":"Gekocht!"})").status().field(), "/outcome");
  EXPECT_EQ(decode(head + R"(,"value":3})").status().field(), "/value");
  EXPECT_EQ(decode(head + R"(,"outcome":"bought","value":"3"})").status().field(), "/value");
  EXPECT_EQ(decode(head + R"(,"outcome":"bought","value":1e13})").status().field(), "/value");
}

TEST(DecodeResponses, ErrorsNameTheField) {
  EXPECT_EQ(
      DecodeError(R"({"responses":[{"submitted_at":"2025-03-01T10:00:00Z","answers":{"nps":1}}]})")
          .field(),
      "/responses/0/external_id");
  EXPECT_EQ(
      DecodeError(
          R"({"responses":[{"external_id":"a","submitted_at":"2025-03-01T10:00:00Z","answers":{"ces":8}}]})")
          .field(),
      "/responses/0/answers/ces");
  EXPECT_EQ(
      DecodeError(
          R"({"responses":[{"external_id":"a","submitted_at":"2025-03-01T10:00:00Z","answers":{"nps":true}}]})")
          .field(),
      "/responses/0/answers/nps");
  EXPECT_EQ(
      DecodeError(
          R"({"responses":[{"external_id":"a","submitted_at":"2025-03-01T10:00:00Z","answers":{"Bad Key":"x"}}]})")
          .field(),
      "/responses/0/answers/Bad Key");
  EXPECT_EQ(
      DecodeError(
          R"({"responses":[{"external_id":"a","submitted_at":"2025-03-01T10:00:00Z","answers":{"nps":1},"x":1}]})")
          .field(),
      "/responses/0/x");
  EXPECT_EQ(DecodeError(R"({"responses":[]})").field(), "/responses");
  EXPECT_EQ(DecodeError(R"([1,2])").code(), StatusCode::kInvalidArgument);
}

TEST(DecodeResponses, OneObjectWithoutTheWrapperIsABatchOfOne) {
  auto doc = ParseJson(
      R"({"external_id":"solo","submitted_at":"2025-03-01T10:00:00Z","answers":{"csat":4}})");
  auto r = DecodeResponses(*doc);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 1u);
  EXPECT_EQ(*r->front().answers.csat, 4);
}

TEST(DecodeResponses, BatchLimit) {
  std::string big = R"({"responses":[)";
  for (size_t i = 0; i <= kMaxBatch; ++i) {
    big += (i ? "," : "") + std::string(R"({"external_id":"x)") + std::to_string(i) +
           R"(","submitted_at":"2025-03-01T10:00:00Z","answers":{"nps":1}})";
  }
  big += "]}";
  EXPECT_EQ(DecodeError(big).code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace beleving::capture
