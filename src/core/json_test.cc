#include "core/json.h"

#include <gtest/gtest.h>

namespace beleving {
namespace {

TEST(JsonText, DoublesArePlainDecimals) {
  json::object o{{"nps", 29.25531914893617},
                 {"share", 0.1496},
                 {"n", 7},
                 {"tiny", 1e-9},
                 {"s", "a\"b"},
                 {"list", json::array{1.5, nullptr, true}}};
  EXPECT_EQ(ToJsonText(o),
            "{\"nps\":29.25531914893617,\"share\":0.1496,\"n\":7,\"tiny\":1e-09,\"s\":\"a\\\"b\","
            "\"list\":[1.5,null,true]}");
  // Round trip.
  auto back = ParseJson(ToJsonText(o));
  ASSERT_TRUE(back.ok());
  EXPECT_DOUBLE_EQ(back->at("nps").as_double(), 29.25531914893617);
}

TEST(JsonParse, ErrorsSayWhere) {
  auto r = ParseJson("{\n  \"a\": [1,\n  }");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 3"), std::string::npos) << r.status().message();
}

TEST(JsonFields, RejectsUnknownAndNamesPointer) {
  auto doc = ParseJson(R"({"key":"a","colour":"b"})");
  JsonFields f(doc->as_object(), "/x");
  ASSERT_TRUE(f.String("key").ok());
  Status st = f.RejectUnknown();
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.field(), "/x/colour");
}

}  // namespace
}  // namespace beleving

namespace beleving {
namespace {

// Found by the moment_decode and definition fuzzers: a huge number where an
// integer is expected was cast to int64 (undefined behaviour).
TEST(JsonFields, HugeNumbersAreOutOfRangeNotUndefined) {
  auto doc = ParseJson(R"({"nps": 9.33333e49, "ces": -5.5e19, "csat": 4.0})");
  JsonFields f(doc->as_object(), "");
  EXPECT_FALSE(f.OptInt("nps", 0, 10).ok());
  EXPECT_FALSE(f.OptInt("ces", 1, 7).ok());
  auto csat = f.OptInt("csat", 1, 5);
  ASSERT_TRUE(csat.ok());
  EXPECT_EQ(**csat, 4);
}

}  // namespace
}  // namespace beleving
