// The HTTP/1.1 server: Boost.Beast on Asio (epoll), so thousands of idle or
// trickling connections cost a socket each, not a thread.
//
// Per connection: the header must arrive within `header_timeout` and fit in
// `max_header_bytes` (431 otherwise); the body limit is chosen per request by
// `body_limit(head)` (413 before reading when Content-Length is larger) and
// must arrive within `body_timeout`; an idle keep-alive connection is closed
// after `idle_timeout`. At most `max_connections` are open; more are refused.
// Handlers run on a worker pool, so a handler waiting for a durable commit
// never blocks the I/O threads; an optional non-blocking `fast_handler` may
// answer first on the I/O thread (a cached page).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace beleving::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  int io_threads = 2;
  int worker_threads = 32;
  size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds idle_timeout{60};
  size_t max_connections = 10000;
  // Body limit for a request, given its method and path (headers parsed).
  std::function<size_t(const Request& head)> body_limit = [](const Request&) {
    return size_t{1} << 20;
  };
  // Optional: answers a request on the I/O thread without the hand-off to a
  // worker and back, or returns nothing to let the handler run as usual. It
  // must never block (no database, no disk): e.g. a page from memory.
  std::function<std::optional<Response>(Request&)> fast_handler;
};

using Handler = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O and worker threads; returns at once.
  Status Start();
  // The bound port (after Start).
  int port() const;
  // Stops accepting, closes connections, joins threads.
  void Stop();
  // Blocks until Stop() is called (from a signal handler thread, say).
  void Wait();

  size_t open_connections() const;

  class Impl;  // defined in server.cc

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace beleving::http
