#include "outbound/smtp.h"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace beleving::outbound {
namespace {

std::string Base64(std::string_view in) {
  static const char* kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  while (i + 2 < in.size()) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    out += kChars[(n >> 18) & 63];
    out += kChars[(n >> 12) & 63];
    out += kChars[(n >> 6) & 63];
    out += kChars[n & 63];
    i += 3;
  }
  if (i + 1 == in.size()) {
    uint32_t n = static_cast<uint32_t>(static_cast<uint8_t>(in[i])) << 16;
    out += kChars[(n >> 18) & 63];
    out += kChars[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out += kChars[(n >> 18) & 63];
    out += kChars[(n >> 12) & 63];
    out += kChars[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string EncodedWord(const std::string& s) {
  bool ascii = true;
  for (unsigned char ch : s) {
    if (ch >= 0x80 || ch < 0x20) ascii = false;
  }
  return ascii ? s : "=?UTF-8?B?" + Base64(s) + "?=";
}

std::string OneLine(std::string s) {
  for (auto& ch : s) {
    if (ch == '\r' || ch == '\n') ch = ' ';
  }
  return s;
}

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t ReadPayload(char* buf, size_t size, size_t nmemb, void* userp) {
  auto* up = static_cast<Upload*>(userp);
  size_t room = size * nmemb;
  size_t left = up->data->size() - up->pos;
  size_t n = left < room ? left : room;
  std::memcpy(buf, up->data->data() + up->pos, n);
  up->pos += n;
  return n;
}

}  // namespace

bool IsPlainAddress(const std::string& a) {
  if (a.empty() || a.size() > 254) return false;
  size_t at = a.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= a.size() ||
      a.find('@', at + 1) != std::string::npos)
    return false;
  for (unsigned char ch : a) {
    if (ch <= ' ' || ch == '<' || ch == '>' || ch == '"' || ch == ',' || ch == ';' || ch >= 0x7f)
      return false;
  }
  return true;
}

std::string Render(const Message& m, const std::string& date) {
  std::string out;
  out += "Date: " + date + "\r\n";
  out += "From: " + (m.from_name.empty() ? "" : EncodedWord(OneLine(m.from_name)) + " ") + "<" +
         m.from + ">\r\n";
  out += "To: <" + m.to + ">\r\n";
  out += "Subject: " + EncodedWord(OneLine(m.subject)) + "\r\n";
  if (!m.message_id.empty()) out += "Message-ID: " + OneLine(m.message_id) + "\r\n";
  for (const auto& [k, v] : m.headers) out += OneLine(k) + ": " + OneLine(v) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  std::string body = Base64(m.text);
  for (size_t i = 0; i < body.size(); i += 76) out += body.substr(i, 76) + "\r\n";
  return out;
}

Status SmtpClient::Send(const Message& m, const std::string& date) const {
  if (url_.empty()) return FailedPrecondition("no SMTP server configured (BELEVING_SMTP_URL)");
  if (!IsPlainAddress(m.from)) return InvalidArgument("bad sender address");
  if (!IsPlainAddress(m.to)) return FailedPrecondition("bad recipient address");
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* curl = curl_easy_init();
  if (!curl) return Internal("curl_easy_init failed");
  std::string payload = Render(m, date);
  Upload up{&payload};
  std::string from = "<" + m.from + ">";
  struct curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadPayload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds_);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    return Unavailable(std::string("SMTP: ") + (errbuf[0] ? errbuf : curl_easy_strerror(rc)));
  }
  return Status::Ok();
}

}  // namespace beleving::outbound
