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
