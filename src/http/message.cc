#include "http/message.h"

#include <boost/json.hpp>

namespace beleving::http {

std::optional<std::string> Request::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::Cookie(const std::string& name) const {
  auto h = Header("cookie");
  if (!h) return std::nullopt;
  std::string_view s = *h;
  while (!s.empty()) {
    size_t semi = s.find(';');
    std::string_view part = s.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    s.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kResourceExhausted:
      return 413;
    case StatusCode::kFailedPrecondition:
      return 412;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {
const char* TitleFor(int status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 401:
      return "Unauthenticated";
    case 403:
      return "Forbidden";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 408:
      return "Request timeout";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition failed";
    case 413:
      return "Payload too large";
    case 415:
      return "Unsupported media type";
    case 422:
      return "Unprocessable content";
    case 429:
      return "Too many requests";
    case 431:
      return "Request header fields too large";
    case 503:
      return "Service unavailable";
    default:
      return status >= 500 ? "Internal error" : "Error";
  }
}
}  // namespace

Response Problem(int status, std::string_view title, std::string_view detail,
                 std::string_view field) {
  boost::json::object o;
  o["type"] = "about:blank";
  o["title"] = title.empty() ? TitleFor(status) : title;
  o["status"] = status;
  o["detail"] = detail;
  if (!field.empty()) o["field"] = field;
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = boost::json::serialize(o);
  return r;
}

Response ProblemFromStatus(const Status& status) {
  int code = HttpStatusFor(status.code());
  // Internal details are logged, not shown.
  std::string detail = code >= 500 && status.code() != StatusCode::kUnavailable ? "internal error"
                                                                                : status.message();
  return Problem(code, TitleFor(code), detail, status.field());
}

Response Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Html(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Redirect(int status, std::string location) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = location;
  r.Set("Location", std::move(location));
  return r;
}

std::optional<std::string> FormField(const Request& req, const std::string& name) {
  auto ct = req.Header("content-type");
  if (ct && ct->rfind("application/x-www-form-urlencoded", 0) != 0) return std::nullopt;
  std::multimap<std::string, std::string> fields;
  ParseQueryString(req.body, &fields);
  auto it = fields.find(name);
  if (it == fields.end()) return std::nullopt;
  return it->second;
}

std::string UrlDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

void ParseQueryString(std::string_view qs, std::multimap<std::string, std::string>* out) {
  while (!qs.empty()) {
    size_t amp = qs.find('&');
    std::string_view part = qs.substr(0, amp);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string k = UrlDecode(part.substr(0, eq), true);
      std::string v = eq == std::string_view::npos ? "" : UrlDecode(part.substr(eq + 1), true);
      out->emplace(std::move(k), std::move(v));
    }
    if (amp == std::string_view::npos) break;
    qs.remove_prefix(amp + 1);
  }
}

}  // namespace beleving::http
