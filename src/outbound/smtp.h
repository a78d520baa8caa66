// Sending e-mail over SMTP with libcurl (smtp:// or smtps://, STARTTLS when
// the server offers it). One message per call; blocking with a timeout, so
// call it from a background job, never from a request handler.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace beleving::outbound {

struct Message {
  std::string from;  // bare address: "feedback@beleving.example"
  std::string from_name;
  std::string to;  // bare address
  std::string subject;
  std::string text;                                          // UTF-8 plain text body
  std::vector<std::pair<std::string, std::string>> headers;  // extra, e.g. List-Unsubscribe
  std::string message_id;                                    // "<id@host>", stable per send
};

// The whole RFC 5322 message (CRLF lines, UTF-8 subject as an RFC 2047
// encoded word, base64 body). `date` is an RFC 5322 date.
std::string Render(const Message& m, const std::string& date);

// True for a plausible single address (no CR/LF, one @, no spaces or <>).
bool IsPlainAddress(const std::string& a);

class SmtpClient {
 public:
  // `url`: e.g. "smtp://127.0.0.1:2525"; empty means sending is switched off
  // (Send fails with FailedPrecondition).
  explicit SmtpClient(std::string url, long timeout_seconds = 20)
      : url_(std::move(url)), timeout_seconds_(timeout_seconds) {}
  bool enabled() const { return !url_.empty(); }
  // Sends one message; Unavailable on a connection or server error (retry).
  Status Send(const Message& m, const std::string& date) const;

 private:
  std::string url_;
  long timeout_seconds_;
};

}  // namespace beleving::outbound
