#include "http/router.h"

#include <gtest/gtest.h>

namespace beleving::http {
namespace {

Response Echo(Request& r) {
  Response out;
  out.body = r.path_params.count("id") ? r.path_params["id"] : "list";
  return out;
}

TEST(Router, MatchesPatternsAndFillsParams) {
  Router router;
  router.Add({"GET", "/api/v1/responses", Echo, 1 << 20});
  router.Add({"GET", "/api/v1/responses/{id}", Echo, 100});
  router.Add({"POST", "/api/v1/responses", Echo, 5000});
  Request r;
  r.method = "GET";
  r.path = "/api/v1/responses/42";
  EXPECT_EQ(router.Handle(r).body, "42");
  r.path = "/api/v1/responses";
  EXPECT_EQ(router.Handle(r).body, "list");
  r.method = "POST";
  EXPECT_EQ(router.BodyLimit(r), 5000u);
}

TEST(Router, UnknownPathIs404AndWrongMethod405) {
  Router router;
  router.Add({"GET", "/a/{id}", Echo, 1});
  Request r;
  r.method = "GET";
  r.path = "/a/";
  EXPECT_EQ(router.Handle(r).status, 404);
  r.path = "/a/1/extra";
  EXPECT_EQ(router.Handle(r).status, 404);
  r.method = "DELETE";
  r.path = "/a/1";
  Response res = router.Handle(r);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.content_type, "application/problem+json");
}

TEST(Messages, QueryStringsAndCookies) {
  std::multimap<std::string, std::string> q;
  ParseQueryString("a=1&b=x%20y&c=p+q&empty=&d", &q);
  EXPECT_EQ(q.find("b")->second, "x y");
  EXPECT_EQ(q.find("c")->second, "p q");
  EXPECT_EQ(q.find("empty")->second, "");
  EXPECT_EQ(q.count("d"), 1u);
  EXPECT_EQ(UrlDecode("%zz%4", false), "%zz%4");
  Request r;
  r.headers["cookie"] = "a=1; beleving_session=tok; lang=en";
  EXPECT_EQ(r.Cookie("beleving_session").value(), "tok");
  EXPECT_EQ(r.Cookie("lang").value(), "en");
  EXPECT_FALSE(r.Cookie("x").has_value());
}

TEST(Messages, ProblemBodiesNameTheField) {
  Response p = ProblemFromStatus(InvalidArgument("nps must be 0..10", "/answers/nps"));
  EXPECT_EQ(p.status, 400);
  EXPECT_NE(p.body.find("\"field\":\"/answers/nps\""), std::string::npos);
  // Internal details are not shown.
  Response i = ProblemFromStatus(Internal("disk /secret/path failed"));
  EXPECT_EQ(i.status, 500);
  EXPECT_EQ(i.body.find("/secret/path"), std::string::npos);
}

}  // namespace
}  // namespace beleving::http
