#include "http/server.h"

#include <sys/resource.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/log.h"

namespace beleving::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

class Server::Impl {
 public:
  Impl(ServerOptions o, Handler h)
      : opts(std::move(o)),
        handler(std::move(h)),
        acceptor(ioc),
        workers(static_cast<size_t>(opts.worker_threads)) {}

  void Accept();

  ServerOptions opts;
  Handler handler;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::thread_pool workers;
  std::vector<std::thread> threads;
  std::atomic<size_t> connections{0};
  int port = 0;
  std::mutex stop_mu;
  std::condition_variable stop_cv;
  bool stopped = false;
  bool started = false;
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl* server)
      : stream_(std::move(socket)), body_timer_(stream_.get_executor()), server_(server) {
    server_->connections.fetch_add(1);
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ip_ = ep.address().to_string();
  }
  ~Session() { server_->connections.fetch_sub(1); }

  void Start() { ReadHeader(); }

 private:
  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_->opts.max_header_bytes));
    parser_->body_limit(server_->opts.body_limit ? 64ull << 20 : 1ull << 20);
    stream_.expires_after(first_ ? server_->opts.header_timeout : server_->opts.idle_timeout);
    first_ = false;
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) {
      return Fail(Problem(431, "", "request headers are larger than the limit"));
    }
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
      return Close();
    }
    if (ec) return Fail(Problem(400, "", "malformed HTTP request: " + ec.message()));
    auto& head = parser_->get();
    request_ = Request();
    request_.method = std::string(head.method_string());
    request_.target = std::string(head.target());
    for (const auto& f : head) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto [it, inserted] = request_.headers.emplace(name, std::string(f.value()));
      if (!inserted) it->second += ", " + std::string(f.value());
    }
    request_.remote_ip = remote_ip_;
    std::string_view target = request_.target;
    size_t q = target.find('?');
    request_.path = UrlDecode(target.substr(0, q), false);
    if (q != std::string_view::npos) ParseQueryString(target.substr(q + 1), &request_.query);
    keep_alive_ = head.keep_alive();

    size_t limit = server_->opts.body_limit(request_);
    auto len = parser_->content_length();
    if (len && *len > limit) {
      keep_alive_ = false;
      return Fail(Problem(413, "",
                          "request body of " + std::to_string(*len) +
                              " bytes is larger than the limit of " + std::to_string(limit) +
                              " bytes"));
    }
    parser_->body_limit(limit);
    if (parser_->is_done()) return Dispatch();
    // The body deadline runs on its own timer that cancels the read rather
    // than on the stream's, which would close the socket and lose the 408.
    stream_.expires_never();
    body_timed_out_ = false;
    body_timer_.expires_after(server_->opts.body_timeout);
    body_timer_.async_wait([self = shared_from_this()](beast::error_code e) {
      if (e) return;  // cancelled: the body arrived
      self->body_timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code e, size_t) { self->OnBody(e); });
  }

  void OnBody(beast::error_code ec) {
    body_timer_.cancel();
    if (ec == bhttp::error::body_limit) {
      keep_alive_ = false;
      return Fail(Problem(413, "", "request body is larger than the limit"));
    }
    if (body_timed_out_ || ec == beast::error::timeout) {
      keep_alive_ = false;
      return Fail(Problem(408, "", "the request body did not arrive in time"));
    }
    if (ec) return Close();
    Dispatch();
  }

  void Dispatch() {
    request_.body = std::move(parser_->get().body());
    if (server_->opts.fast_handler) {
      std::optional<Response> fast;
      try {
        fast = server_->opts.fast_handler(request_);
      } catch (const std::exception& e) {
        log::Error("fast handler threw: {}", e.what());
      }
      if (fast) return Write(std::move(*fast));
    }
    asio::post(server_->workers, [self = shared_from_this()] {
      Response res;
      try {
        res = self->server_->handler(self->request_);
      } catch (const std::exception& e) {
        log::Error("handler threw: {}", e.what());
        res = Problem(500, "", "internal error");
      }
      asio::post(self->stream_.get_executor(),
                 [self, r = std::move(res)]() mutable { self->Write(std::move(r)); });
    });
  }

  void Fail(Response res) {
    keep_alive_ = false;
    Write(std::move(res));
  }

  void Write(Response r) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    res->set(bhttp::field::server, "beleving");
    if (!r.content_type.empty()) res->set(bhttp::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res->insert(k, v);
    res->body() = std::move(r.body);
    res->keep_alive(keep_alive_);
    res->prepare_payload();
    stream_.expires_after(server_->opts.body_timeout);
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res](beast::error_code ec, size_t) {
                         if (ec) return self->Close();
                         if (!self->keep_alive_) return self->DrainAndClose();
                         self->ReadHeader();
                       });
  }

  // Lingering close: after refusing a request whose body is still arriving,
  // stop sending and read and discard what the client still sends (bounded
  // in time and bytes), so the client reads our answer instead of a reset.
  void DrainAndClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(5));
    drain_buf_.resize(64 * 1024);
    Drain();
  }

  void Drain() {
    stream_.async_read_some(asio::buffer(drain_buf_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > (64u << 20)) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  asio::steady_timer body_timer_;
  bool body_timed_out_ = false;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Server::Impl* server_;
  Request request_;
  std::string remote_ip_;
  bool keep_alive_ = true;
  bool first_ = true;
  std::vector<char> drain_buf_;
  size_t drained_ = 0;
};

void RaiseFileLimit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

}  // namespace

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) {
      if (connections.load() >= opts.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);  // over the connection limit: refuse
      } else {
        std::make_shared<Session>(std::move(socket), this)->Start();
      }
    } else if (ec == asio::error::no_descriptors) {
      log::Warn("accept: out of file descriptors");
    }
    Accept();
  });
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() { Stop(); }

Status Server::Start() {
  RaiseFileLimit();
  std::string listen = impl_->opts.listen;
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return InvalidArgument("listen address must be HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    return InvalidArgument("listen port must be a number: " + listen);
  }
  beast::error_code ec;
  auto addr = asio::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  if (ec) return InvalidArgument("bad listen address " + host + ": " + ec.message());
  tcp::endpoint ep(addr, static_cast<uint16_t>(port));
  auto& acc = impl_->acceptor;
  acc.open(ep.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(ep, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Unavailable("cannot listen on " + listen + ": " + ec.message());
  impl_->port = acc.local_endpoint().port();
  impl_->Accept();
  for (int i = 0; i < impl_->opts.io_threads; ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->started = true;
  return Status::Ok();
}

int Server::port() const { return impl_->port; }

size_t Server::open_connections() const { return impl_->connections.load(); }

void Server::Stop() {
  if (!impl_) return;
  {
    std::lock_guard<std::mutex> lock(impl_->stop_mu);
    if (impl_->stopped) return;
    impl_->stopped = true;
  }
  impl_->stop_cv.notify_all();
  if (!impl_->started) return;
  asio::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  impl_->workers.join();
  impl_->ioc.stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

void Server::Wait() {
  std::unique_lock<std::mutex> lock(impl_->stop_mu);
  impl_->stop_cv.wait(lock, [&] { return impl_->stopped; });
}

}  // namespace beleving::http
