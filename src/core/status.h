// Status and Result<T>: errors as values at every module edge.
//
// A Status is either OK or carries a code, a human message and, when the
// error is about one input field, that field's name (a JSON pointer such as
// "/responses/3/answers/nps"). The HTTP layer turns a failed Status into an
// RFC 9457 problem+json body; the CLI prints it. No exception crosses a
// module edge on a request path.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace beleving {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // malformed or out-of-range input (400 / 422)
  kNotFound,            // no such thing, or not visible to this caller (404)
  kAlreadyExists,       // unique key taken (409)
  kConflict,            // state does not allow it (409)
  kUnauthenticated,     // no or bad credentials (401)
  kPermissionDenied,    // credentials fine, not allowed (403)
  kResourceExhausted,   // a limit was hit: size, rate, count (413 / 429)
  kFailedPrecondition,  // e.g. migrations not run (412/500)
  kUnavailable,         // shutting down, overloaded (503)
  kInternal,            // a bug or an I/O failure (500)
};

const char* StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The offending input field as a JSON pointer, or empty.
  const std::string& field() const { return field_; }

  // "invalid_argument: nps must be 0..10 (/answers/nps)"
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

inline Status InvalidArgument(std::string msg, std::string field = {}) {
  return {StatusCode::kInvalidArgument, std::move(msg), std::move(field)};
}
inline Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
inline Status AlreadyExists(std::string msg, std::string field = {}) {
  return {StatusCode::kAlreadyExists, std::move(msg), std::move(field)};
}
inline Status Conflict(std::string msg) { return {StatusCode::kConflict, std::move(msg)}; }
inline Status Unauthenticated(std::string msg) {
  return {StatusCode::kUnauthenticated, std::move(msg)};
}
inline Status PermissionDenied(std::string msg) {
  return {StatusCode::kPermissionDenied, std::move(msg)};
}
inline Status ResourceExhausted(std::string msg, std::string field = {}) {
  return {StatusCode::kResourceExhausted, std::move(msg), std::move(field)};
}
inline Status FailedPrecondition(std::string msg) {
  return {StatusCode::kFailedPrecondition, std::move(msg)};
}
inline Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
inline Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

// Result<T>: a T or a failed Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace beleving

#define BELEVING_CONCAT_INNER(a, b) a##b
#define BELEVING_CONCAT(a, b) BELEVING_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when it is not OK.
#define RETURN_IF_ERROR(expr) RETURN_IF_ERROR_IMPL(BELEVING_CONCAT(_status_, __COUNTER__), expr)
#define RETURN_IF_ERROR_IMPL(tmp, expr) \
  do {                                  \
    ::beleving::Status tmp = (expr);    \
    if (!tmp.ok()) return tmp;          \
  } while (0)

// ASSIGN_OR_RETURN(auto x, FunctionReturningResult());
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(BELEVING_CONCAT(_result_, __COUNTER__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()
