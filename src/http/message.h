// Plain request and response values. Beast types never leave http/: handlers
// and filters see only these.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace beleving::http {

struct Request {
  std::string method;                              // "GET", "POST", ...
  std::string target;                              // raw target, e.g. "/api/v1/responses?limit=10"
  std::string path;                                // decoded path without the query
  std::multimap<std::string, std::string> query;   // decoded query parameters
  std::map<std::string, std::string> headers;      // lower-case names
  std::map<std::string, std::string> path_params;  // filled by the router
  std::string body;
  std::string remote_ip;
  bool secure = false;  // arrived over TLS or behind a proxy that says so

  std::optional<std::string> Header(const std::string& lower_name) const;
  std::optional<std::string> Query(const std::string& name) const;
  // The value of one cookie, if sent.
  std::optional<std::string> Cookie(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  Response& Set(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// RFC 9457 problem details: {"type","title","status","detail","field"?}.
Response Problem(int status, std::string_view title, std::string_view detail,
                 std::string_view field = {});
// Maps a failed Status to its HTTP status code and problem body.
Response ProblemFromStatus(const Status& status);
int HttpStatusFor(StatusCode code);

Response Json(int status, std::string body);
Response Html(int status, std::string body);
// A redirect (303 See Other after a form, 302 ...) to `location`.
Response Redirect(int status, std::string location);

// One field of an application/x-www-form-urlencoded body (nullopt when the
// body has another content type or lacks the field).
std::optional<std::string> FormField(const Request& req, const std::string& name);

// Percent-decoding for paths and query strings ('+' is a space in queries).
std::string UrlDecode(std::string_view s, bool plus_is_space);
std::string UrlEncode(std::string_view s);
// Parses "a=1&b=2" into `out`.
void ParseQueryString(std::string_view qs, std::multimap<std::string, std::string>* out);

}  // namespace beleving::http
