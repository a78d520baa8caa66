// Routes a request to its handler by method and path pattern
// ("/api/v1/responses/{id}"). Unknown paths answer 404, known paths with
// another method 405 with an Allow header, both as problem+json.
#pragma once

#include <string>
#include <vector>

#include "http/message.h"
#include "http/server.h"

namespace beleving::http {

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  size_t body_limit = 1 << 20;
};

class Router {
 public:
  void Add(Route route);
  // Finds the route for `req`, filling req.path_params; nullptr when none.
  // On nullptr, *problem holds the 404 or 405 answer.
  const Route* Match(Request& req, Response* problem) const;
  Response Handle(Request& req) const;
  // Body limit for a request head (used by the server before reading).
  size_t BodyLimit(const Request& head) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  static bool PathMatches(const std::string& pattern, const std::string& path,
                          std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
};

}  // namespace beleving::http
