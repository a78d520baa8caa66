#include "http/router.h"

namespace beleving::http {

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

bool Router::PathMatches(const std::string& pattern, const std::string& path,
                         std::map<std::string, std::string>* params) {
  size_t i = 0, j = 0;
  std::map<std::string, std::string> found;
  while (i < pattern.size() && j <= path.size()) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      std::string name = pattern.substr(i + 1, close - i - 1);
      size_t end = path.find('/', j);
      if (end == std::string::npos) end = path.size();
      if (end == j) return false;  // empty segment
      found[name] = path.substr(j, end - j);
      i = close + 1;
      j = end;
    } else {
      if (j >= path.size() || pattern[i] != path[j]) return false;
      ++i;
      ++j;
    }
  }
  if (i != pattern.size() || j != path.size()) return false;
  if (params) *params = std::move(found);
  return true;
}

const Route* Router::Match(Request& req, Response* problem) const {
  std::string allow;
  std::string method = req.method == "HEAD" ? "GET" : req.method;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!PathMatches(r.pattern, req.path, &params)) continue;
    if (r.method == method) {
      req.path_params = std::move(params);
      return &r;
    }
    if (!allow.empty()) allow += ", ";
    allow += r.method;
  }
  if (!allow.empty()) {
    *problem = Problem(405, "", req.method + " is not allowed on " + req.path);
    problem->Set("Allow", allow);
  } else {
    *problem = Problem(404, "", "no such resource: " + req.path);
  }
  return nullptr;
}

Response Router::Handle(Request& req) const {
  Response problem;
  const Route* r = Match(req, &problem);
  if (!r) return problem;
  return r->handler(req);
}

size_t Router::BodyLimit(const Request& head) const {
  Request copy;
  copy.method = head.method;
  copy.path = head.path;
  Response ignored;
  const Route* r = Match(copy, &ignored);
  return r ? r->body_limit : 64 * 1024;
}

}  // namespace beleving::http
